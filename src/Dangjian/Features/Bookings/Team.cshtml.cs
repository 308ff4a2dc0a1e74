using Dangjian.Features.Shared;
using Dangjian.Platform.Security;
using Microsoft.AspNetCore.Mvc;

namespace Dangjian.Features.Bookings;

/// <summary>The team's page: its services, its people, the rota of the coming days with each slot's booking, and the forms that make them.</summary>
[RequirePermission(Permission.ManageResidentServices)]
public class TeamModel(BookingServices services) : AppPageModel
{
    [BindProperty(SupportsGet = true)]
    public long? OrganizationId { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? From { get; set; }

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? Description { get; set; }

    [BindProperty]
    public string? Prepare { get; set; }

    [BindProperty]
    public string? UserName { get; set; }

    [BindProperty]
    public long? WorkerId { get; set; }

    [BindProperty]
    public DateOnly? RotaFrom { get; set; }

    [BindProperty]
    public DateOnly? RotaTo { get; set; }

    [BindProperty]
    public string? Times { get; set; }

    [BindProperty]
    public int? Minutes { get; set; }

    public TeamRota.Response? Team { get; private set; }

    public async Task<IActionResult> OnGetAsync() => await LoadAsync() ? Page() : Missing("服务队伍");

    public async Task<IActionResult> OnPostKindAsync() =>
        await AfterAsync(await SaveServiceKind.AddAsync(new SaveServiceKind.Request(OrganizationId, Name, Description, Prepare, true), services, Aborted), "已添加服务项目。");

    public async Task<IActionResult> OnPostWorkerAsync() =>
        await AfterAsync(await AddServiceWorker.Handle(new AddServiceWorker.Request(OrganizationId, Name, UserName), services, Aborted), "已添加服务人员。");

    public async Task<IActionResult> OnPostRotaAsync()
    {
        var times = (Times ?? "").Split([',', '，', ' ', '、'], StringSplitOptions.RemoveEmptyEntries);
        var outcome = await AddSlots.Handle(new AddSlots.Request(WorkerId, RotaFrom, RotaTo, times, Minutes, false), services, Aborted);
        return await AfterAsync(outcome.Succeeded ? Platform.Http.Outcome<long>.Ok(outcome.Value!.Created) : Platform.Http.Outcome<long>.Invalid(FirstErrors(outcome)),
            outcome.Succeeded ? $"已排班{outcome.Value!.Created}个时段" + (outcome.Value.Skipped > 0 ? $"，{outcome.Value.Skipped}个与已有时段重叠，已跳过。" : "。") : "");
    }

    private static Platform.Http.FieldErrors FirstErrors<T>(Platform.Http.Outcome<T> outcome)
    {
        var errors = new Platform.Http.FieldErrors();
        foreach (var (field, message) in outcome.Messages())
        {
            errors.Add(field, message);
        }
        return errors;
    }

    private async Task<IActionResult> AfterAsync(Platform.Http.Outcome<long> outcome, string done)
    {
        if (outcome.Succeeded)
        {
            Flash = done;
            return RedirectToPage(new { organizationId = OrganizationId, from = From?.ToString("yyyy-MM-dd") });
        }
        ShowRefusal(outcome, "");
        return await LoadAsync() ? Page() : Missing("服务队伍");
    }

    private async Task<bool> LoadAsync()
    {
        var asked = OrganizationId;
        var found = await TeamRota.Handle(OrganizationId, From, 7, services, Aborted);
        Team = found.Value;
        OrganizationId = Team?.OrganizationId ?? OrganizationId;
        // A branch's secretary reaches the page from the menu: their organization has no team of its own, which the page says.
        return found.Succeeded || asked is null;
    }
}
