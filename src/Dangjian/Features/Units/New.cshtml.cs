using Dangjian.Features.Organizations;
using Dangjian.Features.Shared;
using Dangjian.Platform.Data;
using Dangjian.Platform.Rules;
using Dangjian.Platform.Security;
using Microsoft.AspNetCore.Mvc;

namespace Dangjian.Features.Units;

/// <summary>
/// Registers a unit in the area of the organization named in the address (?organizationId=), which may cover it or
/// pair with it; no other organization is chosen here.
/// </summary>
[RequirePermission(Permission.ManageOrganizations)]
public class NewModel(AppDb db, Scope scope, RuleBook rules) : AppPageModel
{
    public sealed class UnitForm
    {
        public string? Name { get; set; }
        // No default: the kind decides which coverage figures the unit counts in.
        public UnitKind? Kind { get; set; }
        public bool IsAboveScale { get; set; }
        public bool CoveredByThisOrganization { get; set; }
        public bool PairedWithThisOrganization { get; set; }
        public int? PartyMemberCount { get; set; }
        public int? EmployeeCount { get; set; }
    }

    [BindProperty]
    public UnitForm Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public long? OrganizationId { get; set; }

    public string OrganizationName { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync() => await LoadAsync() ? Page() : Missing("党组织");

    public async Task<IActionResult> OnPostAsync()
    {
        if (!await LoadAsync())
        {
            return Missing("党组织");
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var here = OrganizationId!.Value;
        var created = await CreateUnit.Handle(new CreateUnit.Request(Input.Name, Input.Kind, Input.IsAboveScale, here,
            Input.CoveredByThisOrganization ? here : null, Input.PartyMemberCount ?? 0, Input.EmployeeCount ?? 0,
            Input.PairedWithThisOrganization ? here : null), db, scope, Aborted);
        if (!created.Succeeded)
        {
            ShowRefusal(created);
            return Page();
        }
        Flash = $"已登记单位 {Input.Name!.Trim()}";
        return Redirect($"/Units/Details?id={created.Value}");
    }

    private async Task<bool> LoadAsync()
    {
        if (OrganizationId is not { } id)
        {
            return false;
        }
        var org = await GetOrganization.Handle(id, db, scope, rules, Aborted);
        OrganizationName = org.Value?.Name ?? "";
        return org.Succeeded;
    }
}
