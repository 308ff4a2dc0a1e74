using Dangjian.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dangjian.Platform.Activity;

/// <summary>
/// One dated line of what a member did (attended a meeting, studied for hours, scored in a contest, was graded): the
/// activity record that points and rankings are computed from, so that they never read the features' own tables. A
/// feature writes its lines with <see cref="ActivityLedger"/> in the same save, so the same transaction, as the record
/// they come from. Lines are never edited or deleted: a correction of the source adds a reversal (the same line with the
/// opposite quantity, pointing at the line it reverses) and, where it applies, a new line.
/// </summary>
public sealed class ActivityEntry
{
    public long Id { get; set; }
    public long MemberId { get; set; }

    /// <summary>The member's organization when the line was written.</summary>
    public long OrganizationId { get; set; }

    /// <summary>The path of that organization (moved with it): who may read the line.</summary>
    public required string OrgPath { get; set; }

    /// <summary>What was done: <see cref="ActivityKinds"/>.</summary>
    public required string Kind { get; set; }

    /// <summary>The finer sort within the kind, e.g. the meeting type (BranchGeneralMeeting) and the attendance (Present).</summary>
    public string Detail { get; set; } = "";

    /// <summary>The day it happened, in Beijing time.</summary>
    public DateOnly OccurredOn { get; set; }

    /// <summary>How much: 1 for an attendance, class hours for study, the score of a paper.</summary>
    public decimal Quantity { get; set; }

    /// <summary>The record it comes from: its entity type and id.</summary>
    public required string SourceType { get; set; }
    public long SourceId { get; set; }

    /// <summary>Set on a reversal: the line it cancels.</summary>
    public long? Reverses { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
}

/// <summary>The kinds of activity lines. A feature adds its own; the later points rules name them.</summary>
public static class ActivityKinds
{
    public const string MeetingAttendance = "meeting-attendance";
    public const string StudyHours = "study-hours";
    public const string ContestScore = "contest-score";
    public const string EvaluationGrade = "evaluation-grade";
    public const string HomeStudy = "home-study";
    public const string WishClaimed = "wish-claimed";
    public const string WishFulfilled = "wish-fulfilled";

    /// <summary>The resident's rating (1–5) of a wish the member fulfilled.</summary>
    public const string WishRating = "wish-rating";

    /// <summary>A home visit a member of a service team made (预约上门服务); the detail names the service.</summary>
    public const string HomeVisit = "home-visit";

    /// <summary>The resident's rating (1–5) of a home visit the member made.</summary>
    public const string HomeVisitRating = "home-visit-rating";

    /// <summary>Hours served in a community the member reported in to (双报到), verified by the community.</summary>
    public const string ServiceHours = "service-hours";

    /// <summary>The part of those hours outside working time (8小时外), by the working time of the member's unit kind.</summary>
    public const string ServiceHoursOutsideWork = "service-hours-outside-work";
}

// Stryker disable all : the database mapping is not a rule; MigrationTests compare it with the migrations (docs/testing.md)
internal sealed class ActivityEntryConfiguration : IEntityTypeConfiguration<ActivityEntry>
{
    public void Configure(EntityTypeBuilder<ActivityEntry> b)
    {
        b.Property(a => a.OrgPath).HasMaxLength(400);
        b.Property(a => a.Kind).HasMaxLength(40);
        b.Property(a => a.Detail).HasMaxLength(80);
        b.Property(a => a.SourceType).HasMaxLength(60);
        b.Property(a => a.Quantity).HasPrecision(18, 2);
        b.HasIndex(a => new { a.MemberId, a.OccurredOn });
        b.HasIndex(a => new { a.SourceType, a.SourceId });
        b.HasIndex(a => new { a.OrgPath, a.OccurredOn });
    }
}
// Stryker restore all

/// <summary>Writes activity lines into the caller's save: nothing here saves, so the lines commit with their source.</summary>
public static class ActivityLedger
{
    public static ActivityEntry Record(AppDb db, long memberId, string orgPath, string kind, string detail, DateOnly on, decimal quantity,
        string sourceType, long sourceId)
    {
        var entry = new ActivityEntry
        {
            MemberId = memberId, OrganizationId = OrgPath.Ids(orgPath)[^1], OrgPath = orgPath, Kind = kind, Detail = detail, OccurredOn = on, Quantity = quantity,
            SourceType = sourceType, SourceId = sourceId, RecordedAt = db.Clock.GetUtcNow(),
        };
        db.ActivityEntries.Add(entry);
        return entry;
    }

    /// <summary>
    /// Reverses every standing line of a source (for one member, or all): each gets its opposite, so the sums drop the
    /// source while the history keeps what was once recorded. Returns the reversals added.
    /// </summary>
    public static async Task<int> ReverseAsync(AppDb db, string sourceType, long sourceId, long? memberId, CancellationToken ct)
    {
        var lines = await db.ActivityEntries.AsNoTracking()
            .Where(a => a.SourceType == sourceType && a.SourceId == sourceId && (memberId == null || a.MemberId == memberId))
            .ToListAsync(ct);
        var reversed = lines.Where(l => l.Reverses is not null).Select(l => l.Reverses!.Value).ToHashSet();
        var standing = lines.Where(l => l.Reverses is null && !reversed.Contains(l.Id)).ToList();
        foreach (var line in standing)
        {
            db.ActivityEntries.Add(new ActivityEntry
            {
                MemberId = line.MemberId, OrganizationId = line.OrganizationId, OrgPath = line.OrgPath, Kind = line.Kind, Detail = line.Detail, OccurredOn = line.OccurredOn,
                Quantity = -line.Quantity, SourceType = line.SourceType, SourceId = line.SourceId, Reverses = line.Id,
                RecordedAt = db.Clock.GetUtcNow(),
            });
        }
        return standing.Count;
    }
}

