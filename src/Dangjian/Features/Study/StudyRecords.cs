using System.Globalization;
using Dangjian.Platform.Audit;
using Dangjian.Platform.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dangjian.Features.Study;

public enum TrainingStatus
{
    Open,
    Closed,
}

/// <summary>Why a member is taught at home rather than in the branch's classes.</summary>
public enum HomeStudyReason
{
    Elderly,
    Sick,
    Disabled,
    Other,
}

public static class StudyNames
{
    public static string Chinese(this TrainingStatus status) => status == TrainingStatus.Open ? "进行中" : "已结业";

    public static string Chinese(this HomeStudyReason reason) => reason switch
    {
        HomeStudyReason.Elderly => "年老体弱",
        HomeStudyReason.Sick => "患病",
        HomeStudyReason.Disabled => "残疾、行动不便",
        _ => "其他",
    };
}

/// <summary>
/// A training class (培训班) run by an organization for members of its subtree, and for others it trains (致富带头人,
/// 种植户, who have no member record): its dates and class hours, its roster and who attended for how many hours. When it
/// ends, each attending member's hours become a study line of the activity record; a later correction reverses the line
/// and writes the corrected one.
/// </summary>
public sealed class TrainingClass : IAudited, IScoped
{
    public long Id { get; set; }
    public long OrganizationId { get; set; }
    public required string OrgPath { get; set; }
    public required string Title { get; set; }
    public required string Organizer { get; set; }
    public string Place { get; set; } = "";
    public DateOnly StartsOn { get; set; }
    public DateOnly EndsOn { get; set; }
    public decimal ClassHours { get; set; }
    public TrainingStatus Status { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    public int Version { get; set; }
    public List<TrainingParticipant> Participants { get; set; } = [];

    public IEnumerable<string?> ScopePaths => [OrgPath];

    string IAudited.AuditScopePath => OrgPath;

    string IAudited.AuditId => Id.ToString(CultureInfo.InvariantCulture);
}

/// <summary>One person on a class's roster: a member of the subtree, or a trainee without a member record (no member id).</summary>
public sealed class TrainingParticipant : IAudited
{
    public long Id { get; set; }
    public long ClassId { get; set; }
    public long? MemberId { get; set; }
    public required string Name { get; set; }

    /// <summary>The class's path, where the row's audit lines are filed.</summary>
    public required string OrgPath { get; set; }

    /// <summary>Null until marked.</summary>
    public bool? Attended { get; set; }

    /// <summary>The class hours credited (the class's hours unless part was missed).</summary>
    public decimal? Hours { get; set; }

    string IAudited.AuditScopePath => OrgPath;

    string IAudited.AuditId => Id.ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// Study delivered home (送学上门): who visited which old or sick member, when, what was studied and for how long. The
/// member's hours count towards the year's study target; each visiting member's line records the service.
/// </summary>
public sealed class HomeStudyVisit : IAudited, IScoped
{
    public long Id { get; set; }

    /// <summary>The visited member's organization and its path.</summary>
    public long OrganizationId { get; set; }
    public required string OrgPath { get; set; }
    public long MemberId { get; set; }
    public required string MemberName { get; set; }
    public HomeStudyReason Reason { get; set; }
    public DateOnly VisitedOn { get; set; }
    public required string Content { get; set; }
    public decimal Hours { get; set; }

    /// <summary>The visitors' names as written (members and others, e.g. a 村医 or a volunteer).</summary>
    public required string VisitorNames { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
    public string RecordedBy { get; set; } = "";

    /// <summary>Set when the visit was withdrawn as recorded in error: its lines are reversed, the row kept.</summary>
    public DateTimeOffset? WithdrawnAt { get; set; }
    public List<HomeStudyVisitor> Visitors { get; set; } = [];

    public IEnumerable<string?> ScopePaths => [OrgPath];

    string IAudited.AuditScopePath => OrgPath;

    string IAudited.AuditId => Id.ToString(CultureInfo.InvariantCulture);
}

/// <summary>A member among a home visit's visitors.</summary>
public sealed class HomeStudyVisitor
{
    public long Id { get; set; }
    public long VisitId { get; set; }
    public long MemberId { get; set; }
}

// Stryker disable all : the database mapping is not a rule; MigrationTests compare it with the migrations (docs/testing.md)
internal sealed class StudyConfiguration : IEntityTypeConfiguration<TrainingClass>, IEntityTypeConfiguration<TrainingParticipant>,
    IEntityTypeConfiguration<HomeStudyVisit>, IEntityTypeConfiguration<HomeStudyVisitor>
{
    public void Configure(EntityTypeBuilder<TrainingClass> b)
    {
        b.Property(c => c.OrgPath).HasMaxLength(400);
        b.Property(c => c.Title).HasMaxLength(100);
        b.Property(c => c.Organizer).HasMaxLength(100);
        b.Property(c => c.Place).HasMaxLength(100);
        b.Property(c => c.ClassHours).HasPrecision(6, 1);
        b.Property(c => c.Version).IsConcurrencyToken();
        b.HasIndex(c => new { c.OrgPath, c.StartsOn });
        b.HasMany(c => c.Participants).WithOne().HasForeignKey(p => p.ClassId);
    }

    public void Configure(EntityTypeBuilder<TrainingParticipant> b)
    {
        b.Property(p => p.Name).HasMaxLength(50);
        b.Property(p => p.OrgPath).HasMaxLength(400);
        b.Property(p => p.Hours).HasPrecision(6, 1);
        b.HasIndex(p => new { p.ClassId, p.MemberId }).IsUnique();
        b.HasIndex(p => p.MemberId);
    }

    public void Configure(EntityTypeBuilder<HomeStudyVisit> b)
    {
        b.Property(v => v.OrgPath).HasMaxLength(400);
        b.Property(v => v.MemberName).HasMaxLength(50);
        b.Property(v => v.Content).HasMaxLength(1000);
        b.Property(v => v.VisitorNames).HasMaxLength(200);
        b.Property(v => v.RecordedBy).HasMaxLength(100);
        b.Property(v => v.Hours).HasPrecision(6, 1);
        b.HasIndex(v => new { v.OrgPath, v.VisitedOn });
        b.HasIndex(v => v.MemberId);
        b.HasMany(v => v.Visitors).WithOne().HasForeignKey(x => x.VisitId);
    }

    public void Configure(EntityTypeBuilder<HomeStudyVisitor> b)
    {
        b.HasIndex(x => new { x.VisitId, x.MemberId }).IsUnique();
    }
}
// Stryker restore all
