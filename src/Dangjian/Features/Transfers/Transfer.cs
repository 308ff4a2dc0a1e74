using System.Globalization;
using Dangjian.Features.Members;
using Dangjian.Features.Organizations;
using Dangjian.Platform.Audit;
using Dangjian.Platform.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dangjian.Features.Transfers;

public enum TransferStatus
{
    Pending,
    Received,
    Cancelled,
}

public static class TransferStatusNames
{
    public static string Chinese(this TransferStatus status) => status switch
    {
        TransferStatus.Pending => "待接收",
        TransferStatus.Received => "已接收",
        TransferStatus.Cancelled => "已撤销",
        _ => status.ToString(),
    };
}

/// <summary>
/// A transfer of membership (组织关系转接) with its introduction letter. While it is pending the member stays in
/// the issuing organization's list (marked as leaving); receipt moves the member in one step, so a member is
/// always in exactly one list. At most one pending transfer per member is allowed by a unique index.
/// </summary>
public sealed class Transfer : IAudited, IScoped
{
    public long Id { get; set; }
    public long? MemberId { get; set; }
    public required string MemberName { get; set; }

    public long? FromOrganizationId { get; set; }
    public string? FromPath { get; set; }

    /// <summary>Name of the issuing organization when the letter comes from another city's system.</summary>
    public string? FromExternal { get; set; }
    public long? ToOrganizationId { get; set; }
    public string? ToPath { get; set; }

    /// <summary>Name of the receiving organization when the member moves to another city's system.</summary>
    public string? ToExternal { get; set; }

    public required string LetterNumber { get; set; }
    public DateOnly IssuedOn { get; set; }
    public DateOnly ValidUntil { get; set; }

    /// <summary>Dues paid up to and including this month (党费交至), as yyyy-MM.</summary>
    public required string DuesPaidThrough { get; set; }
    public TransferStatus Status { get; private set; }
    public string? ReceiptNumber { get; private set; }
    public DateTimeOffset? ClosedAt { get; private set; }
    public string? ClosedBy { get; private set; }
    public string? Note { get; set; }
    public int Version { get; set; }

    public bool IsExpired(DateOnly today) => Status == TransferStatus.Pending && today > ValidUntil;

    /// <summary>
    /// Records the receipt (回执). Refuses when the transfer is no longer pending, or when the letter has expired: an
    /// expired letter is extended (re-issued) by the issuing organization first, as the usual practice of the
    /// organization departments is.
    /// </summary>
    public string? Receive(string receiptNumber, string by, DateTimeOffset at, DateOnly today)
    {
        if (Status != TransferStatus.Pending)
        {
            return Status == TransferStatus.Received ? "该转接已接收，不能重复接收" : "该转接已撤销，不能接收";
        }
        if (IsExpired(today))
        {
            return $"介绍信已于{ValidUntil:yyyy-MM-dd}过期，请转出党组织延期后再接收";
        }
        Status = TransferStatus.Received;
        ReceiptNumber = receiptNumber;
        ClosedAt = at;
        ClosedBy = by;
        Version++;
        return null;
    }

    /// <summary>
    /// The issuing organization extends a pending letter (延期, a re-issue of the same letter): it is valid for
    /// <paramref name="validityDays"/> days from <paramref name="today"/>. Refuses a letter that is no longer pending.
    /// </summary>
    public string? Extend(DateOnly today, int validityDays)
    {
        if (Status != TransferStatus.Pending)
        {
            return Status == TransferStatus.Received ? "该转接已接收，不能延期" : "该转接已撤销，不能延期";
        }
        ValidUntil = today.AddDays(validityDays);
        Version++;
        return null;
    }

    public string? Cancel(string by, DateTimeOffset at, string? reason)
    {
        if (Status != TransferStatus.Pending)
        {
            return Status == TransferStatus.Received ? "该转接已接收，不能撤销" : "该转接已撤销";
        }
        Status = TransferStatus.Cancelled;
        ClosedAt = at;
        ClosedBy = by;
        Note = reason ?? Note;
        Version++;
        return null;
    }

    /// <summary>A letter from another system arrives already received: the member is created on arrival.</summary>
    public static Transfer ReceivedFromExternal(string memberName, long memberId, string fromExternal, long toId, string toPath,
        string letterNumber, DateOnly issuedOn, DateOnly validUntil, string duesPaidThrough, string receiptNumber, string by, DateTimeOffset at) =>
        new()
        {
            MemberId = memberId,
            MemberName = memberName,
            FromExternal = fromExternal,
            ToOrganizationId = toId,
            ToPath = toPath,
            LetterNumber = letterNumber,
            IssuedOn = issuedOn,
            ValidUntil = validUntil,
            DuesPaidThrough = duesPaidThrough,
            Status = TransferStatus.Received,
            ReceiptNumber = receiptNumber,
            ClosedAt = at,
            ClosedBy = by,
        };

    string IAudited.AuditScopePath => FromPath ?? ToPath ?? "/";
    /// <summary>A letter is seen by both sides: the organization that issued it and the one it is addressed to.</summary>
    IEnumerable<string?> IScoped.ScopePaths => [FromPath, ToPath];
    string IAudited.AuditId => Id.ToString(CultureInfo.InvariantCulture);
}

// Stryker disable all : the database mapping is not a rule; MigrationTests compare it with the migrations (docs/testing.md)
internal sealed class TransferConfiguration : IEntityTypeConfiguration<Transfer>
{
    public void Configure(EntityTypeBuilder<Transfer> b)
    {
        b.Property(t => t.MemberName).HasMaxLength(50);
        b.Property(t => t.FromPath).HasMaxLength(400);
        b.Property(t => t.ToPath).HasMaxLength(400);
        b.Property(t => t.FromExternal).HasMaxLength(100);
        b.Property(t => t.ToExternal).HasMaxLength(100);
        b.Property(t => t.LetterNumber).HasMaxLength(50);
        b.Property(t => t.DuesPaidThrough).HasMaxLength(7);
        b.Property(t => t.ReceiptNumber).HasMaxLength(50);
        b.Property(t => t.ClosedBy).HasMaxLength(100);
        b.Property(t => t.Note).HasMaxLength(500);
        b.Property(t => t.Version).IsConcurrencyToken();
        b.HasOne<Member>().WithMany().HasForeignKey(t => t.MemberId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Organization>().WithMany().HasForeignKey(t => t.FromOrganizationId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Organization>().WithMany().HasForeignKey(t => t.ToOrganizationId).OnDelete(DeleteBehavior.Restrict);
        // The database settles races: a member can have only one open letter at a time.
        b.HasIndex(t => t.MemberId).IsUnique().HasFilter("\"Status\" = 'Pending'").HasDatabaseName("IX_Transfers_OnePendingPerMember");
        b.HasIndex(t => t.FromPath);
        b.HasIndex(t => t.ToPath);
        b.HasIndex(t => t.LetterNumber).IsUnique();
    }
}
