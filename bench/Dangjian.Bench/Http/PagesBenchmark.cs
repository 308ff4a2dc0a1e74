using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Dangjian.Platform.Data;
using Npgsql;

namespace Dangjian.Bench.Http;

/// <summary>
/// `pages`: every page of the foundation (dashboard, tree, an organization, the units, the member list, a member, the
/// transfers, the audit log, the accounts) requested as each benchmark account over HTTP, signed in with the cookie as a
/// browser is, the whole HTML read; p50/p95 per page × scope against 100 ms. Pages only read: the database is not changed
/// (signing in writes nothing but the sign-in's own audit line).
/// </summary>
public static partial class PagesBenchmark
{
    public sealed record Options(string Connection, string? AppUrl, int Requests, int Warmup, string? Output);

    private const string OwnAppUrl = "http://127.0.0.1:5098";
    private const double TargetMs = 100;

    private sealed record Scope(string Name, string UserName, long OrganizationId, string Path, long Members, long? MemberId);

    private sealed record PageCase(string Key, string Label, Func<Scope, string?> Url);

    private static readonly PageCase[] Pages =
    [
        new("dashboard", "dashboard `/`", _ => "/"),
        new("tree", "organization tree `/Organizations`", _ => "/Organizations"),
        new("org", "organization detail `/Organizations/Details?id=<own>`", s => $"/Organizations/Details?id={s.OrganizationId}"),
        new("units", "units `/Units`", _ => "/Units"),
        new("members", "member list `/Members`", _ => "/Members"),
        new("member", "member detail `/Members/Details?id=…`", s => s.MemberId is { } id ? $"/Members/Details?id={id}" : null),
        new("transfers", "transfers `/Transfers`", _ => "/Transfers"),
        new("audit", "audit log `/Audit`", _ => "/Audit"),
        new("accounts", "accounts `/Accounts`", _ => "/Accounts"),
    ];

    private sealed record Result(Scope Scope, PageCase Page, string Url, int Status, int Bytes, double[] Times);

    public static async Task<int> RunAsync(Options options)
    {
        // Prewarming reads gigabytes: more than the default 30 s on a busy machine.
        await using var source = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(options.Connection) { CommandTimeout = 300 }.ConnectionString);
        var scopes = await LoadScopesAsync(source);
        Console.WriteLine("scopes: " + string.Join(", ", scopes.Select(s => $"{s.Name} {s.Members:N0}")));
        await using (var prewarm = BenchDb.Postgres(options.Connection))
        {
            await HttpBenchmark.PrewarmAsync(prewarm);
        }
        await using var app = options.AppUrl is null ? await AppProcess.StartAsync(options.Connection, OwnAppUrl) : null;
        var baseUrl = new Uri(options.AppUrl ?? OwnAppUrl);

        var clients = new Dictionary<string, HttpClient>(StringComparer.Ordinal);
        try
        {
            foreach (var scope in scopes)
            {
                clients[scope.Name] = await SignInAsync(baseUrl, scope.UserName);
            }
            // Warm-up rounds over every page before any timing (tiered JIT, Razor views compiled, pools filled).
            for (var round = 0; round < 3; round++)
            {
                foreach (var scope in scopes)
                {
                    foreach (var page in Pages)
                    {
                        if (page.Url(scope) is { } url)
                        {
                            await GetAsync(clients[scope.Name], url);
                        }
                    }
                }
            }
            await Task.Delay(TimeSpan.FromSeconds(2));

            var loadBefore = LoadAverage();
            var results = new List<Result>();
            foreach (var scope in scopes)
            {
                foreach (var page in Pages)
                {
                    if (page.Url(scope) is not { } url)
                    {
                        continue;
                    }
                    var times = new List<double>();
                    int status = 0, bytes = 0;
                    for (var i = 0; i < options.Warmup + options.Requests; i++)
                    {
                        var started = Stopwatch.GetTimestamp();
                        (status, bytes) = await GetAsync(clients[scope.Name], url);
                        var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                        if (status != 200)
                        {
                            break;
                        }
                        if (i >= options.Warmup)
                        {
                            times.Add(ms);
                        }
                    }
                    var result = new Result(scope, page, url, status, bytes, [.. times]);
                    results.Add(result);
                    Console.WriteLine(status == 200
                        ? $"{scope.Name,-9} {page.Key,-10} {P(result.Times, 50),7:F1}/{P(result.Times, 95),7:F1} ms  {bytes / 1024.0,6:F1} KiB  {Verdict(result)}"
                        : $"{scope.Name,-9} {page.Key,-10} HTTP {status} (not this role's page)");
                }
            }
            var load = $"load average (1/5/15 min) {loadBefore} before, {LoadAverage()} after";
            Console.WriteLine(load);
            var measured = results.Where(r => r.Status == 200).ToList();
            Console.WriteLine($"{measured.Count(r => Verdict(r) == "pass")} of {measured.Count} pages pass p95 ≤ {TargetMs} ms");
            var report = await ReportAsync(results, scopes, options, source, load);
            if (options.Output is { } path)
            {
                await File.WriteAllTextAsync(path, report);
                Console.WriteLine($"report written to {path}");
            }
            return measured.All(r => Verdict(r) == "pass") ? 0 : 1;
        }
        finally
        {
            foreach (var client in clients.Values)
            {
                client.Dispose();
            }
        }
    }

    /// <summary>The bench accounts with their organizations, sizes, and one current member of each scope for the member's page.</summary>
    private static async Task<IReadOnlyList<Scope>> LoadScopesAsync(NpgsqlDataSource source)
    {
        var scopes = new List<Scope>();
        await using var connection = await source.OpenConnectionAsync();
        await using (var command = new NpgsqlCommand(
            """
            SELECT u."UserName", o."Id", o."Path", (SELECT coalesce(sum(t."Count"), 0) FROM "MemberTallies" t WHERE t."OrganizationId" = o."Id")
            FROM "AspNetUsers" u JOIN "Organizations" o ON o."Id" = u."OrganizationId"
            WHERE u."UserName" LIKE 'bench-%' ORDER BY o."Depth"
            """, connection))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                var userName = reader.GetString(0);
                scopes.Add(new Scope(userName["bench-".Length..], userName, reader.GetInt64(1), reader.GetString(2), reader.GetInt64(3), null));
            }
        }
        if (scopes.Count == 0)
        {
            throw new InvalidOperationException("No bench-* accounts: run the generate command first.");
        }
        for (var i = 0; i < scopes.Count; i++)
        {
            await using var pick = new NpgsqlCommand(
                """SELECT "Id" FROM "Members" WHERE "OrgPath" >= $1 AND "OrgPath" < $2 AND "LeftAt" IS NULL ORDER BY "OrgPath" DESC LIMIT 1""", connection)
            {
                Parameters = { new() { Value = scopes[i].Path }, new() { Value = OrgPath.UpperBound(scopes[i].Path) } },
            };
            scopes[i] = scopes[i] with { MemberId = (long?)await pick.ExecuteScalarAsync() };
        }
        return scopes;
    }

    /// <summary>Signs in through the sign-in page as a browser does (antiforgery token, form post) and keeps the cookie.</summary>
    private static async Task<HttpClient> SignInAsync(Uri baseUrl, string userName)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = true,
            CookieContainer = new CookieContainer(),
            PooledConnectionLifetime = TimeSpan.FromMinutes(30),
        };
        var http = new HttpClient(handler) { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(60) };
        var form = await http.GetStringAsync(new Uri("/Account/SignIn", UriKind.Relative));
        var token = AntiforgeryToken().Match(form);
        if (!token.Success)
        {
            throw new InvalidOperationException("No antiforgery token on the sign-in page.");
        }
        using var body = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.UserName"] = userName,
            ["Input.Password"] = Generate.BenchAccounts.Password,
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value),
        });
        using var response = await http.PostAsync(new Uri("/Account/SignIn", UriKind.Relative), body);
        if (response.StatusCode != HttpStatusCode.Redirect && response.StatusCode != HttpStatusCode.Found)
        {
            throw new InvalidOperationException($"Signing in as {userName} answered {(int)response.StatusCode}.");
        }
        return http;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    private static async Task<(int Status, int Bytes)> GetAsync(HttpClient http, string url)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(url, UriKind.Relative));
        request.Headers.Accept.ParseAdd("text/html");
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsByteArrayAsync();
        return ((int)response.StatusCode, body.Length);
    }

    private static double P(double[] values, int percentile) => values.Length == 0 ? double.NaN : HttpBenchmark.P(values, percentile);

    private static string Verdict(Result r) => P(r.Times, 95) <= TargetMs ? "pass" : $"FAIL (p95 > {TargetMs} ms)";

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static async Task<string> ReportAsync(List<Result> results, IReadOnlyList<Scope> scopes, Options options, NpgsqlDataSource source, string load)
    {
        var inv = CultureInfo.InvariantCulture;
        var s = new StringBuilder();
        s.AppendLine("# Pages");
        s.AppendLine();
        s.AppendLine(inv, $"Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; {options.Requests} requests per page after {options.Warmup} warm-up (and three rounds over all pages before), one client, sequential, signed in with the cookie, the whole HTML read.");
        await using (var version = source.CreateCommand("SELECT version()"))
        {
            s.AppendLine(inv, $"Server: {await version.ExecuteScalarAsync()}; {Environment.ProcessorCount} CPUs, {load}.");
        }
        s.AppendLine();
        s.AppendLine(inv, $"Target: p95 ≤ {TargetMs} ms. p50/p95 in ms; KiB of HTML.");
        s.AppendLine();
        s.Append("| page |").AppendJoin("", scopes.Select(x => $" {x.Name} ({x.Members:N0}) |")).AppendLine();
        s.Append("|---|").AppendJoin("", scopes.Select(_ => "---|")).AppendLine();
        foreach (var page in Pages)
        {
            s.Append(inv, $"| {page.Label} |");
            foreach (var scope in scopes)
            {
                var r = results.FirstOrDefault(x => x.Scope == scope && x.Page == page);
                s.Append(r switch
                {
                    null => " – |",
                    { Status: not 200 } => $" {r.Status} (role) |",
                    _ => string.Create(inv, $" {P(r.Times, 50):F1}/{P(r.Times, 95):F1}{(Verdict(r) == "pass" ? "" : " **FAIL**")} ({r.Bytes / 1024.0:F0}) |"),
                });
            }
            s.AppendLine();
        }
        var measured = results.Where(r => r.Status == 200).ToList();
        s.AppendLine();
        s.AppendLine(inv, $"{measured.Count(r => Verdict(r) == "pass")} of {measured.Count} pages pass. A status instead of figures: the role of that scope's account may not open the page (a redirect to the refusal page), as in service.");
        return s.ToString();
    }
}
