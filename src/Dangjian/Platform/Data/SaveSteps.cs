using System.Reflection;

namespace Dangjian.Platform.Data;

/// <summary>
/// Work that every save does besides writing the tracked changes: rows derived from them (tallies, search windows),
/// completing inserted rows, the audit lines. A feature adds a step by implementing this interface anywhere in the
/// app's assembly; <see cref="AppDb.SaveChangesAsync(bool, CancellationToken)"/> finds every step once and runs them
/// all, in <see cref="Order"/>, inside the save's transaction. A step is stateless: what one save needs it keeps in the
/// <see cref="ISavePass"/> that <see cref="Plan"/> returns. See docs/adr/0005-save-steps.md.
/// </summary>
public interface ISaveStep
{
    /// <summary>Position in the pipeline, lower first; the ranges are in <see cref="SaveStepOrder"/>.</summary>
    int Order { get; }

    /// <summary>
    /// Called before anything is written, when the change tracker still holds every original value. Returns this
    /// save's work, or null when the pending changes do not concern the step.
    /// </summary>
    ISavePass? Plan(AppDb db);
}

/// <summary>One save's work of one step. Both halves run inside the save's transaction.</summary>
public interface ISavePass
{
    /// <summary>Runs after every step has planned and before the tracked changes are written.</summary>
    Task BeforeWriteAsync(AppDb db, CancellationToken ct) => Task.CompletedTask;

    /// <summary>
    /// Runs after the tracked changes are written (new rows have their ids). Rows a step adds here are written by
    /// one more save at the end, which runs no steps.
    /// </summary>
    Task AfterWriteAsync(AppDb db, CancellationToken ct) => Task.CompletedTask;
}

/// <summary>Where steps sit. Features place derived rows between completion and audit.</summary>
public static class SaveStepOrder
{
    /// <summary>Rows whose stored form needs their database id (<see cref="ICompletedAfterInsert"/>).</summary>
    public const int Completion = 100;

    /// <summary>Rows kept in step with others (tallies, search windows): 200 to 799.</summary>
    public const int DerivedRows = 200;

    /// <summary>The audit lines of the changes: after completion, so that they record finished rows.</summary>
    public const int Audit = 900;

    /// <summary>Links every new audit line to the one before; last, so that it sees every line any step added.</summary>
    public const int AuditChain = 1000;
}

/// <summary>The steps of the app's assembly, found once, in order.</summary>
public static class SaveSteps
{
    private static readonly Lazy<IReadOnlyList<ISaveStep>> Found = new(() => Discover(typeof(AppDb).Assembly));

    public static IReadOnlyList<ISaveStep> All => Found.Value;

    public static IReadOnlyList<ISaveStep> Discover(Assembly assembly)
    {
        var steps = assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(ISaveStep).IsAssignableFrom(t))
            .Select(t => (ISaveStep)Activator.CreateInstance(t, nonPublic: true)!)
            .OrderBy(s => s.Order).ThenBy(s => s.GetType().FullName, StringComparer.Ordinal)
            .ToList();
        var clash = steps.GroupBy(s => s.Order).FirstOrDefault(g => g.Count() > 1);
        if (clash is not null)
        {
            // Two steps at one position would run in an order nobody chose.
            throw new InvalidOperationException($"Save steps share order {clash.Key}: {string.Join(", ", clash.Select(s => s.GetType().Name))}");
        }
        return steps;
    }
}

/// <summary>
/// Entities whose stored form needs the id the database assigns (an organization's path ends with its own id).
/// <see cref="CompletionStep"/> calls <see cref="CompleteAfterInsert"/> right after the insert, in the same transaction
/// and before the audit line is taken, so that the log records the finished row and not a placeholder.
/// </summary>
public interface ICompletedAfterInsert
{
    void CompleteAfterInsert();
}

internal sealed class CompletionStep : ISaveStep
{
    public int Order => SaveStepOrder.Completion;

    public ISavePass? Plan(AppDb db)
    {
        var inserted = db.ChangeTracker.Entries()
            .Where(e => e.State == Microsoft.EntityFrameworkCore.EntityState.Added && e.Entity is ICompletedAfterInsert)
            .Select(e => (ICompletedAfterInsert)e.Entity).ToList();
        return inserted.Count == 0 ? null : new Pass(inserted);
    }

    private sealed class Pass(List<ICompletedAfterInsert> inserted) : ISavePass
    {
        public Task AfterWriteAsync(AppDb db, CancellationToken ct)
        {
            foreach (var entity in inserted)
            {
                entity.CompleteAfterInsert();
            }
            return Task.CompletedTask;
        }
    }
}
