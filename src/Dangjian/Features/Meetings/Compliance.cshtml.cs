using Dangjian.Features.Organizations;
using Dangjian.Features.Shared;
using Dangjian.Platform.Data;
using Dangjian.Platform.Http;
using Dangjian.Platform.Rules;
using Dangjian.Platform.Security;
using Microsoft.AspNetCore.Mvc;

namespace Dangjian.Features.Meetings;

/// <summary>
/// Organization life by rule: the chosen organization's year, kind by kind and period by period, and one kind across
/// its subtree as a grid of organizations × months with the share done per period and a way down to the meetings.
/// </summary>
[RequirePermission(Permission.ManageMeetings)]
public class ComplianceModel(CurrentUser user, AppDb db, Scope scope, RuleBook rules, TimeProvider clock) : AppPageModel
{
    [BindProperty(SupportsGet = true)]
    public long? OrganizationId { get; set; }

    [BindProperty(SupportsGet = true)]
    public int? Year { get; set; }

    [BindProperty(SupportsGet = true)]
    public MeetingKind Kind { get; set; } = MeetingKind.ThemedPartyDay;

    [BindProperty(SupportsGet = true)]
    public OrganizationKind? OrganizationKind { get; set; }

    [BindProperty(SupportsGet = true)]
    public UnitKind? UnitKind { get; set; }

    public OrganizationCompliance.Response? Own { get; private set; }

    public ComplianceGrid.Response? Grid { get; private set; }

    /// <summary>The region's figures, for an organization with others under it (a branch has its own year only).</summary>
    public ComplianceSummary.Response? Summary { get; private set; }

    public string? GridRefusal { get; private set; }

    public int Today => clock.Today().Year;

    public OrganizationPicker OrganizationPicker { get; } = new() { Field = "organizationId", Label = "党组织", PartyGroups = true };

    public async Task<IActionResult> OnGetAsync()
    {
        var own = await OrganizationCompliance.Handle(OrganizationId, Year, user, db, scope, rules, clock, Aborted);
        if (own.Value is null)
        {
            if (own.Errors is not null)
            {
                ShowRefusal(own, "");
                return Page();
            }
            return Missing("党组织");
        }
        Own = own.Value;
        if (Own.OrganizationKind is Organizations.OrganizationKind.Committee or Organizations.OrganizationKind.WorkingCommittee
            or Organizations.OrganizationKind.GeneralBranch)
        {
            Summary = (await ComplianceSummary.Handle(Own.OrganizationId, Own.Year, user, db, scope, clock, Aborted)).Value;
        }
        var grid = await ComplianceGrid.Handle(Own.OrganizationId, Own.Year, Kind, OrganizationKind, UnitKind, requiredOnly: true, user, db, scope, clock, Aborted);
        Grid = grid.Value;
        GridRefusal = grid.Messages().Select(m => m.Message).FirstOrDefault();
        await OrganizationPicker.LoadAsync(Own.OrganizationId, db, scope, Aborted);
        return Page();
    }

    public static (string Symbol, string Css) Look(ComplianceState state) => state switch
    {
        ComplianceState.Done => ("✓", "text-bg-success"),
        ComplianceState.Overdue => ("✗", "text-bg-danger"),
        ComplianceState.Due => ("…", "text-bg-warning"),
        ComplianceState.Upcoming => ("·", "text-bg-light border"),
        _ => ("—", "text-bg-light border text-secondary"),
    };
}
