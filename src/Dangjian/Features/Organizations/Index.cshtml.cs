using Dangjian.Features.Organizations;
using Dangjian.Features.Shared;
using Dangjian.Platform.Data;
using Dangjian.Platform.Security;
using Microsoft.AspNetCore.Mvc;

namespace Dangjian.Features.Organizations;

/// <summary>The organization tree of the caller's subtree; children are fetched one level at a time when opened.</summary>
[RequirePermission(Permission.ViewOrganizations)]
public class IndexModel(AppDb db, Scope scope) : AppPageModel
{
    public ListOrganizations.Node? Root { get; private set; }
    public IReadOnlyList<ListOrganizations.Node> FirstLevel { get; private set; } = [];

    public async Task OnGetAsync()
    {
        Root = await ListOrganizations.Children(null, db, scope, Aborted) is [var own, ..] ? own : null;
        if (Root is not null)
        {
            FirstLevel = await ListOrganizations.Children(Root.Id, db, scope, Aborted) ?? [];
        }
    }

    public async Task<IActionResult> OnGetChildrenAsync(long parentId) =>
        await ListOrganizations.Children(parentId, db, scope, Aborted) is { } nodes
            ? Partial("_TreeNodes", nodes)
            : NotFound();
}
