using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Dangjian.Bench.Http;

/// <summary>
/// The database a benchmark reads: the generated province on PostgreSQL, or a county of it in a SQLite file
/// (`sqlite-county`). The measured SQL is replayed on the same kind of connection the app uses.
/// </summary>
public sealed class BenchDb : IAsyncDisposable
{
    private readonly NpgsqlDataSource? _postgres;

    private BenchDb(string connection, bool sqlite)
    {
        Connection = connection;
        IsSqlite = sqlite;
        _postgres = sqlite ? null : NpgsqlDataSource.Create(connection);
    }

    public string Connection { get; }
    public bool IsSqlite { get; }

    public static BenchDb Postgres(string connection) =>
        new(new NpgsqlConnectionStringBuilder(connection) { CommandTimeout = 300 }.ConnectionString, false);

    public static BenchDb Sqlite(string file) =>
        new(new SqliteConnectionStringBuilder { DataSource = Path.GetFullPath(file), Mode = SqliteOpenMode.ReadWrite }.ConnectionString, true);

    public async Task<DbConnection> OpenAsync()
    {
        if (_postgres is not null)
        {
            return await _postgres.OpenConnectionAsync();
        }
        var connection = new SqliteConnection(Connection);
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>A command with named parameters (@p0, @p1, …): both providers bind them.</summary>
    public static DbCommand Command(DbConnection connection, string sql, params object?[] values)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        for (var i = 0; i < values.Length; i++)
        {
            var p = command.CreateParameter();
            p.ParameterName = "@p" + i;
            p.Value = values[i] ?? DBNull.Value;
            command.Parameters.Add(p);
        }
        return command;
    }

    public static async Task<object?> ScalarAsync(DbConnection connection, string sql, params object?[] values)
    {
        await using var command = Command(connection, sql, values);
        var value = await command.ExecuteScalarAsync();
        return value is DBNull ? null : value;
    }

    /// <summary>A copy of a parameter EF sent, typed as EF typed it, to be sent again.</summary>
    public static DbParameter Clone(DbParameter parameter) => parameter switch
    {
        NpgsqlParameter n => n.Clone(),
        SqliteParameter s => new SqliteParameter(s.ParameterName, s.Value) { SqliteType = s.SqliteType, Size = s.Size, Direction = s.Direction },
        _ => throw new NotSupportedException(parameter.GetType().Name),
    };

    public ValueTask DisposeAsync() => _postgres?.DisposeAsync() ?? ValueTask.CompletedTask;
}
