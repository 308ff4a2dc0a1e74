using Dangjian.Features.Shared;
using Dangjian.Platform.Data;
using Dangjian.Platform.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Features.Wishes;

/// <summary>
/// Sending a wish: by the resident for themself, or (with a resident named) by a grid worker, building head or member
/// collecting it for them. One screen: what, for whom, which kind, about how much.
/// </summary>
[Authorize]
public class SendModel(CurrentUser user, AppDb db, Scope scope, WishServices services) : AppPageModel
{
    public sealed class WishForm
    {
        public string? Title { get; set; }
        public string? ForWhom { get; set; }
        public WishCategory? Category { get; set; }
        public decimal? EstimatedCost { get; set; }
        public string? Detail { get; set; }
    }

    [BindProperty(SupportsGet = true)]
    public long? ResidentId { get; set; }

    [BindProperty]
    public WishForm Input { get; set; } = new();

    public string? ResidentName { get; private set; }

    public async Task<IActionResult> OnGetAsync() => await AllowedAsync() ? Page() : Missing("居民");

    public async Task<IActionResult> OnPostAsync()
    {
        if (!await AllowedAsync())
        {
            return Missing("居民");
        }
        var wish = new WishInput(Input.Title, Input.ForWhom, Input.Category, Input.EstimatedCost, Input.Detail);
        var outcome = ResidentId is null
            ? await SendWish.SendAsync(wish, services, Aborted)
            : await SendWish.CollectAsync(new SendWish.CollectRequest(ResidentId, wish), services, Aborted);
        if (!outcome.Succeeded)
        {
            ShowRefusal(outcome);
            return Page();
        }
        Flash = "心愿已提交，社区审核后会放到心愿墙上。";
        return ResidentId is null ? Redirect($"/Wishes/Mine?id={outcome.Value}") : Redirect($"/Wishes/Details?id={outcome.Value}");
    }

    /// <summary>A resident sends their own; one who serves residents sends for a resident they serve.</summary>
    private async Task<bool> AllowedAsync()
    {
        var account = await user.RequireAsync(Aborted);
        if (ResidentId is null)
        {
            return account.Can(Permission.UseResidentServices);
        }
        if (!account.Can(Permission.ServeResidents))
        {
            return false;
        }
        var resident = await db.Residents.AsNoTracking().FirstOrDefaultAsync(r => r.Id == ResidentId, Aborted);
        if (resident is null || !await scope.ServesAsync(resident.OrgPath, nameof(Residents.Resident), resident.Id, Aborted))
        {
            return false;
        }
        ResidentName = resident.Name;
        return true;
    }
}
