using Dangjian.Features.Shared;
using Dangjian.Platform.Attachments;
using Dangjian.Platform.Data;
using Dangjian.Platform.Http;
using Dangjian.Platform.Security;
using Dangjian.Platform.Todo;
using Microsoft.AspNetCore.Mvc;

namespace Dangjian.Features.Wishes;

/// <summary>
/// One wish for those who serve: where it stands and by when, its history with pressing and supervision, and the step
/// the caller may take (claim, give back, record it done with photos, confirm for a resident without a phone, review,
/// press, supervise).
/// </summary>
[RequirePermission(Permission.ServeResidents)]
public class DetailsModel(CurrentUser user, AppDb db, Scope scope, WishServices services, PersonalDataCheck own, AttachmentStore store) : AppPageModel
{
    [BindProperty(SupportsGet = true)]
    public long Id { get; set; }

    [BindProperty]
    public string? Text { get; set; }

    [BindProperty]
    public int? Rating { get; set; }

    [BindProperty]
    public bool AsOrganization { get; set; }

    public GetWish.Response Wish { get; private set; } = null!;
    public bool Manages { get; private set; }
    public bool HasMemberRecord { get; private set; }
    public bool IsMemberRole { get; private set; }

    public async Task<IActionResult> OnGetAsync() => await LoadAsync() ? Page() : Missing("心愿");

    public async Task<IActionResult> OnPostClaimAsync()
    {
        var outcome = await ClaimWish.Handle(Id, new ClaimWish.Request(AsOrganization), services, own, Aborted);
        return await AfterAsync(outcome, c => $"认领成功，请在{c.Deadline:M月d日}前完成。");
    }

    public async Task<IActionResult> OnPostGiveBackAsync() =>
        await AfterAsync(await WithdrawClaim.Handle(Id, new WithdrawClaim.Request(Text), services, Aborted), _ => "已撤回认领，心愿回到心愿墙。");

    public async Task<IActionResult> OnPostFulfilAsync(IFormFile? photo)
    {
        if (photo is not null)
        {
            await using var content = photo.OpenReadStream();
            var added = await WishPhotos.AddByServerAsync(Id, photo.FileName, content, services, store, Aborted);
            if (!added.Succeeded)
            {
                return await AfterAsync(added, _ => "");
            }
        }
        return await AfterAsync(await FulfilWish.Handle(Id, new FulfilWish.Request(Text), services, Aborted), _ => "已登记完成，等待居民确认评价。");
    }

    public async Task<IActionResult> OnPostPhotoAsync(IFormFile? photo)
    {
        await using var content = photo?.OpenReadStream();
        return await AfterAsync(await WishPhotos.AddByServerAsync(Id, photo?.FileName, content, services, store, Aborted), _ => "照片已添加。");
    }

    public async Task<IActionResult> OnPostConfirmAsync() =>
        await AfterAsync(await ConfirmWish.OnBehalfAsync(Id, new ConfirmWish.Request(Rating, Text), services, Aborted), _ => "已代居民确认评价。");

    public async Task<IActionResult> OnPostWithdrawAsync() =>
        await AfterAsync(await WithdrawWish.ByCollectorAsync(Id, new WithdrawWish.Request(Text), services, Aborted), _ => "心愿已撤回。");

    public async Task<IActionResult> OnPostAcceptAsync() =>
        await AfterAsync(await ReviewWish.Handle(Id, new ReviewWish.Request(true, null), services, Aborted), _ => "审核通过，心愿已上心愿墙。");

    public async Task<IActionResult> OnPostRefuseAsync() =>
        await AfterAsync(await ReviewWish.Handle(Id, new ReviewWish.Request(false, Text), services, Aborted), _ => "已退回，居民会看到原因。");

    public async Task<IActionResult> OnPostPressAsync() =>
        await AfterAsync(await EscalateWish.Handle(Id, EscalationLevel.Pressed, new EscalateWish.Request(Text), services, Aborted), _ => "已催办。");

    public async Task<IActionResult> OnPostSuperviseAsync() =>
        await AfterAsync(await EscalateWish.Handle(Id, EscalationLevel.Supervised, new EscalateWish.Request(Text), services, Aborted), _ => "已督办。");

    private async Task<IActionResult> AfterAsync<T>(Outcome<T> outcome, Func<T, string> done)
    {
        if (outcome.Succeeded)
        {
            Flash = done(outcome.Value!);
            return RedirectToPage(new { id = Id });
        }
        if (outcome.NotFoundWhat is not null && !await LoadAsync())
        {
            return Missing("心愿");
        }
        foreach (var (field, message) in outcome.Messages())
        {
            ModelState.AddModelError(field is "reason" or "note" ? "Text" : field, message);
        }
        return await LoadAsync() ? Page() : Missing("心愿");
    }

    private async Task<bool> LoadAsync()
    {
        var account = await user.RequireAsync(Aborted);
        Manages = account.Can(Permission.ManageResidentServices);
        HasMemberRecord = account.MemberId is not null;
        IsMemberRole = account.Role == AppRole.Member;
        var found = await GetWish.ForServerAsync(Id, user, db, scope, Aborted);
        if (!found.Succeeded)
        {
            return false;
        }
        Wish = found.Value!;
        return true;
    }
}
