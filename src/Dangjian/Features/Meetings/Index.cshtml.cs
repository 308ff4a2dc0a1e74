using System.Globalization;
using Dangjian.Features.Shared;
using Dangjian.Platform.Data;
using Dangjian.Platform.Http;
using Dangjian.Platform.Security;
using Microsoft.AspNetCore.Mvc;

namespace Dangjian.Features.Meetings;

/// <summary>The meetings of the caller's subtree, newest first, by kind and state; the way to plan one and to the compliance pages.</summary>
[RequirePermission(Permission.ManageMeetings)]
public class IndexModel(AppDb db, Scope scope) : AppPageModel
{
    [BindProperty(SupportsGet = true)]
    public long? OrganizationId { get; set; }

    [BindProperty(SupportsGet = true)]
    public MeetingKind? Kind { get; set; }

    [BindProperty(SupportsGet = true)]
    public MeetingStatus? Status { get; set; }

    /// <summary>Not "page": Razor Pages reserves that route value for the page's own name.</summary>
    [BindProperty(SupportsGet = true)]
    public int PageNo { get; set; } = 1;

    public Page<ListMeetings.Row> Result { get; private set; } = new([], 1, PageRequest.DefaultSize, 0);

    public OrganizationPicker OrganizationPicker { get; } = new() { Field = "organizationId", Label = "党组织（含下级）", NoneLabel = "全部", PartyGroups = true };

    public async Task<IActionResult> OnGetAsync()
    {
        var outcome = await ListMeetings.Handle(OrganizationId, Kind, Status, null, null, Math.Max(PageNo, 1), null, db, scope, Aborted);
        if (outcome.Value is null)
        {
            return Missing("党组织");
        }
        Result = outcome.Value;
        await OrganizationPicker.LoadAsync(OrganizationId, db, scope, Aborted);
        return Page();
    }

    public string FilterUrl(MeetingKind? kind, MeetingStatus? status, int pageNo = 1)
    {
        var parts = new List<string>();
        if (OrganizationId is { } id)
        {
            parts.Add("organizationId=" + id.ToString(CultureInfo.InvariantCulture));
        }
        if (kind is { } k)
        {
            parts.Add("kind=" + k);
        }
        if (status is { } s)
        {
            parts.Add("status=" + s);
        }
        if (pageNo > 1)
        {
            parts.Add("pageNo=" + pageNo.ToString(CultureInfo.InvariantCulture));
        }
        return "/Meetings" + (parts.Count == 0 ? "" : "?" + string.Join("&", parts));
    }
}
