using Dangjian.Platform.Data;
using Dangjian.Platform.Http;
using Dangjian.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Platform.Attachments;

/// <summary>The record a file is attached to, and where in the tree it sits.</summary>
public sealed record AttachmentOwner(string Type, long Id, long OrganizationId, string OrgPath);

/// <summary>
/// Attaching, listing, reading and removing files. A feature resolves its own record through the scope first and passes
/// it as the owner; reading a file by its id goes through the scope again (404 outside, audited), so a file is served
/// only to those who may see its record.
/// </summary>
public static class AttachmentFiles
{
    public const int MaxPerOwner = 30;

    public sealed record View(long Id, string FileName, string ContentType, long Size, bool IsImage, int? Width, int? Height, string UploadedBy,
        DateTimeOffset UploadedAt, string Url, string? ThumbnailUrl);

    public static View ViewOf(Attachment a) => new(a.Id, a.FileName, a.ContentType, a.Size, a.IsImage, a.Width, a.Height, a.UploadedBy, a.UploadedAt,
        $"/api/v1/attachments/{a.Id}", a.IsImage ? $"/api/v1/attachments/{a.Id}/thumbnail" : null);

    public static async Task<IReadOnlyList<View>> ListAsync(AppDb db, string ownerType, long ownerId, CancellationToken ct) =>
        (await db.Attachments.AsNoTracking().Where(a => a.OwnerType == ownerType && a.OwnerId == ownerId).OrderBy(a => a.Id).ToListAsync(ct))
            .Select(ViewOf).ToList();

    /// <summary>Checks the file, stores its bytes and adds its row in one save; a refused file changes nothing.</summary>
    public static async Task<Outcome<long>> AddAsync(AppDb db, AttachmentStore store, AttachmentOwner owner, string? fileName, Stream content,
        CancellationToken ct)
    {
        if (await db.Attachments.CountAsync(a => a.OwnerType == owner.Type && a.OwnerId == owner.Id, ct) >= MaxPerOwner)
        {
            return Outcome<long>.Conflict($"每条记录最多{MaxPerOwner}个附件");
        }
        var bytes = await ReadAtMostAsync(content, AttachmentStore.MaxBytes + 1, ct);
        var (file, refusal) = AttachmentStore.Check(fileName, bytes);
        if (file is null)
        {
            return Outcome<long>.Invalid("file", refusal!);
        }
        // The bytes first: a row never points at a file that is not there (an unused file is harmless).
        await store.SaveAsync(file, ct);
        var attachment = new Attachment
        {
            OwnerType = owner.Type, OwnerId = owner.Id, OrganizationId = owner.OrganizationId, OrgPath = owner.OrgPath, FileName = file.FileName,
            ContentType = file.ContentType, Size = file.Bytes.Length, Sha256 = file.Sha256, ThumbnailSha256 = file.ThumbnailSha256, Width = file.Width,
            Height = file.Height, UploadedBy = db.Actor, UploadedAt = db.Clock.GetUtcNow(),
        };
        db.Attachments.Add(attachment);
        await db.SaveChangesAsync(ct);
        return Outcome<long>.Ok(attachment.Id);
    }

    /// <summary>Removes one file from a record (the bytes stay, shared by any other row with the same content).</summary>
    public static async Task<Outcome<long>> RemoveAsync(AppDb db, string ownerType, long ownerId, long attachmentId, CancellationToken ct)
    {
        var attachment = await db.Attachments.FirstOrDefaultAsync(a => a.Id == attachmentId && a.OwnerType == ownerType && a.OwnerId == ownerId, ct);
        if (attachment is null)
        {
            return Outcome<long>.NotFound("附件");
        }
        db.Attachments.Remove(attachment);
        await db.SaveChangesAsync(ct);
        return Outcome<long>.Ok(attachmentId);
    }

    /// <summary>A file to send: the attachment in scope and its kept bytes (the thumbnail when asked for one).</summary>
    public static async Task<IResult> ServeAsync(long id, bool thumbnail, AppDb db, Scope scope, AttachmentStore store, CancellationToken ct)
    {
        var attachment = await scope.FindAsync(db.Attachments.AsNoTracking(), id, ct);
        return Send(attachment, thumbnail, store);
    }

    /// <summary>
    /// Sends an attachment the caller has already been found to reach through its owner (a resident's own wish):
    /// for records whose readers are not decided by the organization tree alone.
    /// </summary>
    public static async Task<IResult> ServeOwnedAsync(AppDb db, string ownerType, long ownerId, long id, bool thumbnail, AttachmentStore store, CancellationToken ct) =>
        Send(await db.Attachments.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id && a.OwnerType == ownerType && a.OwnerId == ownerId, ct), thumbnail, store);

    private static IResult Send(Attachment? attachment, bool thumbnail, AttachmentStore store)
    {
        var hash = thumbnail ? attachment?.ThumbnailSha256 : attachment?.Sha256;
        if (attachment is null || hash is null || store.PathOf(hash) is not { } path)
        {
            return Outcome<long>.NotFound("附件").ToHttp(_ => Results.Empty);
        }
        // Sent as a download unless it is a photo; the headers set for every answer (nosniff) keep a browser from guessing.
        return TypedResults.PhysicalFile(path, thumbnail ? "image/jpeg" : attachment.ContentType,
            attachment.IsImage ? null : attachment.FileName, entityTag: new Microsoft.Net.Http.Headers.EntityTagHeaderValue($"\"{hash}\""));
    }

    private static async Task<byte[]> ReadAtMostAsync(Stream content, long limit, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await content.ReadAsync(chunk, ct)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length >= limit)
            {
                break;
            }
        }
        return buffer.ToArray();
    }
}

public static class AttachmentSetup
{
    /// <summary>The store under the data folder's "attachments".</summary>
    public static IServiceCollection AddDangjianAttachments(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment) =>
        services.AddSingleton(new AttachmentStore(Path.Combine(DatabaseSetup.DataDirectory(configuration, environment), "attachments")));
}

public static class AttachmentEndpoints
{
    public static void MapAttachmentEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/attachments").WithTags("附件").RequireAuthorization();
        group.MapGet("/{id:long}", (long id, AppDb db, Scope scope, AttachmentStore store, CancellationToken ct) => AttachmentFiles.ServeAsync(id, false, db, scope, store, ct))
            .Produces(StatusCodes.Status200OK, null, "image/jpeg", "application/pdf", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("下载附件（只对能看到其所属记录的人提供；图片为重新编码后的JPEG）");
        group.MapGet("/{id:long}/thumbnail", (long id, AppDb db, Scope scope, AttachmentStore store, CancellationToken ct) => AttachmentFiles.ServeAsync(id, true, db, scope, store, ct))
            .Produces(StatusCodes.Status200OK, contentType: "image/jpeg").ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("图片附件的缩略图（长边320像素）");
    }
}
