using Npgsql;

namespace Dangjian.Bench.Generate;

/// <summary>
/// Takes the keys, foreign keys and secondary indexes off the tables being bulk-loaded and puts them back afterwards,
/// from the definitions PostgreSQL itself reports: building an index once over sorted data is many times faster
/// than maintaining it row by row, and what comes back is exactly what the app's migrations created.
/// </summary>
public sealed class BulkSchema
{
    private readonly List<(string Table, string Name, string Definition, char Type)> _constraints = [];
    private readonly List<(string Name, string Definition)> _indexes = [];

    public static readonly string[] Tables = ["Organizations", "OrganizationSearchKeys", "Units", "Members", "MemberNameGrams", "MemberTallies", "UnitTallies"];

    public int ConstraintCount => _constraints.Count;
    public int IndexCount => _indexes.Count;

    public static async Task<BulkSchema> DropAsync(NpgsqlConnection connection)
    {
        var schema = new BulkSchema();
        var tables = string.Join(", ", Tables.Select(t => $"'\"{t}\"'::regclass"));
        await using (var command = new NpgsqlCommand(
            $"""
            SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid), c.contype
            FROM pg_constraint c
            WHERE c.contype IN ('p', 'u', 'f') AND (c.conrelid IN ({tables}) OR c.confrelid IN ({tables}))
            """, connection))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                schema._constraints.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetChar(3)));
            }
        }
        await using (var command = new NpgsqlCommand(
            $"""
            SELECT pg_get_indexdef(i.indexrelid), i.indexrelid::regclass::text
            FROM pg_index i
            WHERE i.indrelid IN ({tables}) AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
            """, connection))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                schema._indexes.Add((reader.GetString(1), reader.GetString(0)));
            }
            await reader.CloseAsync();
            foreach (var (table, name, _, _) in schema._constraints.OrderBy(c => c.Type == 'f' ? 0 : 1))
            {
                await Execute(connection, $"ALTER TABLE {table} DROP CONSTRAINT \"{name}\"");
            }
            foreach (var (name, _) in schema._indexes)
            {
                await Execute(connection, $"DROP INDEX {name}");
            }
        }
        return schema;
    }

    /// <summary>Keys first (the foreign keys need them), then indexes, then foreign keys, which are checked once over the whole table.</summary>
    public async Task RestoreAsync(NpgsqlConnection connection, Action<string, TimeSpan> timed)
    {
        foreach (var (table, name, definition, _) in _constraints.Where(c => c.Type != 'f'))
        {
            await Timed(connection, $"ALTER TABLE {table} ADD CONSTRAINT \"{name}\" {definition}", name, timed);
        }
        foreach (var (name, definition) in _indexes)
        {
            await Timed(connection, definition, name, timed);
        }
        foreach (var (table, name, definition, _) in _constraints.Where(c => c.Type == 'f'))
        {
            await Timed(connection, $"ALTER TABLE {table} ADD CONSTRAINT \"{name}\" {definition}", name, timed);
        }
    }

    private static async Task Timed(NpgsqlConnection connection, string sql, string label, Action<string, TimeSpan> timed)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        await Execute(connection, sql);
        timed(label, System.Diagnostics.Stopwatch.GetElapsedTime(started));
    }

    public static async Task Execute(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync();
    }
}
