using Dangjian.Platform.Attachments;
using Dangjian.Platform.Data;
using Dangjian.Platform.Http;
using Dangjian.Platform.Security;

namespace Dangjian.Features.Wishes;

/// <summary>
/// A wish's photos: what is wished for (by the resident or the collector, before review) and the evidence of its
/// fulfilment (by the claimer, while claimed). Served to whoever reaches the wish, and to the resident.
/// </summary>
public static class WishPhotos
{
    public static async Task<Outcome<long>> AddByResidentAsync(long id, string? fileName, Stream? content, WishServices s, AttachmentStore store, CancellationToken ct)
    {
        var (_, wish) = await WishAccess.ForResidentAsync(s.Db, s.Scope, await s.User.RequireAsync(ct), id, tracking: false, ct);
        if (wish is null)
        {
            return Outcome<long>.NotFound("心愿");
        }
        if (wish.State != WishState.Submitted)
        {
            return Outcome<long>.Conflict("心愿审核后不能再添加照片");
        }
        return await AddAsync(wish, fileName, content, s.Db, store, ct);
    }

    public static async Task<Outcome<long>> AddByServerAsync(long id, string? fileName, Stream? content, WishServices s, AttachmentStore store, CancellationToken ct)
    {
        var account = await s.User.RequireAsync(ct);
        var wish = await WishAccess.ForServerAsync(s.Db, s.Scope, account, id, tracking: false, ct);
        if (wish is null)
        {
            return Outcome<long>.NotFound("心愿");
        }
        var collecting = wish.State == WishState.Submitted && wish.CollectedByAccountId == account.UserId;
        var evidence = wish.State == WishState.Claimed && WishAccess.IsClaimer(wish, account);
        if (!collecting && !evidence)
        {
            return Outcome<long>.Conflict("审核前由代提交人添加心愿照片，认领后由认领人添加完成照片");
        }
        return await AddAsync(wish, fileName, content, s.Db, store, ct);
    }

    private static async Task<Outcome<long>> AddAsync(Wish wish, string? fileName, Stream? content, AppDb db, AttachmentStore store, CancellationToken ct) =>
        content is null ? Outcome<long>.Invalid("file", "请以 multipart/form-data 上传照片，字段名为 file")
        : await AttachmentFiles.AddAsync(db, store, new AttachmentOwner(nameof(Wish), wish.Id, wish.OrganizationId, wish.OrgPath), fileName, content, ct);

    public static async Task<IResult> ServeToServerAsync(long id, long attachmentId, bool thumbnail, WishServices s, AttachmentStore store, CancellationToken ct)
    {
        var wish = await WishAccess.ForServerAsync(s.Db, s.Scope, await s.User.RequireAsync(ct), id, tracking: false, ct);
        return wish is null ? Outcome<long>.NotFound("心愿").ToHttp(_ => Results.Empty)
            : await AttachmentFiles.ServeOwnedAsync(s.Db, nameof(Wish), wish.Id, attachmentId, thumbnail, store, ct);
    }

    public static async Task<IResult> ServeToResidentAsync(long id, long attachmentId, bool thumbnail, WishServices s, AttachmentStore store, CancellationToken ct)
    {
        var (_, wish) = await WishAccess.ForResidentAsync(s.Db, s.Scope, await s.User.RequireAsync(ct), id, tracking: false, ct);
        return wish is null ? Outcome<long>.NotFound("心愿").ToHttp(_ => Results.Empty)
            : await AttachmentFiles.ServeOwnedAsync(s.Db, nameof(Wish), wish.Id, attachmentId, thumbnail, store, ct);
    }
}
