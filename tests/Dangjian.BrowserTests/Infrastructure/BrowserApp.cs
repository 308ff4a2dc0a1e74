using Dangjian.Platform.Data;
using Dangjian.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Dangjian.BrowserTests.Infrastructure;

/// <summary>
/// The app served by Kestrel on a free port inside the test process, on a fresh SQLite database with the demo data
/// (the same settings as the HTTP tests' AppFactory: TestHostSettings), and a headless Debian Chromium driven by Playwright.
/// Errors the server logs are collected so that a journey fails on any it did not expect.
/// </summary>
public sealed class BrowserApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "dangjian-browser-tests", Guid.NewGuid().ToString("N"));
    private IPlaywright? _playwright;

    public ErrorLog Errors { get; } = new();
    public IBrowser Browser { get; private set; } = null!;
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Chromium from Debian; the flags stop it from calling home on a machine without internet.</summary>
    public static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run",
    ];

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(_dataDirectory);
        UseKestrel(0);
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseAddress = new Uri(addresses.First());
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("DANGJIAN_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ChromiumArgs,
            Env = ChineseBrowserEnvironment(),
        });
    }

    /// <summary>
    /// The browser's own language, which the pages' lang and the context's Locale do not reach: date inputs are laid
    /// out (年/月/日 rather than mm/dd/yyyy) and the browser's messages worded in it. Chromium on Linux takes it from
    /// LANGUAGE (it ignores --lang) and needs the zh-CN resources of Debian's chromium-l10n.
    /// </summary>
    private static Dictionary<string, string> ChineseBrowserEnvironment()
    {
        // Playwright hands the browser exactly this environment, so the test process's own variables are copied in.
        var environment = Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? "", StringComparer.Ordinal);
        environment["LANGUAGE"] = "zh_CN";
        return environment;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        TestHostSettings.Apply(builder, _dataDirectory, postgres: null, Errors);
        // A sheet of a few thousand rows goes to a background job here, as a sheet over 1 MB does in service, so that a
        // journey can watch an import job without uploading a megabyte; the three-row sheets stay in the request.
        builder.UseSetting("Imports:InRequestBytes", "32768");
    }

    /// <summary>Runs code against the app's database, in a scope of the app's own services.</summary>
    public async Task<T> WithDbAsync<T>(Func<AppDb, IServiceProvider, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<AppDb>(), scope.ServiceProvider);
    }

    public override async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }
        _playwright?.Dispose();
        await base.DisposeAsync();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold the file for a moment; the temp folder is cleaned by the OS.
        }
    }
}
