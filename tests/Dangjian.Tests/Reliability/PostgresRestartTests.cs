using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Dangjian.Tests.Infrastructure;
using Npgsql;

namespace Dangjian.Tests.Reliability;

/// <summary>
/// PostgreSQL crashes and restarts (pg_ctl restart -m immediate: no checkpoint, recovery from the WAL) while the app is
/// writing: every write the app acknowledged is there afterwards, and the same app process serves writes again without
/// being restarted. The test runs its own throwaway server (fsync on, as in production), on PostgreSQL runs only:
/// on SQLite runs, or where the PostgreSQL server binaries are not installed, it is reported as skipped.
/// </summary>
public class PostgresRestartTests
{
    private const string Binaries = "/usr/lib/postgresql/15/bin";
    private const int Writers = 4;
    private const int WritesBefore = 40;
    private const int WritesAfter = 40;

    [Fact]
    public async Task Every_acknowledged_write_survives_a_database_crash_and_the_app_recovers_by_itself()
    {
        if (!TestDatabase.IsPostgres)
        {
            Assert.Skip("PostgreSQL only (DANGJIAN_TEST_DATABASE=postgres)");
        }
        if (!File.Exists(Path.Combine(Binaries, "pg_ctl")))
        {
            Assert.Skip($"needs the PostgreSQL 15 server binaries in {Binaries}");
        }
        await using var server = await ThrowawayServer.StartAsync();
        var database = await server.CreateDatabaseAsync();
        var work = Path.Combine(Path.GetTempPath(), "dangjian-pgrestart-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        try
        {
            await using var app = await AppProcess.StartAsync(AppProcess.Settings(work, database, null, AppProcess.NewKey()));
            var organization = await ScalarAsync(database, "SELECT \"Id\" FROM \"Organizations\" WHERE \"Name\" = '延中社区第一党支部'");
            var acknowledged = new ConcurrentDictionary<long, string>();
            var refused = 0;
            using var stop = new CancellationTokenSource();
            var clients = new List<HttpClient>();
            for (var i = 0; i < Writers; i++)
            {
                clients.Add(await app.SignedInClientAsync());
            }
            var writers = clients.Select((client, w) => Task.Run(async () =>
            {
                for (var n = 0; !stop.IsCancellationRequested; n++)
                {
                    var name = $"重启{"甲乙丙丁"[w]}{n}";
                    try
                    {
                        var response = await client.PostAsJsonAsync(new Uri("/api/v1/members", UriKind.Relative), People.Full(organization, name), ApiTest.Json);
                        if (response.StatusCode == HttpStatusCode.Created)
                        {
                            var created = await response.Content.ReadFromJsonAsync<ApiTest.Created>(ApiTest.Json);
                            acknowledged[created!.Id] = name;
                        }
                        else
                        {
                            Interlocked.Increment(ref refused);
                        }
                    }
                    catch (HttpRequestException)
                    {
                        Interlocked.Increment(ref refused);
                    }
                }
            })).ToList();

            (await AppProcess.UntilAsync(() => Task.FromResult(acknowledged.Count >= WritesBefore), TimeSpan.FromMinutes(5), 50)).ShouldBeTrue("writes before the crash");
            await server.CrashAndRestartAsync();
            var afterRestart = acknowledged.Count;
            (await AppProcess.UntilAsync(() => Task.FromResult(acknowledged.Count >= afterRestart + WritesAfter), TimeSpan.FromMinutes(5), 50))
                .ShouldBeTrue($"the app did not write again after the restart ({refused} refused):\n{app.Output}");
            await stop.CancelAsync();
            await Task.WhenAll(writers);

            var stored = new Dictionary<long, string>();
            // The test's own pooled connections died with the server: read through a fresh one.
            await using (var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database) { Pooling = false }.ConnectionString))
            {
                await connection.OpenAsync();
                await using var command = new NpgsqlCommand("SELECT \"Id\", \"Name\" FROM \"Members\" WHERE \"Name\" LIKE '重启%'", connection);
                await using var reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    stored[reader.GetInt64(0)] = reader.GetString(1);
                }
            }
            acknowledged.Where(a => stored.GetValueOrDefault(a.Key) != a.Value).Select(a => a.Value).ShouldBeEmpty("acknowledged writes missing after the crash");
            (await new HttpClient { BaseAddress = app.Url }.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.OK);
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            Directory.Delete(work, recursive: true);
        }
    }

    private static async Task<long> ScalarAsync(string connection, string sql)
    {
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        await using var command = new NpgsqlCommand(sql, db);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>A PostgreSQL server of the test's own, in a temporary folder on a free port, stopped and removed on dispose.</summary>
    private sealed class ThrowawayServer : IAsyncDisposable
    {
        private readonly string _data;
        private readonly int _port;

        private ThrowawayServer(string data, int port)
        {
            _data = data;
            _port = port;
        }

        public string ConnectionString => $"Host=127.0.0.1;Port={_port};Username=postgres;Timeout=5;Command Timeout=30";

        public static async Task<ThrowawayServer> StartAsync()
        {
            var data = Path.Combine(Path.GetTempPath(), "dangjian-pg-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(data);
            var server = new ThrowawayServer(data, AppProcess.FreePort());
            if (Environment.UserName == "root")
            {
                await RunAsync("chown", "postgres:", data);
            }
            await server.PgAsync("initdb", "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8");
            await server.PgCtlAsync("start");
            return server;
        }

        public async Task<string> CreateDatabaseAsync()
        {
            var name = "dj_restart_" + Guid.NewGuid().ToString("N")[..12];
            await using var connection = new NpgsqlConnection(ConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
            return new NpgsqlConnectionStringBuilder(ConnectionString) { Database = name }.ConnectionString;
        }

        /// <summary>Immediate mode: the server stops as in a crash and replays its WAL on start.</summary>
        public async Task CrashAndRestartAsync()
        {
            await PgAsync("pg_ctl", "-D", _data, "-m", "immediate", "-w", "stop");
            await PgCtlAsync("start");
        }

        private Task PgCtlAsync(string action) =>
            PgAsync("pg_ctl", "-D", _data, "-o", $"-c listen_addresses=127.0.0.1 -p {_port} -k {_data}", "-l", Path.Combine(_data, "server.log"), "-w", action);

        private Task PgAsync(string tool, params string[] arguments)
        {
            var path = Path.Combine(Binaries, tool);
            return Environment.UserName == "root" ? RunAsync("runuser", ["-u", "postgres", "--", path, .. arguments]) : RunAsync(path, arguments);
        }

        private static async Task RunAsync(string file, params string[] arguments)
        {
            var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed: {await output}{await errors}");
            }
        }

        public async ValueTask DisposeAsync()
        {
            NpgsqlConnection.ClearAllPools();
            try
            {
                await PgAsync("pg_ctl", "-D", _data, "-m", "immediate", "-w", "stop");
            }
            catch (InvalidOperationException)
            {
                // already stopped
            }
            Directory.Delete(_data, recursive: true);
        }
    }
}
