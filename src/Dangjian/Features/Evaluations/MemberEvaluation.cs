using System.Globalization;
using Dangjian.Platform.Audit;
using Dangjian.Platform.Data;
using Dangjian.Platform.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dangjian.Features.Evaluations;

public enum EvaluationGrade
{
    Excellent,
    Qualified,
    BasicallyQualified,
    Unqualified,
}

public enum EvaluationStatus
{
    Open,
    Closed,
}

public static class EvaluationNames
{
    public static string Chinese(this EvaluationGrade grade) => grade switch
    {
        EvaluationGrade.Excellent => "优秀",
        EvaluationGrade.Qualified => "合格",
        EvaluationGrade.BasicallyQualified => "基本合格",
        EvaluationGrade.Unqualified => "不合格",
        _ => grade.ToString(),
    };

    public static string Chinese(this EvaluationStatus status) => status == EvaluationStatus.Open ? "评议中" : "已结束";
}

/// <summary>
/// A branch's democratic evaluation of its members for one year (民主评议党员): a row per member in good standing
/// or reserved when it opens, with their self-assessment, the peer review, the branch's vote and the grade; closed once
/// every member is graded, when the grades are written to the activity record.
/// </summary>
public sealed class MemberEvaluation : IAudited, IScoped
{
    public long Id { get; set; }
    public long OrganizationId { get; set; }
    public required string OrgPath { get; set; }
    public int Year { get; set; }
    public EvaluationStatus Status { get; set; }
    public DateTimeOffset OpenedAt { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    public string? ClosedBy { get; set; }
    public int Version { get; set; }
    public List<MemberEvaluationEntry> Entries { get; set; } = [];

    public IEnumerable<string?> ScopePaths => [OrgPath];

    string IAudited.AuditScopePath => OrgPath;

    string IAudited.AuditId => Id.ToString(CultureInfo.InvariantCulture);
}

public sealed class MemberEvaluationEntry : IAudited
{
    public long Id { get; set; }
    public long EvaluationId { get; set; }
    public long MemberId { get; set; }
    public required string MemberName { get; set; }
    public required string OrgPath { get; set; }
    public string? SelfAssessment { get; set; }
    public string? PeerReview { get; set; }

    /// <summary>Yes votes of the branch for the grade given.</summary>
    public int? VotesFor { get; set; }
    public EvaluationGrade? Grade { get; set; }

    /// <summary>For 不合格: what the branch does about it (限期改正, 劝其退党…), listed for follow-up.</summary>
    public string? FollowUp { get; set; }

    string IAudited.AuditScopePath => OrgPath;

    string IAudited.AuditId => Id.ToString(CultureInfo.InvariantCulture);
}

// Stryker disable all : the database mapping is not a rule; MigrationTests compare it with the migrations (docs/testing.md)
internal sealed class MemberEvaluationConfiguration : IEntityTypeConfiguration<MemberEvaluation>, IEntityTypeConfiguration<MemberEvaluationEntry>
{
    public void Configure(EntityTypeBuilder<MemberEvaluation> b)
    {
        b.Property(e => e.OrgPath).HasMaxLength(400);
        b.Property(e => e.ClosedBy).HasMaxLength(100);
        b.Property(e => e.Version).IsConcurrencyToken();
        b.HasIndex(e => new { e.OrganizationId, e.Year }).IsUnique();
        b.HasIndex(e => new { e.OrgPath, e.Year });
        b.HasMany(e => e.Entries).WithOne().HasForeignKey(x => x.EvaluationId);
    }

    public void Configure(EntityTypeBuilder<MemberEvaluationEntry> b)
    {
        b.Property(e => e.MemberName).HasMaxLength(50);
        b.Property(e => e.OrgPath).HasMaxLength(400);
        b.Property(e => e.SelfAssessment).HasMaxLength(2000);
        b.Property(e => e.PeerReview).HasMaxLength(2000);
        b.Property(e => e.FollowUp).HasMaxLength(500);
        b.HasIndex(e => new { e.EvaluationId, e.MemberId }).IsUnique();
    }
}
// Stryker restore all
