using Dangjian.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dangjian.Platform.Notifications;

/// <summary>Where a notice stands on the outgoing channel (SMS later): the in-app list shows it whatever this says.</summary>
public enum OutgoingState
{
    /// <summary>In the app only.</summary>
    None,
    Pending,

    /// <summary>Claimed by one instance's dispatcher until <see cref="Notification.ClaimedUntil"/>.</summary>
    Sending,
    Sent,

    /// <summary>Given up after <see cref="OutgoingDispatcher.MaxAttempts"/> attempts; the reason is kept.</summary>
    Failed,

    /// <summary>The recipient has no phone number on record.</summary>
    NoAddress,
}

/// <summary>
/// One notice to one person: a member (who reads it through an account linked to the member record, and by the
/// outgoing channel at the phone on record) or an account. Added in the same save as what it announces, so a notice is
/// never lost and never sent for something that was not saved; the outgoing channel sends it afterwards
/// (<see cref="OutgoingDispatcher"/>). The phone is read from the member record when sending, never copied here.
/// </summary>
public sealed class Notification
{
    public long Id { get; set; }
    public long? MemberId { get; set; }
    public string? AccountId { get; set; }
    public required string Title { get; set; }
    public required string Body { get; set; }

    /// <summary>A page of the app that the notice leads to ("/Meetings/Attend?id=12"); never carries a personal number.</summary>
    public string? Link { get; set; }

    /// <summary>What it announces: the entity type and id.</summary>
    public required string SourceType { get; set; }
    public long SourceId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ReadAt { get; set; }

    public OutgoingState Outgoing { get; set; }
    public int Attempts { get; set; }
    public string? ClaimedBy { get; set; }
    public DateTimeOffset? ClaimedUntil { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    public string? LastError { get; set; }
}

// Stryker disable all : the database mapping is not a rule; MigrationTests compare it with the migrations (docs/testing.md)
internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> b)
    {
        b.Property(n => n.AccountId).HasMaxLength(64);
        b.Property(n => n.Title).HasMaxLength(100);
        b.Property(n => n.Body).HasMaxLength(1000);
        b.Property(n => n.Link).HasMaxLength(300);
        b.Property(n => n.SourceType).HasMaxLength(60);
        b.Property(n => n.ClaimedBy).HasMaxLength(100);
        b.Property(n => n.LastError).HasMaxLength(500);
        b.HasIndex(n => new { n.MemberId, n.Id });
        b.HasIndex(n => new { n.AccountId, n.Id });
        b.HasIndex(n => new { n.Outgoing, n.Id });
        b.HasIndex(n => new { n.SourceType, n.SourceId });
    }
}

/// <summary>SQLite cannot compare moments with their offset: the claim's end, which the dispatcher compares, is stored as UTC ticks there.</summary>
internal sealed class NotificationSqliteConfiguration : ISqliteModelConfiguration
{
    public void Configure(ModelBuilder builder) => builder.Entity<Notification>().Property(n => n.ClaimedUntil).HasConversion(
        v => v == null ? (long?)null : v.Value.UtcTicks, v => v == null ? null : new DateTimeOffset(v.Value, TimeSpan.Zero));
}
// Stryker restore all

/// <summary>Adds notices into the caller's save: nothing here saves, so a notice commits with what it announces.</summary>
public static class Notices
{
    public const int MaxTitle = 100;
    public const int MaxBody = 1000;

    /// <summary>A notice to a member, in the app and (when <paramref name="outgoing"/>) on the outgoing channel.</summary>
    public static Notification ToMember(AppDb db, long memberId, string title, string body, string? link, string sourceType, long sourceId,
        bool outgoing = true) => Add(db, new Notification
    {
        MemberId = memberId, Title = Clip(title, MaxTitle), Body = Clip(body, MaxBody), Link = link, SourceType = sourceType, SourceId = sourceId,
        Outgoing = outgoing ? OutgoingState.Pending : OutgoingState.None,
    });

    /// <summary>A notice to an account, in the app only (accounts keep no phone number).</summary>
    public static Notification ToAccount(AppDb db, string accountId, string title, string body, string? link, string sourceType, long sourceId) =>
        Add(db, new Notification
        {
            AccountId = accountId, Title = Clip(title, MaxTitle), Body = Clip(body, MaxBody), Link = link, SourceType = sourceType, SourceId = sourceId,
            Outgoing = OutgoingState.None,
        });

    /// <summary>
    /// A notice to the organization's own working accounts (its secretary, its staff; not its members, not residents),
    /// at most 20: those who must act on a request made to the organization.
    /// </summary>
    public static async Task ToOrganizationAsync(AppDb db, long organizationId, string title, string body, string? link, string sourceType, long sourceId,
        CancellationToken ct)
    {
        var owners = await db.Users.AsNoTracking()
            .Where(u => u.OrganizationId == organizationId && u.Role != Security.AppRole.Resident && u.Role != Security.AppRole.Member)
            .Select(u => u.Id).Take(20).ToListAsync(ct);
        foreach (var owner in owners)
        {
            ToAccount(db, owner, title, body, link, sourceType, sourceId);
        }
    }

    private static Notification Add(AppDb db, Notification notification)
    {
        notification.CreatedAt = db.Clock.GetUtcNow();
        db.Notifications.Add(notification);
        return notification;
    }

    private static string Clip(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";
}
