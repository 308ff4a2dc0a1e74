using System.Text.Json;
using Dangjian.Platform.Data;
using Dangjian.Platform.PersonalData;
using Dangjian.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Platform.Jobs;

/// <summary>Asks for a job and finds the caller's own jobs. A job is seen only by its owner, inside the owner's scope.</summary>
public sealed class JobQueue(AppDb db, Scope scope, CurrentUser user, JobSignal signal, JobBoard board, JobFiles files, PersonalDataProtector protector)
{
    internal static readonly JsonSerializerOptions ParameterJson = new(JsonSerializerDefaults.Web);

    /// <summary>A job's parameters as its kind wrote them, or null when they cannot be read as <typeparamref name="T"/>.</summary>
    public static T? ParametersOf<T>(BackgroundJob job) where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(job.Parameters, ParameterJson);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Queues a job of <paramref name="kind"/> for the signed-in account; saved at once (its own transaction).</summary>
    public async Task<BackgroundJob> EnqueueAsync(string kind, object parameters, string? message, CancellationToken ct)
    {
        var job = await NewJobAsync(kind, parameters, message, ct);
        db.BackgroundJobs.Add(job);
        await db.SaveChangesAsync(ct);
        signal.Pulse();
        return job;
    }

    /// <summary>
    /// Queues a job with a file to work on (an upload), which its handler reads with <see cref="JobRun.ReadInputAsync"/>.
    /// The file is kept encrypted under the job until the job ends, and is on the disk before the job's row is
    /// committed: once this returns, neither is lost, and a job is never seen without its file.
    /// </summary>
    public async Task<BackgroundJob> EnqueueAsync(string kind, object parameters, string? message, byte[] input, CancellationToken ct)
    {
        var job = await NewJobAsync(kind, parameters, message, ct);
        var sealedInput = protector.EncryptBytes(input);
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            db.BackgroundJobs.Add(job);
            await db.SaveChangesAsync(ct);
            try
            {
                await files.WriteInputAsync(job.Id, sealedInput, ct);
                await tx.CommitAsync(ct);
            }
            catch
            {
                files.DeleteFolderOf(job.Id);
                throw;
            }
        }
        signal.Pulse();
        return job;
    }

    private async Task<BackgroundJob> NewJobAsync(string kind, object parameters, string? message, CancellationToken ct)
    {
        var account = await user.RequireAsync(ct);
        return new BackgroundJob
        {
            Kind = kind,
            OwnerId = account.UserId,
            ScopePath = account.ScopePath,
            Parameters = JsonSerializer.Serialize(parameters, ParameterJson),
            State = JobState.Queued,
            Message = message,
            CreatedAt = db.Clock.GetUtcNow(),
        };
    }

    /// <summary>
    /// The caller's job with this id, with the progress of a run in this instance laid over the stored row; null for
    /// a job that does not exist, is another account's, or lies outside the caller's scope (the last two audited).
    /// </summary>
    public async Task<BackgroundJob?> FindOwnAsync(long id, CancellationToken ct)
    {
        var account = await user.RequireAsync(ct);
        var job = await scope.FindOwnAsync(db.BackgroundJobs.AsNoTracking(), id, j => j.OwnerId == account.UserId, ct);
        return job is null ? null : WithLiveProgress(job);
    }

    /// <summary>The caller's most recent jobs, newest first.</summary>
    public async Task<List<BackgroundJob>> RecentAsync(int count, CancellationToken ct)
    {
        var account = await user.RequireAsync(ct);
        var hi = OrgPath.UpperBound(account.ScopePath);
        var jobs = await db.BackgroundJobs.AsNoTracking()
            .Where(j => j.OwnerId == account.UserId && string.Compare(j.ScopePath, account.ScopePath) >= 0 && string.Compare(j.ScopePath, hi) < 0)
            .OrderByDescending(j => j.Id).Take(count).ToListAsync(ct);
        return jobs.Select(WithLiveProgress).ToList();
    }

    private BackgroundJob WithLiveProgress(BackgroundJob job)
    {
        if (job.State == JobState.Running && board.ProgressOf(job.Id) is { } live && live.Done >= job.Done)
        {
            job.Done = live.Done;
            job.Total = live.Total ?? job.Total;
            job.Message = live.Message ?? job.Message;
        }
        return job;
    }
}

/// <summary>Wakes the worker when a job is queued in this instance, so it need not wait for its next look.</summary>
public sealed class JobSignal : WakeSignal;
