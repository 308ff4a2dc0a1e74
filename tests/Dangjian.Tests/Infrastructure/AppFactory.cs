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

    /// <summary>
    /// An HTTP client signed in with a bearer token as one of the demo accounts. Tokens are kept per account; when a
    /// test ends the account's sessions (a sign-out), the next request that meets 401 signs in again and is retried.
    /// </summary>
    public async Task<HttpClient> ClientAsAsync(string userName, string password = DemoData.Password)
    {
        var client = CheckedClient(new RenewingHandler(this, userName, password));
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(userName, password, renew: false));
        return client;
    }

    private async Task<string> TokenAsync(string userName, string password, bool renew)
    {
        if (!renew && _tokens.TryGetValue(userName, out var token))
        {
            return token;
        }
        var response = await AnonymousClient().PostAsJsonAsync("/api/v1/auth/token", new { userName, password });
        response.EnsureSuccessStatusCode();
        token = (await response.Content.ReadFromJsonAsync<TokenResponse>())!.AccessToken;
        _tokens[userName] = token;
        return token;
    }

    /// <summary>Retries a request once with a fresh token when the account's earlier session has been ended.</summary>
    private sealed class RenewingHandler(AppFactory app, string userName, string password) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (response.StatusCode != System.Net.HttpStatusCode.Unauthorized || request.Headers.Authorization?.Scheme != "Bearer")
            {
                return response;
            }
            response.Dispose();
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await app.TokenAsync(userName, password, renew: true));
            return await base.SendAsync(request, cancellationToken);
        }
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
    /// OpenAPI document (<see cref="ContractCheck"/>); <paramref name="inner"/> sits below the check, so a retried
    /// request is checked once, on its final answer.
    /// </summary>
    private HttpClient CheckedClient(DelegatingHandler? inner = null) => inner is null
        ? CreateDefaultClient(new Uri("http://localhost"), new ContractCheck(ContractAsync), new CookieContainerHandler())
        : CreateDefaultClient(new Uri("http://localhost"), new ContractCheck(ContractAsync), new CookieContainerHandler(), inner);

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
        clock.SetLocalTimeZone(Dangjian.Platform.Time.ChinaTime.Zone);
        return clock;
    }
}
