using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Dangjian.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dangjian.Platform.Audit;

/// <summary>
/// The audit log is one hash chain: line n carries the SHA-256 of its own content and of line n-1's hash, and the
/// chain head (last sequence number and hash) is kept in <see cref="AuditChainHead"/>. Changing, removing or inserting
/// a line, or cutting lines off the end, breaks a link that <see cref="VerifyAsync"/> finds. Tamper-evident, not
/// tamper-proof: whoever can rewrite the whole table and the head can forge it, so copies of the head kept elsewhere
/// (e.g. the output of <c>verify-audit</c> in the operations log) make forging detectable too.
/// </summary>
public static class AuditChain
{
    /// <summary>
    /// Links <paramref name="lines"/> onto the chain, in order. Must run inside the writing transaction: it locks the
    /// head row (PostgreSQL: SELECT … FOR UPDATE; SQLite: the transaction already holds the database's write lock),
    /// so that concurrent writers queue one after the other and never fork the chain.
    /// </summary>
    public static async Task LinkAsync(AppDb db, IReadOnlyList<AuditEntry> lines, CancellationToken ct)
    {
        if (lines.Count == 0)
        {
            return;
        }
        var head = await ReadHeadAsync(db, forUpdate: true, ct);
        var sequence = head.Sequence;
        var previous = head.Hash;
        foreach (var line in lines)
        {
            // PostgreSQL keeps microseconds: store what is hashed, so that the stored line hashes the same.
            line.At = Truncate(line.At);
            line.Sequence = ++sequence;
            line.PreviousHash = previous;
            line.Hash = HashOf(line);
            previous = line.Hash;
        }
        await db.Database.ExecuteSqlRawAsync("UPDATE \"AuditChainHeads\" SET \"Sequence\" = {0}, \"Hash\" = {1} WHERE \"Id\" = 1", [sequence, previous!], ct);
    }

    /// <summary>The hash of a line: its sequence number, every field, and the previous line's hash, each length-prefixed.</summary>
    public static string HashOf(AuditEntry line) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
            Field(line.Sequence.ToString(CultureInfo.InvariantCulture)) + Content(line) + Field(line.PreviousHash))));

    /// <summary>
    /// The hashed text between the sequence number and the previous hash: what a save sent as one command
    /// (<see cref="SaveBatch"/>) computes here and hands to the SQL that adds the two fields the chain head gives.
    /// </summary>
    public static string Content(AuditEntry line) => string.Concat(
        Field(Truncate(line.At).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", CultureInfo.InvariantCulture)),
        Field(line.UserName), Field(line.Action), Field(line.EntityType), Field(line.EntityId), Field(line.ScopePath),
        Field(line.Before), Field(line.After), Field(line.Note));

    /// <summary>A field of the hashed text: its length in UTF-16 units, a colon and the value, or "-" for null; then "|".</summary>
    private static string Field(string? value) => (value is null ? "-" : value.Length.ToString(CultureInfo.InvariantCulture) + ":" + value) + "|";

    public sealed record Verdict(long Lines, long? BrokenAtSequence, long? BrokenAtId, string? Problem)
    {
        public bool Intact => Problem is null;
    }

    /// <summary>Walks the whole chain in sequence order and reports the first broken link.</summary>
    public static async Task<Verdict> VerifyAsync(AppDb db, CancellationToken ct)
    {
        var head = await ReadHeadAsync(db, forUpdate: false, ct);
        long expected = 1;
        string? previous = null;
        long lastSequence = 0;
        while (true)
        {
            var after = lastSequence;
            var batch = await db.AuditEntries.AsNoTracking().Where(a => a.Sequence > after).OrderBy(a => a.Sequence).Take(2000).ToListAsync(ct);
            foreach (var line in batch)
            {
                var problem = line.Sequence != expected ? $"第{expected}条缺失（下一条是第{line.Sequence}条）"
                    : line.Hash is null ? "该条没有哈希（未回填）"
                    : line.PreviousHash != previous ? "与上一条的链接不符（上一条被改动、删除或插入）"
                    : HashOf(line) != line.Hash ? "内容与哈希不符（该条被改动）"
                    : null;
                if (problem is not null)
                {
                    return new Verdict(expected - 1, line.Sequence, line.Id, problem);
                }
                previous = line.Hash;
                expected++;
            }
            if (batch.Count == 0)
            {
                break;
            }
            lastSequence = batch[^1].Sequence;
        }
        var count = expected - 1;
        if (head.Sequence != count || head.Hash != previous)
        {
            return new Verdict(count, count + 1, null, $"链头记录为第{head.Sequence}条，日志只到第{count}条（末尾的记录被删除或链头被改动）");
        }
        return new Verdict(count, null, null, null);
    }

    /// <summary>
    /// Hashes lines written before the chain existed (their sequence numbers were given by the migration), oldest first,
    /// continuing the chain; lines that already have a hash are never rewritten. Run by <c>migrate</c>.
    /// </summary>
    public static async Task<int> BackfillAsync(AppDb db, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var head = await ReadHeadAsync(db, forUpdate: true, ct);
        var unhashed = await db.AuditEntries.AsNoTracking().Where(a => a.Hash == null).OrderBy(a => a.Sequence).ToListAsync(ct);
        if (unhashed.Count == 0)
        {
            return 0;
        }
        var first = unhashed[0].Sequence;
        var previous = await db.AuditEntries.AsNoTracking().Where(a => a.Sequence < first).OrderByDescending(a => a.Sequence)
            .Select(a => a.Hash).FirstOrDefaultAsync(ct);
        foreach (var line in unhashed)
        {
            line.PreviousHash = previous;
            line.Hash = HashOf(line);
            previous = line.Hash;
            // Only the very first line has no predecessor; a null parameter has no store type, so it is written as NULL.
            await (line.PreviousHash is null
                ? db.Database.ExecuteSqlRawAsync("UPDATE \"AuditEntries\" SET \"PreviousHash\" = NULL, \"Hash\" = {0} WHERE \"Id\" = {1} AND \"Hash\" IS NULL",
                    [line.Hash, line.Id], ct)
                : db.Database.ExecuteSqlRawAsync("UPDATE \"AuditEntries\" SET \"PreviousHash\" = {0}, \"Hash\" = {1} WHERE \"Id\" = {2} AND \"Hash\" IS NULL",
                    [line.PreviousHash, line.Hash, line.Id], ct));
        }
        var last = unhashed[^1];
        if (last.Sequence >= head.Sequence)
        {
            await db.Database.ExecuteSqlRawAsync("UPDATE \"AuditChainHeads\" SET \"Sequence\" = {0}, \"Hash\" = {1} WHERE \"Id\" = 1", [last.Sequence, last.Hash!], ct);
        }
        await tx.CommitAsync(ct);
        return unhashed.Count;
    }

    internal static DateTimeOffset Truncate(DateTimeOffset at)
    {
        var utc = at.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - utc.Ticks % 10, TimeSpan.Zero);
    }

    private static async Task<AuditChainHead> ReadHeadAsync(AppDb db, bool forUpdate, CancellationToken ct)
    {
        var sql = "SELECT * FROM \"AuditChainHeads\" WHERE \"Id\" = 1" + (forUpdate && db is PostgresAppDb ? " FOR UPDATE" : "");
        var rows = await db.AuditChainHeads.FromSqlRaw(sql).AsNoTracking().ToListAsync(ct);
        return rows.SingleOrDefault() ?? throw new InvalidOperationException("The audit chain head row is missing: run the migrations.");
    }
}

/// <summary>The last line of the audit chain: one row, id 1, written in the same transaction as the lines.</summary>
public sealed class AuditChainHead
{
    public int Id { get; set; }
    public long Sequence { get; set; }
    public string? Hash { get; set; }
}

internal sealed class AuditChainHeadConfiguration : IEntityTypeConfiguration<AuditChainHead>
{
    public void Configure(EntityTypeBuilder<AuditChainHead> b)
    {
        b.Property(h => h.Id).ValueGeneratedNever();
        b.Property(h => h.Hash).HasMaxLength(64);
        b.HasData(new AuditChainHead { Id = 1, Sequence = 0, Hash = null });
    }
}

/// <summary>
/// Links every audit line of a save onto the chain, last of all steps and at the end of the transaction, so that the
/// head row stays locked only briefly. Lines added before the save (a reveal, a refused access, a sign-in) are held
/// back from the first write and linked here with the lines the audit step adds.
/// </summary>
internal sealed class AuditChainStep : ISaveStep
{
    public int Order => SaveStepOrder.AuditChain;

    public ISavePass? Plan(AppDb db)
    {
        var early = db.ChangeTracker.Entries<AuditEntry>().Where(e => e.State == EntityState.Added).ToList();
        var audited = db.ChangeTracker.Entries().Any(e => e.Entity is IAudited && e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted);
        if (early.Count == 0 && !audited)
        {
            return null;
        }
        var held = early.Select(e => e.Entity).ToList();
        foreach (var entry in early)
        {
            entry.State = EntityState.Detached;
        }
        return new Pass(held);
    }

    private sealed class Pass(List<AuditEntry> held) : IBatchedSavePass
    {
        // In a save sent as one command the lines are linked by its last statements, which lock and read the head.
        public void AfterWrite(SaveBatch batch, AppDb db)
        {
            var added = db.ChangeTracker.Entries<AuditEntry>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();
            batch.Link(held.Concat(added));
        }

        public async Task AfterWriteAsync(AppDb db, CancellationToken ct)
        {
            var added = db.ChangeTracker.Entries<AuditEntry>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();
            var lines = held.Concat(added).ToList();
            await AuditChain.LinkAsync(db, lines, ct);
            foreach (var line in held)
            {
                db.AuditEntries.Add(line);
            }
        }
    }
}
