using Dangjian.Platform.Data;
using Dangjian.Platform.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dangjian.Features.Meetings;

/// <summary>
/// How many closed meetings of one kind an organization has in one month (Beijing time, as yyyyMM), kept in the same
/// transaction as the close (<see cref="MeetingTallyStep"/>). Whether a month, quarter or year is done is a sum of
/// these rows, so that a branch's year is at most 9 × 12 rows however many meetings it held.
/// </summary>
public sealed class MeetingTally
{
    public long OrganizationId { get; set; }
    public MeetingKind Kind { get; set; }

    /// <summary>The month as yyyyMM (202603).</summary>
    public int Month { get; set; }
    public int Count { get; set; }

    public static int MonthOf(DateOnly day) => day.Year * 100 + day.Month;
}

// Stryker disable all : the database mapping is not a rule; MigrationTests compare it with the migrations (docs/testing.md)
internal sealed class MeetingTallyConfiguration : IEntityTypeConfiguration<MeetingTally>
{
    public void Configure(EntityTypeBuilder<MeetingTally> b) => b.HasKey(t => new { t.OrganizationId, t.Kind, t.Month });
}
// Stryker restore all

/// <summary>A meeting that closes is counted in its organization's month, in the save that closes it.</summary>
internal sealed class MeetingTallyStep : ISaveStep
{
    public int Order => SaveStepOrder.DerivedRows + 200;

    public ISavePass? Plan(AppDb db)
    {
        var deltas = new Dictionary<(long OrganizationId, MeetingKind Kind, int Month), int>();
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
            var key = (m.OrganizationId, m.Kind, MeetingTally.MonthOf(m.Day));
            deltas[key] = deltas.GetValueOrDefault(key) + (isClosed ? 1 : -1);
        }
        return deltas.Count == 0 ? null : new Pass(deltas);
    }

    private sealed class Pass(Dictionary<(long OrganizationId, MeetingKind Kind, int Month), int> deltas) : ISavePass
    {
        public async Task BeforeWriteAsync(AppDb db, CancellationToken ct)
        {
            foreach (var ((organizationId, kind, month), amount) in deltas.OrderBy(d => d.Key.OrganizationId).ThenBy(d => d.Key.Kind).ThenBy(d => d.Key.Month))
            {
                await db.Database.ExecuteSqlRawAsync(
                    "INSERT INTO \"MeetingTallies\" (\"OrganizationId\", \"Kind\", \"Month\", \"Count\") VALUES ({0}, {1}, {2}, {3}) "
                    + "ON CONFLICT (\"OrganizationId\", \"Kind\", \"Month\") DO UPDATE SET \"Count\" = \"MeetingTallies\".\"Count\" + excluded.\"Count\"",
                    [organizationId, kind.ToString(), month, amount], ct);
            }
        }
    }
}

internal static class EntryValues
{
    public static T OriginalValue<T>(this EntityEntry entry, string property) => (T)entry.Property(property).OriginalValue!;
}
