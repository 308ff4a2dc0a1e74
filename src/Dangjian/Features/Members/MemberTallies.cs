using Dangjian.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dangjian.Features.Members;

/// <summary>
/// How many active members of one category and status an organization has in its whole subtree, kept up to
/// date in the same transaction as every member write (<see cref="MemberTallyStep"/>, and the subtree move). Counting
/// a province by scanning 5 M rows takes 340 ms; reading these rows takes well under 1 ms (docs/performance.md).
/// </summary>
public sealed class MemberTally
{
    public long OrganizationId { get; set; }
    public string Category { get; set; } = "";
    public string Status { get; set; } = "";
    public long Count { get; set; }
}

// Stryker disable all : the database mapping is not a rule; MigrationTests compare it with the migrations (docs/testing.md)
internal sealed class MemberTallyConfiguration : IEntityTypeConfiguration<MemberTally>
{
    public void Configure(EntityTypeBuilder<MemberTally> b)
    {
        b.HasKey(t => new { t.OrganizationId, t.Category, t.Status });
        b.Property(t => t.Category).HasMaxLength(20);
        b.Property(t => t.Status).HasMaxLength(20);
    }
}

// Stryker restore all
/// <summary>Adds and removes counts on <see cref="MemberTally"/> rows of every ancestor.</summary>
public static class TallyWriter
{
    public readonly record struct Key(long OrganizationId, string Category, string Status);

    /// <summary>The changes to every tally that the tracked member writes make.</summary>
    public static Dictionary<Key, long> Collect(ChangeTracker tracker)
    {
        var deltas = new Dictionary<Key, long>();
        foreach (var entry in tracker.Entries<Member>())
        {
            if (entry.State is EntityState.Added or EntityState.Modified)
            {
                var m = entry.Entity;
                if (m.LeftAt is null)
                {
                    AddPath(deltas, m.OrgPath, m.Category.ToString(), m.Status.ToString(), +1);
                }
            }
            if (entry.State is EntityState.Modified or EntityState.Deleted)
            {
                var original = entry.OriginalValues;
                if (original.GetValue<DateTimeOffset?>(nameof(Member.LeftAt)) is null)
                {
                    AddPath(deltas, original.GetValue<string>(nameof(Member.OrgPath)),
                        original.GetValue<MemberCategory>(nameof(Member.Category)).ToString(),
                        original.GetValue<MembershipStatus>(nameof(Member.Status)).ToString(), -1);
                }
            }
        }
        foreach (var zero in deltas.Where(d => d.Value == 0).Select(d => d.Key).ToList())
        {
            deltas.Remove(zero);
        }
        return deltas;
    }

    /// <summary>The tallies <paramref name="member"/> counts in, moved by <paramref name="amount"/>; none for a member who has left.</summary>
    public static void AddMember(Dictionary<Key, long> deltas, Member member, long amount)
    {
        if (member.LeftAt is null)
        {
            AddPath(deltas, member.OrgPath, member.Category.ToString(), member.Status.ToString(), amount);
        }
    }

    public static void AddPath(Dictionary<Key, long> deltas, string path, string category, string status, long amount)
    {
        foreach (var id in OrgPath.Ids(path))
        {
            var key = new Key(id, category, status);
            deltas[key] = deltas.GetValueOrDefault(key) + amount;
        }
    }

    /// <summary>
    /// One upsert for all rows, in key order so that concurrent writers lock ancestors in the same order
    /// and cannot deadlock. The syntax (ON CONFLICT … excluded) is shared by SQLite and PostgreSQL.
    /// </summary>
    public static async Task ApplyAsync(AppDb db, Dictionary<Key, long> deltas, CancellationToken ct)
    {
        if (deltas.Count == 0)
        {
            return;
        }
        var ordered = deltas.OrderBy(d => d.Key.OrganizationId).ThenBy(d => d.Key.Category, StringComparer.Ordinal)
            .ThenBy(d => d.Key.Status, StringComparer.Ordinal).ToList();
        foreach (var chunk in ordered.Chunk(200))
        {
            var parameters = new List<object>();
            var rows = new List<string>();
            foreach (var (key, amount) in chunk)
            {
                var i = parameters.Count;
                rows.Add($"({{{i}}}, {{{i + 1}}}, {{{i + 2}}}, {{{i + 3}}})");
                parameters.Add(key.OrganizationId);
                parameters.Add(key.Category);
                parameters.Add(key.Status);
                parameters.Add(amount);
            }
            var sql = "INSERT INTO \"MemberTallies\" (\"OrganizationId\", \"Category\", \"Status\", \"Count\") VALUES "
                + string.Join(", ", rows)
                + " ON CONFLICT (\"OrganizationId\", \"Category\", \"Status\") DO UPDATE SET \"Count\" = \"MemberTallies\".\"Count\" + excluded.\"Count\"";
            await db.Database.ExecuteSqlRawAsync(sql, parameters, ct);
        }
    }
}

/// <summary>Every save that adds, changes or removes members moves the tallies of their old and new ancestors.</summary>
internal sealed class MemberTallyStep : ISaveStep
{
    public int Order => SaveStepOrder.DerivedRows;

    public ISavePass? Plan(AppDb db)
    {
        var deltas = TallyWriter.Collect(db.ChangeTracker);
        return deltas.Count == 0 ? null : new Pass(deltas);
    }

    private sealed class Pass(Dictionary<TallyWriter.Key, long> deltas) : ISavePass
    {
        // The deltas were taken from the tracker when the save planned; the upsert needs no member id, so it runs first.
        public Task BeforeWriteAsync(AppDb db, CancellationToken ct) => TallyWriter.ApplyAsync(db, deltas, ct);
    }
}
