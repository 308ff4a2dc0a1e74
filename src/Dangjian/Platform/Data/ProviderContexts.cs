using Dangjian.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Platform.Data;

/// <summary>The embedded default: a SQLite file under data/.</summary>
public sealed class SqliteAppDb(DbContextOptions<SqliteAppDb> options, CurrentUser? currentUser = null, TimeProvider? clock = null)
    : AppDb(options, currentUser, clock)
{
    protected override void ConfigureProvider(ModelBuilder builder) => ProviderModel.Apply<ISqliteModelConfiguration>(c => c.Configure(builder));

    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder)
    {
        base.OnConfiguring(optionsBuilder);
        optionsBuilder.AddInterceptors(SqliteFunctions.Instance);
    }
}

/// <summary>
/// What a feature's tables need on SQLite only (SQLite has no INCLUDE: a covering index carries the columns as trailing
/// keys). Implementations anywhere in the app's assembly are applied by <see cref="SqliteAppDb"/>.
/// </summary>
public interface ISqliteModelConfiguration
{
    void Configure(ModelBuilder builder);
}

internal static class ProviderModel
{
    public static void Apply<T>(Action<T> configure)
    {
        foreach (var type in typeof(AppDb).Assembly.GetTypes()
                     .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(T).IsAssignableFrom(t))
                     .OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            configure((T)Activator.CreateInstance(type, nonPublic: true)!);
        }
    }
}

/// <summary>
/// Functions the app's SQL calls that SQLite lacks, registered on every connection it opens: <c>dangjian_sha256(text)</c>,
/// the lower-case hex SHA-256 of the text's UTF-8 bytes, as PostgreSQL's <c>encode(sha256(convert_to(t, 'UTF8')), 'hex')</c>
/// (the audit chain's hashes computed in a save's command, <see cref="SaveBatch"/>).
/// </summary>
internal sealed class SqliteFunctions : Microsoft.EntityFrameworkCore.Diagnostics.DbConnectionInterceptor
{
    public static readonly SqliteFunctions Instance = new();

    public override void ConnectionOpened(System.Data.Common.DbConnection connection, Microsoft.EntityFrameworkCore.Diagnostics.ConnectionEndEventData eventData) =>
        Register(connection);

    public override Task ConnectionOpenedAsync(System.Data.Common.DbConnection connection, Microsoft.EntityFrameworkCore.Diagnostics.ConnectionEndEventData eventData,
        CancellationToken cancellationToken = default)
    {
        Register(connection);
        return Task.CompletedTask;
    }

    private static void Register(System.Data.Common.DbConnection connection) =>
        ((Microsoft.Data.Sqlite.SqliteConnection)connection).CreateFunction("dangjian_sha256",
            (string text) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text))), isDeterministic: true);
}

/// <summary>
/// What a feature's tables need on PostgreSQL only (collations, covering indexes). Implementations anywhere in the
/// app's assembly are applied by <see cref="PostgresAppDb"/>, as entity configurations are by AppDb.
/// </summary>
public interface IPostgresModelConfiguration
{
    void Configure(ModelBuilder builder);
}

/// <summary>The production database.</summary>
public sealed class PostgresAppDb(DbContextOptions<PostgresAppDb> options, CurrentUser? currentUser = null, TimeProvider? clock = null)
    : AppDb(options, currentUser, clock)
{
    protected override void ConfigureProvider(ModelBuilder builder)
    {
        // Byte-order collation: btree ranges and prefix look-ups use the index only under "C" (docs/performance.md).
        foreach (var entity in builder.Model.GetEntityTypes())
        {
            foreach (var property in entity.GetProperties().Where(p => p.ClrType == typeof(string) && p.Name.EndsWith("Path", StringComparison.Ordinal)))
            {
                property.SetCollation("C");
            }
        }
        ProviderModel.Apply<IPostgresModelConfiguration>(c => c.Configure(builder));
    }
}
