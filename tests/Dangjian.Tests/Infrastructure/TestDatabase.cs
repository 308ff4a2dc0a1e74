using Npgsql;

namespace Dangjian.Tests.Infrastructure;

/// <summary>
/// Which database the suite runs on: DANGJIAN_TEST_DATABASE=sqlite (default) or postgres. For PostgreSQL,
/// DANGJIAN_TEST_POSTGRES holds a server connection string; every fixture gets a database of its own.
/// </summary>
public static class TestDatabase
{
    public static bool IsPostgres => string.Equals(Environment.GetEnvironmentVariable("DANGJIAN_TEST_DATABASE"), "postgres", StringComparison.OrdinalIgnoreCase);

    public static string Name => IsPostgres ? "PostgreSQL" : "SQLite";

    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable("DANGJIAN_TEST_POSTGRES") ?? "Host=127.0.0.1;Port=55432;Username=postgres";

    public static async Task<string> CreatePostgresAsync()
    {
        var name = "dj_test_" + Guid.NewGuid().ToString("N")[..16];
        await using var connection = new NpgsqlConnection(ServerConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await command.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = name, IncludeErrorDetail = true }.ConnectionString;
    }

    public static async Task DropPostgresAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(ServerConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}
