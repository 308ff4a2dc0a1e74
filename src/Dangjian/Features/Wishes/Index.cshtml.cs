using Dangjian.Features.Shared;
using Dangjian.Platform.Data;
using Dangjian.Platform.Http;
using Dangjian.Platform.Security;
using Microsoft.AspNetCore.Mvc;

namespace Dangjian.Features.Wishes;

/// <summary>The wish wall of the communities the caller serves, by category, and what the caller (or their unit) claimed.</summary>
[RequirePermission(Permission.ServeResidents)]
public class IndexModel(CurrentUser user, AppDb db, Scope scope) : AppPageModel
{
    [BindProperty(SupportsGet = true)]
    public WishCategory? Category { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int? PageNumber { get; set; }

    public Page<WishRow> Wall { get; private set; } = null!;
    public ClaimedWishes.Response Claimed { get; private set; } = null!;
    public bool Manages { get; private set; }

    public async Task OnGetAsync()
    {
        Manages = (await user.RequireAsync(Aborted)).Can(Permission.ManageResidentServices);
        Wall = (await WishWall.Handle(Category, null, PageNumber, null, user, db, scope, Aborted)).Value
            ?? new Page<WishRow>([], 1, WishWall.PageSize, 0);
        Claimed = await ClaimedWishes.Handle(user, db, Aborted);
    }
}
