using System.Diagnostics;

namespace Dangjian.Bench.Http;

/// <summary>
/// The app as a separate process, as in production: the Release build, Production environment and logging, demo off,
/// PostgreSQL from DANGJIAN_POSTGRES and the benchmark's personal-data key. Stopped (by its own process id) on dispose.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _output = [];

    public string Url { get; }

    /// <summary>The app's process id, to sample its memory.</summary>
    public int ProcessId => _process.Id;

    private AppProcess(Process process, string url)
    {
        _process = process;
        Url = url;
    }

    /// <summary>Lines the app wrote to its console (kept in memory; used to read EF's command log when asked for).</summary>
    public IReadOnlyList<string> Output
    {
        get
        {
            lock (_output)
            {
                return [.. _output];
            }
        }
    }

    /// <summary>The app on the benchmark's database: PostgreSQL, or a SQLite file as the embedded default uses one.</summary>
    public static Task<AppProcess> StartAsync(BenchDb db, string url, IReadOnlyDictionary<string, string>? extraEnvironment = null) =>
        db.IsSqlite
            ? StartAsync("", url, new Dictionary<string, string>(extraEnvironment ?? new Dictionary<string, string>()) { ["ConnectionStrings__Sqlite"] = db.Connection })
            : StartAsync(db.Connection, url, extraEnvironment);

    /// <param name="connection">A PostgreSQL connection string; empty for SQLite (then extraEnvironment names the file).</param>
    public static async Task<AppProcess> StartAsync(string connection, string url, IReadOnlyDictionary<string, string>? extraEnvironment = null)
    {
        var root = RepositoryRoot();
        var dll = Path.Combine(root, "src", "Dangjian", "bin", "Release", "net10.0", "Dangjian.dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException("Build the app in Release first (dotnet build bench/Dangjian.Bench -c Release builds it).", dll);
        }
        var start = new ProcessStartInfo("dotnet", ["exec", dll])
        {
            WorkingDirectory = Path.Combine(root, "src", "Dangjian"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_URLS"] = url;
        if (connection.Length > 0)
        {
            start.Environment["DANGJIAN_POSTGRES"] = connection;
        }
        else
        {
            start.Environment.Remove("DANGJIAN_POSTGRES");
        }
        start.Environment["PersonalData__Key"] = BenchKey.Base64;
        start.Environment["Demo__Enabled"] = "false";
        start.Environment["Database__MigrateOnStart"] = "false";
        foreach (var (name, value) in extraEnvironment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("The app did not start.");
        var app = new AppProcess(process, url);
        process.OutputDataReceived += (_, e) => app.Collect(e.Data);
        process.ErrorDataReceived += (_, e) => app.Collect(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(5) };
        for (var attempt = 0; attempt < 120; attempt++)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException("The app exited on start:\n" + string.Join('\n', app.Output.TakeLast(30)));
            }
            try
            {
                if ((await http.GetAsync(new Uri("/healthz", UriKind.Relative))).IsSuccessStatusCode)
                {
                    return app;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(500);
        }
        await app.DisposeAsync();
        throw new TimeoutException("The app did not answer /healthz within 60 s.");
    }

    public void ClearOutput()
    {
        lock (_output)
        {
            _output.Clear();
        }
    }

    private void Collect(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            _output.Add(line);
        }
    }

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Dangjian.slnx")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Run the benchmark from inside the repository (Dangjian.slnx not found above the bench binaries).");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
