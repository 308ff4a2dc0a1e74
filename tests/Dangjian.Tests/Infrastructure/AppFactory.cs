using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Dangjian.Features.Demo;
using Dangjian.Platform.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

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

    public ErrorLog Errors { get; } = new();

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
        TestHostSettings.Apply(builder, _dataDirectory, _postgres, Errors);
        ConfigureMore(builder);
    }

    protected virtual void ConfigureMore(IWebHostBuilder builder)
    {
    }

    /// <summary>An HTTP client signed in with a bearer token as one of the demo accounts.</summary>
    public async Task<HttpClient> ClientAsAsync(string userName, string password = DemoData.Password)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
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

    public HttpClient AnonymousClient() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

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
