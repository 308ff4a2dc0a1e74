using System.Collections.Concurrent;
using System.Data.Common;
using Dangjian.Platform.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Dangjian.Tests.Infrastructure;

/// <summary>
/// Counts what a request sends the database and waits for: every command and every commit (PostgreSQL's BEGIN travels
/// with the first command of the transaction, and a rollback only follows a refusal). Only work done on behalf of a
/// <see cref="Measure"/> is counted, so the background job worker's polling is not; the test server must preserve the
/// execution context for that (<see cref="AddTo"/> sets it).
/// </summary>
public sealed class RoundTripCounter : DbTransactionInterceptor, IDbCommandInterceptor
{
    private static readonly AsyncLocal<ConcurrentQueue<string>?> Current = new();

    public sealed class Measurement : IDisposable
    {
        private readonly ConcurrentQueue<string>? _outer = Current.Value;

        internal Measurement() => Current.Value = Trips;

        /// <summary>What went to the database, in order: the command's text, or "COMMIT".</summary>
        public ConcurrentQueue<string> Trips { get; } = new();

        public void Dispose() => Current.Value = _outer;
    }

    /// <summary>Counts the round trips of whatever runs from here on the caller's flow (a request sent by the caller).</summary>
    public static Measurement Measure() => new();

    public static void AddTo(IWebHostBuilder builder, RoundTripCounter counter) => builder.ConfigureServices(services =>
    {
        services.ConfigureDbContext<SqliteAppDb>(o => o.AddInterceptors(counter));
        services.ConfigureDbContext<PostgresAppDb>(o => o.AddInterceptors(counter));
    });

    private static void Count(string what) => Current.Value?.Enqueue(what);

    public InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Count(command.CommandText);
        return result;
    }

    public ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        Count(command.CommandText);
        return ValueTask.FromResult(result);
    }

    public InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Count(command.CommandText);
        return result;
    }

    public ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Count(command.CommandText);
        return ValueTask.FromResult(result);
    }

    public InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        Count(command.CommandText);
        return result;
    }

    public ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result,
        CancellationToken cancellationToken = default)
    {
        Count(command.CommandText);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult TransactionCommitting(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result)
    {
        Count("COMMIT");
        return result;
    }

    public override ValueTask<InterceptionResult> TransactionCommittingAsync(DbTransaction transaction, TransactionEventData eventData,
        InterceptionResult result, CancellationToken cancellationToken = default)
    {
        Count("COMMIT");
        return ValueTask.FromResult(result);
    }
}
