using System.Net;
using Dangjian.Platform.Text;
using Dangjian.Tests.Infrastructure;
using Dangjian.Tests.Members;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Dangjian.Tests.Reliability;

/// <summary>
/// The app killed with SIGKILL while it writes a 10,000-row import: after a restart not one row of the file is there
/// (the import is one transaction), the database is intact, and the same file then imports whole.
/// </summary>
public class CrashDuringImportTests
{
    private const int Rows = 10_000;

    [Fact]
    public async Task A_kill_during_a_ten_thousand_row_import_leaves_no_partial_rows()
    {
        var work = Path.Combine(Path.GetTempPath(), "dangjian-crash-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        var sqliteFile = Path.Combine(work, "crash.db");
        var postgres = TestDatabase.IsPostgres ? await TestDatabase.CreatePostgresAsync() : null;
        var settings = AppProcess.Settings(work, postgres, postgres is null ? sqliteFile : null, AppProcess.NewKey());
        var sheet = Sheet();
        try
        {
            var before = 0L;
            await using (var app = await AppProcess.StartAsync(settings))
            {
                before = await CountAsync(postgres, sqliteFile, "SELECT COUNT(*) FROM \"Members\"");
                using var client = await app.SignedInClientAsync();
                var writing = WritingSignal(postgres, sqliteFile);
                var import = client.PostAsync(new Uri("/api/v1/members/import", UriKind.Relative), ExcelBooks.Upload(sheet));
                // Kill once the import's transaction has begun writing (and before it can commit).
                var started = await AppProcess.UntilAsync(async () => import.IsCompleted || await writing(), TimeSpan.FromMinutes(5));
                import.IsCompleted.ShouldBeFalse("the import finished before the kill; the test needs a bigger file");
                started.ShouldBeTrue("the import never started writing:\n" + app.Output);
                await app.KillAsync();
                await Should.ThrowAsync<Exception>(() => import);
            }

            await using (var again = await AppProcess.StartAsync(settings))
            {
                (await CountAsync(postgres, sqliteFile, "SELECT COUNT(*) FROM \"Members\"")).ShouldBe(before, "no row of the killed import remains");
                (await CountAsync(postgres, sqliteFile, "SELECT COUNT(*) FROM \"Members\" WHERE \"Address\" LIKE '崩溃测试%'")).ShouldBe(0);
                if (postgres is null)
                {
                    await using var check = new SqliteConnection($"Data Source={sqliteFile}");
                    await check.OpenAsync();
                    await using var command = check.CreateCommand();
                    command.CommandText = "PRAGMA integrity_check";
                    (await command.ExecuteScalarAsync()).ShouldBe("ok");
                }
                using var client = await again.SignedInClientAsync();
                var response = await client.PostAsync(new Uri("/api/v1/members/import", UriKind.Relative), ExcelBooks.Upload(sheet));
                response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
                (await CountAsync(postgres, sqliteFile, "SELECT COUNT(*) FROM \"Members\"")).ShouldBe(before + Rows, "the same file imports whole after the restart");
            }
        }
        finally
        {
            if (postgres is not null)
            {
                await TestDatabase.DropPostgresAsync(postgres);
            }
            SqliteConnection.ClearAllPools();
            Directory.Delete(work, recursive: true);
        }
    }

    private static byte[] Sheet()
    {
        string[] branches = ["延中社区第一党支部", "延中社区第二党支部", "延中社区离退休党支部"];
        string[] surnames = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄"];
        string[] given = ["建", "国", "华", "明", "军", "伟", "芳", "秀", "英", "丽"];
        return ExcelBooks.Sheet(Enumerable.Range(0, Rows).Select(i =>
        {
            var birth = new DateOnly(1950, 1, 1).AddDays(i * 7 % 18000);
            return new ExcelBooks.Row(surnames[i % 8] + given[i / 8 % 10] + given[i / 80 % 10], branches[i % 3], ExcelBooks.NewIdNumber(birth, i % 2 == 0 ? Sex.Male : Sex.Female))
            {
                JoinedOn = birth.AddYears(22),
                FullMemberOn = birth.AddYears(23),
                Address = $"崩溃测试{i}号",
            };
        }));
    }

    /// <summary>
    /// A condition that turns true once the import's transaction has written: SQLite's rollback journal (or WAL) exists
    /// only while a write transaction is open; in PostgreSQL a session holds a transaction id.
    /// </summary>
    private static Func<Task<bool>> WritingSignal(string? postgres, string sqliteFile)
    {
        if (postgres is null)
        {
            var walAtStart = new FileInfo(sqliteFile + "-wal") is { Exists: true } wal ? wal.Length : 0;
            return () => Task.FromResult(File.Exists(sqliteFile + "-journal") || (new FileInfo(sqliteFile + "-wal") is { Exists: true } w && w.Length > walAtStart));
        }
        var database = new NpgsqlConnectionStringBuilder(postgres).Database;
        return async () => await CountAsync(TestDatabase.ServerConnectionString, null,
            $"SELECT COUNT(*) FROM pg_stat_activity WHERE datname = '{database}' AND backend_xid IS NOT NULL") > 0;
    }

    private static async Task<long> CountAsync(string? postgres, string? sqliteFile, string sql)
    {
        if (postgres is not null)
        {
            await using var pg = new NpgsqlConnection(postgres);
            await pg.OpenAsync();
            await using var command = new NpgsqlCommand(sql, pg);
            return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        }
        await using var sqlite = new SqliteConnection($"Data Source={sqliteFile};Pooling=False");
        await sqlite.OpenAsync();
        await using var query = sqlite.CreateCommand();
        query.CommandText = sql;
        return Convert.ToInt64(await query.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
