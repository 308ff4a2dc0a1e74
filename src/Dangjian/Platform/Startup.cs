using System.Diagnostics;
using Dangjian.Platform.Audit;
using Dangjian.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Platform;

public static class Startup
{
    /// <summary>
    /// `dotnet run -- migrate`: applies the versioned migrations of the configured database, then fills what they left
    /// for the app to compute (<see cref="IDerivedDataBackfill"/>), and exits.
    /// </summary>
    public static async Task MigrateAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        await db.Database.MigrateAsync();
        await UseWriteAheadLogAsync(db);
        var logger = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("Dangjian.Migrate");
        logger.LogInformation("Migrations applied: {Count}", (await db.Database.GetAppliedMigrationsAsync()).Count());
        // Lines written before the audit chain existed get their hashes once, here, oldest first.
        var hashed = await AuditChain.BackfillAsync(db, CancellationToken.None);
        if (hashed > 0)
        {
            logger.LogInformation("Audit lines linked into the hash chain: {Count}", hashed);
        }
        foreach (var backfill in scope.ServiceProvider.GetServices<IDerivedDataBackfill>().OrderBy(b => b.Order))
        {
            var started = Stopwatch.GetTimestamp();
            var filled = await backfill.RunAsync(db, CancellationToken.None);
            if (filled > 0)
            {
                logger.LogInformation("{What} filled: {Count} in {Seconds:0.0} s", backfill.What, filled, Stopwatch.GetElapsedTime(started).TotalSeconds);
            }
        }
    }

    /// <summary>`dotnet run -- verify-audit`: walks the audit chain, prints the verdict, and returns 0 when it is intact.</summary>
    public static async Task<int> VerifyAuditAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        var verdict = await AuditChain.VerifyAsync(db, CancellationToken.None);
        // Printed, not logged: the verdict is the command's output, whatever the log level.
        Console.WriteLine(verdict.Intact
            ? $"Audit log intact: {verdict.Lines} lines, every link checked."
            : $"Audit log broken at line {verdict.BrokenAtSequence} (id {verdict.BrokenAtId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"}): {verdict.Problem}. "
              + $"The {verdict.Lines} lines before it are intact.");
        return verdict.Intact ? 0 : 1;
    }

    /// <summary>Applies migrations when configured to (Database:MigrateOnStart).</summary>
    public static async Task PrepareAsync(WebApplication app)
    {
        if (app.Configuration.GetValue("Database:MigrateOnStart", false))
        {
            await MigrateAsync(app.Services);
            return;
        }
        await using var scope = app.Services.CreateAsyncScope();
        await UseWriteAheadLogAsync(scope.ServiceProvider.GetRequiredService<AppDb>());
    }

    /// <summary>
    /// SQLite in write-ahead-log mode: readers read the last committed state while a writer works, instead of waiting
    /// for its commit (a subtree move or an import holds the write lock for seconds). The mode is kept in the file;
    /// setting it again is a no-op.
    /// </summary>
    private static async Task UseWriteAheadLogAsync(AppDb db)
    {
        if (db is SqliteAppDb)
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode = WAL");
        }
    }
}
