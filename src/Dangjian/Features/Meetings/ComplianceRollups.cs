using Dangjian.Features.Members;
using Dangjian.Features.Organizations;
using Dangjian.Features.Rules;
using Dangjian.Platform.Data;
using Dangjian.Platform.Http;
using Dangjian.Platform.Rules;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dangjian.Features.Meetings;

/// <summary>
/// How many organizations in a subtree (its root included) held at least one meeting of a kind in a period: the
/// numerator of a region's compliance share, kept on every ancestor by <see cref="MeetingTallyStep"/> when an
/// organization's count of the period goes from none to some. One row per ancestor, kind, period length and period.
/// </summary>
public sealed class MeetingRollup
{
    public readonly record struct Key(long OrganizationId, MeetingKind Kind, int Months, int Month);

    public long OrganizationId { get; set; }
    public MeetingKind Kind { get; set; }
    public int Months { get; set; }
    public int Month { get; set; }

    /// <summary>Organizations of the subtree that held the kind in the period.</summary>
    public int Held { get; set; }

    public static void Add(Dictionary<Key, int> deltas, string path, MeetingKind kind, int months, int month, int amount)
    {
        foreach (var id in OrgPath.Ids(path))
        {
            var key = new Key(id, kind, months, month);
            deltas[key] = deltas.GetValueOrDefault(key) + amount;
        }
    }

    /// <summary>Upserts in key order, so that concurrent closes lock the ancestors' rows in one order and cannot deadlock.</summary>
    public static Task ApplyAsync(AppDb db, Dictionary<Key, int> deltas, CancellationToken ct) =>
        CountUpserts.ApplyAsync(db, "MeetingRollups", ["OrganizationId", "Kind", "Months", "Month"], "Held",
            deltas.OrderBy(d => d.Key.OrganizationId).ThenBy(d => d.Key.Kind).ThenBy(d => d.Key.Months).ThenBy(d => d.Key.Month)
                .Select(d => (new object[] { d.Key.OrganizationId, d.Key.Kind.ToString(), d.Key.Months, d.Key.Month }, d.Value)), ct);
}

/// <summary>
/// Adds amounts to the count column of rows keyed by the given columns, creating the rows that are missing: one
/// INSERT … ON CONFLICT … DO UPDATE per 200 rows, in the order given (callers pass key order, so that concurrent writers
/// lock rows in one order and cannot deadlock). Zero amounts are skipped. The syntax is shared by SQLite and PostgreSQL.
/// </summary>
internal static class CountUpserts
{
    public static async Task ApplyAsync(AppDb db, string table, IReadOnlyList<string> keyColumns, string countColumn,
        IEnumerable<(object[] Key, int Amount)> rows, CancellationToken ct)
    {
        var columns = string.Join(", ", keyColumns.Append(countColumn).Select(c => $"\"{c}\""));
        var conflict = string.Join(", ", keyColumns.Select(c => $"\"{c}\""));
        foreach (var chunk in rows.Where(r => r.Amount != 0).Chunk(200))
        {
            var parameters = new List<object>();
            var values = new List<string>();
            foreach (var (key, amount) in chunk)
            {
                var first = parameters.Count;
                parameters.AddRange(key);
                parameters.Add(amount);
                values.Add("(" + string.Join(", ", Enumerable.Range(first, key.Length + 1).Select(i => $"{{{i}}}")) + ")");
            }
            var sql = $"INSERT INTO \"{table}\" ({columns}) VALUES {string.Join(", ", values)} ON CONFLICT ({conflict}) "
                + $"DO UPDATE SET \"{countColumn}\" = \"{table}\".\"{countColumn}\" + excluded.\"{countColumn}\"";
            await db.Database.ExecuteSqlRawAsync(sql, parameters, ct);
        }
    }
}

/// <summary>
/// Whether an organization must hold a kind of meeting, as judged from its kind, whether it is dissolved and (for a
/// branch's committee meeting) its full members against the threshold in force for it, which the row keeps so that a
/// member save can tell in one statement whether the branch crossed it. A row per kind the organization may hold.
/// </summary>
public sealed class MeetingDuty
{
    public long OrganizationId { get; set; }
    public MeetingKind Kind { get; set; }
    public bool Required { get; set; }

    /// <summary>For a branch's committee meeting: the full members from which it is required.</summary>
    public int? Threshold { get; set; }
}

/// <summary>How many organizations in a subtree (its root included) must hold a kind of meeting: the share's denominator.</summary>
public sealed class MeetingDutyRollup
{
    public long OrganizationId { get; set; }
    public MeetingKind Kind { get; set; }
    public int Required { get; set; }
}

// Stryker disable all : the database mapping is not a rule; MigrationTests compare it with the migrations (docs/testing.md)
internal sealed class MeetingRollupConfiguration : IEntityTypeConfiguration<MeetingRollup>, IEntityTypeConfiguration<MeetingDuty>,
    IEntityTypeConfiguration<MeetingDutyRollup>
{
    public void Configure(EntityTypeBuilder<MeetingRollup> b) => b.HasKey(r => new { r.OrganizationId, r.Kind, r.Months, r.Month });

    public void Configure(EntityTypeBuilder<MeetingDuty> b) => b.HasKey(d => new { d.OrganizationId, d.Kind });

    public void Configure(EntityTypeBuilder<MeetingDutyRollup> b) => b.HasKey(d => new { d.OrganizationId, d.Kind });
}
// Stryker restore all

/// <summary>
/// Keeps <see cref="MeetingDuty"/> and its rollup true to the organizations: judged again for the organizations a save
/// creates, dissolves or changes the kind of, for the branches whose full members cross their threshold, and for a
/// subtree whose threshold rule is overridden.
/// </summary>
public static class MeetingDuties
{
    private const int Batch = 500;

    /// <summary>Judges the duties of <paramref name="ids"/> again and moves their ancestors' rollups by the difference.</summary>
    public static async Task RefreshAsync(AppDb db, IReadOnlyCollection<long> ids, CancellationToken ct)
    {
        var today = db.Clock.Today();
        var committeeRule = RuleCatalog.BranchCommitteeAtFullMembers;
        List<RuleOverride>? thresholds = null;
        foreach (var chunk in ids.Distinct().Order().Chunk(Batch))
        {
            // An organization the save is writing is read as tracked: a new one's path is completed in memory
            // before the final write that stores it.
            var tracked = db.ChangeTracker.Entries<Organization>().Where(e => chunk.Contains(e.Entity.Id)).ToDictionary(e => e.Entity.Id, e => e.Entity);
            var orgs = (await db.Organizations.AsNoTracking().Where(o => chunk.Contains(o.Id))
                .Select(o => new { o.Id, o.Path, o.Kind, o.DissolvedAt }).ToListAsync(ct))
                .Select(o => tracked.TryGetValue(o.Id, out var t) ? new { t.Id, t.Path, t.Kind, t.DissolvedAt } : o).ToList();
            if (orgs.Count == 0)
            {
                continue;
            }
            thresholds ??= await db.RuleOverrides.AsNoTracking().Where(r => r.RuleKey == committeeRule.Key).ToListAsync(ct);
            var facts = await OrganizationCompliance.FactsAsync(chunk, db, ct);
            var unitKinds = await UnitKindsAsync(db, orgs.SelectMany(o => OrgPath.Ids(o.Path)).Distinct().ToList(), ct);
            var existing = (await db.MeetingDuties.AsNoTracking().Where(d => chunk.Contains(d.OrganizationId)).ToListAsync(ct))
                .ToDictionary(d => (d.OrganizationId, d.Kind));
            var wanted = new Dictionary<(long, MeetingKind), MeetingDuty>();
            var rollup = new Dictionary<(long OrganizationId, MeetingKind Kind), int>();
            foreach (var org in orgs)
            {
                var committeeAt = (int)RuleBook.On(committeeRule, thresholds.Where(t => OrgPath.IsWithin(org.Path, t.OrganizationPath)),
                    RuleSubjects.NearestUnitKind(org.Path, unitKinds)?.ToString(), today).Value;
                foreach (var duty in Judge(org.Id, org.Kind, org.DissolvedAt is not null, facts[org.Id].FullMembers, committeeAt))
                {
                    wanted[(duty.OrganizationId, duty.Kind)] = duty;
                }
                foreach (var kind in MeetingRules.Kinds)
                {
                    var was = existing.TryGetValue((org.Id, kind), out var old) && old.Required;
                    var now = wanted.TryGetValue((org.Id, kind), out var duty) && duty.Required;
                    if (was != now)
                    {
                        foreach (var ancestor in OrgPath.Ids(org.Path))
                        {
                            rollup[(ancestor, kind)] = rollup.GetValueOrDefault((ancestor, kind)) + (now ? 1 : -1);
                        }
                    }
                }
            }
            foreach (var gone in existing.Keys.Where(k => !wanted.ContainsKey(k)))
            {
                await db.Database.ExecuteSqlRawAsync("DELETE FROM \"MeetingDuties\" WHERE \"OrganizationId\" = {0} AND \"Kind\" = {1}",
                    [gone.OrganizationId, gone.Kind.ToString()], ct);
            }
            var changed = wanted.Values.Where(d => !existing.TryGetValue((d.OrganizationId, d.Kind), out var old)
                || old.Required != d.Required || old.Threshold != d.Threshold).ToList();
            foreach (var rows in changed.Chunk(200))
            {
                var parameters = new List<object?>();
                var values = new List<string>();
                foreach (var d in rows)
                {
                    var i = parameters.Count;
                    values.Add($"({{{i}}}, {{{i + 1}}}, {{{i + 2}}}, {{{i + 3}}})");
                    parameters.AddRange([d.OrganizationId, d.Kind.ToString(), d.Required, d.Threshold]);
                }
                var sql = "INSERT INTO \"MeetingDuties\" (\"OrganizationId\", \"Kind\", \"Required\", \"Threshold\") VALUES " + string.Join(", ", values)
                    + " ON CONFLICT (\"OrganizationId\", \"Kind\") DO UPDATE SET \"Required\" = excluded.\"Required\", \"Threshold\" = excluded.\"Threshold\"";
                await db.Database.ExecuteSqlRawAsync(sql, parameters!, ct);
            }
            await ApplyRollupAsync(db, rollup, ct);
        }
    }

    /// <summary>The duties of one organization, pure: a row per kind it may hold, required or not.</summary>
    public static IEnumerable<MeetingDuty> Judge(long id, OrganizationKind kind, bool dissolved, long fullMembers, int committeeAt)
    {
        if (dissolved)
        {
            yield break;
        }
        foreach (var meeting in MeetingRules.Kinds.Where(k => MeetingRules.MayHold(k, kind)))
        {
            var countsMembers = meeting == MeetingKind.BranchCommitteeMeeting && kind != OrganizationKind.GeneralBranch;
            yield return new MeetingDuty
            {
                OrganizationId = id,
                Kind = meeting,
                Required = MeetingRules.For(meeting, kind, fullMembers, committeeAt, hasGroups: false, intervalMonths: 1).Required,
                Threshold = countsMembers ? committeeAt : null,
            };
        }
    }

    /// <summary>
    /// The branches among <paramref name="ids"/> whose full members now stand on the other side of their threshold from
    /// what their committee duty says: one statement, so that a member save costs nothing more unless a branch crossed.
    /// </summary>
    public static (string Sql, object[] Parameters) CrossedStatement(IReadOnlyCollection<long> ids)
    {
        var list = string.Join(", ", ids.Select((_, i) => $"{{{i}}}"));
        var n = ids.Count;
        var sql = "SELECT d.\"OrganizationId\" AS \"Value\" FROM \"MeetingDuties\" AS d WHERE d.\"OrganizationId\" IN (" + list + ") "
            + $"AND d.\"Kind\" = {{{n}}} AND d.\"Threshold\" IS NOT NULL "
            + "AND (CASE WHEN (SELECT COALESCE(SUM(t.\"Count\"), 0) FROM \"MemberTallies\" AS t WHERE t.\"OrganizationId\" = d.\"OrganizationId\" "
            + $"AND t.\"Category\" = {{{n + 1}}} AND t.\"Status\" <> {{{n + 2}}}) >= d.\"Threshold\" THEN 1 ELSE 0 END) "
            + "<> (CASE WHEN d.\"Required\" THEN 1 ELSE 0 END)";
        return (sql, [.. ids.Cast<object>(), MeetingKind.BranchCommitteeMeeting.ToString(), MemberCategory.Full.ToString(), MembershipStatus.Stopped.ToString()]);
    }

    /// <summary>Judges every organization again (all of them, or those of a subtree): after an override of the threshold, and to fill the tables.</summary>
    public static async Task<int> RefreshSubtreeAsync(AppDb db, string? path, CancellationToken ct)
    {
        var query = db.Organizations.AsNoTracking();
        if (path is not null)
        {
            var hi = OrgPath.UpperBound(path);
            query = query.Where(o => string.Compare(o.Path, path) >= 0 && string.Compare(o.Path, hi) < 0);
        }
        var ids = await query.Select(o => o.Id).ToListAsync(ct);
        await RefreshAsync(db, ids, ct);
        return ids.Count;
    }

    private static async Task<Dictionary<long, UnitKind>> UnitKindsAsync(AppDb db, List<long> ids, CancellationToken ct)
    {
        var result = new Dictionary<long, UnitKind>();
        foreach (var chunk in ids.Chunk(Batch))
        {
            foreach (var x in await db.Organizations.AsNoTracking().Where(o => chunk.Contains(o.Id) && o.UnitId != null)
                .Join(db.Units, o => o.UnitId, u => u.Id, (o, u) => new { o.Id, u.Kind }).ToListAsync(ct))
            {
                result[x.Id] = x.Kind;
            }
        }
        return result;
    }

    private static Task ApplyRollupAsync(AppDb db, Dictionary<(long OrganizationId, MeetingKind Kind), int> deltas, CancellationToken ct) =>
        CountUpserts.ApplyAsync(db, "MeetingDutyRollups", ["OrganizationId", "Kind"], "Required",
            deltas.OrderBy(d => d.Key.OrganizationId).ThenBy(d => d.Key.Kind).Select(d => (new object[] { d.Key.OrganizationId, d.Key.Kind.ToString() }, d.Value)), ct);
}

/// <summary>
/// Judges duties again in the save that changes what they depend on: organizations created, dissolved or of another
/// kind (after the write, when a new one has its id and path), and branches whose full members cross their threshold
/// (asked in one statement before the write, after the member tallies have moved).
/// </summary>
internal sealed class MeetingDutyStep : ISaveStep
{
    public int Order => SaveStepOrder.DerivedRows + 210;

    public ISavePass? Plan(AppDb db)
    {
        var organizations = new List<Organization>();
        foreach (var entry in db.ChangeTracker.Entries<Organization>())
        {
            if (entry.State == EntityState.Added
                || (entry.State == EntityState.Modified && (entry.Property(o => o.Kind).IsModified || entry.Property(o => o.DissolvedAt).IsModified)))
            {
                organizations.Add(entry.Entity);
            }
        }
        var branches = new HashSet<long>();
        foreach (var entry in db.ChangeTracker.Entries<Member>())
        {
            if (entry.State is EntityState.Added or EntityState.Modified)
            {
                branches.UnionWith(OrgPath.Ids(entry.Entity.OrgPath));
            }
            if (entry.State is EntityState.Modified or EntityState.Deleted)
            {
                branches.UnionWith(OrgPath.Ids(entry.OriginalValue<string>(nameof(Member.OrgPath))));
            }
        }
        // A new threshold for a region: every branch in it is judged again (rare, and as large as the region).
        var regions = db.ChangeTracker.Entries<RuleOverride>()
            .Where(e => e.State != EntityState.Unchanged && e.Entity.RuleKey == RuleCatalog.BranchCommitteeAtFullMembers.Key)
            .Select(e => e.Entity.OrganizationPath).Distinct().ToList();
        return organizations.Count == 0 && branches.Count == 0 && regions.Count == 0 ? null : new Pass(organizations, branches, regions);
    }

    private sealed class Pass(List<Organization> organizations, HashSet<long> branches, List<string> regions) : IBatchedSavePass
    {
        public async Task BeforeWriteAsync(AppDb db, CancellationToken ct)
        {
            var crossed = new List<long>();
            foreach (var chunk in branches.Chunk(500))
            {
                var (sql, parameters) = MeetingDuties.CrossedStatement(chunk);
                crossed.AddRange(await db.Database.SqlQueryRaw<long>(sql, parameters).ToListAsync(ct));
            }
            if (crossed.Count > 0)
            {
                await MeetingDuties.RefreshAsync(db, crossed, ct);
            }
        }

        public async Task AfterWriteAsync(AppDb db, CancellationToken ct)
        {
            if (organizations.Count > 0)
            {
                await MeetingDuties.RefreshAsync(db, organizations.Select(o => o.Id).ToList(), ct);
            }
            foreach (var region in regions)
            {
                await MeetingDuties.RefreshSubtreeAsync(db, region, ct);
            }
        }

        public void BeforeWrite(SaveBatch batch, AppDb db)
        {
            foreach (var chunk in branches.Chunk(500))
            {
                var (sql, parameters) = MeetingDuties.CrossedStatement(chunk);
                var ids = chunk.ToList();
                batch.Probe(sql, rows => rows == 0 ? null : (context, token) => MeetingDuties.RefreshAsync(context, ids, token), parameters);
            }
        }
    }
}

/// <summary>
/// Fills the duties and the rollups of meetings when they are empty: a database from before they existed. The
/// duties are judged from the organizations; the tallies of the longer periods and the rollups from the one-month
/// tallies. Cheap when there is nothing to do: two look-ups of one row.
/// </summary>
public sealed class MeetingRollupBackfill : IDerivedDataBackfill
{
    public int Order => 60;

    public string What => "Meeting duties and rollups";

    public async Task<int> RunAsync(AppDb db, CancellationToken ct)
    {
        if (await db.MeetingDuties.AnyAsync(ct) || !await db.Organizations.AnyAsync(o => o.DissolvedAt == null, ct))
        {
            return 0;
        }
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var filled = await MeetingDuties.RefreshSubtreeAsync(db, null, ct);
        var months = await db.MeetingTallies.AsNoTracking().Where(t => t.Months == 1 && t.Count > 0)
            .Join(db.Organizations, t => t.OrganizationId, o => o.Id, (t, o) => new { t.OrganizationId, o.Path, t.Kind, t.Month, t.Count })
            .ToListAsync(ct);
        var longer = new Dictionary<(long, MeetingKind, int, int), int>();
        var rollup = new Dictionary<MeetingRollup.Key, int>();
        foreach (var t in months)
        {
            MeetingRollup.Add(rollup, t.Path, t.Kind, 1, t.Month, 1);
            foreach (var length in MeetingTally.Lengths.Skip(1))
            {
                var key = (t.OrganizationId, t.Kind, length, MeetingTally.PeriodOf(t.Month, length));
                if (!longer.TryGetValue(key, out var count))
                {
                    MeetingRollup.Add(rollup, t.Path, t.Kind, length, key.Item4, 1);
                }
                longer[key] = count + t.Count;
            }
        }
        await db.MeetingTallies.Where(t => t.Months != 1).BypassingSaveSteps("derived rows rebuilt from the one-month tallies").ExecuteDeleteAsync(ct);
        db.MeetingTallies.AddRange(longer.Select(l => new MeetingTally
        {
            OrganizationId = l.Key.Item1, Kind = l.Key.Item2, Months = l.Key.Item3, Month = l.Key.Item4, Count = l.Value,
        }));
        await db.SaveChangesAsync(ct);
        await db.MeetingRollups.BypassingSaveSteps("derived rows rebuilt from the one-month tallies").ExecuteDeleteAsync(ct);
        await MeetingRollup.ApplyAsync(db, rollup, ct);
        await tx.CommitAsync(ct);
        return filled;
    }
}
