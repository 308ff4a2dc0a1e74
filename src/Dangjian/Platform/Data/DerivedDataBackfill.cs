namespace Dangjian.Platform.Data;

/// <summary>
/// Fills a column derived from others by the app's own code (a sort key), which a migration cannot compute in SQL: the
/// migration empties the column and the backfill fills it. <see cref="Startup.MigrateAsync"/> runs every backfill
/// registered in the services after the migrations, in <see cref="Order"/>. A backfill must be idempotent and cheap
/// when nothing is left to fill, because it runs on every start with Database:MigrateOnStart.
/// </summary>
public interface IDerivedDataBackfill
{
    /// <summary>Position among the backfills, lower first.</summary>
    int Order { get; }

    /// <summary>What is filled, for the log.</summary>
    string What { get; }

    /// <summary>Fills what is missing and returns how many rows were filled.</summary>
    Task<int> RunAsync(AppDb db, CancellationToken ct);
}
