using Dangjian.Features.Organizations;
using Dangjian.Features.Shared;
using Dangjian.Platform.Data;
using Dangjian.Platform.Rules;
using Dangjian.Platform.Security;
using Microsoft.AspNetCore.Mvc;

namespace Dangjian.Features.Rules;

/// <summary>
/// The rules in force for an organization of the caller's subtree (their own by default), each with its value, its
/// source, its effective date and the range a region may set, the versions of the regional values that lead to it, and
/// the placement table (which kind may sit under which): what the system enforces, readable by those it binds. An
/// organization department sets and withdraws its region's values here.
/// </summary>
[RequirePermission(Permission.ViewOrganizations)]
public class IndexModel(CurrentUser user, AppDb db, Scope scope, RuleBook rules, TimeProvider clock) : AppPageModel
{
    [BindProperty(SupportsGet = true)]
    public long? OrganizationId { get; set; }

    public ListRules.Response? Rules { get; private set; }

    public bool MaySet { get; private set; }

    [BindProperty]
    public OverrideForm Input { get; set; } = new();

    public sealed class OverrideForm
    {
        public string? RuleKey { get; set; }
        public decimal? Value { get; set; }
        public UnitKind? UnitKind { get; set; }
        public DateOnly? EffectiveFrom { get; set; }
        public string? Reason { get; set; }
        public bool Withdraw { get; set; }
    }

    public OrganizationPicker OrganizationPicker { get; } = new() { Field = "organizationId", Label = "查看哪个党组织适用的规则", PartyGroups = false };

    /// <summary>The kinds that may have something under them, as rows; every kind, as columns.</summary>
    public static IReadOnlyList<OrganizationKind> Kinds { get; } = Enum.GetValues<OrganizationKind>();

    public static Placement PlacementOf(OrganizationKind parent, OrganizationKind child) => PlacementRules.Of(parent, child);

    public async Task<IActionResult> OnGetAsync() => await ShowAsync();

    public async Task<IActionResult> OnPostAsync()
    {
        var account = await user.RequireAsync(Aborted);
        if (!account.Can(Permission.ManageRules))
        {
            return Forbid();
        }
        var outcome = await SetRuleOverride.Handle(
            new SetRuleOverride.Request(Input.RuleKey, OrganizationId ?? account.OrganizationId, Input.Withdraw ? null : Input.Value, Input.Reason,
                Input.UnitKind, Input.EffectiveFrom, Input.Withdraw),
            db, scope, clock, Aborted);
        if (outcome.Succeeded)
        {
            Flash = Input.Withdraw ? "已撤销本地取值" : "已保存本地取值";
            return RedirectToPage(new { organizationId = OrganizationId });
        }
        ShowRefusal(outcome);
        return await ShowAsync();
    }

    private async Task<IActionResult> ShowAsync()
    {
        var account = await user.RequireAsync(Aborted);
        MaySet = account.Can(Permission.ManageRules);
        var outcome = await ListRules.Handle(OrganizationId, null, user, db, scope, rules, clock, Aborted);
        if (outcome.Value is null)
        {
            return Missing("党组织");
        }
        Rules = outcome.Value;
        await OrganizationPicker.LoadAsync(Rules.OrganizationId, db, scope, Aborted);
        return Page();
    }
}
