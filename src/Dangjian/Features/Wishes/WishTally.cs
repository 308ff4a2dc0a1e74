using Dangjian.Features.Meetings;
using Dangjian.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dangjian.Features.Wishes;

/// <summary>
/// A community's wishes counted, kept in the same transaction as every change of a wish (<see cref="WishTallyStep"/>),
/// so that a city's figures read one row per community instead of every wish: sent (not counting refused ones),
/// claimed, fulfilled, open on the wall, rated with the sum of ratings, and the sum of days from sending to fulfilment.
/// </summary>
public sealed class WishTally
{
    public long OrganizationId { get; set; }
    public required string OrgPath { get; set; }
    public int Sent { get; set; }
    public int Claimed { get; set; }
    public int Fulfilled { get; set; }
    public int Open { get; set; }
    public int Rated { get; set; }
    public long RatingSum { get; set; }
    public long DaysSum { get; set; }

    /// <summary>What one wish adds to its community's tally as it stands.</summary>
    internal static (int Sent, int Claimed, int Fulfilled, int Open, int Rated, long RatingSum, long DaysSum) Of(WishState state, DateOnly submittedOn,
        DateOnly? claimedOn, DateOnly? fulfilledOn, int? rating) =>
        state == WishState.Refused ? default
        : (1, claimedOn is null ? 0 : 1, fulfilledOn is null ? 0 : 1, state == WishState.Open ? 1 : 0, rating is null ? 0 : 1, rating ?? 0,
            fulfilledOn is { } f ? f.DayNumber - submittedOn.DayNumber : 0);
}

// Stryker disable all : the database mapping is not a rule; MigrationTests compare it with the migrations (docs/testing.md)
internal sealed class WishTallyConfiguration : IEntityTypeConfiguration<WishTally>
{
    public void Configure(EntityTypeBuilder<WishTally> b)
    {
        b.HasKey(t => t.OrganizationId);
        b.Property(t => t.OrganizationId).ValueGeneratedNever();
        b.Property(t => t.OrgPath).HasMaxLength(400);
        b.HasIndex(t => t.OrgPath);
    }
}
// Stryker restore all

/// <summary>Moves a community's tally by what each changed wish added before and adds now, in the save that changes it.</summary>
internal sealed class WishTallyStep : ISaveStep
{
    public int Order => SaveStepOrder.DerivedRows + 300;

    public ISavePass? Plan(AppDb db)
    {
        var deltas = new Dictionary<(long OrganizationId, string Path), long[]>();
        foreach (var entry in db.ChangeTracker.Entries<Wish>())
        {
            var w = entry.Entity;
            var now = entry.State is EntityState.Added or EntityState.Modified ? WishTally.Of(w.State, w.SubmittedOn, w.ClaimedOn, w.FulfilledOn, w.Rating) : default;
            var before = entry.State is EntityState.Modified or EntityState.Deleted
                ? WishTally.Of(entry.OriginalValue<WishState>(nameof(Wish.State)), entry.OriginalValue<DateOnly>(nameof(Wish.SubmittedOn)),
                    entry.OriginalValue<DateOnly?>(nameof(Wish.ClaimedOn)), entry.OriginalValue<DateOnly?>(nameof(Wish.FulfilledOn)), entry.OriginalValue<int?>(nameof(Wish.Rating)))
                : default;
            long[] change = [now.Sent - before.Sent, now.Claimed - before.Claimed, now.Fulfilled - before.Fulfilled, now.Open - before.Open, now.Rated - before.Rated,
                now.RatingSum - before.RatingSum, now.DaysSum - before.DaysSum];
            if (change.All(c => c == 0))
            {
                continue;
            }
            var key = (w.OrganizationId, w.OrgPath);
            var sum = deltas.TryGetValue(key, out var existing) ? existing : deltas[key] = new long[7];
            for (var i = 0; i < 7; i++)
            {
                sum[i] += change[i];
            }
        }
        return deltas.Count == 0 ? null : new Pass(deltas);
    }

    private sealed class Pass(Dictionary<(long OrganizationId, string Path), long[]> deltas) : ISavePass
    {
        public async Task BeforeWriteAsync(AppDb db, CancellationToken ct)
        {
            foreach (var ((organizationId, path), d) in deltas.OrderBy(d => d.Key.OrganizationId))
            {
                await db.Database.ExecuteSqlRawAsync(
                    "INSERT INTO \"WishTallies\" (\"OrganizationId\", \"OrgPath\", \"Sent\", \"Claimed\", \"Fulfilled\", \"Open\", \"Rated\", \"RatingSum\", \"DaysSum\") "
                    + "VALUES ({0}, {1}, {2}, {3}, {4}, {5}, {6}, {7}, {8}) ON CONFLICT (\"OrganizationId\") DO UPDATE SET "
                    + "\"Sent\" = \"WishTallies\".\"Sent\" + excluded.\"Sent\", \"Claimed\" = \"WishTallies\".\"Claimed\" + excluded.\"Claimed\", "
                    + "\"Fulfilled\" = \"WishTallies\".\"Fulfilled\" + excluded.\"Fulfilled\", \"Open\" = \"WishTallies\".\"Open\" + excluded.\"Open\", "
                    + "\"Rated\" = \"WishTallies\".\"Rated\" + excluded.\"Rated\", \"RatingSum\" = \"WishTallies\".\"RatingSum\" + excluded.\"RatingSum\", "
                    + "\"DaysSum\" = \"WishTallies\".\"DaysSum\" + excluded.\"DaysSum\"",
                    [organizationId, path, (int)d[0], (int)d[1], (int)d[2], (int)d[3], (int)d[4], d[5], d[6]], ct);
            }
        }
    }
}
