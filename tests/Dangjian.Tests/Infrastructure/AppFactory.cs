using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Dangjian.Features.Demo;
using Dangjian.Platform.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Dangjian.Tests.Infrastructure;

/// <summary>
/// The app on a fresh database of its own (SQLite file or PostgreSQL database), migrated with the real migrations
/// and loaded with the demo data. Errors the server logs are collected, and a test fails on any it did not expect.
/// </summary>
public class AppFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "dangjian-tests", Guid.NewGuid().ToString("N"));
    private string? _postgres;
    private readonly ConcurrentDictionary<string, string> _tokens = new();
    private Task<ApiContract>? _contract;

    public ErrorLog Errors { get; } = new();

    /// <summary>
    /// The app's clock: stopped at the moment the host starts, in China's time zone, so that "today" is the same for the
    /// server and the test whatever the machine's zone and however long the class runs. Advance it to let time pass.
    /// </summary>
    public FakeTimeProvider Clock { get; } = TestClock.Create();

    /// <summary>The date the server takes as today.</summary>
    public DateOnly Today => DateOnly.FromDateTime(Clock.GetLocalNow().DateTime);

    public virtual async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(_dataDirectory);
        if (TestDatabase.IsPostgres)
        {
            _postgres = await TestDatabase.CreatePostgresAsync();
        }
        _ = Services; // start the host: migrations and demo data run now
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        TestHostSettings.Apply(builder, _dataDirectory, _postgres, Errors, Clock);
        ConfigureMore(builder);
    }

    protected virtual void ConfigureMore(IWebHostBuilder builder)
    {
    }

    /// <summary>An HTTP client signed in with a bearer token as one of the demo accounts.</summary>
    public async Task<HttpClient> ClientAsAsync(string userName, string password = DemoData.Password)
    {
        var client = CheckedClient();
        if (!_tokens.TryGetValue(userName, out var token))
        {
            var response = await client.PostAsJsonAsync("/api/v1/auth/token", new { userName, password });
            response.EnsureSuccessStatusCode();
            var body = await response.Content.ReadFromJsonAsync<TokenResponse>();
            token = body!.AccessToken;
            _tokens[userName] = token;
        }
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public HttpClient AnonymousClient() => CheckedClient();

    /// <summary>The app's OpenAPI document, read once from the app itself.</summary>
    public Task<ApiContract> ContractAsync() => _contract ??= LoadContractAsync();

    private async Task<ApiContract> LoadContractAsync()
    {
        using var raw = CreateDefaultClient();
        return new ApiContract(await raw.GetStringAsync("/openapi/v1.json"));
    }

    /// <summary>
    /// A client that keeps cookies and does not follow redirects, whose every /api response is checked against the
    /// OpenAPI document (<see cref="ContractCheck"/>).
    /// </summary>
    private HttpClient CheckedClient() => CreateDefaultClient(new Uri("http://localhost"), new ContractCheck(ContractAsync), new CookieContainerHandler());

    /// <summary>Runs code against the database with a scope of the app's own services.</summary>
    public async Task<T> WithDbAsync<T>(Func<AppDb, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<AppDb>());
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_postgres is not null)
        {
            await TestDatabase.DropPostgresAsync(_postgres);
        }
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold the file for a moment; the temp folder is cleaned by the OS.
        }
        GC.SuppressFinalize(this);
    }

    private sealed record TokenResponse(string AccessToken);
}

public static class TestClock
{
    public static FakeTimeProvider Create()
    {
        var now = DateTimeOffset.UtcNow;
        // Whole seconds: PostgreSQL keeps microseconds, and a stored time should equal the clock's.
        var clock = new FakeTimeProvider(new DateTimeOffset(now.Ticks - now.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero));
        clock.SetLocalTimeZone(TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"));
        return clock;
    }
}
