using System.Security.Cryptography;
using Dangjian.Platform.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Dangjian.Tests.Infrastructure;

// Compiled into both test projects (the browser tests link this file), so the two hosts cannot drift apart.

/// <summary>How every test host runs the app: its own data directory and database, migrations and demo data on start,
/// a fresh personal-data key, and the server's errors collected.</summary>
internal static class TestHostSettings
{
    /// <param name="postgres">A PostgreSQL connection string, or null for a SQLite file in the data directory.</param>
    /// <param name="clock">The app's clock, when the tests set the time; null keeps the system clock.</param>
    public static void Apply(IWebHostBuilder builder, string dataDirectory, string? postgres, ErrorLog errors, TimeProvider? clock = null)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("DataDirectory", dataDirectory);
        builder.UseSetting("Database:MigrateOnStart", "true");
        builder.UseSetting("Demo:Enabled", "true");
        builder.UseSetting("PersonalData:Key", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        builder.UseSetting(DatabaseSetup.PostgresVariable, postgres ?? "");
        builder.UseSetting("ConnectionStrings:Sqlite", postgres is null ? $"Data Source={Path.Combine(dataDirectory, "test.db")}" : "");
        // Tests sign in far more often than a person; the throttle's own tests set these low again.
        builder.UseSetting("Auth:SignInsPerAccount", "100000");
        builder.UseSetting("Auth:SignInsPerAddress", "100000");
        builder.ConfigureLogging(logging => logging.AddProvider(new ErrorLogProvider(errors)));
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<Dangjian.Platform.Notifications.IOutgoingChannel>();
            services.AddSingleton<SentMessages>();
            services.AddSingleton<Dangjian.Platform.Notifications.IOutgoingChannel>(sp => sp.GetRequiredService<SentMessages>());
        });
        if (clock is not null)
        {
            builder.ConfigureServices(services =>
            {
                services.RemoveAll<TimeProvider>();
                services.AddSingleton(clock);
            });
        }
    }
}

/// <summary>The outgoing channel of a test host: keeps every message, so that a test can read the code a phone was sent.</summary>
public sealed class SentMessages : Dangjian.Platform.Notifications.IOutgoingChannel
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<Dangjian.Platform.Notifications.OutgoingMessage> _sent = new();

    public IReadOnlyList<Dangjian.Platform.Notifications.OutgoingMessage> All => [.. _sent];

    public Task SendAsync(Dangjian.Platform.Notifications.OutgoingMessage message, CancellationToken ct)
    {
        _sent.Enqueue(message);
        return Task.CompletedTask;
    }

    /// <summary>The six-digit code of the last message to a phone, or null.</summary>
    public string? LastCodeTo(string phone) =>
        _sent.Where(m => m.Phone == phone).Select(m => System.Text.RegularExpressions.Regex.Match(m.Text, @"\d{6}")).LastOrDefault(m => m.Success)?.Value;
}
