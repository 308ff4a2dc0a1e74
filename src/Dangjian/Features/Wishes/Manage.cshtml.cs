using Dangjian.Features.Shared;
using Dangjian.Platform.Data;
using Dangjian.Platform.Http;
using Dangjian.Platform.Security;
using Microsoft.AspNetCore.Mvc;

namespace Dangjian.Features.Wishes;

/// <summary>A community's or a region's wishes: the figures per organization below, and the list by state for review and follow-up.</summary>
[RequirePermission(Permission.ManageResidentServices)]
public class ManageModel(CurrentUser user, AppDb db, Scope scope) : AppPageModel
{
    [BindProperty(SupportsGet = true)]
    public long? OrganizationId { get; set; }

    [BindProperty(SupportsGet = true)]
    public WishState? State { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool Overdue { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int? PageNumber { get; set; }

    public WishFigures.Response Figures { get; private set; } = null!;
    public Page<WishRow> Wishes { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync()
    {
        var figures = await WishFigures.Handle(OrganizationId, user, db, scope, Aborted);
        if (!figures.Succeeded)
        {
            return Missing("组织");
        }
        Figures = figures.Value!;
        Wishes = (await ListWishes.Handle(Figures.OrganizationId, State, Overdue ? true : null, PageNumber, null, user, db, scope, Aborted)).Value!;
        return Page();
    }
}
