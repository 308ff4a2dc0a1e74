using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Dangjian.Platform.Data;

/// <summary>
/// Inserts many new rows of one entity past the change tracker: binary COPY on PostgreSQL, one prepared INSERT run per
/// row on SQLite, both inside the context's current transaction (which the caller must have begun). The columns are
/// read from the EF model, so a property added to the entity is written without a change here. Like ExecuteUpdate it
/// runs no save step: the caller does their work (derived rows, audit) in the same transaction, and names how where it
/// calls this. Rows must carry their ids (<see cref="ReserveIdsAsync{T}"/>).
/// </summary>
public static class BulkInsert
{
    /// <summary>
    /// <paramref name="count"/> new ids for the rows of <typeparamref name="T"/>. PostgreSQL draws them from the column's
    /// sequence (a concurrent insert may take ids in between, so they need not be consecutive); SQLite gives the next
    /// consecutive ids, which no one else can take because its transaction holds the database's write lock.
    /// </summary>
    public static async Task<long[]> ReserveIdsAsync<T>(AppDb db, int count, CancellationToken ct)
    {
        RequireTransaction(db);
        var table = Table<T>(db, out _);
        var ids = new long[count];
        if (count == 0)
        {
            return ids;
        }
        var connection = db.Database.GetDbConnection();
        await using var command = connection.CreateCommand();
        command.Transaction = db.Database.CurrentTransaction!.GetDbTransaction();
        if (db.Database.IsNpgsql())
        {
            command.CommandText = $"SELECT nextval(pg_get_serial_sequence('\"{table}\"', 'Id')) FROM generate_series(1, {count.ToString(CultureInfo.InvariantCulture)})";
            await using var reader = await command.ExecuteReaderAsync(ct);
            var i = 0;
            while (await reader.ReadAsync(ct))
            {
                ids[i++] = reader.GetInt64(0);
            }
            // Ids in ascending order: rows land in the order of the sheet, and ranges of them stay short.
            Array.Sort(ids);
            return ids;
        }
        // AUTOINCREMENT never gives an id twice, even one whose row was deleted: start above both the sequence and the rows.
        command.CommandText = $"SELECT max(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = '{table}'), 0), COALESCE((SELECT max(\"Id\") FROM \"{table}\"), 0))";
        var last = Convert.ToInt64(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
        for (var i = 0; i < count; i++)
        {
            ids[i] = last + 1 + i;
        }
        return ids;
    }

    /// <summary>Writes <paramref name="rows"/> as new rows of their table, every mapped column, in the current transaction.</summary>
    public static async Task WriteAsync<T>(AppDb db, IReadOnlyCollection<T> rows, CancellationToken ct)
        where T : class
    {
        RequireTransaction(db);
        if (rows.Count == 0)
        {
            return;
        }
        var table = Table<T>(db, out var entityType);
        var columns = entityType.GetProperties().Select(p => new Column(p)).ToList();
        var names = string.Join(", ", columns.Select(c => $"\"{c.Name}\""));
        if (db.Database.GetDbConnection() is NpgsqlConnection postgres)
        {
            await using var copy = await postgres.BeginBinaryImportAsync($"COPY \"{table}\" ({names}) FROM STDIN (FORMAT BINARY)", ct);
            foreach (var row in rows)
            {
                await copy.StartRowAsync(ct);
                foreach (var column in columns)
                {
                    if (column.ProviderValue(row) is { } value)
                    {
                        await copy.WriteAsync(value, column.PostgresType, ct);
                    }
                    else
                    {
                        await copy.WriteNullAsync(ct);
                    }
                }
            }
            await copy.CompleteAsync(ct);
            return;
        }
        var sqlite = (SqliteConnection)db.Database.GetDbConnection();
        await using var command = sqlite.CreateCommand();
        command.Transaction = (SqliteTransaction)db.Database.CurrentTransaction!.GetDbTransaction();
        command.CommandText = $"INSERT INTO \"{table}\" ({names}) VALUES ({string.Join(", ", columns.Select((_, i) => "$p" + i.ToString(CultureInfo.InvariantCulture)))})";
        var parameters = columns.Select((_, i) => command.Parameters.Add(new SqliteParameter { ParameterName = "$p" + i.ToString(CultureInfo.InvariantCulture) })).ToArray();
        command.Prepare();
        foreach (var row in rows)
        {
            for (var i = 0; i < columns.Count; i++)
            {
                parameters[i].Value = columns[i].ProviderValue(row) ?? DBNull.Value;
            }
            await command.ExecuteNonQueryAsync(ct);
        }
    }

    private static void RequireTransaction(AppDb db)
    {
        if (db.Database.CurrentTransaction is null)
        {
            // Rows written outside one would be visible, and kept, before the rest of the caller's work.
            throw new InvalidOperationException("Bulk inserts run inside the caller's transaction: call BeginTransactionAsync first.");
        }
    }

    private static string Table<T>(AppDb db, out IEntityType entityType)
    {
        entityType = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not an entity of the model.");
        return entityType.GetTableName() ?? throw new InvalidOperationException($"{typeof(T).Name} has no table.");
    }

    /// <summary>One mapped property: its column, how to read it from an entity, and its value as the database stores it.</summary>
    private sealed class Column(IProperty property)
    {
        private readonly IClrPropertyGetter _getter = property.GetGetter();
        private readonly Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter? _converter = property.GetTypeMapping().Converter;

        public string Name { get; } = property.GetColumnName();

        public NpgsqlDbType PostgresType { get; } = PostgresTypeOf(property.GetTypeMapping().Converter?.ProviderClrType ?? property.ClrType);

        public object? ProviderValue(object entity)
        {
            var value = _getter.GetClrValueUsingContainingEntity(entity);
            return value is null ? null : _converter is null ? value : _converter.ConvertToProvider(value);
        }

        private static NpgsqlDbType PostgresTypeOf(Type type) => (Nullable.GetUnderlyingType(type) ?? type) switch
        {
            var t when t == typeof(string) => NpgsqlDbType.Text,
            var t when t == typeof(long) => NpgsqlDbType.Bigint,
            var t when t == typeof(int) => NpgsqlDbType.Integer,
            var t when t == typeof(short) => NpgsqlDbType.Smallint,
            var t when t == typeof(bool) => NpgsqlDbType.Boolean,
            var t when t == typeof(DateOnly) => NpgsqlDbType.Date,
            var t when t == typeof(DateTimeOffset) => NpgsqlDbType.TimestampTz,
            var t when t == typeof(byte[]) => NpgsqlDbType.Bytea,
            var t when t == typeof(double) => NpgsqlDbType.Double,
            var t when t == typeof(decimal) => NpgsqlDbType.Numeric,
            var t when t == typeof(Guid) => NpgsqlDbType.Uuid,
            // A new column of another type must be added here; failing loudly beats writing it wrong.
            var t => throw new NotSupportedException($"Bulk insert does not know the PostgreSQL type of {t.Name}."),
        };
    }
}
