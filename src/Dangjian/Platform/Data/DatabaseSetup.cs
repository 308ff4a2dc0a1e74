using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Dangjian.Platform.Data;

/// <summary>
/// Chooses the database: PostgreSQL when DANGJIAN_POSTGRES (or ConnectionStrings:Postgres) holds a connection
/// string, otherwise the SQLite file data/dangjian.db (or ConnectionStrings:Sqlite).
/// </summary>
public static class DatabaseSetup
{
    public const string PostgresVariable = "DANGJIAN_POSTGRES";

    public static string DataDirectory(IConfiguration configuration, IHostEnvironment environment) =>
        configuration["DataDirectory"] is { Length: > 0 } configured
            ? configured
            : Path.Combine(environment.ContentRootPath, "..", "..", "data");

    public static IServiceCollection AddDangjianDatabase(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var postgres = configuration[PostgresVariable] ?? configuration.GetConnectionString("Postgres");
        if (!string.IsNullOrWhiteSpace(postgres))
        {
            services.AddDbContext<AppDb, PostgresAppDb>(o => Logging(o).UseNpgsql(postgres, n => n.MigrationsHistoryTable("__EFMigrationsHistory")));
        }
        else
        {
            var sqlite = configuration.GetConnectionString("Sqlite");
            if (string.IsNullOrWhiteSpace(sqlite))
            {
                var directory = DataDirectory(configuration, environment);
                Directory.CreateDirectory(directory);
                sqlite = $"Data Source={Path.Combine(directory, "dangjian.db")}";
            }
            services.AddDbContext<AppDb, SqliteAppDb>(o => Logging(o).UseSqlite(sqlite));
        }
        return services;
    }

    /// <summary>
    /// A failed command is logged as a warning, not an error: a unique index refusing the loser of a race is the
    /// database deciding, which the use case answers with 400 or 409. A failure nobody handles still reaches the error
    /// handler as an exception and is logged there as the error it is.
    /// </summary>
    private static DbContextOptionsBuilder Logging(DbContextOptionsBuilder options) =>
        options.ConfigureWarnings(w => w.Log((RelationalEventId.CommandError, LogLevel.Warning), (CoreEventId.SaveChangesFailed, LogLevel.Warning)));
}
