using System.Collections.Concurrent;
using System.Data.Common;
using Dangjian.Platform.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Dangjian.Tests.Infrastructure;

/// <summary>
/// Holds a chosen transaction of the server just before its commit, until the test lets it go: the test can then act
/// while that transaction is open, on a condition rather than after a delay. A transaction is chosen by a statement it
/// runs (<see cref="Hold"/>); every other transaction that starts while one is held is reported
/// (<see cref="Held.OtherTransactionStarted"/>), so that a test knows when a competing write has done its reads.
/// </summary>
public sealed class CommitGate : DbTransactionInterceptor, IDbCommandInterceptor
{
    private readonly ConcurrentDictionary<DbTransaction, Held> _chosen = new();
    private readonly ConcurrentDictionary<Held, bool> _holding = new();
    private Held? _armed;

    public sealed class Held(Func<string, bool> chooses)
    {
        internal Func<string, bool> Chooses { get; } = chooses;
        internal TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>The chosen transaction has done all its work and waits to commit.</summary>
        public TaskCompletionSource Reached { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Another transaction started (it may wait for the held one inside its first statement).</summary>
        public TaskCompletionSource OtherTransactionStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Let() => Release.TrySetResult();
    }

    /// <summary>Holds the next transaction that runs a statement <paramref name="chooses"/> accepts.</summary>
    public Held Hold(Func<string, bool> chooses)
    {
        var held = new Held(chooses);
        _armed = held;
        return held;
    }

    public static void AddTo(IWebHostBuilder builder, CommitGate gate) => builder.ConfigureServices(services =>
    {
        services.ConfigureDbContext<SqliteAppDb>(o => o.AddInterceptors(gate));
        services.ConfigureDbContext<PostgresAppDb>(o => o.AddInterceptors(gate));
    });

    private void See(DbCommand command)
    {
        if (_armed is { } armed && command.Transaction is { } transaction && armed.Chooses(command.CommandText))
        {
            _chosen.TryAdd(transaction, armed);
            _armed = null;
        }
    }

    public InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        See(command);
        return result;
    }

    public ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        See(command);
        return ValueTask.FromResult(result);
    }

    public ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        See(command);
        return ValueTask.FromResult(result);
    }

    public override ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(DbConnection connection, TransactionStartingEventData eventData,
        InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
    {
        foreach (var held in _holding.Keys)
        {
            held.OtherTransactionStarted.TrySetResult();
        }
        return ValueTask.FromResult(result);
    }

    public override async ValueTask<InterceptionResult> TransactionCommittingAsync(DbTransaction transaction, TransactionEventData eventData,
        InterceptionResult result, CancellationToken cancellationToken = default)
    {
        if (_chosen.TryRemove(transaction, out var held))
        {
            _holding[held] = true;
            held.Reached.TrySetResult();
            try
            {
                await held.Release.Task.WaitAsync(cancellationToken);
            }
            finally
            {
                _holding.TryRemove(held, out _);
            }
        }
        return result;
    }
}
