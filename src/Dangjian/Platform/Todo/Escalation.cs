using Dangjian.Platform.Audit;
using Dangjian.Platform.Data;
using Dangjian.Platform.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dangjian.Platform.Todo;

/// <summary>The two steps of escalating an overdue stage: pressing (催办) its owner, and supervision (督办) by the level above.</summary>
public enum EscalationLevel
{
    Pressed,
    Supervised,
}

/// <summary>
/// One pressing or supervision of one stage of a request (a wish waiting to be claimed, a booking not done): who did
/// it, from which organization, on which day, the stage's deadline it was past, and what they said. Kept for the
/// record of the request and its timeline; the request itself keeps only when it was last pressed and supervised.
/// </summary>
public sealed class Escalation : IAudited, IScoped
{
    public long Id { get; set; }

    /// <summary>The request: its entity type and id.</summary>
    public required string SourceType { get; set; }
    public long SourceId { get; set; }

    /// <summary>The request's organization (moved with it): who may read the line.</summary>
    public long OrganizationId { get; set; }
    public required string OrgPath { get; set; }

    /// <summary>The stage that was overdue, in the request's own words ("待认领").</summary>
    public required string Stage { get; set; }
    public EscalationLevel Level { get; set; }

    /// <summary>The stage's deadline when it was escalated.</summary>
    public DateOnly Deadline { get; set; }
    public DateOnly On { get; set; }
    public required string Note { get; set; }
    public required string ByAccountId { get; set; }
    public required string ByName { get; set; }
    public long ByOrganizationId { get; set; }
    public DateTimeOffset At { get; set; }

    public IEnumerable<string?> ScopePaths => [OrgPath];

    string IAudited.AuditScopePath => OrgPath;

    string IAudited.AuditId => Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

// Stryker disable all : the database mapping is not a rule; MigrationTests compare it with the migrations (docs/testing.md)
internal sealed class EscalationConfiguration : IEntityTypeConfiguration<Escalation>
{
    public void Configure(EntityTypeBuilder<Escalation> b)
    {
        b.Property(e => e.SourceType).HasMaxLength(60);
        b.Property(e => e.OrgPath).HasMaxLength(400);
        b.Property(e => e.Stage).HasMaxLength(40);
        b.Property(e => e.Level).HasConversion<string>().HasMaxLength(20);
        b.Property(e => e.Note).HasMaxLength(500);
        b.Property(e => e.ByAccountId).HasMaxLength(64);
        b.Property(e => e.ByName).HasMaxLength(100);
        b.HasIndex(e => new { e.SourceType, e.SourceId });
        b.HasIndex(e => new { e.OrgPath, e.On });
    }
}
// Stryker restore all

public static class EscalationNames
{
    public static string Chinese(this EscalationLevel level) => level == EscalationLevel.Pressed ? "催办" : "督办";
}

/// <summary>
/// When a stage may be pressed and supervised, and by whom. A stage is pressed once it is overdue, by anyone whose
/// subtree holds the request (the community itself, or above); it is supervised once it has been overdue for the
/// second limit, and only from an organization above the request's own (the level above, 上级督办).
/// </summary>
public static class EscalationRules
{
    public const int MaxNote = 500;

    public static string? PressRefusal(DateOnly deadline, DateOnly today) =>
        today > deadline ? null : $"尚未逾期（期限{deadline:yyyy年M月d日}），不能催办";

    /// <param name="supervisedFrom">The first day supervision is due: the deadline plus the rule's working days.</param>
    public static string? SuperviseRefusal(DateOnly supervisedFrom, DateOnly today, string recordPath, string callerPath) =>
        today < supervisedFrom ? $"逾期未满督办期限，{supervisedFrom:yyyy年M月d日}起可以督办；此前请先催办"
        : !(recordPath.Length > callerPath.Length && recordPath.StartsWith(callerPath, StringComparison.Ordinal)) ? "督办由上级组织进行，本级请使用催办"
        : null;

    /// <summary>Where a stage stands by its deadline, with supervision shown apart from plain lateness.</summary>
    public static string StateName(DateOnly deadline, DateOnly supervisedFrom, DateOnly today) =>
        today >= supervisedFrom ? "逾期待督办" : Deadlines.Of(deadline, today).Chinese();
}

/// <summary>Adds escalations into the caller's save (nothing here saves), and reads a request's.</summary>
public static class Escalations
{
    public static Escalation Add(AppDb db, CurrentUser.Account by, string sourceType, long sourceId, long organizationId, string orgPath, string stage,
        EscalationLevel level, DateOnly deadline, DateOnly today, string note)
    {
        var escalation = new Escalation
        {
            SourceType = sourceType, SourceId = sourceId, OrganizationId = organizationId, OrgPath = orgPath, Stage = stage, Level = level,
            Deadline = deadline, On = today, Note = note, ByAccountId = by.UserId, ByName = by.DisplayName, ByOrganizationId = by.OrganizationId,
            At = db.Clock.GetUtcNow(),
        };
        db.Escalations.Add(escalation);
        return escalation;
    }

    public static async Task<IReadOnlyList<Escalation>> OfAsync(AppDb db, string sourceType, long sourceId, CancellationToken ct) =>
        await db.Escalations.AsNoTracking().Where(e => e.SourceType == sourceType && e.SourceId == sourceId).OrderBy(e => e.Id).ToListAsync(ct);
}
