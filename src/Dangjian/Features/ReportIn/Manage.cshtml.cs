using Dangjian.Features.Shared;
using Dangjian.Platform.Security;
using Microsoft.AspNetCore.Mvc;

namespace Dangjian.Features.ReportIn;

/// <summary>A community's report-in desk: report-ins to confirm, hours to verify, activities to publish, and the region's figures.</summary>
[RequirePermission(Permission.ManageResidentServices)]
public class ManageModel(ReportInServices services) : AppPageModel
{
    [BindProperty(SupportsGet = true)]
    public long? CommunityId { get; set; }

    [BindProperty]
    public long? Id { get; set; }

    [BindProperty]
    public bool? Yes { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    [BindProperty]
    public string? Title { get; set; }

    [BindProperty]
    public string? Place { get; set; }

    [BindProperty]
    public DateOnly? Day { get; set; }

    [BindProperty]
    public TimeOnly? Start { get; set; }

    [BindProperty]
    public TimeOnly? End { get; set; }

    [BindProperty]
    public int? Quota { get; set; }

    public CommunityReportIn.Response? Community { get; private set; }
    public ReportInFigures.Response? Figures { get; private set; }

    public async Task<IActionResult> OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostDecideAsync() =>
        await AfterAsync(await DecideRegistration.Handle(Id ?? 0, new DecideRegistration.Request(Yes, Reason), services, Aborted), Yes == true ? "已确认报到。" : "已回复不同意。");

    public async Task<IActionResult> OnPostVerifyAsync() =>
        await AfterAsync(await VerifyHours.Handle(Id ?? 0, new VerifyHours.Request(Yes, Reason), services, Aborted), Yes == true ? "服务时长已核实。" : "已退回服务时长。");

    public async Task<IActionResult> OnPostActivityAsync()
    {
        DateTimeOffset? At(TimeOnly? time) => Day is { } d && time is { } t ? Platform.Time.BeijingDay.Start(d).AddTicks(t.Ticks) : null;
        return await AfterAsync(await AddActivity.Handle(new AddActivity.Request(CommunityId, Title, "", Place, At(Start), At(End), Quota, null), services, Aborted), "活动已发布。");
    }

    private async Task<IActionResult> AfterAsync<T>(Platform.Http.Outcome<T> outcome, string done)
    {
        if (outcome.Succeeded)
        {
            Flash = done;
            return RedirectToPage(new { communityId = CommunityId });
        }
        ShowRefusal(outcome, "");
        return await LoadAsync();
    }

    private async Task<IActionResult> LoadAsync()
    {
        Figures = (await ReportInFigures.Handle(null, services, Aborted)).Value;
        CommunityId ??= Figures?.Communities is [var first, ..] ? first.CommunityId : null;
        Community = CommunityId is null ? null : (await CommunityReportIn.Handle(CommunityId, services, Aborted)).Value;
        return Page();
    }
}
