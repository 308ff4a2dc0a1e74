using Dangjian.Features.Shared;
using Dangjian.Platform.Data;
using Dangjian.Platform.Rules;
using Dangjian.Platform.Security;
using Microsoft.AspNetCore.Mvc;

namespace Dangjian.Features.Organizations;

/// <summary>Creates a child organization (?parentId=) or changes one (?id=): name, kind, committee size.</summary>
[RequirePermission(Permission.ManageOrganizations)]
public class EditModel(AppDb db, Scope scope, RuleBook rules, TimeProvider clock) : AppPageModel
{
    public sealed class OrganizationForm
    {
        public string? Name { get; set; }
        // No default: the kind is chosen, never assumed (a wrong one changes which rules and checks apply).
        public OrganizationKind? Kind { get; set; }
        public int? CommitteeSize { get; set; }
        public DateOnly? EstablishedOn { get; set; }
        public long? UnitId { get; set; }
    }

    [BindProperty]
    public OrganizationForm Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public long? Id { get; set; }

    [BindProperty(SupportsGet = true)]
    public long? ParentId { get; set; }

    public string? ParentName { get; private set; }
    public string? CurrentName { get; private set; }
    public bool IsNew => Id is null;

    public async Task<IActionResult> OnGetAsync()
    {
        if (!await LoadContextAsync())
        {
            return Missing("党组织");
        }
        if (Id is { } id)
        {
            var org = (await GetOrganization.Handle(id, db, scope, rules, Aborted)).Value!;
            Input = new OrganizationForm { Name = org.Name, Kind = org.Kind, CommitteeSize = org.CommitteeSize, UnitId = org.UnitId };
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!await LoadContextAsync())
        {
            return Missing("党组织");
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }
        if (Id is { } id)
        {
            var updated = await UpdateOrganization.Handle(id, new UpdateOrganization.Request(Input.Name, Input.Kind, Input.UnitId, Input.CommitteeSize), db, scope, Aborted);
            if (!updated.Succeeded)
            {
                ShowRefusal(updated);
                return Page();
            }
            Flash = "已保存";
            return Redirect($"/Organizations/Details?id={id}");
        }
        var created = await CreateOrganization.Handle(new CreateOrganization.Request(ParentId ?? 0, Input.Name, Input.Kind, null, Input.CommitteeSize, Input.EstablishedOn), db, scope, clock, Aborted);
        if (!created.Succeeded)
        {
            ShowRefusal(created);
            return Page();
        }
        Flash = "已新建下级组织";
        return Redirect($"/Organizations/Details?id={created.Value}");
    }

    private async Task<bool> LoadContextAsync()
    {
        if (Id is { } id)
        {
            var org = await GetOrganization.Handle(id, db, scope, rules, Aborted);
            CurrentName = org.Value?.Name;
            return org.Succeeded;
        }
        if (ParentId is not { } parentId)
        {
            return false;
        }
        var parent = await GetOrganization.Handle(parentId, db, scope, rules, Aborted);
        ParentName = parent.Value?.Name;
        return parent.Succeeded;
    }
}
