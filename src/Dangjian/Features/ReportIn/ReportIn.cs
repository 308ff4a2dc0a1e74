using Dangjian.Platform.Audit;
using Dangjian.Platform.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dangjian.Features.ReportIn;

/// <summary>Who reports in (双报到): a unit's Party organization with the community where the unit sits, or a serving member with the community where they live.</summary>
public enum RegistrantKind
{
    Unit,
    Member,
}

public enum RegistrationState
{
    Pending,
    Confirmed,
    Refused,
    Ended,
}

/// <summary>
/// A report-in (双报到): a unit's organization or a serving member registers with a community, which confirms or
/// refuses it; either side may end it. While pending or confirmed it holds its key (a member: one community at a time;
/// a unit's organization: once per community), a unique column, so that two registrations at once leave one.
/// </summary>
public sealed class Registration : IAudited, IScoped
{
    public long Id { get; set; }
    public RegistrantKind Kind { get; set; }

    /// <summary>The community's organization.</summary>
    public long CommunityId { get; set; }
    public required string CommunityPath { get; set; }

    /// <summary>The registrant's own organization: the unit's, or the member's; its subtree sees the registration and receives the quarterly report.</summary>
    public long OrganizationId { get; set; }
    public required string OrgPath { get; set; }
    public long? MemberId { get; set; }

    /// <summary>The unit organization's name, or the member's.</summary>
    public required string Name { get; set; }

    /// <summary>What the registrant offers the community (skills, rooms, volunteers).</summary>
    public string Offers { get; set; } = "";
    public RegistrationState State { get; set; }
    public DateOnly RequestedOn { get; set; }
    public DateOnly? ConfirmedOn { get; set; }
    public string? DecidedBy { get; set; }
    public string? RefusalReason { get; set; }
    public DateOnly? EndedOn { get; set; }
    public string? EndReason { get; set; }
    public string? RequestedByAccountId { get; set; }

    /// <summary>The card's public code (QR): names the registration without its id.</summary>
    [NotAudited]
    public required string CardCode { get; set; }

    /// <summary>"m:{member}" or "o:{organization}:{community}" while pending or confirmed; null once refused or ended. Unique.</summary>
    public string? HeldKey { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public int Version { get; set; }

    public IEnumerable<string?> ScopePaths => [CommunityPath, OrgPath];
    string IAudited.AuditScopePath => CommunityPath;
    string IAudited.AuditId => Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>A service post or activity the community offers those reported in (文明劝导、助老、环境整治): a quota, a sign-up deadline, the hours it counts.</summary>
public sealed class ServiceActivity : IAudited, IScoped
{
    public long Id { get; set; }
    public long CommunityId { get; set; }
    public required string CommunityPath { get; set; }
    public required string Title { get; set; }
    public string Description { get; set; } = "";
    public required string Place { get; set; }
    public DateTimeOffset StartsAt { get; set; }
    public DateTimeOffset EndsAt { get; set; }
    public int Quota { get; set; }
    public DateTimeOffset SignUpBy { get; set; }

    /// <summary>Places taken; raised only while below the quota, by one conditional update, so that the last place goes to one.</summary>
    public int SignedUp { get; set; }
    public bool Cancelled { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    public IEnumerable<string?> ScopePaths => [CommunityPath];
    string IAudited.AuditScopePath => CommunityPath;
    string IAudited.AuditId => Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

public sealed class ActivitySignUp
{
    public long Id { get; set; }
    public long ActivityId { get; set; }
    public long MemberId { get; set; }
    public required string MemberName { get; set; }
    public DateTimeOffset SignedUpAt { get; set; }
    public DateTimeOffset? SignedInAt { get; set; }
}

public enum HoursState
{
    Reported,
    Verified,
    Refused,
}

/// <summary>
/// Hours a member served a community: signed in at one of its activities, or reported by the member; the community
/// verifies them. <see cref="OutsideHours"/> is the part outside working time (8小时外, a rule per unit kind): only that
/// part counts as service outside work.
/// </summary>
public sealed class ServiceHours : IAudited, IScoped
{
    public long Id { get; set; }
    public long MemberId { get; set; }
    public required string MemberName { get; set; }

    /// <summary>The member's organization (the report goes back to it).</summary>
    public long OrganizationId { get; set; }
    public required string OrgPath { get; set; }
    public long CommunityId { get; set; }
    public required string CommunityPath { get; set; }
    public long? ActivityId { get; set; }
    public DateOnly Date { get; set; }
    public TimeOnly From { get; set; }
    public TimeOnly To { get; set; }
    public decimal Hours { get; set; }
    public decimal OutsideHours { get; set; }
    public required string What { get; set; }
    public HoursState State { get; set; }
    public string? VerifiedBy { get; set; }
    public DateOnly? VerifiedOn { get; set; }
    public string? RefusalReason { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public int Version { get; set; }

    public IEnumerable<string?> ScopePaths => [CommunityPath, OrgPath];
    string IAudited.AuditScopePath => CommunityPath;
    string IAudited.AuditId => Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

public static class ReportInNames
{
    public static string Chinese(this RegistrationState state) => state switch
    {
        RegistrationState.Pending => "待社区确认",
        RegistrationState.Confirmed => "已报到",
        RegistrationState.Refused => "社区未同意",
        _ => "已结束",
    };

    public static string Chinese(this HoursState state) => state switch
    {
        HoursState.Reported => "待社区核实",
        HoursState.Verified => "已核实",
        _ => "未核实通过",
    };

    public static string Chinese(this RegistrantKind kind) => kind == RegistrantKind.Unit ? "单位党组织报到" : "在职党员报到";
}

public static class ReportInRules
{
    public const int MaxText = 500;
    public const int MaxName = 100;
    public const int MaxReason = 200;
    public const int MaxQuota = 1000;

    /// <summary>Hours are reported for the last 90 days at most, up to 12 hours in one entry.</summary>
    public const int ReportDaysBack = 90;
    public const int MaxHoursPerEntry = 12;
}

// Stryker disable all : the database mapping is not a rule; MigrationTests compare it with the migrations (docs/testing.md)
internal sealed class RegistrationConfiguration : IEntityTypeConfiguration<Registration>
{
    public void Configure(EntityTypeBuilder<Registration> b)
    {
        b.ToTable("ReportInRegistrations");
        b.Property(r => r.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(r => r.State).HasConversion<string>().HasMaxLength(20);
        b.Property(r => r.CommunityPath).HasMaxLength(400);
        b.Property(r => r.OrgPath).HasMaxLength(400);
        b.Property(r => r.Name).HasMaxLength(ReportInRules.MaxName);
        b.Property(r => r.Offers).HasMaxLength(ReportInRules.MaxText);
        b.Property(r => r.DecidedBy).HasMaxLength(100);
        b.Property(r => r.RefusalReason).HasMaxLength(ReportInRules.MaxReason);
        b.Property(r => r.EndReason).HasMaxLength(ReportInRules.MaxReason);
        b.Property(r => r.RequestedByAccountId).HasMaxLength(64);
        b.Property(r => r.CardCode).HasMaxLength(32);
        b.Property(r => r.HeldKey).HasMaxLength(80);
        b.Property(r => r.Version).IsConcurrencyToken();
        b.HasIndex(r => r.HeldKey).IsUnique();
        b.HasIndex(r => r.CardCode).IsUnique();
        b.HasIndex(r => new { r.CommunityPath, r.State, r.Kind });
        b.HasIndex(r => new { r.OrgPath, r.State });
        b.HasIndex(r => new { r.MemberId, r.State });
    }
}

internal sealed class ServiceActivityConfiguration : IEntityTypeConfiguration<ServiceActivity>
{
    public void Configure(EntityTypeBuilder<ServiceActivity> b)
    {
        b.Property(a => a.CommunityPath).HasMaxLength(400);
        b.Property(a => a.Title).HasMaxLength(ReportInRules.MaxName);
        b.Property(a => a.Description).HasMaxLength(ReportInRules.MaxText);
        b.Property(a => a.Place).HasMaxLength(ReportInRules.MaxName);
        b.HasIndex(a => new { a.CommunityId, a.StartsAt });
    }
}

internal sealed class ActivitySignUpConfiguration : IEntityTypeConfiguration<ActivitySignUp>
{
    public void Configure(EntityTypeBuilder<ActivitySignUp> b)
    {
        b.Property(s => s.MemberName).HasMaxLength(50);
        b.HasIndex(s => new { s.ActivityId, s.MemberId }).IsUnique();
        b.HasIndex(s => s.MemberId);
    }
}

internal sealed class ServiceHoursConfiguration : IEntityTypeConfiguration<ServiceHours>
{
    public void Configure(EntityTypeBuilder<ServiceHours> b)
    {
        b.Property(h => h.MemberName).HasMaxLength(50);
        b.Property(h => h.OrgPath).HasMaxLength(400);
        b.Property(h => h.CommunityPath).HasMaxLength(400);
        b.Property(h => h.Hours).HasPrecision(6, 2);
        b.Property(h => h.OutsideHours).HasPrecision(6, 2);
        b.Property(h => h.What).HasMaxLength(ReportInRules.MaxText);
        b.Property(h => h.State).HasConversion<string>().HasMaxLength(20);
        b.Property(h => h.VerifiedBy).HasMaxLength(100);
        b.Property(h => h.RefusalReason).HasMaxLength(ReportInRules.MaxReason);
        b.Property(h => h.Version).IsConcurrencyToken();
        b.HasIndex(h => new { h.CommunityPath, h.State, h.Date });
        b.HasIndex(h => new { h.OrgPath, h.Date });
        b.HasIndex(h => new { h.MemberId, h.Date });
        // One sign-in per member and activity.
        b.HasIndex(h => new { h.ActivityId, h.MemberId }).IsUnique().HasFilter("\"ActivityId\" IS NOT NULL");
    }
}

/// <summary>SQLite cannot compare or order moments with their offset: an activity's times are stored as UTC ticks there.</summary>
internal sealed class ReportInSqliteConfiguration : Dangjian.Platform.Data.ISqliteModelConfiguration
{
    public void Configure(ModelBuilder builder)
    {
        builder.Entity<ServiceActivity>().Property(a => a.StartsAt).HasConversion(v => v.UtcTicks, v => new DateTimeOffset(v, TimeSpan.Zero));
        builder.Entity<ServiceActivity>().Property(a => a.EndsAt).HasConversion(v => v.UtcTicks, v => new DateTimeOffset(v, TimeSpan.Zero));
        builder.Entity<ServiceActivity>().Property(a => a.SignUpBy).HasConversion(v => v.UtcTicks, v => new DateTimeOffset(v, TimeSpan.Zero));
    }
}
// Stryker restore all

/// <summary>
/// The part of a span of service outside working time (8小时外): all of it on a day off; on a working day, what lies
/// before the start or after the end of the working hours the member's unit kind keeps (a rule).
/// </summary>
public static class OutsideWork
{
    public static decimal Hours(TimeOnly from, TimeOnly to, bool workingDay, int workStartHour, int workEndHour)
    {
        var total = (decimal)(to - from).TotalMinutes;
        if (!workingDay)
        {
            return Round(total);
        }
        var start = new TimeOnly(workStartHour, 0);
        var end = workEndHour >= 24 ? TimeOnly.MaxValue : new TimeOnly(workEndHour, 0);
        var overlapFrom = from > start ? from : start;
        var overlapTo = to < end ? to : end;
        var inside = overlapTo > overlapFrom ? (decimal)(overlapTo - overlapFrom).TotalMinutes : 0;
        return Round(total - inside);
    }

    /// <summary>Minutes as hours to the tenth (90 minutes: 1.5).</summary>
    public static decimal Round(decimal minutes) => decimal.Round(minutes / 60, 1, MidpointRounding.AwayFromZero);
}
