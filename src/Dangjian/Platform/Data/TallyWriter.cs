using Dangjian.Features.Members;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Dangjian.Platform.Data;

/// <summary>Keeps <see cref="MemberTally"/> rows of every ancestor in step with member writes.</summary>
public static class TallyWriter
{
    public readonly record struct Key(long OrganizationId, string Category, string Status);

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

    /// <summary>Recomputes every tally from the member rows; used after bulk loads and by the consistency check.</summary>
    public static async Task RebuildAsync(AppDb db, CancellationToken ct)
    {
        await db.MemberTallies.ExecuteDeleteAsync(ct);
        var direct = await db.Members.AsNoTracking().Where(m => m.LeftAt == null)
            .GroupBy(m => new { m.OrgPath, m.Category, m.Status })
            .Select(g => new { g.Key.OrgPath, g.Key.Category, g.Key.Status, Count = g.LongCount() })
            .ToListAsync(ct);
        var deltas = new Dictionary<Key, long>();
        foreach (var row in direct)
        {
            AddPath(deltas, row.OrgPath, row.Category.ToString(), row.Status.ToString(), row.Count);
        }
        await ApplyAsync(db, deltas, ct);
    }
}
