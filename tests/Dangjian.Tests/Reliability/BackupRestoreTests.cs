using System.Data.Common;
using System.Globalization;
using Dangjian.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Dangjian.Tests.Reliability;

/// <summary>
/// `backup FILE` then `restore FILE` into another database gives back every row of every table, migrations history
/// included: 0 differences. The commands run as they would in production, in a child process of the real app.
/// </summary>
public class BackupRestoreTests(AppFactory app) : DemoApiTest(app)
{
    [Fact]
    public async Task A_backup_restored_into_another_database_holds_every_row_of_every_table()
    {
        // Something of each kind beyond the demo: a member, a letter, audit lines.
        var member = await CreateMember(await OrgId(DemoOrgs.First), "备份甲");
        await IssueTransfer(member, null);
        var source = await App.WithDbAsync(db => Task.FromResult(db.Database.GetConnectionString()!));
        var work = Path.Combine(Path.GetTempPath(), "dangjian-backup-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        var file = Path.Combine(work, TestDatabase.IsPostgres ? "dangjian.dump" : "dangjian-backup.db");
        var key = AppProcess.NewKey();
        string? target = null;
        try
        {
            var (backupExit, backupOutput) = await AppProcess.RunAsync(["backup", file], Settings(work, source, key));
            backupExit.ShouldBe(0, backupOutput);
            File.Exists(file).ShouldBeTrue();

            target = TestDatabase.IsPostgres ? await TestDatabase.CreatePostgresAsync() : $"Data Source={Path.Combine(work, "restored.db")}";
            var (restoreExit, restoreOutput) = await AppProcess.RunAsync(["restore", file], Settings(work, target, key));
            restoreExit.ShouldBe(0, restoreOutput);
            var original = await DumpAsync(source);
            Differences(original, await DumpAsync(target)).ShouldBeEmpty();
            original["Members"].Count.ShouldBeGreaterThan(0);

            // Restoring over a database that has changed since puts the backup's content back exactly.
            await ExecuteAsync(target, "DELETE FROM \"AuditEntries\"");
            (await AppProcess.RunAsync(["restore", file], Settings(work, target, key))).ExitCode.ShouldBe(0);
            Differences(original, await DumpAsync(target)).ShouldBeEmpty();
        }
        finally
        {
            if (TestDatabase.IsPostgres && target is not null)
            {
                await TestDatabase.DropPostgresAsync(target);
            }
            SqliteConnection.ClearAllPools();
            Directory.Delete(work, recursive: true);
        }
    }

    [Fact]
    public async Task Restoring_a_file_that_does_not_exist_fails_and_changes_nothing()
    {
        var source = await App.WithDbAsync(db => Task.FromResult(db.Database.GetConnectionString()!));
        var before = await RowCounts();
        var (exit, _) = await AppProcess.RunAsync(["restore", "/nonexistent/dangjian.backup"], Settings(Path.GetTempPath(), source, AppProcess.NewKey()));
        exit.ShouldNotBe(0);
        (await RowCounts()).ShouldBe(before);
    }

    private static Dictionary<string, string> Settings(string work, string connection, string key)
    {
        var settings = AppProcess.Settings(work, TestDatabase.IsPostgres ? connection : null,
            TestDatabase.IsPostgres ? null : new SqliteConnectionStringBuilder(connection).DataSource, key);
        settings["Database__MigrateOnStart"] = "false";
        settings["Demo__Enabled"] = "false";
        return settings;
    }

    private static DbConnection Open(string connection) =>
        TestDatabase.IsPostgres ? new NpgsqlConnection(connection) : new SqliteConnection(connection);

    private static async Task ExecuteAsync(string connection, string sql)
    {
        await using var db = Open(connection);
        await db.OpenAsync();
        await using var command = db.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Every table's rows as text, sorted, keyed by table name.</summary>
    private static async Task<Dictionary<string, List<string>>> DumpAsync(string connection)
    {
        await using var db = Open(connection);
        await db.OpenAsync();
        var tables = new List<string>();
        await using (var command = db.CreateCommand())
        {
            command.CommandText = TestDatabase.IsPostgres
                ? "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
                : "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }
        var result = new Dictionary<string, List<string>>();
        foreach (var table in tables)
        {
            await using var command = db.CreateCommand();
            command.CommandText = $"SELECT * FROM \"{table}\"";
            await using var reader = await command.ExecuteReaderAsync();
            var rows = new List<string>();
            while (await reader.ReadAsync())
            {
                var cells = new string[reader.FieldCount];
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    cells[i] = reader.IsDBNull(i) ? "∅" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture) ?? "";
                }
                rows.Add(string.Join('|', cells));
            }
            rows.Sort(StringComparer.Ordinal);
            result[table] = rows;
        }
        return result;
    }

    private static List<string> Differences(Dictionary<string, List<string>> expected, Dictionary<string, List<string>> actual)
    {
        var differences = new List<string>();
        foreach (var table in expected.Keys.Union(actual.Keys))
        {
            var want = expected.GetValueOrDefault(table) ?? [];
            var got = actual.GetValueOrDefault(table) ?? [];
            differences.AddRange(want.Except(got).Select(r => $"{table}: missing {r}"));
            differences.AddRange(got.Except(want).Select(r => $"{table}: extra {r}"));
            if (want.Count != got.Count)
            {
                differences.Add($"{table}: {want.Count} rows backed up, {got.Count} restored");
            }
        }
        return differences;
    }
}
