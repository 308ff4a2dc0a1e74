using Dangjian.Features.Shared;
using Dangjian.Platform.Data;
using Dangjian.Platform.Rules;
using Dangjian.Platform.Security;
using Microsoft.AspNetCore.Mvc;

namespace Dangjian.Features.Organizations;

[RequirePermission(Permission.ViewOrganizations)]
public class DetailsModel(AppDb db, Scope scope, RuleBook rules, CurrentUser user, TimeProvider clock) : AppPageModel
{
    public GetOrganization.Response Org { get; private set; } = null!;
    public bool CanManage { get; private set; }
    public bool CanViewMembers { get; private set; }
    public bool CanAddMembers { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id)
    {
        var outcome = await GetOrganization.Handle(id, db, scope, rules, Aborted);
        if (!outcome.Succeeded)
        {
            return Missing("党组织");
        }
        Org = outcome.Value!;
        CanManage = await user.CanAsync(Permission.ManageOrganizations, Aborted);
        CanViewMembers = await user.CanAsync(Permission.ViewMembers, Aborted);
        CanAddMembers = Org.Kind != OrganizationKind.PartyGroup && await user.CanAsync(Permission.ManageMembers, Aborted);
        return Page();
    }

    public async Task<IActionResult> OnPostDissolveAsync(long id)
    {
        if (!await user.CanAsync(Permission.ManageOrganizations, Aborted))
        {
            return Forbid();
        }
        var outcome = await DissolveOrganization.Handle(id, db, scope, clock, Aborted);
        if (outcome.Succeeded)
        {
            Flash = "组织已撤销";
            return Redirect("/Organizations");
        }
        ShowRefusal(outcome, "");
        return await OnGetAsync(id);
    }
}
