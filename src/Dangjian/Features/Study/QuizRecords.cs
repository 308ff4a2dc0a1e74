using System.Globalization;
using Dangjian.Platform.Audit;
using Dangjian.Platform.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dangjian.Features.Study;

public enum QuestionKind
{
    SingleChoice,
    MultipleChoice,
    TrueFalse,
}

public static class QuestionKindNames
{
    public static string Chinese(this QuestionKind kind) => kind switch
    {
        QuestionKind.SingleChoice => "单选题",
        QuestionKind.MultipleChoice => "多选题",
        _ => "判断题",
    };
}

/// <summary>An organization's bank of questions (题库), from which contest papers are drawn.</summary>
public sealed class QuestionBank : IAudited, IScoped
{
    public long Id { get; set; }
    public long OrganizationId { get; set; }
    public required string OrgPath { get; set; }
    public required string Title { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public List<Question> Questions { get; set; } = [];

    public IEnumerable<string?> ScopePaths => [OrgPath];

    string IAudited.AuditScopePath => OrgPath;

    string IAudited.AuditId => Id.ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// One question: its options (A, B, … in order; 正确 and 错误 for a true/false question) and the letters of the right
/// ones ("B", "ACD"). Retired rather than deleted, so that papers already drawn keep their questions.
/// </summary>
public sealed class Question : IAudited
{
    public long Id { get; set; }
    public long BankId { get; set; }
    public required string OrgPath { get; set; }
    public QuestionKind Kind { get; set; }
    public required string Text { get; set; }

    /// <summary>The options, one per line.</summary>
    public required string Options { get; set; }
    public required string Answer { get; set; }
    public string? Explanation { get; set; }
    public bool Retired { get; set; }

    public IReadOnlyList<string> OptionList => Options.Split('\n');

    string IAudited.AuditScopePath => OrgPath;

    string IAudited.AuditId => Id.ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// A knowledge contest or quiz (知识竞赛, 答题) for the members of an organization's subtree: how many questions of each
/// kind are drawn from which bank, the points of each, the time a member has once they start, and the window in which
/// they may start and submit.
/// </summary>
public sealed class Contest : IAudited, IScoped
{
    public long Id { get; set; }
    public long OrganizationId { get; set; }
    public required string OrgPath { get; set; }
    public required string Title { get; set; }
    public long BankId { get; set; }
    public int SingleCount { get; set; }
    public int MultipleCount { get; set; }
    public int TrueFalseCount { get; set; }
    public int SinglePoints { get; set; }
    public int MultiplePoints { get; set; }
    public int TrueFalsePoints { get; set; }
    public int TimeLimitMinutes { get; set; }
    public DateTimeOffset OpensAt { get; set; }
    public DateTimeOffset ClosesAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    public int QuestionCount => SingleCount + MultipleCount + TrueFalseCount;

    public int FullMarks => SingleCount * SinglePoints + MultipleCount * MultiplePoints + TrueFalseCount * TrueFalsePoints;

    public IEnumerable<string?> ScopePaths => [OrgPath];

    string IAudited.AuditScopePath => OrgPath;

    string IAudited.AuditId => Id.ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// A member's paper in a contest: the questions drawn for them when they started, the time it is due, and once submitted
/// their answers and score. One per member and contest (a unique key), submitted once (a version check).
/// </summary>
public sealed class ContestPaper : IAudited, IScoped
{
    public long Id { get; set; }
    public long ContestId { get; set; }
    public long MemberId { get; set; }
    public required string MemberName { get; set; }

    /// <summary>The member's organization and its path when they started.</summary>
    public long OrganizationId { get; set; }
    public required string OrgPath { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset DueAt { get; set; }

    /// <summary>The drawn question ids in the order shown, comma-separated.</summary>
    public required string QuestionIds { get; set; }

    /// <summary>The answers as submitted, one "id:letters" per question, comma-separated.</summary>
    public string? Answers { get; set; }
    public DateTimeOffset? SubmittedAt { get; set; }
    public int? Score { get; set; }
    public int? Correct { get; set; }

    /// <summary>Seconds from start to submission: on equal scores the quicker ranks first.</summary>
    public int? SecondsUsed { get; set; }
    public int Version { get; set; }

    public IReadOnlyList<long> QuestionIdList => [.. QuestionIds.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => long.Parse(s, CultureInfo.InvariantCulture))];

    public IEnumerable<string?> ScopePaths => [OrgPath];

    string IAudited.AuditScopePath => OrgPath;

    string IAudited.AuditId => Id.ToString(CultureInfo.InvariantCulture);
}

// Stryker disable all : the database mapping is not a rule; MigrationTests compare it with the migrations (docs/testing.md)
internal sealed class QuizConfiguration : IEntityTypeConfiguration<QuestionBank>, IEntityTypeConfiguration<Question>,
    IEntityTypeConfiguration<Contest>, IEntityTypeConfiguration<ContestPaper>
{
    public void Configure(EntityTypeBuilder<QuestionBank> b)
    {
        b.Property(x => x.OrgPath).HasMaxLength(400);
        b.Property(x => x.Title).HasMaxLength(100);
        b.HasIndex(x => x.OrgPath);
        b.HasMany(x => x.Questions).WithOne().HasForeignKey(q => q.BankId);
    }

    public void Configure(EntityTypeBuilder<Question> b)
    {
        b.Property(x => x.OrgPath).HasMaxLength(400);
        b.Property(x => x.Text).HasMaxLength(500);
        b.Property(x => x.Options).HasMaxLength(1300);
        b.Property(x => x.Answer).HasMaxLength(6);
        b.Property(x => x.Explanation).HasMaxLength(500);
        b.Ignore(x => x.OptionList);
        b.HasIndex(x => new { x.BankId, x.Kind });
    }

    public void Configure(EntityTypeBuilder<Contest> b)
    {
        b.Property(x => x.OrgPath).HasMaxLength(400);
        b.Property(x => x.Title).HasMaxLength(100);
        b.HasIndex(x => new { x.OrgPath, x.OpensAt });
        b.HasOne<QuestionBank>().WithMany().HasForeignKey(x => x.BankId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<ContestPaper> b)
    {
        b.Property(x => x.MemberName).HasMaxLength(50);
        b.Property(x => x.OrgPath).HasMaxLength(400);
        b.Property(x => x.QuestionIds).HasMaxLength(2000);
        b.Property(x => x.Answers).HasMaxLength(4000);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.Ignore(x => x.QuestionIdList);
        b.HasIndex(x => new { x.ContestId, x.MemberId }).IsUnique();
        b.HasIndex(x => new { x.ContestId, x.Score, x.SecondsUsed });
        b.HasIndex(x => x.MemberId);
        b.HasOne<Contest>().WithMany().HasForeignKey(x => x.ContestId);
    }
}

/// <summary>SQLite cannot compare or order moments with their offset: a contest's window is stored as UTC ticks there.</summary>
internal sealed class ContestSqliteConfiguration : Dangjian.Platform.Data.ISqliteModelConfiguration
{
    public void Configure(ModelBuilder builder)
    {
        builder.Entity<Contest>().Property(c => c.OpensAt).HasConversion(v => v.UtcTicks, v => new DateTimeOffset(v, TimeSpan.Zero));
        builder.Entity<Contest>().Property(c => c.ClosesAt).HasConversion(v => v.UtcTicks, v => new DateTimeOffset(v, TimeSpan.Zero));
    }
}
// Stryker restore all
