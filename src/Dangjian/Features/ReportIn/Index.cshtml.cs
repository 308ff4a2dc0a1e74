using Dangjian.Features.Residents;
using Dangjian.Features.Shared;
using Dangjian.Platform.Data;
using Dangjian.Platform.Security;
using Microsoft.AspNetCore.Mvc;

namespace Dangjian.Features.ReportIn;

/// <summary>A member's report-in: to which community, the card, the community's activities to sign up for, and the hours they served.</summary>
[RequirePermission(Permission.AttendMeetings)]
public class IndexModel(ReportInServices services, AppDb db) : AppPageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty]
    public long? CommunityId { get; set; }

    [BindProperty]
    public string? Offers { get; set; }

    [BindProperty]
    public long? ActivityId { get; set; }

    [BindProperty]
    public DateOnly? Date { get; set; }

    [BindProperty]
    public string? From { get; set; }

    [BindProperty]
    public string? To { get; set; }

    [BindProperty]
    public string? What { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    [BindProperty]
    public long? RegistrationId { get; set; }

    public MyReportIn.Response? Mine { get; private set; }
    public IReadOnlyList<Communities.Choice> Found { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostRegisterAsync() =>
        await AfterAsync(await Register.MemberAsync(new Register.MemberRequest(CommunityId, Offers), services, Aborted), "已提交报到，等待社区确认。");

    public async Task<IActionResult> OnPostEndAsync() =>
        await AfterAsync(await EndRegistration.ByMemberAsync(RegistrationId ?? 0, new EndRegistration.Request(Reason), services, Aborted), "报到已结束。");

    public async Task<IActionResult> OnPostSignUpAsync() => await AfterAsync(await SignUpForActivity.Handle(ActivityId ?? 0, services, Aborted), "报名成功。");

    public async Task<IActionResult> OnPostSignInAsync() => await AfterAsync(await SignInAtActivity.Handle(ActivityId ?? 0, services, Aborted), "签到成功，服务时长等待社区核实。");

    public async Task<IActionResult> OnPostHoursAsync() =>
        await AfterAsync(await ReportHours.Handle(new ReportHours.Request(CommunityId, Date, From, To, What), services, Aborted), "服务时长已提交，等待社区核实。");

    private async Task<IActionResult> AfterAsync<T>(Platform.Http.Outcome<T> outcome, string done)
    {
        if (outcome.Succeeded)
        {
            Flash = done;
            return RedirectToPage();
        }
        ShowRefusal(outcome, "");
        return await LoadAsync();
    }

    private async Task<IActionResult> LoadAsync()
    {
        Mine = (await MyReportIn.Handle(services, Aborted)).Value;
        Found = await Communities.SearchAsync(Q, db, Aborted);
        return Page();
    }
}
