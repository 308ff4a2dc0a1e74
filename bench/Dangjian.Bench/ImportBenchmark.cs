using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Dangjian.Bench.Http;
using Dangjian.Platform.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Dangjian.Bench;

/// <summary>
/// The member import end to end over HTTP (upload, read, check, write): a sheet of valid new members for the
/// organizations under one account, posted to the app started as in production, timed from the first byte sent to the
/// answer. On PostgreSQL it writes into the database it is given, which must be a private copy (CREATE DATABASE …
/// TEMPLATE dangjian_bench) and never the shared benchmark database; on SQLite into a new file with the demo data.
/// </summary>
public static class ImportBenchmark
{
    /// <summary><paramref name="Job"/>: through POST …/imports and the job's progress instead of inside one request.</summary>
    public sealed record Options(string? Postgres, string? SqliteFile, int Rows, string UserName, string Password, string AppUrl, int Series,
        bool Job = false, string? ReaderName = null);

    internal sealed record Place(string Label, long Id);

    public static async Task<int> RunAsync(Options options)
    {
        if (options.Postgres is { } postgres)
        {
            var database = new NpgsqlConnectionStringBuilder(postgres).Database;
            if (database is null or "dangjian_bench")
            {
                Console.Error.WriteLine("import writes into the database: give it a private copy (CREATE DATABASE mine TEMPLATE dangjian_bench), never dangjian_bench itself.");
                return 2;
            }
            await using var app = await AppProcess.StartAsync(postgres, options.AppUrl);
            await using var connection = new NpgsqlConnection(postgres);
            await connection.OpenAsync();
            return await MeasureAsync("PostgreSQL " + database, app, connection, options);
        }
        var file = Path.GetFullPath(options.SqliteFile ?? Path.Combine(Path.GetTempPath(), "dangjian-import-bench.db"));
        foreach (var stale in new[] { file, file + "-wal", file + "-shm" }.Where(File.Exists))
        {
            File.Delete(stale);
        }
        var settings = new Dictionary<string, string>
        {
            // An empty PostgreSQL setting selects SQLite; the demo gives the accounts and the tree to import into.
            ["DANGJIAN_POSTGRES"] = "",
            ["ConnectionStrings__Sqlite"] = $"Data Source={file}",
            ["Database__MigrateOnStart"] = "true",
            ["Demo__Enabled"] = "true",
        };
        AppProcess? started = null;
        // The first start migrates and loads the demo, which can outlast the start-up wait on a loaded machine; the next
        // start finds the work done (each step is a transaction of its own).
        for (var attempt = 1; started is null; attempt++)
        {
            try
            {
                started = await AppProcess.StartAsync("", options.AppUrl, settings);
            }
            catch (TimeoutException) when (attempt < 5)
            {
                Console.WriteLine("the app was not ready yet; starting it again");
            }
        }
        await using (var app = started)
        {
            await using var connection = new SqliteConnection($"Data Source={file}");
            await connection.OpenAsync();
            var code = await MeasureAsync("SQLite " + file, app, connection, options);
            SqliteConnection.ClearAllPools();
            return code;
        }
    }

    private static async Task<int> MeasureAsync(string where, AppProcess app, DbConnection connection, Options options)
    {
        var places = await PlacesAsync(connection, options.UserName);
        if (places.Count == 0)
        {
            Console.Error.WriteLine($"{options.UserName} has no organization that keeps members.");
            return 1;
        }
        var made = Stopwatch.StartNew();
        var sheet = Sheet(places, options.Rows, options.Series);
        Console.WriteLine($"{where}: sheet of {options.Rows:N0} rows over {places.Count:N0} organizations, {sheet.Length / 1024.0 / 1024.0:N1} MB, made in {made.Elapsed.TotalSeconds:N1} s");
        var membersBefore = await CountAsync(connection, "SELECT count(*) FROM \"Members\"");

        using var http = new HttpClient { BaseAddress = new Uri(app.Url), Timeout = TimeSpan.FromMinutes(10) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(http, options.UserName, options.Password));
        // Another account reads its member list throughout: an import must not hold other users' requests up.
        using var reader = new HttpClient { BaseAddress = new Uri(app.Url), Timeout = TimeSpan.FromMinutes(10) };
        reader.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            await TokenAsync(reader, options.ReaderName ?? options.UserName, options.Password));
        var before = await ReadForAsync(reader, TimeSpan.FromSeconds(5), null, CancellationToken.None);
        using var stopReading = new CancellationTokenSource();
        var timer = new Stopwatch();
        var slowest = new List<(double At, double Ms, string List)>();
        var reading = ReadForAsync(reader, TimeSpan.FromHours(1), (timer, slowest), stopReading.Token);
        var load = Load();
        timer.Start();
        using var form = new MultipartFormDataContent();
        var content = new ByteArrayContent(sheet);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        form.Add(content, "file", "import-bench.xlsx");
        using var response = await http.PostAsync(new Uri(options.Job ? "/api/v1/members/imports" : "/api/v1/members/import", UriKind.Relative), form);
        var body = await response.Content.ReadAsStringAsync();
        var accepted = timer.Elapsed;
        if (!response.IsSuccessStatusCode)
        {
            await stopReading.CancelAsync();
            Console.Error.WriteLine($"import refused: {(int)response.StatusCode} {body[..Math.Min(body.Length, 2000)]}");
            return 1;
        }
        if (options.Job)
        {
            var job = JsonDocument.Parse(body).RootElement.GetProperty("id").GetInt64();
            var seen = new List<string>();
            while (true)
            {
                var state = JsonDocument.Parse(await http.GetStringAsync(new Uri($"/api/v1/jobs/{job}", UriKind.Relative))).RootElement;
                var message = state.GetProperty("message").GetString() ?? "";
                if (seen.Count == 0 || seen[^1] != message)
                {
                    seen.Add(message);
                    Console.WriteLine(FormattableString.Invariant($"  {timer.Elapsed.TotalSeconds,6:0.0} s  {state.GetProperty("done").GetInt64()}/{state.GetProperty("total")}  {message}"));
                }
                var stateName = state.GetProperty("state").GetString();
                if (stateName is "Succeeded" or "Failed")
                {
                    if (stateName == "Failed")
                    {
                        await stopReading.CancelAsync();
                        Console.Error.WriteLine($"import job failed: {message}");
                        return 1;
                    }
                    break;
                }
                await Task.Delay(200);
            }
        }
        var elapsed = timer.Elapsed;
        await stopReading.CancelAsync();
        var during = await reading;
        var written = await CountAsync(connection, "SELECT count(*) FROM \"Members\"") - membersBefore;
        var phases = app.Output.LastOrDefault(l => l.Contains("Member import of", StringComparison.Ordinal)) ?? "";
        Console.WriteLine($"{where}: {written:N0} members imported in {elapsed.TotalSeconds:N2} s = {written / elapsed.TotalSeconds:N0} rows/s end to end; "
            + $"load average before {load}, after {Load()}");
        Console.WriteLine($"  app: {phases.Trim()}");
        if (options.Job)
        {
            Console.WriteLine(FormattableString.Invariant($"  upload answered (202) in {accepted.TotalMilliseconds:0} ms"));
        }
        Console.WriteLine(FormattableString.Invariant(
            $"  readers ({options.ReaderName ?? options.UserName}, member list): before {before.Count} requests p50 {P(before, 50):0.0} p95 {P(before, 95):0.0} ms; during {during.Count} requests p50 {P(during, 50):0.0} p95 {P(during, 95):0.0} max {(during.Count == 0 ? 0 : during.Max()):0.0} ms"));
        // When the slowest reads came, on the import's own clock (the job's stages above are on it too).
        Console.WriteLine("  slowest reads: " + string.Join("; ", slowest.OrderByDescending(s => s.Ms).Take(5)
            .Select(s => FormattableString.Invariant($"{s.Ms:0} ms at {s.At:0.0} s ({s.List})"))));
        return written == options.Rows ? 0 : 1;
    }

    /// <summary>First pages of the member list, one after another, until the time is up or the token says stop; their times in ms.</summary>
    private static async Task<List<double>> ReadForAsync(HttpClient reader, TimeSpan duration,
        (Stopwatch Clock, List<(double At, double Ms, string List)> Log)? record, CancellationToken stop)
    {
        var times = new List<double>();
        var until = Stopwatch.StartNew();
        string[] lists = ["/api/v1/members?pageSize=20", "/api/v1/members?q=%E5%BB%BA%E5%9B%BD&pageSize=20", "/api/v1/members?status=Reserved&pageSize=20"];
        while (!stop.IsCancellationRequested && until.Elapsed < duration)
        {
            var one = Stopwatch.StartNew();
            using var answer = await reader.GetAsync(new Uri(lists[times.Count % lists.Length], UriKind.Relative), CancellationToken.None);
            answer.EnsureSuccessStatusCode();
            times.Add(one.Elapsed.TotalMilliseconds);
            record?.Log.Add((record.Value.Clock.Elapsed.TotalSeconds - one.Elapsed.TotalSeconds, one.Elapsed.TotalMilliseconds, lists[(times.Count - 1) % lists.Length]));
            try
            {
                await Task.Delay(50, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        return times;
    }

    private static double P(List<double> values, int percentile) => values.Count == 0 ? 0 : HttpBenchmark.P([.. values], percentile);

    /// <summary>The organizations under the account that keep members, as a sheet names them (parent/name where a name repeats).</summary>
    private static async Task<List<Place>> PlacesAsync(DbConnection connection, string userName)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT o.\"Path\" FROM \"AspNetUsers\" u JOIN \"Organizations\" o ON o.\"Id\" = u.\"OrganizationId\" WHERE u.\"UserName\" = '{userName.Replace("'", "''", StringComparison.Ordinal)}'";
        var path = (string)(await command.ExecuteScalarAsync() ?? throw new InvalidOperationException($"No account {userName}."));
        var hi = path[..^1] + "0";
        command.CommandText = $"SELECT o.\"Id\", o.\"Name\", o.\"Kind\", p.\"Name\" FROM \"Organizations\" o LEFT JOIN \"Organizations\" p ON p.\"Id\" = o.\"ParentId\" "
            + $"WHERE o.\"Path\" >= '{path}' AND o.\"Path\" < '{hi}' AND o.\"DissolvedAt\" IS NULL";
        var found = new List<(long Id, string Name, string Kind, string? Parent)>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                found.Add((reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3)));
            }
        }
        var keeping = found.Where(o => o.Kind != "PartyGroup").ToList();
        var byName = keeping.GroupBy(o => o.Name).ToDictionary(g => g.Key, g => g.Count());
        var labels = keeping.Select(o => new Place(byName[o.Name] == 1 || o.Parent is null ? o.Name : o.Parent + "/" + o.Name, o.Id)).ToList();
        // A name repeated under one parent too cannot be told apart in a sheet: leave those out.
        var unique = labels.GroupBy(p => p.Label).Where(g => g.Count() == 1).Select(g => g.Single());
        return [.. unique.OrderBy(p => p.Id)];
    }

    private static readonly string[] Surnames = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林", "何", "郭", "马", "罗"];
    private static readonly string[] Given = ["建", "国", "华", "明", "军", "伟", "芳", "秀", "英", "丽", "强", "敏", "静", "磊", "洋", "艳", "勇", "杰", "娟", "涛"];

    /// <summary>
    /// Valid new members, spread over the organizations: ID numbers of area codes no generated member has (99SSxx, SS the
    /// series: a second run into the same database takes another), one per (area, birth date), so none repeats in the
    /// sheet or the database; strings inline, as the export writes them.
    /// </summary>
    internal static byte[] Sheet(IReadOnlyList<Place> places, int rows, int series)
    {
        using var output = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(output, SpreadsheetDocumentType.Workbook))
        {
            var book = document.AddWorkbookPart();
            var part = book.AddNewPart<WorksheetPart>();
            using (var writer = OpenXmlWriter.Create(part))
            {
                writer.WriteStartElement(new Worksheet());
                writer.WriteStartElement(new SheetData());
                WriteRow(writer, 1, ["姓名", "所在党组织", "身份证号", "性别", "民族", "出生日期", "学历", "人员类别", "入党日期", "转正日期", "工作岗位", "联系电话",
                    "家庭住址", "党籍状态", "失联情况", "流动党员", "所在党小组", "工作状态", "协管党员", "身份岗位", "联系户"]);
                for (var i = 0; i < rows; i++)
                {
                    var sex = i % 2 == 0 ? Sex.Male : Sex.Female;
                    var birth = new DateOnly(1950, 1, 1).AddDays(i / 100 * 11);
                    var id = ChineseIdNumber.Compose((990000 + (series % 100 * 100) + (i % 100)).ToString(CultureInfo.InvariantCulture), birth, 2, sex);
                    var joined = birth.AddYears(25);
                    var full = i % 20 != 0;
                    WriteRow(writer, i + 2,
                    [
                        Surnames[i % 20] + Given[i / 20 % 20] + (i % 3 == 0 ? "" : Given[i / 400 % 20]),
                        places[i % places.Count].Label,
                        id, sex == Sex.Male ? "男" : "女", "汉族", null, i % 3 == 0 ? "大学本科" : "高中", full ? "正式党员" : "预备党员",
                        joined.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                        full ? joined.AddYears(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : null,
                        "社区工作者", (13800000000L + i).ToString(CultureInfo.InvariantCulture), $"幸福路{i % 500}号{i % 30}单元",
                        i % 50 == 0 ? "保留党籍" : "正常", null, i % 40 == 0 ? "广东省深圳市" : null, null, i % 7 == 0 ? "离退休" : "在职", null,
                        i % 25 == 0 ? "党员先锋岗" : null, i % 10 == 0 ? $"幸福路{i % 500}号101；幸福路{i % 500}号102" : null,
                    ]);
                }
                writer.WriteEndElement();
                writer.WriteEndElement();
            }
            book.Workbook = new Workbook(new Sheets(new Sheet { Name = "党员信息", SheetId = 1, Id = book.GetIdOfPart(part) }));
        }
        return output.ToArray();
    }

    private static void WriteRow(OpenXmlWriter writer, int number, IReadOnlyList<string?> values)
    {
        writer.WriteStartElement(new Row { RowIndex = (uint)number });
        foreach (var value in values)
        {
            if (value is null)
            {
                writer.WriteElement(new Cell());
                continue;
            }
            writer.WriteElement(new Cell(new InlineString(new Text(value))) { DataType = CellValues.InlineString });
        }
        writer.WriteEndElement();
    }

    private static async Task<long> CountAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    internal static async Task<string> TokenAsync(HttpClient http, string userName, string password)
    {
        using var response = await http.PostAsJsonAsync(new Uri("/api/v1/auth/token", UriKind.Relative), new { userName, password });
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("accessToken").GetString()!;
    }

    /// <summary>The 1-minute load average (as uptime prints it), to print beside a figure measured on a shared machine.</summary>
    internal static string Load()
    {
        var text = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg") : "";
        return text.Split(' ') is [var one, var five, ..] ? $"{one} (5 min {five})" : "?";
    }
}
