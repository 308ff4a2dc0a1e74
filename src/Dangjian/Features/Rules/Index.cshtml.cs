using Dangjian.Features.Organizations;
using Dangjian.Features.Shared;
using Dangjian.Platform.Data;
using Dangjian.Platform.Rules;
using Dangjian.Platform.Security;
using Microsoft.AspNetCore.Mvc;

namespace Dangjian.Features.Rules;

/// <summary>
/// The rules in force for the caller's organization, each with its value, its source and the range a region may set,
/// and the placement table (which kind may sit under which): what the system enforces, readable by those it binds.
/// </summary>
[RequirePermission(Permission.ViewOrganizations)]
public class IndexModel(CurrentUser user, AppDb db, Scope scope, RuleBook rules) : AppPageModel
{
    public IReadOnlyList<ListRules.RuleView> Rules { get; private set; } = [];

    /// <summary>The kinds that may have something under them, as rows; every kind, as columns.</summary>
    public static IReadOnlyList<OrganizationKind> Kinds { get; } = Enum.GetValues<OrganizationKind>();

    public static Placement PlacementOf(OrganizationKind parent, OrganizationKind child) => PlacementRules.Of(parent, child);

    public async Task<IActionResult> OnGetAsync()
    {
        Rules = (await ListRules.Handle(null, user, db, scope, rules, Aborted)).Value ?? [];
        return Page();
    }
}
