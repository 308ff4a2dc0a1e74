using Dangjian.Platform.Audit;
using Dangjian.Platform.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dangjian.Platform.Attachments;

/// <summary>
/// A file attached to a record (a meeting's photos and documents, later a wish's or a measure's evidence). The bytes live
/// outside the database under the data folder, named by their SHA-256 (<see cref="AttachmentStore"/>), so the same
/// photo attached twice is stored once; the row says whose it is, its place in the tree (who may read it) and what it is.
/// </summary>
public sealed class Attachment : IAudited, IScoped
{
    public long Id { get; set; }

    /// <summary>The record it belongs to: its entity type and id.</summary>
    public required string OwnerType { get; set; }
    public long OwnerId { get; set; }

    /// <summary>The organization of the record it belongs to, and its path: who may read the file.</summary>
    public long OrganizationId { get; set; }
    public required string OrgPath { get; set; }

    /// <summary>The name it was uploaded under, cleaned of any folder and control characters.</summary>
    public required string FileName { get; set; }
    public required string ContentType { get; set; }
    public long Size { get; set; }

    /// <summary>SHA-256 of the stored bytes, lower-case hex: the file's name in the store.</summary>
    public required string Sha256 { get; set; }

    /// <summary>For a photo: the SHA-256 of its thumbnail (a smaller JPEG in the same store).</summary>
    public string? ThumbnailSha256 { get; set; }
    public int? Width { get; set; }
    public int? Height { get; set; }
    public required string UploadedBy { get; set; }
    public DateTimeOffset UploadedAt { get; set; }

    public bool IsImage => ThumbnailSha256 is not null;

    public IEnumerable<string?> ScopePaths => [OrgPath];

    string IAudited.AuditScopePath => OrgPath;

    string IAudited.AuditId => Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

// Stryker disable all : the database mapping is not a rule; MigrationTests compare it with the migrations (docs/testing.md)
internal sealed class AttachmentConfiguration : IEntityTypeConfiguration<Attachment>
{
    public void Configure(EntityTypeBuilder<Attachment> b)
    {
        b.Property(a => a.OwnerType).HasMaxLength(60);
        b.Property(a => a.OrgPath).HasMaxLength(400);
        b.Property(a => a.FileName).HasMaxLength(200);
        b.Property(a => a.ContentType).HasMaxLength(100);
        b.Property(a => a.Sha256).HasMaxLength(64);
        b.Property(a => a.ThumbnailSha256).HasMaxLength(64);
        b.Property(a => a.UploadedBy).HasMaxLength(100);
        b.HasIndex(a => new { a.OwnerType, a.OwnerId });
        b.HasIndex(a => a.OrgPath);
    }
}
// Stryker restore all
