using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dangjian.Platform.Audit;

/// <summary>One line of the append-only audit log: who did what, when, to which record, before and after.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public required string UserName { get; set; }
    public required string Action { get; set; }
    public required string EntityType { get; set; }
    public string? EntityId { get; set; }

    /// <summary>The path of the organization the record belongs to, so that those above can read the entry.</summary>
    public required string ScopePath { get; set; }
    public string? Before { get; set; }
    public string? After { get; set; }
    public string? Note { get; set; }

    /// <summary>Position in the hash chain (1, 2, 3… without gaps); see <see cref="AuditChain"/>.</summary>
    public long Sequence { get; set; }

    /// <summary>The hash of the line before (null for the first line).</summary>
    public string? PreviousHash { get; set; }

    /// <summary>SHA-256 of this line's content and <see cref="PreviousHash"/>.</summary>
    public string? Hash { get; set; }
}

public static class AuditActions
{
    public const string Created = "created";
    public const string Updated = "updated";
    public const string Deleted = "deleted";
    public const string Revealed = "revealed";
    public const string Called = "called";
    public const string AccessDenied = "access-denied";
    public const string Imported = "imported";
    public const string Exported = "exported";
    public const string SignedIn = "signed-in";
    public const string SignInFailed = "sign-in-failed";
    public const string LockedOut = "locked-out";
    public const string SignedOut = "signed-out";
}

/// <summary>Entities whose changes are audited say which organization they belong to.</summary>
public interface IAudited
{
    string AuditScopePath { get; }
    string AuditId { get; }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.Property(a => a.UserName).HasMaxLength(100);
        b.Property(a => a.Action).HasMaxLength(40);
        b.Property(a => a.EntityType).HasMaxLength(60);
        b.Property(a => a.EntityId).HasMaxLength(60);
        b.Property(a => a.ScopePath).HasMaxLength(400);
        b.Property(a => a.Note).HasMaxLength(500);
        b.HasIndex(a => new { a.ScopePath, a.Id });
        b.HasIndex(a => a.Sequence).IsUnique();
        b.Property(a => a.PreviousHash).HasMaxLength(64);
        b.Property(a => a.Hash).HasMaxLength(64);
    }
}
