using System.Globalization;
using Dangjian.Features.Members;
using Dangjian.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dangjian.Features.Organizations;

/// <summary>How a unit is covered, as the coverage figures tell it apart.</summary>
public enum UnitCoverageKind
{
    None,
    Own,
    Joint,
}

/// <summary>
/// How many units of each kind of coverage an organization's whole area holds (the units registered in its subtree), and
/// the instructors sent to them: the coverage figures of any organization are a sum of its own rows, however many units
/// lie below it (31,603 at the province). Kept in the writing transaction like <see cref="MemberTally"/>: by
/// <see cref="UnitTallyStep"/> for unit, instructor and organization writes, by <see cref="TallyWriter.ApplyAsync"/>
/// for member writes (whether a covering organization has members), and shifted by the subtree move
/// (<see cref="SubtreeTallies"/>).
/// </summary>
public sealed class UnitTally
{
    public long OrganizationId { get; set; }
    public UnitKind Kind { get; set; }
    public bool IsAboveScale { get; set; }
    public UnitCoverageKind Coverage { get; set; }

    /// <summary>The joint branch covering these units, 0 for any other coverage: the figures count distinct joint branches.</summary>
    public long JointBranchId { get; set; }
    public bool HasMembers { get; set; }
    public bool HasInstructor { get; set; }
    public long Units { get; set; }
    public long Instructors { get; set; }
}

// Stryker disable all : the database mapping is not a rule; MigrationTests compare it with the migrations (docs/testing.md)
internal sealed class UnitTallyConfiguration : IEntityTypeConfiguration<UnitTally>
{
    public void Configure(EntityTypeBuilder<UnitTally> b) =>
        b.HasKey(t => new { t.OrganizationId, t.Kind, t.IsAboveScale, t.Coverage, t.JointBranchId, t.HasMembers, t.HasInstructor });
}

// Stryker restore all
/// <summary>
/// Moves units' counts on <see cref="UnitTally"/> rows. A unit is counted under what its own row says
/// (<see cref="Unit.CoveringIsJoint"/>, <see cref="Unit.HasMembers"/>, <see cref="Unit.InstructorCount"/>, kept on the
/// row for this): a change takes the unit off the key its row says and puts it on the key the facts say, and writes the
/// facts back to the row, in the same transaction.
/// </summary>
public static class UnitTallyWriter
{
    public readonly record struct Key(long OrganizationId, UnitKind Kind, bool IsAboveScale, UnitCoverageKind Coverage, long JointBranchId, bool HasMembers, bool HasInstructor);

    /// <summary>What a unit is counted under: its own columns, or the facts as they are.</summary>
    public readonly record struct Facts(string AreaPath, UnitKind Kind, bool IsAboveScale, long? CoveringId, bool Joint, bool HasMembers, int Instructors);

    /// <summary>Counts <paramref name="amount"/> units of these facts (−1: takes one off) on every ancestor of their area.</summary>
    public static void Add(Dictionary<Key, (long Units, long Instructors)> deltas, Facts f, int amount)
    {
        var coverage = f.CoveringId is null ? UnitCoverageKind.None : f.Joint ? UnitCoverageKind.Joint : UnitCoverageKind.Own;
        var joint = coverage == UnitCoverageKind.Joint ? f.CoveringId!.Value : 0;
        foreach (var id in OrgPath.Ids(f.AreaPath))
        {
            var key = new Key(id, f.Kind, f.IsAboveScale, coverage, joint, f.HasMembers, f.Instructors > 0);
            var (units, instructors) = deltas.GetValueOrDefault(key);
            deltas[key] = (units + amount, instructors + (long)amount * f.Instructors);
        }
    }

    private sealed record Row(long Id, Facts Stored, Facts Actual);

    /// <summary>Each unit as its row counts it and as the facts are: covering organization's kind and members, instructors.</summary>
    private static IQueryable<Row> Rows(IQueryable<Unit> units, AppDb db) =>
        from u in units
        join o in db.Organizations on u.CoveringOrganizationId equals o.Id into covering
        from o in covering.DefaultIfEmpty()
        select new Row(u.Id,
            new Facts(u.AreaPath, u.Kind, u.IsAboveScale, u.CoveringOrganizationId, u.CoveringIsJoint, u.HasMembers, u.InstructorCount),
            new Facts(u.AreaPath, u.Kind, u.IsAboveScale, u.CoveringOrganizationId,
                o != null && o.Kind == OrganizationKind.JointBranch,
                o == null ? u.PartyMemberCount > 0 : db.MemberTallies.Any(t => t.OrganizationId == o.Id && t.Count > 0),
                db.Instructors.Count(i => i.UnitId == u.Id)));

    /// <summary>
    /// Brings the units covered by these organizations up to date (after their members' tallies or their kind changed).
    /// Units the change tracker holds as added or modified are left to <see cref="UnitTallyStep"/>, which counts them after they are written.
    /// </summary>
    public static async Task RefreshCoveredByAsync(AppDb db, IEnumerable<long> organizationIds, CancellationToken ct)
    {
        foreach (var chunk in organizationIds.Distinct().Chunk(500))
        {
            var ids = chunk.Select(id => (long?)id).ToList();
            await RefreshAsync(db, db.Units.AsNoTracking().Where(u => ids.Contains(u.CoveringOrganizationId)), recount: new HashSet<long>(), ct);
        }
    }

    /// <summary>
    /// Counts the units of <paramref name="units"/> afresh where their row and the facts differ. Those in
    /// <paramref name="recount"/> were already taken off what their row said (before a tracked write changed it) and are put on
    /// the facts whatever their row says.
    /// </summary>
    public static async Task RefreshAsync(AppDb db, IQueryable<Unit> units, IReadOnlySet<long> recount, CancellationToken ct,
        Dictionary<Key, (long Units, long Instructors)>? deltas = null)
    {
        deltas ??= [];
        var pending = PendingUnitIds(db);
        var rows = await Rows(units, db).ToListAsync(ct);
        foreach (var row in rows)
        {
            if (recount.Contains(row.Id))
            {
                Add(deltas, row.Actual, +1);
            }
            else if (pending.Contains(row.Id) || row.Stored == row.Actual)
            {
                continue;
            }
            else
            {
                Add(deltas, row.Stored, -1);
                Add(deltas, row.Actual, +1);
            }
            if (row.Stored.Joint != row.Actual.Joint || row.Stored.HasMembers != row.Actual.HasMembers || row.Stored.Instructors != row.Actual.Instructors)
            {
                await db.Database.ExecuteSqlRawAsync(
                    "UPDATE \"Units\" SET \"CoveringIsJoint\" = {0}, \"HasMembers\" = {1}, \"InstructorCount\" = {2} WHERE \"Id\" = {3}",
                    [row.Actual.Joint, row.Actual.HasMembers, row.Actual.Instructors, row.Id], ct);
                // A unit this context holds must not keep the old facts: its next change would take it off the wrong key.
                if (db.ChangeTracker.Entries<Unit>().FirstOrDefault(e => e.Entity.Id == row.Id) is { } tracked)
                {
                    foreach (var (name, value) in new (string, object)[] { (nameof(Unit.CoveringIsJoint), row.Actual.Joint),
                        (nameof(Unit.HasMembers), row.Actual.HasMembers), (nameof(Unit.InstructorCount), row.Actual.Instructors) })
                    {
                        var property = tracked.Property(name);
                        property.CurrentValue = value;
                        property.OriginalValue = value;
                        property.IsModified = false;
                    }
                }
            }
        }
        await ApplyAsync(db, deltas, ct);
    }

    private static HashSet<long> PendingUnitIds(AppDb db) =>
        db.ChangeTracker.Entries<Unit>().Where(e => e.State is EntityState.Added or EntityState.Modified).Select(e => e.Entity.Id).ToHashSet();

    /// <summary>One upsert per 200 rows, in key order (as <see cref="TallyWriter.ApplyAsync"/>, so that concurrent writers do not deadlock).</summary>
    public static async Task ApplyAsync(AppDb db, Dictionary<Key, (long Units, long Instructors)> deltas, CancellationToken ct)
    {
        var ordered = deltas.Where(d => d.Value != (0, 0))
            .OrderBy(d => d.Key.OrganizationId).ThenBy(d => d.Key.Kind.ToString(), StringComparer.Ordinal).ThenBy(d => d.Key.IsAboveScale)
            .ThenBy(d => d.Key.Coverage.ToString(), StringComparer.Ordinal).ThenBy(d => d.Key.JointBranchId).ThenBy(d => d.Key.HasMembers)
            .ThenBy(d => d.Key.HasInstructor).ToList();
        foreach (var chunk in ordered.Chunk(200))
        {
            var parameters = new List<object>();
            var rows = new List<string>();
            foreach (var (key, (units, instructors)) in chunk)
            {
                var i = parameters.Count;
                rows.Add("(" + string.Join(", ", Enumerable.Range(i, 9).Select(n => "{" + n.ToString(CultureInfo.InvariantCulture) + "}")) + ")");
                parameters.AddRange([key.OrganizationId, key.Kind.ToString(), key.IsAboveScale, key.Coverage.ToString(), key.JointBranchId,
                    key.HasMembers, key.HasInstructor, units, instructors]);
            }
            const string Key = "\"OrganizationId\", \"Kind\", \"IsAboveScale\", \"Coverage\", \"JointBranchId\", \"HasMembers\", \"HasInstructor\"";
            var sql = $"INSERT INTO \"UnitTallies\" ({Key}, \"Units\", \"Instructors\") VALUES " + string.Join(", ", rows)
                + $" ON CONFLICT ({Key}) DO UPDATE SET \"Units\" = \"UnitTallies\".\"Units\" + excluded.\"Units\", "
                + "\"Instructors\" = \"UnitTallies\".\"Instructors\" + excluded.\"Instructors\"";
            await db.Database.ExecuteSqlRawAsync(sql, parameters, ct);
        }
    }
}

/// <summary>
/// Every save that adds or changes units, instructors or an organization's kind moves the unit tallies: a unit written is
/// taken off what its row said before and counted again once written; units whose instructors or covering organization's
/// kind changed are brought up to date.
/// </summary>
internal sealed class UnitTallyStep : ISaveStep
{
    public int Order => SaveStepOrder.DerivedRows + 50;

    public ISavePass? Plan(AppDb db)
    {
        var removed = new Dictionary<UnitTallyWriter.Key, (long, long)>();
        var recount = new List<Unit>();
        foreach (var entry in db.ChangeTracker.Entries<Unit>())
        {
            if (entry.State is EntityState.Modified or EntityState.Deleted)
            {
                var o = entry.OriginalValues;
                UnitTallyWriter.Add(removed, new UnitTallyWriter.Facts(o.GetValue<string>(nameof(Unit.AreaPath)), o.GetValue<UnitKind>(nameof(Unit.Kind)),
                    o.GetValue<bool>(nameof(Unit.IsAboveScale)), o.GetValue<long?>(nameof(Unit.CoveringOrganizationId)), o.GetValue<bool>(nameof(Unit.CoveringIsJoint)),
                    o.GetValue<bool>(nameof(Unit.HasMembers)), o.GetValue<int>(nameof(Unit.InstructorCount))), -1);
            }
            if (entry.State is EntityState.Added or EntityState.Modified)
            {
                recount.Add(entry.Entity);
            }
        }
        var instructed = db.ChangeTracker.Entries<Instructor>().Where(e => e.State is EntityState.Added or EntityState.Deleted or EntityState.Modified)
            .SelectMany(e => new[] { e.Entity.UnitId, e.State == EntityState.Modified ? e.OriginalValues.GetValue<long>(nameof(Instructor.UnitId)) : e.Entity.UnitId })
            .ToHashSet();
        var rekinded = db.ChangeTracker.Entries<Organization>()
            .Where(e => e.State == EntityState.Modified && e.Property(o => o.Kind).IsModified)
            .Select(e => e.Entity.Id).ToList();
        return removed.Count + recount.Count + instructed.Count + rekinded.Count == 0 ? null : new Pass(removed, recount, instructed, rekinded);
    }

    private sealed class Pass(Dictionary<UnitTallyWriter.Key, (long, long)> removed, List<Unit> recount, HashSet<long> instructed, List<long> rekinded) : ISavePass
    {
        public async Task AfterWriteAsync(AppDb db, CancellationToken ct)
        {
            // The ids exist now; nothing the tracker holds is pending any more.
            var recountIds = recount.Select(u => u.Id).ToHashSet();
            var suspects = instructed.Except(recountIds).ToList();
            await UnitTallyWriter.RefreshAsync(db,
                db.Units.AsNoTracking().Where(u => recountIds.Contains(u.Id) || suspects.Contains(u.Id)
                    || (u.CoveringOrganizationId != null && rekinded.Contains(u.CoveringOrganizationId.Value))),
                recountIds, ct, removed);
        }
    }
}

/// <summary>
/// Counts every unit into the unit tallies when there are none (a database from before them, or one loaded in bulk):
/// the facts each unit is counted under are written to its row by one statement, then one group-by in the database is
/// spread over the ancestors here, in one transaction. Runs before the member tallies' backfill, which brings the units
/// up to date if it has members to count.
/// </summary>
public sealed class UnitTallyBackfill : IDerivedDataBackfill
{
    public int Order => 40;

    public string What => "Unit tallies";

    public async Task<int> RunAsync(AppDb db, CancellationToken ct)
    {
        if (await db.UnitTallies.AnyAsync(ct) || !await db.Units.AnyAsync(ct))
        {
            return 0;
        }
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.Units.BypassingSaveSteps("derived columns of every unit, no change of the record").ExecuteUpdateAsync(s => s
            .SetProperty(u => u.CoveringIsJoint, u => db.Organizations.Any(o => o.Id == u.CoveringOrganizationId && o.Kind == OrganizationKind.JointBranch))
            .SetProperty(u => u.HasMembers, u => u.CoveringOrganizationId == null
                ? u.PartyMemberCount > 0
                : db.MemberTallies.Any(t => t.OrganizationId == u.CoveringOrganizationId && t.Count > 0))
            .SetProperty(u => u.InstructorCount, u => db.Instructors.Count(i => i.UnitId == u.Id)), ct);
        var groups = await db.Units.AsNoTracking()
            .GroupBy(u => new { u.AreaPath, u.Kind, u.IsAboveScale, Uncovered = u.CoveringOrganizationId == null, Joint = u.CoveringIsJoint ? u.CoveringOrganizationId : null, u.HasMembers, u.InstructorCount })
            .Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        var deltas = new Dictionary<UnitTallyWriter.Key, (long Units, long Instructors)>();
        foreach (var g in groups)
        {
            var k = g.Key;
            var covering = k.Uncovered ? (long?)null : k.Joint ?? 0;
            UnitTallyWriter.Add(deltas, new UnitTallyWriter.Facts(k.AreaPath, k.Kind, k.IsAboveScale, covering, k.Joint is not null, k.HasMembers, k.InstructorCount), g.Count);
        }
        await UnitTallyWriter.ApplyAsync(db, deltas, ct);
        await tx.CommitAsync(ct);
        return deltas.Count;
    }
}
