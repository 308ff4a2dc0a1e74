using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace Dangjian.Tests.Infrastructure;

/// <summary>
/// The app as a real child process (`dotnet src/Dangjian/bin/…/Dangjian.dll`), for what an in-process host cannot
/// show: a kill -9, the command-line commands. Killed by its own process id on dispose.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _output = [];

    public Uri Url { get; }

    private AppProcess(Process process, Uri url)
    {
        _process = process;
        Url = url;
    }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return string.Join('\n', _output.TakeLast(40));
            }
        }
    }

    /// <summary>Settings every child process gets: a data directory, a personal-data key, and the database.</summary>
    public static Dictionary<string, string> Settings(string dataDirectory, string? postgres, string? sqliteFile, string key) => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Testing",
        ["DataDirectory"] = dataDirectory,
        ["PersonalData__Key"] = key,
        [Dangjian.Platform.Data.DatabaseSetup.PostgresVariable] = postgres ?? "",
        ["ConnectionStrings__Sqlite"] = sqliteFile is null ? "" : $"Data Source={sqliteFile}",
        ["Database__MigrateOnStart"] = "true",
        ["Demo__Enabled"] = "true",
    };

    public static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>Starts the app on a free loopback port and waits (generously: the machine may be loaded) until /healthz answers.</summary>
    public static async Task<AppProcess> StartAsync(IReadOnlyDictionary<string, string> settings)
    {
        var url = new Uri($"http://127.0.0.1:{FreePort()}");
        var start = Start([], settings);
        start.Environment["ASPNETCORE_URLS"] = url.ToString();
        var process = Process.Start(start) ?? throw new InvalidOperationException("The app did not start.");
        var app = new AppProcess(process, url);
        process.OutputDataReceived += (_, e) => app.Collect(e.Data);
        process.ErrorDataReceived += (_, e) => app.Collect(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(10) };
        var deadline = DateTime.UtcNow.AddMinutes(5);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException("The app exited on start:\n" + app.Output);
            }
            try
            {
                if ((await http.GetAsync(new Uri("/healthz", UriKind.Relative))).IsSuccessStatusCode)
                {
                    return app;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // not listening yet
            }
            await Task.Delay(200);
        }
        await app.DisposeAsync();
        throw new TimeoutException("The app did not answer /healthz within 5 minutes:\n" + app.Output);
    }

    /// <summary>A client of this process signed in with a bearer token (demo accounts).</summary>
    public async Task<HttpClient> SignedInClientAsync(string userName = "admin")
    {
        var client = new HttpClient { BaseAddress = Url, Timeout = TimeSpan.FromMinutes(10) };
        var response = await client.PostAsJsonAsync(new Uri("/api/v1/auth/token", UriKind.Relative), new { userName, password = Dangjian.Features.Demo.DemoData.Password });
        response.EnsureSuccessStatusCode();
        var token = await response.Content.ReadFromJsonAsync<TokenBody>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token!.AccessToken);
        return client;
    }

    private sealed record TokenBody(string AccessToken);

    /// <summary>Polls a condition until it holds or the (generous) limit passes; true when it held.</summary>
    public static async Task<bool> UntilAsync(Func<Task<bool>> condition, TimeSpan limit, int pollMs = 5)
    {
        var deadline = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return true;
            }
            await Task.Delay(pollMs);
        }
        return false;
    }

    /// <summary>Runs a command (`backup FILE`, `restore FILE`) to its end: the exit code and what it printed.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> settings)
    {
        var start = Start(arguments, settings);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("The app did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await errors);
    }

    /// <summary>kill -9: no shutdown, no flush, no rollback by the app itself.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    private static ProcessStartInfo Start(IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> settings)
    {
        var root = RepositoryRoot();
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.Combine(root, "src", "Dangjian"), RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(AppDll(root));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (name, value) in settings)
        {
            start.Environment[name] = value;
        }
        return start;
    }

    private static string AppDll(string root)
    {
#if DEBUG
        const string configuration = "Debug";
#else
        const string configuration = "Release";
#endif
        var dll = Path.Combine(root, "src", "Dangjian", "bin", configuration, "net10.0", "Dangjian.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("Build the solution first (dotnet build Dangjian.slnx).", dll);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Dangjian.slnx")))
            {
                return dir.FullName;
            }
        }
        throw new DirectoryNotFoundException("Dangjian.slnx not found above " + AppContext.BaseDirectory);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
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
}
