using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using Dangjian.Bench.Http;
using Npgsql;

namespace Dangjian.Bench;

/// <summary>
/// `move`: on a private copy of a generated province (CREATE DATABASE … TEMPLATE, dropped at the end), moves the
/// bench-county account's county under another city and back, and the bench-street account's street under another
/// county and back, over HTTP against the app, timing each move; meanwhile readers ask for the member list and the
/// member count of the moved county and of its city, and their latencies during each move are reported beside those
/// before it. A reader that were blocked by the move would show the move's duration as its maximum.
/// </summary>
public static class MoveBenchmark
{
    public sealed record Options(string Connection, string Template, string Copy, bool KeepCopy, bool ReuseCopy = false);

    private const string AppUrl = "http://127.0.0.1:5098";
    private const string Password = "dangjian2026";

    private sealed record Sample(long StartTicks, double Ms, string What, bool Ok);

    public static async Task RunAsync(Options options)
    {
        var server = new NpgsqlConnectionStringBuilder(options.Connection) { Database = "postgres", CommandTimeout = 0, Pooling = false }.ConnectionString;
        var copy = new NpgsqlConnectionStringBuilder(options.Connection) { Database = options.Copy, CommandTimeout = 300 }.ConnectionString;
        if (!options.ReuseCopy)
        {
            await CreateCopyAsync(server, options.Template, options.Copy);
        }
        try
        {
            await using var source = NpgsqlDataSource.Create(copy);
            var plan = await PlanAsync(source);
            Console.WriteLine($"county {plan.County} ({plan.CountyMembers:N0} members, {plan.CountyOrganizations:N0} organizations): city {plan.CountyCity} -> {plan.OtherCity}");
            Console.WriteLine($"street {plan.Street} ({plan.StreetMembers:N0} members): county {plan.StreetCounty} -> {plan.OtherCounty}");

            await using var app = await AppProcess.StartAsync(copy, AppUrl);
            using var http = new HttpClient { BaseAddress = new Uri(AppUrl), Timeout = TimeSpan.FromMinutes(10) };
            var mover = await TokenAsync(http, "bench-province");
            var readers = new[]
            {
                ("county", await TokenAsync(http, "bench-county"), $"/api/v1/members?pageSize=20", "/api/v1/members/stats"),
                ("city", await TokenAsync(http, "bench-city"), $"/api/v1/members?pageSize=20", "/api/v1/members/stats"),
            };
            // Warm the app's paths (tiered JIT) and the copy's pages before timing.
            for (var i = 0; i < 30; i++)
            {
                foreach (var (_, token, list, count) in readers)
                {
                    await GetAsync(http, token, list);
                    await GetAsync(http, token, count);
                }
            }

            var lines = new List<string>();
            foreach (var (name, id, to, back) in new[]
                     {
                         ("county", plan.County, plan.OtherCity, plan.CountyCity),
                         ("street", plan.Street, plan.OtherCounty, plan.StreetCounty),
                     })
            {
                foreach (var (direction, parent) in new[] { ("there", to), ("back", back) })
                {
                    var line = await MeasureAsync(http, mover, readers, name, direction, id, parent);
                    Console.WriteLine(line);
                    lines.Add(line);
                }
            }
            // The floor: the same statements run directly, with nothing else running, rolled back.
            foreach (var (name, id, to) in new[] { ("county", plan.County, plan.OtherCity), ("street", plan.Street, plan.OtherCounty) })
            {
                var line = await FloorAsync(source, name, id, to);
                Console.WriteLine(line);
            }
            var after = await PlanAsync(source);
            Console.WriteLine(after.CountyMembers == plan.CountyMembers && after.StreetMembers == plan.StreetMembers
                ? "tallies after the round trips equal those before"
                : $"TALLIES DIFFER: county {after.CountyMembers} (was {plan.CountyMembers}), street {after.StreetMembers} (was {plan.StreetMembers})");
            Console.WriteLine("load: " + (File.Exists("/proc/loadavg") ? (await File.ReadAllTextAsync("/proc/loadavg")).Trim() : "?"));
        }
        finally
        {
            if (!options.KeepCopy)
            {
                NpgsqlConnection.ClearAllPools();
                await ExecuteAsync(server, $"DROP DATABASE IF EXISTS \"{options.Copy}\" WITH (FORCE)");
                Console.WriteLine($"dropped {options.Copy}");
            }
        }
    }

    private static async Task<string> MeasureAsync(HttpClient http, string mover, (string Name, string Token, string List, string Count)[] readers,
        string what, string direction, long id, long parent)
    {
        using var stop = new CancellationTokenSource();
        var samples = new List<Sample>();
        var reading = readers.Select(r => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                foreach (var (kind, url) in new[] { ("list", r.List), ("count", r.Count) })
                {
                    var started = Stopwatch.GetTimestamp();
                    var ok = await GetAsync(http, r.Token, url);
                    var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    lock (samples)
                    {
                        samples.Add(new Sample(started, ms, $"{r.Name} {kind}", ok));
                    }
                }
            }
        })).ToList();

        // Readers alone first, so that "during" has a baseline under the same load.
        while (Count(samples) < 200)
        {
            await Task.Delay(50);
        }
        var moveStart = Stopwatch.GetTimestamp();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/organizations/{id}/move") { Content = JsonContent.Create(new { newParentId = parent }) };
        request.Headers.Authorization = new("Bearer", mover);
        using var response = await http.SendAsync(request);
        var steps = 0;
        if ((int)response.StatusCode == 202)
        {
            // A large subtree moves in a background job: the move ends when the job says it has.
            var status = response.Headers.Location!.ToString();
            while (true)
            {
                using var poll = new HttpRequestMessage(HttpMethod.Get, status);
                poll.Headers.Authorization = new("Bearer", mover);
                using var answer = await http.SendAsync(poll);
                var job = System.Text.Json.JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement;
                steps = Math.Max(steps, job.GetProperty("done").GetInt32());
                var state = job.GetProperty("state").GetString();
                if (state == "Succeeded")
                {
                    break;
                }
                if (state is "Failed" or "Cancelled")
                {
                    throw new InvalidOperationException($"move {what} {direction}: job {state}: {job.GetProperty("message").GetString()}");
                }
                await Task.Delay(100);
            }
        }
        else if ((int)response.StatusCode != 204)
        {
            throw new InvalidOperationException($"move {what} {direction}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
        var moveEnd = Stopwatch.GetTimestamp();
        var moveMs = Stopwatch.GetElapsedTime(moveStart, moveEnd).TotalMilliseconds;
        await stop.CancelAsync();
        await Task.WhenAll(reading);

        List<Sample> all;
        lock (samples)
        {
            all = [.. samples];
        }
        var before = all.Where(s => s.StartTicks < moveStart && s.StartTicks + Ticks(s.Ms) < moveStart).ToList();
        // Every request that was running at some moment of the move, including one that started before it.
        var during = all.Where(s => s.StartTicks < moveEnd && s.StartTicks + Ticks(s.Ms) > moveStart).ToList();
        var failed = all.Count(s => !s.Ok);
        var kinds = string.Join(", ", during.GroupBy(s => s.What).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => FormattableString.Invariant($"{g.Key} {g.Count()} p95 {P([.. g], 95):0.0}")));
        return FormattableString.Invariant($"move {what} {direction}: {moveMs:0} ms{(steps > 0 ? " (background job)" : "")} | readers before: {before.Count} requests, p50 {P(before, 50):0.0} p95 {P(before, 95):0.0} ms")
            + FormattableString.Invariant($" | during: {during.Count} requests, p50 {P(during, 50):0.0} p95 {P(during, 95):0.0} max {(during.Count == 0 ? 0 : during.Max(s => s.Ms)):0.0} ms ({kinds})")
            + (failed > 0 ? FormattableString.Invariant($" | {failed} FAILED") : "");

        static int Count(List<Sample> s)
        {
            lock (s)
            {
                return s.Count;
            }
        }
    }

    /// <summary>
    /// The move's statements as the app sends them (MoveOrganization, PathCopies, SubtreeTallies), with literal values,
    /// timed one by one in a transaction that is rolled back.
    /// </summary>
    private static async Task<string> FloorAsync(NpgsqlDataSource source, string what, long id, long parentId)
    {
        await using var connection = await source.OpenConnectionAsync();
        async Task<string> Text(string sql)
        {
            await using var command = new NpgsqlCommand(sql, connection);
            return (string)(await command.ExecuteScalarAsync())!;
        }
        var oldPath = await Text($"SELECT \"Path\" FROM \"Organizations\" WHERE \"Id\" = {id}");
        var newPath = await Text($"SELECT \"Path\" FROM \"Organizations\" WHERE \"Id\" = {parentId}") + id.ToString(CultureInfo.InvariantCulture) + "/";
        string Hi(string path) => path[..^1] + "0";
        string Shifted(string column) => $"'{newPath}' || substring({column}, {oldPath.Length + 1})";
        string Range(string column, string path) => $"{column} >= '{path}' AND {column} < '{Hi(path)}'";
        var statements = new (string Name, string Sql)[]
        {
            ("organizations", $"UPDATE \"Organizations\" o SET \"Path\" = {Shifted("o.\"Path\"")}, \"Depth\" = o.\"Depth\", \"Version\" = o.\"Version\" + 1 WHERE {Range("o.\"Path\"", oldPath)}"),
            ("parent", $"UPDATE \"Organizations\" SET \"ParentId\" = {parentId} WHERE \"Id\" = {id}"),
            ("members", $"UPDATE \"Members\" m SET \"OrgPath\" = {Shifted("m.\"OrgPath\"")}, \"Version\" = m.\"Version\" + 1 WHERE {Range("m.\"OrgPath\"", oldPath)}"),
            ("windows", $"UPDATE \"MemberNameGrams\" g SET \"OrgPath\" = {Shifted("g.\"OrgPath\"")} WHERE g.\"MemberId\" IN (SELECT m.\"Id\" FROM \"Members\" m WHERE {Range("m.\"OrgPath\"", newPath)})"),
            ("search keys", $"UPDATE \"OrganizationSearchKeys\" k SET \"Path\" = {Shifted("k.\"Path\"")} WHERE k.\"OrganizationId\" IN (SELECT o.\"Id\" FROM \"Organizations\" o WHERE {Range("o.\"Path\"", newPath)})"),
            ("units", $"UPDATE \"Units\" u SET \"AreaPath\" = {Shifted("u.\"AreaPath\"")} WHERE {Range("u.\"AreaPath\"", oldPath)}"),
            ("instructors", $"UPDATE \"Instructors\" i SET \"AreaPath\" = {Shifted("i.\"AreaPath\"")} WHERE {Range("i.\"AreaPath\"", oldPath)}"),
            ("transfers", $"UPDATE \"Transfers\" t SET \"FromPath\" = {Shifted("t.\"FromPath\"")} WHERE {Range("t.\"FromPath\"", oldPath)}"),
        };
        await using var tx = await connection.BeginTransactionAsync();
        var times = new List<string>();
        var total = Stopwatch.GetTimestamp();
        foreach (var (name, sql) in statements)
        {
            var started = Stopwatch.GetTimestamp();
            await using var command = new NpgsqlCommand(sql, connection, tx);
            var rows = await command.ExecuteNonQueryAsync();
            times.Add(FormattableString.Invariant($"{name} {rows:N0} rows {Stopwatch.GetElapsedTime(started).TotalMilliseconds:0} ms"));
        }
        var totalMs = Stopwatch.GetElapsedTime(total).TotalMilliseconds;
        await tx.RollbackAsync();
        return FormattableString.Invariant($"floor {what} (the same SQL directly, rolled back): {totalMs:0} ms: {string.Join(", ", times)}");
    }

    private static long Ticks(double ms) => (long)(ms * Stopwatch.Frequency / 1000);

    private static double P(List<Sample> samples, int percentile)
    {
        if (samples.Count == 0)
        {
            return 0;
        }
        var sorted = samples.Select(s => s.Ms).Order().ToArray();
        return sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(percentile / 100.0 * sorted.Length) - 1)];
    }

    private static async Task<bool> GetAsync(HttpClient http, string token, string url)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new("Bearer", token);
        using var response = await http.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();
        return response.IsSuccessStatusCode;
    }

    private static async Task<string> TokenAsync(HttpClient http, string userName)
    {
        var response = await http.PostAsJsonAsync("/api/v1/auth/token", new { userName, password = Password });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<TokenBody>())!.AccessToken;
    }

    private sealed record TokenBody(string AccessToken);

    private sealed record Plan(long County, long CountyCity, long OtherCity, long CountyMembers, long CountyOrganizations,
        long Street, long StreetCounty, long OtherCounty, long StreetMembers);

    /// <summary>
    /// The bench-county and bench-street accounts' organizations, and for each a new parent of the same level under which
    /// no organization has its name (the sibling-name rule would refuse the move).
    /// </summary>
    private static async Task<Plan> PlanAsync(NpgsqlDataSource source)
    {
        await using var connection = await source.OpenConnectionAsync();
        async Task<long> Scalar(string sql, params object[] values)
        {
            await using var command = new NpgsqlCommand(sql, connection);
            foreach (var value in values)
            {
                command.Parameters.Add(new NpgsqlParameter { Value = value });
            }
            return Convert.ToInt64(await command.ExecuteScalarAsync() ?? throw new InvalidOperationException("nothing found: " + sql), CultureInfo.InvariantCulture);
        }
        const string AccountOrg = """SELECT "OrganizationId" FROM "AspNetUsers" WHERE "UserName" = $1""";
        const string ParentOf = """SELECT "ParentId" FROM "Organizations" WHERE "Id" = $1""";
        // Another child of the grandparent, with no child of the same name as the one to move.
        const string Other = """
            SELECT p."Id" FROM "Organizations" p
            WHERE p."ParentId" = (SELECT "ParentId" FROM "Organizations" WHERE "Id" = $1) AND p."Id" <> $1 AND p."DissolvedAt" IS NULL
              AND NOT EXISTS (SELECT 1 FROM "Organizations" c WHERE c."ParentId" = p."Id" AND c."Name" = (SELECT "Name" FROM "Organizations" WHERE "Id" = $2))
            ORDER BY p."Id" LIMIT 1
            """;
        const string Members = """SELECT coalesce(sum("Count"), 0) FROM "MemberTallies" WHERE "OrganizationId" = $1""";
        const string Organizations = """
            SELECT count(*) FROM "Organizations" WHERE "Path" >= (SELECT "Path" FROM "Organizations" WHERE "Id" = $1)
              AND "Path" < (SELECT left("Path", -1) || '0' FROM "Organizations" WHERE "Id" = $1)
            """;
        var county = await Scalar(AccountOrg, "bench-county");
        var street = await Scalar(AccountOrg, "bench-street");
        var city = await Scalar(ParentOf, county);
        var streetCounty = await Scalar(ParentOf, street);
        return new Plan(county, city, await Scalar(Other, city, county), await Scalar(Members, county), await Scalar(Organizations, county),
            street, streetCounty, await Scalar(Other, streetCounty, street), await Scalar(Members, street));
    }

    /// <summary>
    /// CREATE DATABASE … TEMPLATE needs the template to have no other session: tried again until a moment without one
    /// (other benchmarks connect to it), for up to an hour.
    /// </summary>
    private static async Task CreateCopyAsync(string server, string template, string name)
    {
        await ExecuteAsync(server, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
        var started = Stopwatch.GetTimestamp();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await ExecuteAsync(server, $"CREATE DATABASE \"{name}\" TEMPLATE \"{template}\" STRATEGY FILE_COPY");
                Console.WriteLine($"copied {template} to {name} in {Stopwatch.GetElapsedTime(started).TotalSeconds:0} s ({attempt} attempts)");
                return;
            }
            catch (PostgresException e) when (e.SqlState == "55006" && Stopwatch.GetElapsedTime(started) < TimeSpan.FromHours(1))
            {
                // "source database is being accessed by other users"
                await Task.Delay(TimeSpan.FromMilliseconds(200));
            }
        }
    }

    private static async Task ExecuteAsync(string connection, string sql)
    {
        await using var c = new NpgsqlConnection(connection);
        await c.OpenAsync();
        await using var command = new NpgsqlCommand(sql, c);
        await command.ExecuteNonQueryAsync();
    }
}
