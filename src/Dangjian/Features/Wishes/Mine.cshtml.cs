using Dangjian.Features.Shared;
using Dangjian.Platform.Data;
using Dangjian.Platform.Security;
using Microsoft.AspNetCore.Mvc;

namespace Dangjian.Features.Wishes;

/// <summary>A resident's wishes: the list, one wish with where it stands, and the one thing to do next (rate it, or take it back).</summary>
[RequirePermission(Permission.UseResidentServices)]
public class MineModel(CurrentUser user, AppDb db, Scope scope, WishServices services) : AppPageModel
{
    [BindProperty(SupportsGet = true)]
    public long? Id { get; set; }

    [BindProperty]
    public int? Rating { get; set; }

    [BindProperty]
    public string? Comment { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    public IReadOnlyList<WishRow> Wishes { get; private set; } = [];
    public GetWish.Response? Wish { get; private set; }

    public async Task<IActionResult> OnGetAsync() => await LoadAsync() ? Page() : Missing("心愿");

    public async Task<IActionResult> OnPostRateAsync()
    {
        var outcome = await ConfirmWish.ByResidentAsync(Id ?? 0, new ConfirmWish.Request(Rating, Comment), services, Aborted);
        return await AfterAsync(outcome, "谢谢您的评价！");
    }

    public async Task<IActionResult> OnPostWithdrawAsync()
    {
        var outcome = await WithdrawWish.ByResidentAsync(Id ?? 0, new WithdrawWish.Request(Reason), services, Aborted);
        return await AfterAsync(outcome, "心愿已撤回。");
    }

    private async Task<IActionResult> AfterAsync(Platform.Http.Outcome<WishState> outcome, string done)
    {
        if (outcome.Succeeded)
        {
            Flash = done;
            return RedirectToPage(new { id = Id });
        }
        if (outcome.NotFoundWhat is not null)
        {
            return Missing("心愿");
        }
        ShowRefusal(outcome, "");
        return await LoadAsync() ? Page() : Missing("心愿");
    }

    private async Task<bool> LoadAsync()
    {
        if (Id is { } id)
        {
            var found = await GetWish.ForResidentAsync(id, user, db, scope, Aborted);
            Wish = found.Value;
            return found.Succeeded;
        }
        Wishes = (await MyWishes.Handle(user, db, Aborted)).Value!;
        return true;
    }
}
