using System.Globalization;
using Dangjian.Features.Shared;
using Dangjian.Platform.Data;
using Dangjian.Platform.Http;
using Dangjian.Platform.Security;
using Dangjian.Platform.Time;
using Microsoft.AspNetCore.Mvc;

namespace Dangjian.Features.Meetings;

/// <summary>The meetings of the caller's subtree (or one organization's) by day: a month from Monday to Sunday, or one week.</summary>
[RequirePermission(Permission.ManageMeetings)]
public class CalendarModel(AppDb db, Scope scope, TimeProvider clock) : AppPageModel
{
    [BindProperty(SupportsGet = true)]
    public long? OrganizationId { get; set; }

    /// <summary>Any day of the month or week shown (yyyy-MM-dd); today when absent.</summary>
    [BindProperty(SupportsGet = true)]
    public DateOnly? Day { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool Week { get; set; }

    public DateOnly Today { get; private set; }
    public DateOnly First { get; private set; }
    public DateOnly Last { get; private set; }
    public DateOnly Anchor { get; private set; }
    public ILookup<DateOnly, ListMeetings.Row> ByDay { get; private set; } = Enumerable.Empty<ListMeetings.Row>().ToLookup(r => default(DateOnly));
    public long Total { get; private set; }
    public int Shown { get; private set; }

    public OrganizationPicker OrganizationPicker { get; } = new() { Field = "organizationId", Label = "党组织（含下级）", NoneLabel = "全部", PartyGroups = true };

    public async Task<IActionResult> OnGetAsync()
    {
        Today = clock.Today();
        Anchor = Day ?? Today;
        if (Week)
        {
            First = Anchor.AddDays(-(((int)Anchor.DayOfWeek + 6) % 7));
            Last = First.AddDays(6);
        }
        else
        {
            var monthStart = new DateOnly(Anchor.Year, Anchor.Month, 1);
            First = monthStart.AddDays(-(((int)monthStart.DayOfWeek + 6) % 7));
            var monthEnd = monthStart.AddMonths(1).AddDays(-1);
            Last = monthEnd.AddDays(6 - (((int)monthEnd.DayOfWeek + 6) % 7));
        }
        var outcome = await ListMeetings.Handle(OrganizationId, null, null, First, Last, 1, PageRequest.MaxSize, db, scope, Aborted);
        if (outcome.Value is not { } page)
        {
            return Missing("党组织");
        }
        Total = page.Total;
        Shown = page.Items.Count;
        ByDay = page.Items.ToLookup(r => BeijingDay.Of(r.StartsAt));
        await OrganizationPicker.LoadAsync(OrganizationId, db, scope, Aborted);
        return Page();
    }

    public string Link(DateOnly day, bool week)
    {
        var parts = new List<string> { "day=" + day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) };
        if (week)
        {
            parts.Add("week=true");
        }
        if (OrganizationId is { } id)
        {
            parts.Add("organizationId=" + id.ToString(CultureInfo.InvariantCulture));
        }
        return "/Meetings/Calendar?" + string.Join("&", parts);
    }

    public IEnumerable<DateOnly> Days()
    {
        for (var d = First; d <= Last; d = d.AddDays(1))
        {
            yield return d;
        }
    }
}
