using Dangjian.Platform.Data;
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

    /// <summary>Applies migrations when configured to (Database:MigrateOnStart).</summary>
    public static async Task PrepareAsync(WebApplication app)
    {
        if (app.Configuration.GetValue("Database:MigrateOnStart", false))
        {
            await MigrateAsync(app.Services);
        }
    }
}
