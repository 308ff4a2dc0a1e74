using Dangjian.Platform.Audit;
using Dangjian.Platform.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dangjian.Features.Bookings;

/// <summary>
/// A service a community's or street's team does at a resident's home by appointment (预约上门服务): the yearly pension
/// "alive" certification (生存认证) for a bedridden person, a disability certificate, an ID card photo for someone who
/// cannot come to the office. The team's organization offers it to every resident of its subtree.
/// </summary>
public sealed class ServiceKind : IAudited, IScoped
{
    public long Id { get; set; }

    /// <summary>The community's or street's organization whose team does it.</summary>
    public long OrganizationId { get; set; }
    public required string OrgPath { get; set; }
    public required string Name { get; set; }
    public string Description { get; set; } = "";

    /// <summary>What the resident should have ready (documents, the person present).</summary>
    public string Prepare { get; set; } = "";
    public bool Active { get; set; } = true;
    public DateTimeOffset CreatedAt { get; set; }

    public IEnumerable<string?> ScopePaths => [OrgPath];
    string IAudited.AuditScopePath => OrgPath;
    string IAudited.AuditId => Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>One person of a service team (the seeds' street has 48): who goes to the home; with an account when they record visits themselves.</summary>
public sealed class ServiceWorker : IAudited, IScoped
{
    public long Id { get; set; }
    public long OrganizationId { get; set; }
    public required string OrgPath { get; set; }
    public required string Name { get; set; }

    /// <summary>The worker's own account, when they sign in to see their visits and record them.</summary>
    public string? AccountId { get; set; }
    public bool Active { get; set; } = true;
    public DateTimeOffset CreatedAt { get; set; }

    public IEnumerable<string?> ScopePaths => [OrgPath];
    string IAudited.AuditScopePath => OrgPath;
    string IAudited.AuditId => Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>
/// One bookable visit time of one worker: the rota is the set of a team's slots. A worker's slots never overlap (checked
/// when the rota is made; the unique start is the database's half of it), so a slot booked once is a worker booked once.
/// </summary>
public sealed class ServiceSlot : IAudited, IScoped
{
    public long Id { get; set; }
    public long OrganizationId { get; set; }
    public required string OrgPath { get; set; }
    public long WorkerId { get; set; }
    public ServiceWorker? Worker { get; set; }
    public DateTimeOffset StartsAt { get; set; }
    public DateTimeOffset EndsAt { get; set; }

    /// <summary>Taken off the rota (the worker is away): no new booking; a booking already made is rescheduled by the team.</summary>
    public bool Withdrawn { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    public IEnumerable<string?> ScopePaths => [OrgPath];
    string IAudited.AuditScopePath => OrgPath;
    string IAudited.AuditId => Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

public enum BookingState
{
    Booked,
    Done,
    Rated,
    Cancelled,
}

/// <summary>
/// A resident's booking of a home visit: the kind, the slot (and so the worker and the time), who the visit is for and
/// where. While it is not cancelled it holds its slot and its worker's start time: both are unique columns, so of two
/// bookings of one slot at once the database lets one through. Rescheduled or cancelled with a reason; done with a note
/// (photos as attachments); rated by the resident 1 to 5, once.
/// </summary>
public sealed class Booking : IAudited, IScoped
{
    public long Id { get; set; }
    public long ResidentId { get; set; }
    public required string ResidentName { get; set; }

    /// <summary>The team's organization (the kind's): whose bookings these are.</summary>
    public long OrganizationId { get; set; }
    public required string OrgPath { get; set; }
    public long ServiceKindId { get; set; }
    public required string KindName { get; set; }
    public long SlotId { get; set; }
    public long WorkerId { get; set; }
    public required string WorkerName { get; set; }
    public DateTimeOffset StartsAt { get; set; }
    public DateTimeOffset EndsAt { get; set; }

    /// <summary>The slot while the booking holds it; null once cancelled. Unique: one live booking per slot.</summary>
    public long? HeldSlotId { get; set; }

    /// <summary>The worker while the booking holds their time; null once cancelled. Unique with the start: no worker booked twice at once.</summary>
    public long? HeldWorkerId { get; set; }

    /// <summary>The person to be visited (the bedridden father), when not the resident.</summary>
    public required string ForWhom { get; set; }

    [Encrypted(AuditName = "Address")]
    public required string AddressCipher { get; set; }
    public string Note { get; set; } = "";

    /// <summary>"本人" for the resident, else who booked on their behalf (and acts for them).</summary>
    public required string BookedBy { get; set; }
    public string? BookedByAccountId { get; set; }
    public BookingState State { get; set; }
    public int Reschedules { get; set; }
    public string? RescheduleReason { get; set; }
    public string? CancelReason { get; set; }
    public string? CancelledBy { get; set; }
    public string? CompletionNote { get; set; }
    public DateOnly? DoneOn { get; set; }
    public string? DoneBy { get; set; }
    public int? Rating { get; set; }
    public string? RatingComment { get; set; }
    public string? RatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public int Version { get; set; }

    public IEnumerable<string?> ScopePaths => [OrgPath];
    string IAudited.AuditScopePath => OrgPath;
    string IAudited.AuditId => Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

public static class BookingNames
{
    public static string Chinese(this BookingState state) => state switch
    {
        BookingState.Booked => "已预约，待上门",
        BookingState.Done => "已上门，待评价",
        BookingState.Rated => "已评价",
        _ => "已取消",
    };
}

public static class BookingRules
{
    public const int MaxName = 50;
    public const int MaxText = 500;
    public const int MaxReason = 200;
    public const int MaxAddress = 200;

    /// <summary>How far ahead a rota may be made, and the widest span one request makes it for.</summary>
    public const int RotaDaysAhead = 90;
    public const int RotaSpanDays = 31;
    public const int MaxSlotsPerRequest = 500;
    public const int MinSlotMinutes = 15;
    public const int MaxSlotMinutes = 240;

    /// <summary>How far ahead residents see free slots.</summary>
    public const int BookableDays = 30;
}

// Stryker disable all : the database mapping is not a rule; MigrationTests compare it with the migrations (docs/testing.md)
internal sealed class ServiceKindConfiguration : IEntityTypeConfiguration<ServiceKind>
{
    public void Configure(EntityTypeBuilder<ServiceKind> b)
    {
        b.Property(k => k.OrgPath).HasMaxLength(400);
        b.Property(k => k.Name).HasMaxLength(BookingRules.MaxName);
        b.Property(k => k.Description).HasMaxLength(BookingRules.MaxText);
        b.Property(k => k.Prepare).HasMaxLength(BookingRules.MaxText);
        // The kinds offered to a resident: those of the organizations above their community, each found by its path.
        b.HasIndex(k => new { k.OrgPath, k.Id });
    }
}

internal sealed class ServiceWorkerConfiguration : IEntityTypeConfiguration<ServiceWorker>
{
    public void Configure(EntityTypeBuilder<ServiceWorker> b)
    {
        b.Property(w => w.OrgPath).HasMaxLength(400);
        b.Property(w => w.Name).HasMaxLength(BookingRules.MaxName);
        b.Property(w => w.AccountId).HasMaxLength(64);
        b.HasIndex(w => new { w.OrganizationId, w.Id });
        b.HasIndex(w => w.AccountId);
    }
}

internal sealed class ServiceSlotConfiguration : IEntityTypeConfiguration<ServiceSlot>
{
    public void Configure(EntityTypeBuilder<ServiceSlot> b)
    {
        b.Property(s => s.OrgPath).HasMaxLength(400);
        b.HasOne(s => s.Worker).WithMany().HasForeignKey(s => s.WorkerId);
        b.HasIndex(s => new { s.WorkerId, s.StartsAt }).IsUnique();
        b.HasIndex(s => new { s.OrganizationId, s.StartsAt });
    }
}

internal sealed class BookingConfiguration : IEntityTypeConfiguration<Booking>
{
    public void Configure(EntityTypeBuilder<Booking> b)
    {
        b.Property(x => x.ResidentName).HasMaxLength(BookingRules.MaxName);
        b.Property(x => x.OrgPath).HasMaxLength(400);
        b.Property(x => x.KindName).HasMaxLength(BookingRules.MaxName);
        b.Property(x => x.WorkerName).HasMaxLength(BookingRules.MaxName);
        b.Property(x => x.ForWhom).HasMaxLength(BookingRules.MaxName);
        b.Property(x => x.AddressCipher).HasMaxLength(600);
        b.Property(x => x.Note).HasMaxLength(BookingRules.MaxText);
        b.Property(x => x.BookedBy).HasMaxLength(100);
        b.Property(x => x.BookedByAccountId).HasMaxLength(64);
        b.Property(x => x.State).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.RescheduleReason).HasMaxLength(BookingRules.MaxReason);
        b.Property(x => x.CancelReason).HasMaxLength(BookingRules.MaxReason);
        b.Property(x => x.CancelledBy).HasMaxLength(100);
        b.Property(x => x.CompletionNote).HasMaxLength(BookingRules.MaxText);
        b.Property(x => x.DoneBy).HasMaxLength(100);
        b.Property(x => x.RatingComment).HasMaxLength(BookingRules.MaxReason);
        b.Property(x => x.RatedBy).HasMaxLength(100);
        b.Property(x => x.Version).IsConcurrencyToken();
        // The database settles two bookings of one slot, or of one worker's time, at once: a cancelled booking holds neither (null).
        b.HasIndex(x => x.HeldSlotId).IsUnique();
        b.HasIndex(x => new { x.HeldWorkerId, x.StartsAt }).IsUnique();
        b.HasIndex(x => new { x.ResidentId, x.Id });
        b.HasIndex(x => new { x.OrganizationId, x.State, x.StartsAt });
        b.HasIndex(x => new { x.OrgPath, x.State, x.StartsAt });
        b.HasIndex(x => new { x.WorkerId, x.State, x.StartsAt });
        b.HasIndex(x => new { x.BookedByAccountId, x.State });
    }
}
// Stryker restore all

/// <summary>SQLite cannot compare or order moments with their offset: slots' and bookings' times are stored as UTC ticks there.</summary>
internal sealed class BookingSqliteConfiguration : Dangjian.Platform.Data.ISqliteModelConfiguration
{
    public void Configure(ModelBuilder builder)
    {
        builder.Entity<ServiceSlot>().Property(x => x.StartsAt).HasConversion(v => v.UtcTicks, v => new DateTimeOffset(v, TimeSpan.Zero));
        builder.Entity<ServiceSlot>().Property(x => x.EndsAt).HasConversion(v => v.UtcTicks, v => new DateTimeOffset(v, TimeSpan.Zero));
        builder.Entity<Booking>().Property(x => x.StartsAt).HasConversion(v => v.UtcTicks, v => new DateTimeOffset(v, TimeSpan.Zero));
        builder.Entity<Booking>().Property(x => x.EndsAt).HasConversion(v => v.UtcTicks, v => new DateTimeOffset(v, TimeSpan.Zero));
    }
}
