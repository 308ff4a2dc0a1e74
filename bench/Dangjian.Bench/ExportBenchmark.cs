using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Dangjian.Bench.Http;

namespace Dangjian.Bench;

/// <summary>
/// The member export over HTTP, with the app started as in production: the streamed route (GET export.xlsx) for the
/// county account, timed to the first byte and to the last, and the background job (POST exports, then the job's
/// progress and its file) for the province account. The app's resident memory is sampled every 20 ms meanwhile.
/// Each export adds one audit line and the job one job row, as a sign-in adds its own; nothing else is written.
/// </summary>
public static class ExportBenchmark
{
    public sealed record Options(string Connection, string AppUrl, int Runs, string StreamUser, string JobUser, string Password);

    public static async Task<int> RunAsync(Options options)
    {
        await using var app = await AppProcess.StartAsync(options.Connection, options.AppUrl);
        using var http = new HttpClient { BaseAddress = new Uri(app.Url), Timeout = TimeSpan.FromMinutes(30) };
        using var memory = new MemorySampler(app.ProcessId);
        Console.WriteLine($"app started; resident {memory.Current / 1048576.0:N0} MB; load {ImportBenchmark.Load()}");

        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await ImportBenchmark.TokenAsync(http, options.StreamUser, options.Password));
        var rows = await TotalAsync(http);
        var firstBytes = new List<double>();
        var totals = new List<double>();
        for (var run = 0; run <= options.Runs; run++)
        {
            memory.Reset();
            var load = ImportBenchmark.Load();
            var timer = Stopwatch.StartNew();
            using var response = await http.GetAsync(new Uri("/api/v1/members/export.xlsx", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
            response.EnsureSuccessStatusCode();
            await using var body = await response.Content.ReadAsStreamAsync();
            var buffer = new byte[1 << 16];
            long bytes = 0;
            double? first = null;
            for (int read; (read = await body.ReadAsync(buffer)) > 0;)
            {
                first ??= timer.Elapsed.TotalMilliseconds;
                bytes += read;
            }
            var total = timer.Elapsed.TotalMilliseconds;
            // The first run warms the app up (JIT, pools, caches) and is not counted.
            if (run > 0)
            {
                firstBytes.Add(first ?? total);
                totals.Add(total);
            }
            Console.WriteLine($"{(run == 0 ? "warm-up" : $"run {run}")}: {options.StreamUser} streamed {rows:N0} rows, {bytes / 1048576.0:N1} MB, "
                + $"first byte {first:N0} ms, all {total:N0} ms = {rows / (total / 1000):N0} rows/s; peak resident {memory.Peak / 1048576.0:N0} MB; load {load}");
        }
        Console.WriteLine($"stream {options.StreamUser} ({rows:N0} rows): first byte median {Median(firstBytes):N0} ms p95 {P95(firstBytes):N0} ms; "
            + $"all median {Median(totals):N0} ms p95 {P95(totals):N0} ms = {rows / (Median(totals) / 1000):N0} rows/s (median); load {ImportBenchmark.Load()}");

        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await ImportBenchmark.TokenAsync(http, options.JobUser, options.Password));
        memory.Reset();
        var jobLoad = ImportBenchmark.Load();
        var jobTimer = Stopwatch.StartNew();
        using var started = await http.PostAsync(new Uri("/api/v1/members/exports", UriKind.Relative), null);
        var startedBody = await started.Content.ReadAsStringAsync();
        if ((int)started.StatusCode != 202)
        {
            Console.Error.WriteLine($"job refused: {(int)started.StatusCode} {startedBody}");
            return 1;
        }
        var accepted = jobTimer.Elapsed.TotalMilliseconds;
        var id = JsonDocument.Parse(startedBody).RootElement.GetProperty("id").GetInt64();
        double? firstProgress = null;
        var lastPrint = TimeSpan.Zero;
        JsonElement job;
        while (true)
        {
            using var status = JsonDocument.Parse(await http.GetStringAsync(new Uri($"/api/v1/jobs/{id}", UriKind.Relative)));
            job = status.RootElement.Clone();
            var state = job.GetProperty("state").ToString();
            var done = job.GetProperty("done").GetInt64();
            if (done > 0)
            {
                firstProgress ??= jobTimer.Elapsed.TotalMilliseconds;
            }
            if (jobTimer.Elapsed - lastPrint > TimeSpan.FromSeconds(30))
            {
                lastPrint = jobTimer.Elapsed;
                Console.WriteLine($"  {jobTimer.Elapsed.TotalSeconds:N0} s: {state} {done:N0} / {job.GetProperty("total")}; resident {memory.Current / 1048576.0:N0} MB; load {ImportBenchmark.Load()}");
            }
            if (state is "Succeeded" or "Failed" or "Cancelled" or "2" or "3" or "4")
            {
                break;
            }
            await Task.Delay(250);
        }
        var jobTotal = jobTimer.Elapsed.TotalMilliseconds;
        var jobRows = job.GetProperty("done").GetInt64();
        var size = job.TryGetProperty("file", out var file) && file.ValueKind == JsonValueKind.Object ? file.GetProperty("size").GetInt64() : 0;
        Console.WriteLine($"job {options.JobUser}: {job.GetProperty("state")} {jobRows:N0} rows, {size / 1048576.0:N1} MB; accepted in {accepted:N0} ms, "
            + $"first progress at {firstProgress:N0} ms, finished in {jobTotal / 1000:N1} s = {jobRows / (jobTotal / 1000):N0} rows/s; "
            + $"peak resident {memory.Peak / 1048576.0:N0} MB; load before {jobLoad}, after {ImportBenchmark.Load()}");
        return 0;
    }

    private static async Task<long> TotalAsync(HttpClient http)
    {
        using var json = JsonDocument.Parse(await http.GetStringAsync(new Uri("/api/v1/members?pageSize=1", UriKind.Relative)));
        return json.RootElement.GetProperty("total").GetInt64();
    }

    private static double Median(List<double> values) => values.Count == 0 ? 0 : values.Order().ElementAt(values.Count / 2);

    private static double P95(List<double> values) => values.Count == 0 ? 0 : values.Order().ElementAt(Math.Min(values.Count - 1, (int)Math.Ceiling(values.Count * 0.95) - 1));

    /// <summary>The app's resident set (VmRSS), sampled every 20 ms; the peak since the last reset.</summary>
    private sealed class MemorySampler : IDisposable
    {
        private readonly int _pid;
        private readonly Timer _timer;
        private long _peak;

        public MemorySampler(int pid)
        {
            _pid = pid;
            _timer = new Timer(_ => Sample(), null, 0, 20);
        }

        public long Peak => Interlocked.Read(ref _peak);

        public long Current => Read();

        public void Reset() => Interlocked.Exchange(ref _peak, Read());

        private void Sample()
        {
            var now = Read();
            long seen;
            while (now > (seen = Interlocked.Read(ref _peak)) && Interlocked.CompareExchange(ref _peak, now, seen) != seen)
            {
            }
        }

        private long Read()
        {
            try
            {
                foreach (var line in File.ReadLines($"/proc/{_pid}/status"))
                {
                    if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                    {
                        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
                    }
                }
            }
            catch (IOException)
            {
            }
            return 0;
        }

        public void Dispose() => _timer.Dispose();
    }
}
