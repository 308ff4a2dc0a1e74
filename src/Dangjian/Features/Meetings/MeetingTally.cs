using Dangjian.Platform.Data;
using Dangjian.Platform.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dangjian.Features.Meetings;

/// <summary>
/// How many closed meetings of one kind an organization has in one period (Beijing time), kept in the same transaction
/// as the close (<see cref="MeetingTallyStep"/>). A period is <see cref="Months"/> long, one of the intervals a rule may
/// ask for, and starts at <see cref="Month"/> (yyyyMM); every meeting is counted once per length. An organization's year
/// is read from its one-month rows (at most 9 × 12); the longer ones say when an organization's count for a quarter or a
/// year goes from none to some, which is what the rollup above it counts (<see cref="MeetingRollup"/>).
/// </summary>
public sealed class MeetingTally
{
    /// <summary>The period lengths kept, in months: every interval the meeting rules allow.</summary>
    public static readonly IReadOnlyList<int> Lengths = [1, 2, 3, 6, 12];

    public long OrganizationId { get; set; }
    public MeetingKind Kind { get; set; }

    /// <summary>The period's length in months (1, 2, 3, 6 or 12).</summary>
    public int Months { get; set; } = 1;

    /// <summary>The period's first month as yyyyMM (202604 for the second quarter).</summary>
    public int Month { get; set; }
    public int Count { get; set; }

    public static int MonthOf(DateOnly day) => day.Year * 100 + day.Month;

    /// <summary>The first month (yyyyMM) of the period of <paramref name="months"/> months that holds <paramref name="month"/> (yyyyMM).</summary>
    public static int PeriodOf(int month, int months) => month / 100 * 100 + MeetingRules.PeriodStartMonth(month % 100, months);
}

// Stryker disable all : the database mapping is not a rule; MigrationTests compare it with the migrations (docs/testing.md)
internal sealed class MeetingTallyConfiguration : IEntityTypeConfiguration<MeetingTally>
{
    public void Configure(EntityTypeBuilder<MeetingTally> b) => b.HasKey(t => new { t.OrganizationId, t.Kind, t.Months, t.Month });
}
// Stryker restore all

/// <summary>
/// A meeting that closes is counted in its organization's periods, in the save that closes it; where that makes the
/// organization's count of a period go from none to one (or back), every ancestor's rollup moves by one. The upsert
/// returns the new count, so two meetings closed at once in one quarter are told apart by the database's row lock and
/// the quarter is counted once.
/// </summary>
internal sealed class MeetingTallyStep : ISaveStep
{
    public int Order => SaveStepOrder.DerivedRows + 200;

    public ISavePass? Plan(AppDb db)
    {
        var deltas = new Dictionary<(long OrganizationId, string Path, MeetingKind Kind, int Months, int Month), int>();
        foreach (var entry in db.ChangeTracker.Entries<Meeting>())
        {
            var wasClosed = entry.State is EntityState.Modified or EntityState.Deleted
                && entry.OriginalValue<MeetingStatus>(nameof(Meeting.Status)) == MeetingStatus.Closed;
            var isClosed = entry.State is EntityState.Added or EntityState.Modified && entry.Entity.Status == MeetingStatus.Closed;
            if (wasClosed == isClosed)
            {
                continue;
            }
            var m = entry.Entity;
            foreach (var months in MeetingTally.Lengths)
            {
                var key = (m.OrganizationId, m.OrgPath, m.Kind, months, MeetingTally.PeriodOf(MeetingTally.MonthOf(m.Day), months));
                deltas[key] = deltas.GetValueOrDefault(key) + (isClosed ? 1 : -1);
            }
        }
        return deltas.Count == 0 ? null : new Pass(deltas);
    }

    private sealed class Pass(Dictionary<(long OrganizationId, string Path, MeetingKind Kind, int Months, int Month), int> deltas) : ISavePass
    {
        public async Task BeforeWriteAsync(AppDb db, CancellationToken ct)
        {
            var rollup = new Dictionary<MeetingRollup.Key, int>();
            foreach (var ((organizationId, path, kind, months, month), amount) in deltas
                .Where(d => d.Value != 0)
                .OrderBy(d => d.Key.OrganizationId).ThenBy(d => d.Key.Kind).ThenBy(d => d.Key.Months).ThenBy(d => d.Key.Month))
            {
                var now = (await db.Database.SqlQueryRaw<int>(
                    "INSERT INTO \"MeetingTallies\" (\"OrganizationId\", \"Kind\", \"Months\", \"Month\", \"Count\") VALUES ({0}, {1}, {2}, {3}, {4}) "
                    + "ON CONFLICT (\"OrganizationId\", \"Kind\", \"Months\", \"Month\") DO UPDATE SET \"Count\" = \"MeetingTallies\".\"Count\" + excluded.\"Count\" "
                    + "RETURNING \"Count\" AS \"Value\"",
                    organizationId, kind.ToString(), months, month, amount).ToListAsync(ct)).Single();
                var before = now - amount;
                var change = before <= 0 && now > 0 ? 1 : before > 0 && now <= 0 ? -1 : 0;
                if (change != 0)
                {
                    MeetingRollup.Add(rollup, path, kind, months, month, change);
                }
            }
            await MeetingRollup.ApplyAsync(db, rollup, ct);
        }
    }
}

internal static class EntryValues
{
    public static T OriginalValue<T>(this EntityEntry entry, string property) => (T)entry.Property(property).OriginalValue!;
}
