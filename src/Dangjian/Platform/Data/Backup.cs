using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Dangjian.Platform.Data;

/// <summary>
/// `backup FILE` and `restore FILE`: a consistent copy of the configured database, and putting one back.
/// SQLite uses its online backup (a consistent snapshot while the app keeps serving); PostgreSQL uses pg_dump's custom
/// format and pg_restore, which must be on PATH or in DANGJIAN_PG_BIN (their major version at least the server's).
/// Restore replaces every table of the target database: run it with the app stopped.
/// </summary>
public static class Backup
{
    public static async Task<int> RunAsync(IServiceProvider services, string command, string? file)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        var logger = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("Dangjian.Backup");
        if (string.IsNullOrWhiteSpace(file))
        {
            logger.LogError("Usage: {Command} FILE", command);
            return 2;
        }
        var path = Path.GetFullPath(file);
        var connection = db.Database.GetConnectionString() ?? throw new InvalidOperationException("No database is configured.");
        if (command == "backup")
        {
            if (db.Database.IsNpgsql())
            {
                await PgToolAsync("pg_dump", connection, ["--format=custom", "--no-owner", "--no-privileges", $"--file={path}"]);
            }
            else
            {
                BackupSqlite(connection, path);
            }
            logger.LogInformation("Backed up to {File} ({Bytes} bytes)", path, new FileInfo(path).Length);
            return 0;
        }
        if (!File.Exists(path))
        {
            logger.LogError("No backup file at {File}", path);
            return 2;
        }
        if (db.Database.IsNpgsql())
        {
            // --clean drops what the backup holds before recreating it; --single-transaction makes a failed restore change nothing.
            await PgToolAsync("pg_restore", connection, ["--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error", path],
                database: true);
        }
        else
        {
            RestoreSqlite(path, connection);
        }
        logger.LogInformation("Restored from {File}", path);
        return 0;
    }

    private static void BackupSqlite(string connection, string path)
    {
        if (File.Exists(path))
        {
            File.Delete(path);
        }
        using var source = new SqliteConnection(connection);
        using var target = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ConnectionString);
        source.Open();
        source.BackupDatabase(target);
    }

    private static void RestoreSqlite(string path, string connection)
    {
        using var source = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ConnectionString);
        using var target = new SqliteConnection(connection);
        source.Open();
        // The online backup API copies every page into the target, replacing its whole content in one step.
        source.BackupDatabase(target);
        SqliteConnection.ClearAllPools();
    }

    /// <summary>Runs pg_dump or pg_restore with the connection's host, port, user, password and database passed through the environment.</summary>
    private static async Task PgToolAsync(string tool, string connection, IReadOnlyList<string> arguments, bool database = false)
    {
        var settings = new NpgsqlConnectionStringBuilder(connection);
        var start = new ProcessStartInfo(ToolPath(tool)) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        if (database)
        {
            start.ArgumentList.Insert(0, $"--dbname={settings.Database}");
        }
        start.Environment["PGHOST"] = settings.Host;
        start.Environment["PGPORT"] = settings.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["PGUSER"] = settings.Username;
        start.Environment["PGDATABASE"] = settings.Database;
        if (!string.IsNullOrEmpty(settings.Password))
        {
            start.Environment["PGPASSWORD"] = settings.Password;
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start.");
        var errors = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} failed ({process.ExitCode}): {await errors}");
        }
    }

    private static string ToolPath(string tool)
    {
        var directories = new List<string>();
        if (Environment.GetEnvironmentVariable("DANGJIAN_PG_BIN") is { Length: > 0 } configured)
        {
            directories.Add(configured);
        }
        // Debian installs the client tools per major version; the newest one can dump every older server.
        if (Directory.Exists("/usr/lib/postgresql"))
        {
            directories.AddRange(Directory.GetDirectories("/usr/lib/postgresql").OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0)
                .Select(d => Path.Combine(d, "bin")));
        }
        directories.AddRange((Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries));
        return directories.Select(d => Path.Combine(d, tool)).FirstOrDefault(File.Exists) ?? tool;
    }
}
