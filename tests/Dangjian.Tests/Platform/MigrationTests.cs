using Dangjian.Platform.Data;
using Dangjian.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Tests.Platform;

/// <summary>Each provider's versioned migrations produce exactly the current model.</summary>
public class MigrationTests
{
    [Fact]
    public void Sqlite_migrations_match_the_model()
    {
        using var db = new SqliteAppDb(new DbContextOptionsBuilder<SqliteAppDb>().UseSqlite("Data Source=:memory:").Options);
        db.Database.HasPendingModelChanges().ShouldBeFalse("Run scripts/add-migration.sh <Name> to add a migration.");
        db.Database.GetMigrations().ShouldNotBeEmpty();
    }

    [Fact]
    public void Postgres_migrations_match_the_model()
    {
        using var db = new PostgresAppDb(new DbContextOptionsBuilder<PostgresAppDb>().UseNpgsql("Host=127.0.0.1;Database=unused").Options);
        db.Database.HasPendingModelChanges().ShouldBeFalse("Run scripts/add-migration.sh <Name> to add a migration.");
        db.Database.GetMigrations().ShouldNotBeEmpty();
    }

    [Fact]
    public async Task The_configured_database_is_fully_migrated_on_start()
    {
        await using var app = new AppFactory();
        await app.InitializeAsync();
        var pending = await app.WithDbAsync(async db => (await db.Database.GetPendingMigrationsAsync()).ToList());
        pending.ShouldBeEmpty();
        var provider = await app.WithDbAsync(db => Task.FromResult(db.Database.ProviderName));
        provider!.ShouldContain(TestDatabase.IsPostgres ? "Npgsql" : "Sqlite");
    }
}
