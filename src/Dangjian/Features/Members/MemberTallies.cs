using Dangjian.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dangjian.Features.Members;

/// <summary>
/// How many active members of one category, status and combination of the list's flags an organization has in its
/// whole subtree, kept up to date in the same transaction as every member write (<see cref="MemberTallyStep"/>, and the
/// subtree move). Counting a province by scanning 5 M rows takes 340 ms; reading these rows takes well under 1 ms, and
/// the total of any filter on category, status and flags is a sum of them (docs/performance.md).
/// </summary>
public sealed class MemberTally
{
    public long OrganizationId { get; set; }
    public string Category { get; set; } = "";
    public string Status { get; set; } = "";

    /// <summary>The flags the members of this row carry, as <see cref="TallyFlags"/> bits.</summary>
    public int Flags { get; set; }
    public long Count { get; set; }
}

/// <summary>
/// The member list's flags packed into <see cref="MemberTally.Flags"/>: one bit each for mobile, lost contact and
/// assisting, and the work status in the two bits above them. At most 24 values, so an organization has at most
/// 6 × 24 tally rows, and most have a handful.
/// </summary>
public static class TallyFlags
{
    public const int Mobile = 1;
    public const int LostContact = 2;
    public const int Assisting = 4;
    private const int WorkShift = 3;
    public const int WorkMask = 3 << WorkShift;

    public static int Of(bool mobile, bool lostContact, bool assisting, WorkStatus work) =>
        (mobile ? Mobile : 0) | (lostContact ? LostContact : 0) | (assisting ? Assisting : 0) | ((int)work << WorkShift);

    public static int Of(Member m) => Of(m.IsMobile, m.LostContact, m.IsAssisting, m.WorkStatus);

    /// <summary>The bits a flag of the list's filter tests, and the value they must have.</summary>
    public static (int Mask, int Value) Test(string flag) => flag switch
    {
        "serving" => (WorkMask, (int)WorkStatus.Serving << WorkShift),
        "retired" => (WorkMask, (int)WorkStatus.Retired << WorkShift),
        "assisting" => (Assisting, Assisting),
        "mobile" => (Mobile, Mobile),
        "lost" => (LostContact, LostContact),
        _ => throw new ArgumentOutOfRangeException(nameof(flag), flag, "not a flag of the member list"),
    };

    /// <summary>
    /// The combined test of several flags, or null when they contradict each other (serving and retired): then no
    /// member matches.
    /// </summary>
    public static (int Mask, int Value)? Test(IEnumerable<string> flags)
    {
        int mask = 0, value = 0;
        foreach (var (m, v) in flags.Select(Test))
        {
            if ((mask & m & (value ^ v)) != 0)
            {
                return null;
            }
            mask |= m;
            value |= v;
        }
        return (mask, value);
    }
}

// Stryker disable all : the database mapping is not a rule; MigrationTests compare it with the migrations (docs/testing.md)
internal sealed class MemberTallyConfiguration : IEntityTypeConfiguration<MemberTally>
{
    public void Configure(EntityTypeBuilder<MemberTally> b)
    {
        b.HasKey(t => new { t.OrganizationId, t.Category, t.Status, t.Flags });
        b.Property(t => t.Category).HasMaxLength(20);
        b.Property(t => t.Status).HasMaxLength(20);
    }
}

// Stryker restore all
/// <summary>Adds and removes counts on <see cref="MemberTally"/> rows of every ancestor.</summary>
public static class TallyWriter
{
    public readonly record struct Key(long OrganizationId, string Category, string Status, int Flags);

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
                    AddMember(deltas, m, +1);
                }
            }
            if (entry.State is EntityState.Modified or EntityState.Deleted)
            {
                var original = entry.OriginalValues;
                if (original.GetValue<DateTimeOffset?>(nameof(Member.LeftAt)) is null)
                {
                    AddPath(deltas, original.GetValue<string>(nameof(Member.OrgPath)),
                        original.GetValue<MemberCategory>(nameof(Member.Category)).ToString(),
                        original.GetValue<MembershipStatus>(nameof(Member.Status)).ToString(),
                        TallyFlags.Of(original.GetValue<bool>(nameof(Member.IsMobile)), original.GetValue<bool>(nameof(Member.LostContact)),
                            original.GetValue<bool>(nameof(Member.IsAssisting)), original.GetValue<WorkStatus>(nameof(Member.WorkStatus))), -1);
                }
            }
        }
        foreach (var zero in deltas.Where(d => d.Value == 0).Select(d => d.Key).ToList())
        {
            deltas.Remove(zero);
        }
        return deltas;
    }

    /// <summary>Counts a member (as it stands) on every ancestor of its organization: +1 when added, -1 when removed.</summary>
    public static void AddMember(Dictionary<Key, long> deltas, Member member, long amount) =>
        AddPath(deltas, member.OrgPath, member.Category.ToString(), member.Status.ToString(), TallyFlags.Of(member), amount);

    public static void AddPath(Dictionary<Key, long> deltas, string path, string category, string status, int flags, long amount)
    {
        foreach (var id in OrgPath.Ids(path))
        {
            var key = new Key(id, category, status, flags);
            deltas[key] = deltas.GetValueOrDefault(key) + amount;
        }
    }

    /// <summary>
    /// One upsert for all rows, in key order so that concurrent writers lock ancestors in the same order
    /// and cannot deadlock. The syntax (ON CONFLICT … excluded) is shared by SQLite and PostgreSQL.
    /// </summary>
    public static async Task ApplyAsync(AppDb db, Dictionary<Key, long> deltas, CancellationToken ct)
    {
        foreach (var (sql, parameters) in Statements(deltas))
        {
            await db.Database.ExecuteSqlRawAsync(sql, parameters, ct);
        }
        // Whether a covering organization has members is what the unit coverage figures count (UnitTally).
        await Organizations.UnitTallyWriter.RefreshCoveredByAsync(db, deltas.Keys.Select(k => k.OrganizationId), ct);
    }

    /// <summary>The upserts of <see cref="ApplyAsync"/>, for a save sent as one command.</summary>
    public static IEnumerable<(string Sql, object[] Parameters)> Statements(Dictionary<Key, long> deltas)
    {
        var ordered = deltas.OrderBy(d => d.Key.OrganizationId).ThenBy(d => d.Key.Category, StringComparer.Ordinal)
            .ThenBy(d => d.Key.Status, StringComparer.Ordinal).ThenBy(d => d.Key.Flags).ToList();
        foreach (var chunk in ordered.Chunk(200))
        {
            var parameters = new List<object>();
            var rows = new List<string>();
            foreach (var (key, amount) in chunk)
            {
                var i = parameters.Count;
                rows.Add($"({{{i}}}, {{{i + 1}}}, {{{i + 2}}}, {{{i + 3}}}, {{{i + 4}}})");
                parameters.Add(key.OrganizationId);
                parameters.Add(key.Category);
                parameters.Add(key.Status);
                parameters.Add(key.Flags);
                parameters.Add(amount);
            }
            var sql = "INSERT INTO \"MemberTallies\" (\"OrganizationId\", \"Category\", \"Status\", \"Flags\", \"Count\") VALUES "
                + string.Join(", ", rows)
                + " ON CONFLICT (\"OrganizationId\", \"Category\", \"Status\", \"Flags\") DO UPDATE SET \"Count\" = \"MemberTallies\".\"Count\" + excluded.\"Count\"";
            yield return (sql, [.. parameters]);
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

    private sealed class Pass(Dictionary<TallyWriter.Key, long> deltas) : IBatchedSavePass
    {
        // The deltas were taken from the tracker when the save planned; the upsert needs no member id, so it runs first.
        public Task BeforeWriteAsync(AppDb db, CancellationToken ct) => TallyWriter.ApplyAsync(db, deltas, ct);

        public void BeforeWrite(SaveBatch batch, AppDb db)
        {
            foreach (var (sql, parameters) in TallyWriter.Statements(deltas))
            {
                batch.Add(sql, parameters);
            }
            // A unit's coverage counts whether its covering organization has members; that changes only when an
            // organization gains its first member or loses its last. The same command asks whether any covered unit now
            // disagrees with its covering organization's tallies; only then is the coverage brought up to date, before the commit.
            var organizationIds = deltas.Keys.Select(k => k.OrganizationId).Distinct().ToList();
            foreach (var chunk in organizationIds.Chunk(500))
            {
                var ids = chunk.ToList();
                batch.Probe(
                    "SELECT u.\"Id\" FROM \"Units\" AS u WHERE u.\"CoveringOrganizationId\" IN (" + string.Join(", ", ids.Select((_, i) => $"{{{i}}}")) + ") "
                    + "AND u.\"HasMembers\" <> EXISTS (SELECT 1 FROM \"MemberTallies\" AS t WHERE t.\"OrganizationId\" = u.\"CoveringOrganizationId\" AND t.\"Count\" > 0)",
                    rows => rows == 0 ? null : (context, token) => Organizations.UnitTallyWriter.RefreshCoveredByAsync(context, ids, token),
                    [.. ids.Cast<object?>()]);
            }
        }
    }
}

/// <summary>
/// Counts every active member into the tallies when there are none: a database from before the tallies had their
/// flags, whose migration emptied them. One group-by in the database (a row per organization and kind of member),
/// spread over the ancestors here, written in one transaction so that an interrupted run leaves the tallies empty and
/// is simply run again. Cheap when there is nothing to do: two look-ups of one row.
/// </summary>
public sealed class MemberTallyBackfill : IDerivedDataBackfill
{
    public int Order => 50;

    public string What => "Member tallies";

    public async Task<int> RunAsync(AppDb db, CancellationToken ct)
    {
        if (await db.MemberTallies.AnyAsync(ct) || !await db.Members.AnyAsync(m => m.LeftAt == null, ct))
        {
            return 0;
        }
        var groups = await db.Members.AsNoTracking().Where(m => m.LeftAt == null)
            .GroupBy(m => new { m.OrgPath, m.Category, m.Status, m.IsMobile, m.LostContact, m.IsAssisting, m.WorkStatus })
            .Select(g => new { g.Key, Count = g.LongCount() }).ToListAsync(ct);
        var deltas = new Dictionary<TallyWriter.Key, long>();
        foreach (var g in groups)
        {
            var k = g.Key;
            TallyWriter.AddPath(deltas, k.OrgPath, k.Category.ToString(), k.Status.ToString(),
                TallyFlags.Of(k.IsMobile, k.LostContact, k.IsAssisting, k.WorkStatus), g.Count);
        }
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await TallyWriter.ApplyAsync(db, deltas, ct);
        await tx.CommitAsync(ct);
        return deltas.Count;
    }
}
