using Dangjian.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Features.Organizations;

/// <summary>
/// Every save that writes a copy of an organization's path (<see cref="PathCopies"/>: a member's, a unit's, a
/// letter's...) or a new organization under a parent first checks, inside its transaction, that each organization it
/// copies still has the path that was read, and on PostgreSQL holds those rows (FOR SHARE) until it commits. A subtree
/// move updates the subtree's organization rows before anything else, so the two are settled by those row locks: a
/// write that holds them first is committed before the move reads anything and moves with the subtree; a write that
/// comes second waits for the move's commit, finds the path changed and is refused (<see cref="PathMovedException"/>)
/// instead of leaving a row with the old path behind. On SQLite the save already holds the database's only write lock.
/// </summary>
internal sealed class PathGuardStep : ISaveStep
{
    // Before the tallies and windows (DerivedRows), so that the organizations are the first rows the save locks, in
    // the order the move locks them in relation to everything else.
    public int Order => SaveStepOrder.DerivedRows - 50;

    public ISavePass? Plan(AppDb db)
    {
        var copied = new HashSet<(long OrganizationId, string Path)>();
        var added = new HashSet<long>();
        foreach (var entry in db.ChangeTracker.Entries())
        {
            if (entry.State is EntityState.Unchanged or EntityState.Detached)
            {
                continue;
            }
            if (entry.Entity is Organization organization && entry.State == EntityState.Added)
            {
                added.Add(organization.Id);
                if (organization.ParentId is { } parentId)
                {
                    copied.Add((parentId, ParentPathOf(organization.Path)));
                }
            }
            foreach (var copy in PathCopies.All)
            {
                copied.UnionWith(copy.Copied(entry));
            }
        }
        // An organization added by the same save has no path to check yet (its id is a placeholder until the insert).
        copied.RemoveWhere(c => added.Contains(c.OrganizationId));
        return copied.Count == 0 ? null : new Pass(copied);
    }

    private static string ParentPathOf(string path) => path[..(path.LastIndexOf('/', path.Length - 2) + 1)];

    private sealed class Pass(HashSet<(long OrganizationId, string Path)> copied) : IBatchedSavePass
    {
        public async Task BeforeWriteAsync(AppDb db, CancellationToken ct)
        {
            foreach (var (sql, parameters, expected) in Statements(db))
            {
                var found = await db.Database.SqlQueryRaw<long>(sql, parameters).ToListAsync(ct);
                if (found.Count != expected)
                {
                    throw new PathMovedException();
                }
            }
        }

        // In a save sent as one command the same look-ups are checks: a row missing rolls the save back.
        public void BeforeWrite(SaveBatch batch, AppDb db)
        {
            foreach (var (sql, parameters, expected) in Statements(db))
            {
                batch.Check(sql, expected, () => new PathMovedException(), parameters);
            }
        }

        private IEnumerable<(string Sql, object[] Parameters, int Expected)> Statements(AppDb db)
        {
            var lockRows = db is PostgresAppDb ? " ORDER BY \"Id\" FOR SHARE" : "";
            foreach (var chunk in copied.OrderBy(c => c.OrganizationId).Chunk(500))
            {
                var parameters = new List<object>();
                var conditions = new List<string>();
                foreach (var (id, path) in chunk)
                {
                    conditions.Add($"(\"Id\" = {{{parameters.Count}}} AND \"Path\" = {{{parameters.Count + 1}}})");
                    parameters.Add(id);
                    parameters.Add(path);
                }
                yield return ("SELECT \"Id\" AS \"Value\" FROM \"Organizations\" WHERE " + string.Join(" OR ", conditions) + lockRows, [.. parameters], chunk.Length);
            }
        }
    }
}
