using Dangjian.Platform.Data;
using Dangjian.Platform.Demo;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Platform;

public static class Startup
{
    /// <summary>`dotnet run -- migrate`: applies the versioned migrations of the configured database and exits.</summary>
    public static async Task MigrateAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        await db.Database.MigrateAsync();
        var logger = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("Dangjian.Migrate");
        logger.LogInformation("Migrations applied: {Count}", (await db.Database.GetAppliedMigrationsAsync()).Count());
    }

    /// <summary>Applies migrations when configured to (Database:MigrateOnStart), and loads the demo in demo mode.</summary>
    public static async Task PrepareAsync(WebApplication app)
    {
        if (app.Configuration.GetValue("Database:MigrateOnStart", false))
        {
            await MigrateAsync(app.Services);
        }
        if (!app.Configuration.GetValue("Demo:Enabled", false))
        {
            return;
        }
        await using var scope = app.Services.CreateAsyncScope();
        var demo = scope.ServiceProvider.GetRequiredService<DemoData>();
        if (!await demo.IsLoadedAsync(CancellationToken.None))
        {
            await demo.LoadAsync(CancellationToken.None);
        }
        // Printed to the console on purpose: whoever started the demo needs the sign-ins, whatever the log level.
        var lines = DemoData.Accounts.Select(a => $"  {a.UserName,-10} {a.RoleName}（{a.OrganizationName}）");
        Console.WriteLine($"Demo mode. Sign in at the address below with one of these accounts, password {DemoData.Password}:\n{string.Join('\n', lines)}");
    }
}
