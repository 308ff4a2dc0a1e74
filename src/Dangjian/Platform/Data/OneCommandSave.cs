using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using System.Text;
using Dangjian.Platform.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Dangjian.Platform.Data;

/// <summary>
/// Entities whose writes a save may send as statements of its one command (<see cref="SaveBatch"/>): plain rows whose
/// only value the database would generate is an identity id, which the save draws beforehand (<see cref="IdPool"/>).
/// </summary>
public interface IWrittenInOneCommand;

/// <summary>
/// A step's work for a save sent as one command (<see cref="SaveBatch"/>): instead of running its statements, the pass
/// adds them to the batch. A save is sent this way only when every pass of it implements this.
/// </summary>
public interface IBatchedSavePass : ISavePass
{
    /// <summary>Statements that go before the tracked rows (locks and checks, derived rows that need no id).</summary>
    void BeforeWrite(SaveBatch batch, AppDb db)
    {
    }

    /// <summary>
    /// Work after the tracked rows: statements, rows added to the tracker (written next, in the same command), or
    /// audit lines for the chain (<see cref="SaveBatch.Link"/>).
    /// </summary>
    void AfterWrite(SaveBatch batch, AppDb db)
    {
    }
}

/// <summary>
/// One save as one command: every statement of the save (locks and checks, the tracked rows, the derived rows, the
/// audit lines linked into the chain) sent to the database at once, then the commit: two round trips, where the same
/// save statement by statement takes eight or more. Checks are statements whose rows are counted when the answer comes
/// back; when one finds what it did not expect, the transaction is rolled back and the save fails as the step would
/// have failed it. Audit lines are linked in SQL: the chain head is locked and read by the statements that insert the
/// lines, and each line's hash is computed there from the part of its content the app computed
/// (<see cref="AuditChain.Content"/>), so that no read of the head has to come back first.
/// </summary>
public sealed class SaveBatch
{
    private readonly StringBuilder _sql = new();
    private readonly List<DbParameter> _parameters = [];
    private readonly List<Func<int, Exception?>> _checks = [];
    private readonly List<Func<AppDb, CancellationToken, Task>> _followUps = [];
    private readonly List<AuditEntry> _lines = [];
    private readonly DbCommand _factory;
    private readonly bool _postgres;

    internal SaveBatch(AppDb db)
    {
        _factory = db.Database.GetDbConnection().CreateCommand();
        _postgres = db is PostgresAppDb;
    }

    public bool IsPostgres => _postgres;

    /// <summary>A statement that returns no rows; <c>{0}</c>, <c>{1}</c>… in <paramref name="sql"/> are the values.</summary>
    public void Add(string sql, params object?[] values) => _sql.Append(Bind(sql, values)).Append(";\n");

    /// <summary>
    /// A statement that returns rows, <paramref name="rows"/> of them when all is well; otherwise the save is rolled
    /// back and <paramref name="failure"/> thrown. Checks are read in the order they were added.
    /// </summary>
    public void Check(string sql, int rows, Func<Exception> failure, params object?[] values)
    {
        Add(sql, values);
        _checks.Add(seen => seen == rows ? null : failure());
    }

    /// <summary>
    /// A statement that returns rows, read with the checks: <paramref name="then"/> is given how many came back and
    /// may return work that must follow in the same transaction, before the commit (rare work, such as a recount, that
    /// only the answer shows is needed). Such work adds round trips only when it is needed.
    /// </summary>
    public void Probe(string sql, Func<int, Func<AppDb, CancellationToken, Task>?> then, params object?[] values)
    {
        Add(sql, values);
        _checks.Add(seen =>
        {
            if (then(seen) is { } followUp)
            {
                _followUps.Add(followUp);
            }
            return null;
        });
    }

    /// <summary>The work the probes asked for, in the order they asked, after the command and before the commit.</summary>
    internal async Task FollowUpAsync(AppDb db, CancellationToken ct)
    {
        foreach (var followUp in _followUps)
        {
            await followUp(db, ct);
        }
    }

    /// <summary>Audit lines to link into the chain, after every other statement (the head stays locked briefly).</summary>
    public void Link(IEnumerable<AuditEntry> lines) => _lines.AddRange(lines);

    private string Bind(string sql, object?[] values)
    {
        var names = new string[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            if (values[i] is DbParameter given)
            {
                names[i] = given.ParameterName;
                continue;
            }
            names[i] = Plain(values[i] ?? DBNull.Value);
        }
        return string.Format(CultureInfo.InvariantCulture, sql, names);
    }

    private string Plain(object value)
    {
        var parameter = _factory.CreateParameter();
        parameter.ParameterName = Name();
        parameter.Value = value;
        _parameters.Add(parameter);
        return parameter.ParameterName;
    }

    private string Name() => "@b" + (_parameters.Count + 1).ToString(CultureInfo.InvariantCulture);

    /// <summary>A parameter holding a property's value as its column stores it (enums as names, dates as the provider writes them).</summary>
    private DbParameter Value(IProperty property, object? value)
    {
        var parameter = property.GetRelationalTypeMapping().CreateParameter(_factory, Name(), value, property.IsNullable);
        _parameters.Add(parameter);
        return parameter;
    }

    /// <summary>The statements that write a tracked row as its state says.</summary>
    internal void Write(EntityEntry entry)
    {
        var type = entry.Metadata;
        var table = StoreObjectIdentifier.Table(type.GetTableName()!, type.GetSchema());
        string Column(IProperty p) => "\"" + p.GetColumnName(table) + "\"";
        var key = type.FindPrimaryKey()!.Properties;
        string Where(bool original)
        {
            var conditions = key.Select(p => $"{Column(p)} = {Value(p, entry.Property(p.Name).OriginalValue).ParameterName}").ToList();
            if (original)
            {
                conditions.AddRange(type.GetProperties().Where(p => p.IsConcurrencyToken)
                    .Select(p => $"{Column(p)} = {Value(p, entry.Property(p.Name).OriginalValue).ParameterName}"));
            }
            return string.Join(" AND ", conditions);
        }
        var tokens = type.GetProperties().Any(p => p.IsConcurrencyToken);
        var quoted = "\"" + table.Name + "\"";
        switch (entry.State)
        {
            case EntityState.Added:
            {
                var properties = type.GetProperties().ToList();
                var values = properties.Select(p => Value(p, entry.Property(p.Name).CurrentValue).ParameterName);
                _sql.Append($"INSERT INTO {quoted} ({string.Join(", ", properties.Select(Column))}) VALUES ({string.Join(", ", values)});\n");
                break;
            }
            case EntityState.Modified:
            {
                var changed = entry.Properties.Where(p => p.IsModified).ToList();
                if (changed.Count == 0)
                {
                    break;
                }
                var set = string.Join(", ", changed.Select(p => $"{Column(p.Metadata)} = {Value(p.Metadata, p.CurrentValue).ParameterName}"));
                var sql = $"UPDATE {quoted} SET {set} WHERE {Where(tokens)}";
                if (tokens)
                {
                    Concurrent(sql + " RETURNING 1", entry);
                }
                else
                {
                    _sql.Append(sql).Append(";\n");
                }
                break;
            }
            case EntityState.Deleted:
            {
                var sql = $"DELETE FROM {quoted} WHERE {Where(tokens)}";
                if (tokens)
                {
                    Concurrent(sql + " RETURNING 1", entry);
                }
                else
                {
                    _sql.Append(sql).Append(";\n");
                }
                break;
            }
            default:
                break;
        }
    }

    private void Concurrent(string sql, EntityEntry entry)
    {
        _sql.Append(sql).Append(";\n");
        var what = entry.Metadata.ClrType.Name;
        _checks.Add(seen => seen == 1 ? null : new DbUpdateConcurrencyException($"The {what} was changed or removed since it was read."));
    }

    /// <summary>
    /// Per line: take the next position (locking the head), insert the line hashed in SQL from the head's hash, and
    /// make it the head. The same chain <see cref="AuditChain.LinkAsync"/> writes, hash for hash.
    /// </summary>
    private void LinkLines(IEntityType lineType)
    {
        IProperty P(string name) => lineType.FindProperty(name)!;
        var hash = _postgres ? "encode(sha256(convert_to({0}, 'UTF8')), 'hex')" : "dangjian_sha256({0})";
        var sequence = "CAST(h.\"Sequence\" AS TEXT)";
        var previous = "CASE WHEN h.\"Hash\" IS NULL THEN '-|' ELSE CAST(length(h.\"Hash\") AS TEXT) || ':' || h.\"Hash\" || '|' END";
        foreach (var line in _lines)
        {
            line.At = AuditChain.Truncate(line.At);
            var content = Plain(AuditChain.Content(line));
            var input = $"CAST(length({sequence}) AS TEXT) || ':' || {sequence} || '|' || {content} || {previous}";
            _sql.Append("UPDATE \"AuditChainHeads\" SET \"Sequence\" = \"Sequence\" + 1 WHERE \"Id\" = 1;\n");
            _sql.Append("INSERT INTO \"AuditEntries\" (\"At\", \"UserName\", \"Action\", \"EntityType\", \"EntityId\", \"ScopePath\", \"Before\", \"After\", \"Note\", \"Sequence\", \"PreviousHash\", \"Hash\") SELECT ")
                .Append(string.Join(", ",
                    Value(P(nameof(AuditEntry.At)), line.At).ParameterName,
                    Value(P(nameof(AuditEntry.UserName)), line.UserName).ParameterName,
                    Value(P(nameof(AuditEntry.Action)), line.Action).ParameterName,
                    Value(P(nameof(AuditEntry.EntityType)), line.EntityType).ParameterName,
                    Value(P(nameof(AuditEntry.EntityId)), line.EntityId).ParameterName,
                    Value(P(nameof(AuditEntry.ScopePath)), line.ScopePath).ParameterName,
                    Value(P(nameof(AuditEntry.Before)), line.Before).ParameterName,
                    Value(P(nameof(AuditEntry.After)), line.After).ParameterName,
                    Value(P(nameof(AuditEntry.Note)), line.Note).ParameterName))
                .Append(", h.\"Sequence\", h.\"Hash\", ").Append(string.Format(CultureInfo.InvariantCulture, hash, input))
                .Append(" FROM \"AuditChainHeads\" h WHERE h.\"Id\" = 1;\n");
            _sql.Append("UPDATE \"AuditChainHeads\" SET \"Hash\" = (SELECT a.\"Hash\" FROM \"AuditEntries\" a WHERE a.\"Sequence\" = \"AuditChainHeads\".\"Sequence\") WHERE \"Id\" = 1;\n");
        }
    }

    /// <summary>Sends the whole batch as one command through EF (its interceptors see it) and reads the checks.</summary>
    internal async Task ExecuteAsync(AppDb db, CancellationToken ct)
    {
        if (_lines.Count > 0)
        {
            LinkLines(db.Model.FindEntityType(typeof(AuditEntry))!);
        }
        if (_sql.Length == 0)
        {
            return;
        }
        var built = db.GetService<IRawSqlCommandBuilder>().Build(_sql.ToString(), _parameters.Cast<object>().ToArray(), db.Model);
        var parameters = new RelationalCommandParameterObject(db.GetService<IRelationalConnection>(), built.ParameterValues, null, db,
            db.GetService<IRelationalCommandDiagnosticsLogger>(), CommandSource.SaveChanges);
        Exception? failed = null;
        await using (var reader = await built.RelationalCommand.ExecuteReaderAsync(parameters, ct))
        {
            var results = reader.DbDataReader;
            for (var i = 0; i < _checks.Count; i++)
            {
                if (i > 0 && !await results.NextResultAsync(ct))
                {
                    throw new InvalidOperationException("A check of the save's command returned no result.");
                }
                var rows = 0;
                while (await results.ReadAsync(ct))
                {
                    rows++;
                }
                if (_checks[i](rows) is { } failure)
                {
                    failed ??= failure;
                }
            }
            while (await results.NextResultAsync(ct))
            {
                // Read to the end: on PostgreSQL a statement's error arrives only when its result is read.
            }
        }
        if (failed is not null)
        {
            throw failed;
        }
    }
}

/// <summary>
/// Identity ids drawn before a save, so that the rows, their windows and their audit lines can be written in one
/// command: the rows' ids are known before the database sees them. Drawn a block at a time per database and table
/// (one round trip per <see cref="Block"/> new rows): from the column's sequence on PostgreSQL, by raising SQLite's
/// AUTOINCREMENT counter, which every other insert (the import's reserved ids among them) starts above. An id drawn and
/// not used leaves a gap, as a rolled-back insert does.
/// </summary>
public static class IdPool
{
    public const int Block = 64;

    private static readonly ConcurrentDictionary<(string Database, string Table), ConcurrentQueue<long>> Pools = new();

    public static async Task<long> NextAsync(AppDb db, string table, CancellationToken ct)
    {
        var key = (db.Database.GetConnectionString() ?? "", table);
        var pool = Pools.GetOrAdd(key, _ => new ConcurrentQueue<long>());
        if (pool.TryDequeue(out var id))
        {
            return id;
        }
        foreach (var drawn in await DrawAsync(db, table, ct))
        {
            pool.Enqueue(drawn);
        }
        return pool.TryDequeue(out id) ? id : throw new InvalidOperationException("No id could be drawn for " + table);
    }

    /// <summary>
    /// Forgets what was drawn on a SQLite database whose save was rolled back: the raised counter went back with the
    /// transaction, so another insert may now take those ids.
    /// </summary>
    public static void Forget(AppDb db)
    {
        var database = db.Database.GetConnectionString() ?? "";
        foreach (var key in Pools.Keys.Where(k => k.Database == database))
        {
            Pools.TryRemove(key, out _);
        }
    }

    // The table's name comes from the model and the block is a constant: nothing of a request reaches this SQL.
#pragma warning disable EF1002, EF1003
    private static async Task<List<long>> DrawAsync(AppDb db, string table, CancellationToken ct)
    {
        var block = Block.ToString(CultureInfo.InvariantCulture);
        if (db is PostgresAppDb)
        {
            return await db.Database.SqlQueryRaw<long>(
                $"SELECT nextval(pg_get_serial_sequence('\"{table}\"', 'Id')) AS \"Value\" FROM generate_series(1, {block})").ToListAsync(ct);
        }
        // Inside the save's transaction, which holds SQLite's write lock: the counter cannot move meanwhile. The counter
        // goes above both its old value and the rows (an explicit id does not always raise it).
        var top = (await db.Database.SqlQueryRaw<long>(
            $"INSERT INTO sqlite_sequence (name, seq) SELECT '{table}', 0 WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = '{table}'); "
            + $"UPDATE sqlite_sequence SET seq = max(seq, COALESCE((SELECT max(\"Id\") FROM \"{table}\"), 0)) + {block} WHERE name = '{table}' RETURNING seq AS \"Value\"")
            .ToListAsync(ct)).Single();
        var last = top - Block;
        return [.. Enumerable.Range(1, Block).Select(i => last + i)];
    }
#pragma warning restore EF1002, EF1003
}
