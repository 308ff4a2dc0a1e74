namespace Dangjian.Platform.Jobs;

/// <summary>
/// One kind of background job. Register an implementation with <c>services.AddJobHandler&lt;T&gt;(kind, name)</c> (a scoped service):
/// the worker resolves it in a scope of its own for each run, signed in as the job's owner, so the handler uses the
/// same AppDb, Scope and CurrentUser as a request would (and is refused what the owner may no longer do).
/// </summary>
public interface IJobHandler
{
    /// <summary>The <see cref="BackgroundJob.Kind"/> this handler runs, e.g. "members-export".</summary>
    string Kind { get; }

    /// <summary>
    /// Does the work. Report progress through <paramref name="run"/> as often as convenient (it writes at most every
    /// half second); write the result, if any, to <see cref="JobRun.CreateResultFile"/>. Throw
    /// <see cref="JobFailedException"/> with a Chinese message to fail the job with that message (a result file written
    /// before it is kept, as the failure's report). The token is cancelled
    /// when the app stops: the job is then queued again and starts over.
    /// </summary>
    Task RunAsync(JobRun run, CancellationToken ct);
}

/// <summary>A failure the owner should read, in Chinese: the job ends as failed with this message.</summary>
public sealed class JobFailedException(string message) : Exception(message);
