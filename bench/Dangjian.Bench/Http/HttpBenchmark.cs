using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Dangjian.Bench.Http;

/// <summary>
/// `http`: for each benchmark scope and each query, N sequential requests to the app over loopback HTTP with a bearer
/// token, each followed by the same SQL commands replayed with the provider alone (Npgsql or Microsoft.Data.Sqlite); p50/p95 of both, and the targets.
/// </summary>
public static class HttpBenchmark
{
    /// <param name="Only">Comma-separated case keys or key prefixes to run ("org-,initials"); null: all of them.</param>
    /// <param name="Matrix">Measure every combination the member list accepts (<see cref="MemberMatrix"/>) instead of the standing cases.</param>
    /// <param name="Scopes">Comma-separated scope names to measure ("province,city"); null: every benchmark account's scope.</param>
    /// <param name="Sqlite">A SQLite file (`sqlite-county`) to measure instead of <paramref name="Connection"/>'s PostgreSQL database.</param>
    public sealed record Options(string Connection, string? AppUrl, int Requests, int Warmup, string? Output, string? Explain = null, string? Only = null,
        bool Matrix = false, string? Sqlite = null, string? Scopes = null);

    private const string OwnAppUrl = "http://127.0.0.1:5099";
    private const double TargetMs = 50;

    private sealed record Result(BenchScope Scope, BenchCase Case, string Hits, double[] App, double[] Sql, IReadOnlyList<CapturedCommand> Commands, double[][] PerCommand);

    public static async Task RunAsync(Options options)
    {
        await using var source = options.Sqlite is { } file ? BenchDb.Sqlite(file) : BenchDb.Postgres(options.Connection);
        var scopes = await BenchCases.LoadScopesAsync(source);
        if (options.Scopes?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) is { } wanted)
        {
            scopes = [.. scopes.Where(s => wanted.Contains(s.Name, StringComparer.Ordinal))];
        }
        Console.WriteLine("scopes: " + string.Join(", ", scopes.Select(s => $"{s.Name} {s.Members:N0} ({s.OrganizationName}, place {s.Place} {s.PlaceInitials})")));
        var only = options.Only?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        IReadOnlyList<BenchCase> All(BenchScope scope) => options.Matrix ? MemberMatrix.For(scope) : BenchCases.For(scope);
        IReadOnlyList<BenchCase> Cases(BenchScope scope) => only is null
            ? All(scope)
            : [.. All(scope).Where(c => only.Any(o => c.Key.StartsWith(o, StringComparison.Ordinal)))];

        var commands = new Dictionary<(string, string), IReadOnlyList<CapturedCommand>>();
        await using (var capture = new SqlCapture(source))
        {
            foreach (var scope in scopes)
            {
                foreach (var @case in Cases(scope))
                {
                    commands[(scope.Name, @case.Key)] = await capture.CaptureAsync(scope, @case, CancellationToken.None);
                }
            }
        }
        Console.WriteLine($"captured {commands.Values.Sum(c => c.Count)} SQL commands from the app's use-case code");
        if (options.Explain is { } explainPath && !source.IsSqlite)
        {
            await ExplainAsync(source, scopes, Cases, commands, explainPath);
            Console.WriteLine($"plans written to {explainPath}");
        }

        string? verification = null;
        if (options.AppUrl is null)
        {
            verification = await VerifyAgainstAppLogAsync(source, scopes, Cases, commands);
            Console.WriteLine(verification);
        }
        if (!source.IsSqlite)
        {
            await PrewarmAsync(source);
        }

        await using var app = options.AppUrl is null ? await AppProcess.StartAsync(source, OwnAppUrl) : null;
        var baseUrl = options.AppUrl ?? OwnAppUrl;
        using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(30) })
        {
            BaseAddress = new Uri(baseUrl),
            Timeout = TimeSpan.FromSeconds(60),
        };

        var tokens = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var scope in scopes)
        {
            tokens[scope.Name] = await TokenAsync(http, scope.UserName);
        }
        // A few rounds over every request before any timing, so that the app's hot paths are compiled at full
        // optimization (tiered JIT) and not recompiled while a later query is being measured.
        for (var round = 0; round < 3; round++)
        {
            foreach (var scope in scopes)
            {
                foreach (var @case in Cases(scope))
                {
                    await SendAsync(http, tokens[scope.Name], @case);
                }
            }
        }
        await Task.Delay(TimeSpan.FromSeconds(2));

        var loadBefore = LoadAverage();
        var results = new List<Result>();
        foreach (var scope in scopes)
        {
            foreach (var @case in Cases(scope))
            {
                var captured = commands[(scope.Name, @case.Key)];
                var result = await MeasureAsync(http, tokens[scope.Name], source, scope, @case, captured, options);
                results.Add(result);
                Console.WriteLine($"{scope.Name,-9} {@case.Key,-9} hits {result.Hits,-9} app {P(result.App, 50),7:F1}/{P(result.App, 95),7:F1} ms   "
                    + $"SQL {P(result.Sql, 50),7:F1}/{P(result.Sql, 95),7:F1} ms   {Verdict(result)}");
            }
        }

        var load = $"load average (1/5/15 min) {loadBefore} before, {LoadAverage()} after";
        Console.WriteLine(load);
        var worst = MemberMatrix.Worst(results.Select(r => (r.Scope, r.Case, P(r.App, 95), P(r.Sql, 95))));
        Console.WriteLine(worst);
        Console.WriteLine($"{results.Count(r => Verdict(r) == "pass")} of {results.Count} cells pass both targets");
        var report = await ReportAsync(results, scopes, options, source, verification, load + "\n\n" + worst);
        if (options.Output is { } path)
        {
            await File.WriteAllTextAsync(path, report);
            Console.WriteLine($"report written to {path}");
        }
        else
        {
            Console.WriteLine(report);
        }
    }

    private static async Task<Result> MeasureAsync(HttpClient http, string token, BenchDb source, BenchScope scope, BenchCase @case,
        IReadOnlyList<CapturedCommand> commands, Options options)
    {
        var app = new List<double>();
        var sql = new List<double>();
        var perCommand = commands.Select(_ => new List<double>()).ToArray();
        var hits = "";
        await using var connection = await source.OpenAsync();
        for (var i = 0; i < options.Warmup + options.Requests; i++)
        {
            // HTTP first, then the same SQL, alternating: both see the same cache state and the same neighbours' load.
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(@case.Url, UriKind.Relative));
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            var started = Stopwatch.GetTimestamp();
            using var response = await http.SendAsync(request);
            var body = await response.Content.ReadAsByteArrayAsync();
            var appMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"{scope.Name} {@case.Key}: HTTP {(int)response.StatusCode} {Encoding.UTF8.GetString(body)}");
            }
            if (i == 0)
            {
                hits = Hits(body);
            }

            var sqlStarted = Stopwatch.GetTimestamp();
            var times = new double[commands.Count];
            for (var c = 0; c < commands.Count; c++)
            {
                var commandStarted = Stopwatch.GetTimestamp();
                await using var command = commands[c].ToCommand(connection);
                await using var reader = await command.ExecuteReaderAsync();
                do
                {
                    while (await reader.ReadAsync())
                    {
                        for (var f = 0; f < reader.FieldCount; f++)
                        {
                            _ = reader.GetValue(f);
                        }
                    }
                }
                while (await reader.NextResultAsync());
                times[c] = Stopwatch.GetElapsedTime(commandStarted).TotalMilliseconds;
            }
            var sqlMs = Stopwatch.GetElapsedTime(sqlStarted).TotalMilliseconds;
            if (i >= options.Warmup)
            {
                app.Add(appMs);
                sql.Add(sqlMs);
                for (var c = 0; c < commands.Count; c++)
                {
                    perCommand[c].Add(times[c]);
                }
            }
        }
        return new Result(scope, @case, hits, [.. app], [.. sql], commands, perCommand.Select(l => l.ToArray()).ToArray());
    }

    private static async Task SendAsync(HttpClient http, string token, BenchCase @case)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(@case.Url, UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        await response.Content.ReadAsByteArrayAsync();
    }

    private static string Hits(byte[] body)
    {
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        if (root.ValueKind == JsonValueKind.Array)
        {
            // The directory: the organizations shown.
            return root.GetArrayLength().ToString(CultureInfo.InvariantCulture);
        }
        if (root.TryGetProperty("more", out var more))
        {
            // The picker: the organizations shown, "+" when there are more.
            return root.GetProperty("items").GetArrayLength().ToString(CultureInfo.InvariantCulture) + (more.GetBoolean() ? "+" : "");
        }
        if (root.TryGetProperty("rows", out var rows))
        {
            // The compliance grid: the organizations shown.
            return rows.GetArrayLength().ToString(CultureInfo.InvariantCulture);
        }
        if (root.TryGetProperty("kinds", out var kinds))
        {
            // The compliance summary: the most organizations any kind requires; an organization's year: its kinds.
            var required = kinds.EnumerateArray().Select(k => k.GetProperty("required")).Where(r => r.ValueKind == JsonValueKind.Number)
                .Select(r => r.GetInt64()).DefaultIfEmpty(-1).Max();
            return required >= 0 ? required.ToString("N0", CultureInfo.InvariantCulture) : kinds.GetArrayLength().ToString(CultureInfo.InvariantCulture);
        }
        if (root.TryGetProperty("below", out _))
        {
            // The wish figures: the region's wishes sent.
            return root.GetProperty("total").GetProperty("sent").GetInt64().ToString("N0", CultureInfo.InvariantCulture);
        }
        if (root.TryGetProperty("overdue", out _) && root.TryGetProperty("items", out var todo))
        {
            // The to-do list: its items.
            return todo.GetArrayLength().ToString(CultureInfo.InvariantCulture);
        }
        var total = root.GetProperty("total").GetInt64().ToString("N0", CultureInfo.InvariantCulture);
        return root.TryGetProperty("totalIsAtLeast", out var atLeast) && atLeast.GetBoolean() ? "≥" + total : total;
    }

    private static async Task<string> TokenAsync(HttpClient http, string userName)
    {
        using var response = await http.PostAsJsonAsync(new Uri("/api/v1/auth/token", UriKind.Relative),
            new { userName, password = Generate.BenchAccounts.Password });
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("accessToken").GetString()!;
    }

    /// <summary>
    /// Starts the app once with EF's command log on (JSON console), sends each request once, and checks that every
    /// command text the capture recorded is one the app itself logged: the replayed SQL is the app's SQL.
    /// </summary>
    private static async Task<string> VerifyAgainstAppLogAsync(BenchDb connection, IReadOnlyList<BenchScope> scopes, Func<BenchScope, IReadOnlyList<BenchCase>> cases,
        Dictionary<(string, string), IReadOnlyList<CapturedCommand>> commands)
    {
        var logged = new HashSet<string>(StringComparer.Ordinal);
        await using (var app = await AppProcess.StartAsync(connection, OwnAppUrl, new Dictionary<string, string>
        {
            ["Logging__LogLevel__Microsoft.EntityFrameworkCore.Database.Command"] = "Information",
            ["Logging__Console__FormatterName"] = "json",
        }))
        {
            using var http = new HttpClient { BaseAddress = new Uri(app.Url), Timeout = TimeSpan.FromSeconds(120) };
            foreach (var scope in scopes)
            {
                var token = await TokenAsync(http, scope.UserName);
                foreach (var @case in cases(scope))
                {
                    await SendAsync(http, token, @case);
                }
            }
            await Task.Delay(500);
            foreach (var line in app.Output.Where(l => l.StartsWith('{')))
            {
                using var json = JsonDocument.Parse(line);
                if (json.RootElement.TryGetProperty("State", out var state) && state.TryGetProperty("commandText", out var text))
                {
                    logged.Add(text.GetString()!);
                }
            }
        }
        var all = commands.Values.SelectMany(c => c).Select(c => c.Text).Distinct(StringComparer.Ordinal).ToList();
        var missing = all.Where(t => !logged.Contains(t)).ToList();
        return missing.Count == 0
            ? $"verified: all {all.Count} distinct SQL texts replayed are texts the app logged itself (EF command log, {logged.Count} distinct texts)"
            : $"WARNING: {missing.Count} of {all.Count} replayed SQL texts were not in the app's own EF command log, e.g.:\n{missing[0]}";
    }

    /// <summary>Loads the member tables and their indexes into shared buffers (pg_prewarm), as a server in service would have them.</summary>
    internal static async Task PrewarmAsync(BenchDb source)
    {
        try
        {
            await using var connection = await source.OpenAsync();
            await using var command = BenchDb.Command(connection, 
                """
                CREATE EXTENSION IF NOT EXISTS pg_prewarm;
                SELECT sum(pg_prewarm(c.oid)) FROM pg_class c
                WHERE c.relname IN ('Members', 'MemberNameGrams', 'MemberTallies', 'Organizations', 'AspNetUsers', 'Transfers', 'Units', 'UnitTallies')
                   OR c.oid IN (SELECT indexrelid FROM pg_index WHERE indrelid IN (SELECT oid FROM pg_class WHERE relname IN ('Members', 'MemberNameGrams', 'MemberTallies', 'Organizations', 'AspNetUsers', 'Transfers', 'Units', 'UnitTallies')))
                """);
            var blocks = await command.ExecuteScalarAsync();
            Console.WriteLine($"prewarmed {blocks} blocks");
        }
        catch (Npgsql.PostgresException e)
        {
            Console.WriteLine($"prewarm skipped: {e.MessageText}");
        }
    }

    /// <summary>The plan of every member and picker query as PostgreSQL runs it (EXPLAIN ANALYZE, same text and parameters), run twice, the second kept.</summary>
    private static async Task ExplainAsync(BenchDb source, IReadOnlyList<BenchScope> scopes, Func<BenchScope, IReadOnlyList<BenchCase>> cases,
        Dictionary<(string, string), IReadOnlyList<CapturedCommand>> commands, string path)
    {
        var s = new StringBuilder();
        await using var connection = await source.OpenAsync();
        foreach (var scope in scopes)
        {
            foreach (var @case in cases(scope))
            {
                // Member queries; for the picker, every organization query (not the account look-up).
                foreach (var captured in commands[(scope.Name, @case.Key)].Where(c => @case.Picker is null
                    ? c.Text.Contains("\"Members\"", StringComparison.Ordinal)
                    : !c.Text.Contains("\"AspNetUsers\"", StringComparison.Ordinal)))
                {
                    var plan = new StringBuilder();
                    for (var run = 0; run < 2; run++)
                    {
                        plan.Clear();
                        await using var command = (captured with { Text = "EXPLAIN (ANALYZE, BUFFERS) " + captured.Text }).ToCommand(connection);
                        await using var reader = await command.ExecuteReaderAsync();
                        while (await reader.ReadAsync())
                        {
                            plan.AppendLine(reader.GetString(0));
                        }
                    }
                    s.AppendLine(CultureInfo.InvariantCulture, $"### {scope.Name} · {@case.Key}");
                    s.AppendLine(captured.Describe());
                    s.AppendLine(plan.ToString());
                }
            }
        }
        await File.WriteAllTextAsync(path, s.ToString());
    }

    public static double P(double[] values, int percentile)
    {
        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(percentile / 100.0 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    private static bool Fast(Result r) => P(r.App, 95) <= TargetMs;

    private static bool Close(Result r) => P(r.App, 95) <= 1.5 * P(r.Sql, 95) + 5;

    private static string Verdict(Result r) => (Fast(r), Close(r)) switch
    {
        (true, true) => "pass",
        (false, true) => "FAIL (p95 > 50 ms)",
        (true, false) => "FAIL (app > 1.5 × SQL + 5 ms)",
        _ => "FAIL (both)",
    };

    /// <summary>The machine is shared: its load while measuring belongs with the figures.</summary>
    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static async Task<string> ReportAsync(List<Result> results, IReadOnlyList<BenchScope> scopes, Options options, BenchDb source,
        string? verification, string load)
    {
        var s = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        s.AppendLine(inv, $"Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; {options.Requests} requests per query after {options.Warmup} warm-up, one client, sequential.");
        var database = source.IsSqlite
            ? $"Database: SQLite {await ScalarAsync(source, "SELECT sqlite_version()")}, the file {options.Sqlite}"
            : $"Server: {await ScalarAsync(source, "SELECT version()")}; shared_buffers {await ScalarAsync(source, "SHOW shared_buffers")}, "
                + $"work_mem {await ScalarAsync(source, "SHOW work_mem")}, jit {await ScalarAsync(source, "SHOW jit")}";
        s.AppendLine(inv, $"{database}; {Environment.ProcessorCount} CPUs, {load}.");
        if (verification is not null)
        {
            s.AppendLine(inv, $"SQL: {verification}.");
        }
        s.AppendLine();
        s.AppendLine("| scope | query | hits | app p50 | app p95 | SQL p50 | SQL p95 | app p95 / SQL p95 | result |");
        s.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---|");
        foreach (var r in results)
        {
            s.AppendLine(inv, $"| {r.Scope.Name} ({r.Scope.Members:N0}) | {r.Case.Label} | {r.Hits} | {P(r.App, 50):F1} | {P(r.App, 95):F1} | {P(r.Sql, 50):F1} | {P(r.Sql, 95):F1} | "
                + $"{P(r.App, 95) / P(r.Sql, 95):F1} | {Verdict(r)} |");
        }
        s.AppendLine();
        s.AppendLine("Scopes: " + string.Join("; ", scopes.Select(x => $"{x.Name}: {x.OrganizationName} ({x.Path}, {x.Members:N0} members)")));
        s.AppendLine();
        s.AppendLine("## The SQL of each request (p50/p95 ms of each command, replayed)");
        foreach (var r in results)
        {
            s.AppendLine();
            s.AppendLine(inv, $"**{r.Scope.Name} · {r.Case.Key}**");
            s.AppendLine();
            for (var c = 0; c < r.Commands.Count; c++)
            {
                s.AppendLine(inv, $"- {P(r.PerCommand[c], 50):F2}/{P(r.PerCommand[c], 95):F2}: `{r.Commands[c].Describe()}`");
            }
        }
        return s.ToString();
    }

    private static async Task<string> ScalarAsync(BenchDb source, string sql)
    {
        await using var connection = await source.OpenAsync();
        return (await BenchDb.ScalarAsync(connection, sql))?.ToString() ?? "";
    }
}
