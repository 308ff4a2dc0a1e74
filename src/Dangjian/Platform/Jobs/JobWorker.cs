using Dangjian.Platform.Data;
using Dangjian.Platform.PersonalData;
using Dangjian.Platform.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Dangjian.Platform.Jobs;

/// <summary>
/// Runs the queued jobs. A job is claimed by one conditional UPDATE (queued → running, under this instance's name and
/// a lease), so two instances never run the same job; the claim is renewed while the job runs. A job whose claim has
/// lapsed (its instance died), or that this instance's previous run left claimed, is queued again: nothing asked for
/// is lost. Each run has a scope of its own, signed in as the job's owner. Result files past the retention period are
/// removed here too.
/// </summary>
internal sealed partial class JobWorker(IServiceScopeFactory scopes, JobSignal signal, JobBoard board, JobFiles files,
    PersonalDataProtector protector, IOptions<JobOptions> options, TimeProvider clock, ILogger<JobWorker> logger) : BackgroundService
{
    private const string InternalError = "任务失败：服务器内部错误，已记录日志。请稍后重新发起，或联系管理员。";

    private readonly JobOptions _options = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Let the host finish starting before the first database work.
        await Task.Yield();
        await SafelyAsync(() => RequeueOwnLeftoversAsync(stoppingToken), stoppingToken);
        var runners = Enumerable.Range(0, Math.Max(1, _options.Workers)).Select(_ => RunnerAsync(stoppingToken)).ToList();
        runners.Add(MaintenanceAsync(stoppingToken));
        await Task.WhenAll(runners);
    }

    private TimeSpan Poll => TimeSpan.FromSeconds(Math.Max(0.05, _options.PollSeconds));

    private async Task RunnerAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var ran = false;
            await SafelyAsync(async () => ran = await RunNextAsync(stoppingToken), stoppingToken);
            if (!ran)
            {
                try
                {
                    await signal.WaitAsync(Poll, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task MaintenanceAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await SafelyAsync(async () =>
            {
                await RequeueLapsedAsync(stoppingToken);
                await RemoveExpiredResultsAsync(stoppingToken);
            }, stoppingToken);
            try
            {
                await Task.Delay(Poll, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>A failure of the worker's own database work is logged and tried again at the next look.</summary>
    private async Task SafelyAsync(Func<Task> work, CancellationToken stoppingToken)
    {
        try
        {
            await work();
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
#pragma warning disable CA1031 // The worker outlives any one failure: it logs it and looks again.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogWorkerFailed(e);
        }
    }

    private async Task<bool> RunNextAsync(CancellationToken stoppingToken)
    {
        BackgroundJob? job;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDb>();
            job = await ClaimAsync(db, stoppingToken);
        }
        if (job is null)
        {
            return false;
        }
        await RunAsync(job, stoppingToken);
        return true;
    }

    /// <summary>The oldest queued job, claimed for this instance; null when there is none left to claim.</summary>
    private async Task<BackgroundJob?> ClaimAsync(AppDb db, CancellationToken ct)
    {
        while (true)
        {
            var candidate = await db.BackgroundJobs.AsNoTracking().Where(j => j.State == JobState.Queued)
                .OrderBy(j => j.Id).Select(j => (long?)j.Id).FirstOrDefaultAsync(ct);
            if (candidate is not { } id)
            {
                return null;
            }
            var now = clock.GetUtcNow();
            // The database settles the race: of two instances that chose the same job, one updates a row, the other none.
            var claimed = await db.BackgroundJobs.Where(j => j.Id == id && j.State == JobState.Queued)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(j => j.State, JobState.Running)
                    .SetProperty(j => j.ClaimedBy, _options.InstanceName)
                    .SetProperty(j => j.LeaseUntil, now.AddSeconds(_options.LeaseSeconds))
                    .SetProperty(j => j.StartedAt, now)
                    .SetProperty(j => j.Done, 0)
                    .SetProperty(j => j.Attempts, j => j.Attempts + 1), ct);
            if (claimed == 1)
            {
                return await db.BackgroundJobs.AsNoTracking().SingleAsync(j => j.Id == id, ct);
            }
        }
    }

    private async Task RunAsync(BackgroundJob job, CancellationToken stoppingToken)
    {
        var run = new JobRun(job, files, protector);
        board.Add(run);
        using var progressStop = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var progress = WriteProgressAsync(run, progressStop.Token);
        string? failure = null;
        var reportKept = false;
        var interrupted = false;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var services = scope.ServiceProvider;
            failure = await SignInAsOwnerAsync(services, job, stoppingToken);
            if (failure is null)
            {
                var handler = services.GetServices<IJobHandler>().FirstOrDefault(h => h.Kind == job.Kind);
                if (handler is null)
                {
                    failure = $"任务类型“{job.Kind}”无法执行：本版本不再支持此类任务";
                }
                else
                {
                    await handler.RunAsync(run, stoppingToken);
                }
            }
        }
        catch (JobFailedException e)
        {
            failure = e.Message;
            reportKept = run.Result is not null;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            interrupted = true;
        }
#pragma warning disable CA1031 // A handler's unexpected failure fails its job, never the worker.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogJobFailed(e, job.Id, job.Kind);
            failure = InternalError;
        }
        finally
        {
            await progressStop.CancelAsync();
            await progress;
            if (run.Result is { } result)
            {
                await result.Stream.DisposeAsync();
            }
            board.Remove(job.Id);
        }
        await using var finishing = scopes.CreateAsyncScope();
        var db = finishing.ServiceProvider.GetRequiredService<AppDb>();
        if (interrupted)
        {
            // The app is stopping: the job goes back to the queue and starts over, here or elsewhere, from its input.
            files.DeleteResultsOf(job.Id);
            await Claimed(db, job).ExecuteUpdateAsync(s => s
                .SetProperty(j => j.State, JobState.Queued).SetProperty(j => j.ClaimedBy, (string?)null)
                .SetProperty(j => j.LeaseUntil, (DateTimeOffset?)null).SetProperty(j => j.Attempts, j => j.Attempts - 1), CancellationToken.None);
            return;
        }
        var (done, total, message, _) = run.Progress;
        var now = clock.GetUtcNow();
        int written;
        if (failure is not null && !reportKept)
        {
            files.DeleteFolderOf(job.Id);
            written = await Claimed(db, job).ExecuteUpdateAsync(s => s
                .SetProperty(j => j.State, JobState.Failed).SetProperty(j => j.Message, Shorten(failure))
                .SetProperty(j => j.Done, done).SetProperty(j => j.Total, total)
                .SetProperty(j => j.FinishedAt, now).SetProperty(j => j.LeaseUntil, (DateTimeOffset?)null), CancellationToken.None);
        }
        else if (failure is not null)
        {
            // The handler's report of why it failed (an import's bad rows) is the job's result.
            files.DeleteInputOf(job.Id);
            var report = run.Result!;
            written = await Claimed(db, job).ExecuteUpdateAsync(s => s
                .SetProperty(j => j.State, JobState.Failed).SetProperty(j => j.Message, Shorten(failure))
                .SetProperty(j => j.Done, done).SetProperty(j => j.Total, total)
                .SetProperty(j => j.ResultFileName, report.FileName).SetProperty(j => j.ResultPath, report.RelativePath)
                .SetProperty(j => j.ResultSize, report.Stream.Length).SetProperty(j => j.ResultSha256, report.Stream.Sha256)
                .SetProperty(j => j.FinishedAt, now).SetProperty(j => j.LeaseUntil, (DateTimeOffset?)null), CancellationToken.None);
        }
        else
        {
            files.DeleteInputOf(job.Id);
            var file = run.Result;
            written = await Claimed(db, job).ExecuteUpdateAsync(s => s
                .SetProperty(j => j.State, JobState.Succeeded).SetProperty(j => j.Message, Shorten(message))
                .SetProperty(j => j.Done, done).SetProperty(j => j.Total, total ?? done)
                .SetProperty(j => j.ResultFileName, file == null ? null : file.FileName)
                .SetProperty(j => j.ResultPath, file == null ? null : file.RelativePath)
                .SetProperty(j => j.ResultSize, file == null ? null : file.Stream.Length)
                .SetProperty(j => j.ResultSha256, file == null ? null : file.Stream.Sha256)
                .SetProperty(j => j.FinishedAt, now).SetProperty(j => j.LeaseUntil, (DateTimeOffset?)null), CancellationToken.None);
        }
        if (written == 0)
        {
            // The claim lapsed while the job ran and it was queued again: the newer run's result is the one kept.
            LogClaimLost(job.Id);
        }
    }

    /// <summary>The job's row while this run's claim still holds.</summary>
    private IQueryable<BackgroundJob> Claimed(AppDb db, BackgroundJob job)
    {
        var attempts = job.Attempts;
        var instance = _options.InstanceName;
        return db.BackgroundJobs.Where(j => j.Id == job.Id && j.State == JobState.Running && j.ClaimedBy == instance && j.Attempts == attempts);
    }

    /// <summary>Signs the run's scope in as the owner, as a request of theirs would be; a reason when that cannot be.</summary>
    private static async Task<string?> SignInAsOwnerAsync(IServiceProvider services, BackgroundJob job, CancellationToken ct)
    {
        var owner = await services.GetRequiredService<UserManager<AppUser>>().FindByIdAsync(job.OwnerId);
        if (owner is null)
        {
            return "发起任务的账号已不存在，任务未执行";
        }
        services.GetRequiredService<IHttpContextAccessor>().HttpContext = new DefaultHttpContext
        {
            RequestServices = services,
            User = await services.GetRequiredService<SignInManager<AppUser>>().CreateUserPrincipalAsync(owner),
        };
        var account = await services.GetRequiredService<CurrentUser>().GetAsync(ct);
        if (account is null)
        {
            return "发起任务的账号已停用或被锁定，任务未执行";
        }
        return OrgPath.IsWithin(job.ScopePath, account.ScopePath) ? null : "发起任务的账号已调到其他党组织，任务未执行";
    }

    /// <summary>
    /// Writes a running job's progress at most every <see cref="JobOptions.ProgressWriteMilliseconds"/>, each write
    /// renewing the claim. On SQLite nothing is written while the job runs: one writer would wait for the job's own
    /// long read and, waiting, hold off every other reader; SQLite serves one instance, whose pages read the progress
    /// from <see cref="JobBoard"/>.
    /// </summary>
    private async Task WriteProgressAsync(JobRun run, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        if (db.Database.IsSqlite())
        {
            return;
        }
        var written = -1;
        var interval = TimeSpan.FromMilliseconds(Math.Max(50, _options.ProgressWriteMilliseconds));
        var renewEvery = TimeSpan.FromSeconds(Math.Max(1, _options.LeaseSeconds / 4.0));
        var lastWrite = TimeProvider.System.GetTimestamp();
        try
        {
            while (true)
            {
                await Task.Delay(interval, ct);
                var (done, total, message, version) = run.Progress;
                if (version == written && TimeProvider.System.GetElapsedTime(lastWrite) < renewEvery)
                {
                    continue;
                }
                var lease = clock.GetUtcNow().AddSeconds(_options.LeaseSeconds);
                await Claimed(db, run.Job).ExecuteUpdateAsync(s => s
                    .SetProperty(j => j.Done, done).SetProperty(j => j.Total, total).SetProperty(j => j.Message, Shorten(message))
                    .SetProperty(j => j.LeaseUntil, lease), ct);
                written = version;
                lastWrite = TimeProvider.System.GetTimestamp();
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
#pragma warning disable CA1031 // A missed progress write is not the job's failure; the final write carries the state.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogProgressFailed(e, run.Job.Id);
        }
    }

    /// <summary>Jobs this instance's previous run left claimed: that run has ended, so they are queued again now.</summary>
    private async Task RequeueOwnLeftoversAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        var instance = _options.InstanceName;
        var left = await db.BackgroundJobs.AsNoTracking().Where(j => j.State == JobState.Running && j.ClaimedBy == instance)
            .Select(j => new Claim(j.Id, j.Attempts)).ToListAsync(ct);
        await RequeueAsync(db, left.Where(c => !board.IsRunningHere(c.Id)), ct);
    }

    /// <summary>Jobs whose claim has lapsed: their instance stopped renewing it.</summary>
    private async Task RequeueLapsedAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        var now = clock.GetUtcNow();
        // Few rows (the jobs running now); compared here because SQLite cannot compare stored DateTimeOffsets.
        var running = await db.BackgroundJobs.AsNoTracking().Where(j => j.State == JobState.Running)
            .Select(j => new { j.Id, j.Attempts, j.LeaseUntil }).ToListAsync(ct);
        await RequeueAsync(db, running.Where(r => !board.IsRunningHere(r.Id) && (r.LeaseUntil is null || r.LeaseUntil < now))
            .Select(r => new Claim(r.Id, r.Attempts)), ct);
    }

    private sealed record Claim(long Id, int Attempts);

    private async Task RequeueAsync(AppDb db, IEnumerable<Claim> claims, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var any = false;
        foreach (var claim in claims)
        {
            // Conditional on the attempt seen, so a job claimed again meanwhile is left alone.
            var row = db.BackgroundJobs.Where(j => j.Id == claim.Id && j.State == JobState.Running && j.Attempts == claim.Attempts);
            if (claim.Attempts >= _options.MaxAttempts)
            {
                if (await row.ExecuteUpdateAsync(s => s
                    .SetProperty(j => j.State, JobState.Failed).SetProperty(j => j.FinishedAt, now).SetProperty(j => j.LeaseUntil, (DateTimeOffset?)null)
                    .SetProperty(j => j.Message, $"任务执行中{claim.Attempts}次被中断，已停止。请重新发起，或缩小范围后分批进行。"), ct) == 1)
                {
                    // Ended: neither its input nor a half-written result is wanted any more.
                    files.DeleteFolderOf(claim.Id);
                    LogGaveUp(claim.Id, claim.Attempts);
                }
            }
            else
            {
                // A half-written result goes before the job is queued again; its input stays for the next run.
                files.DeleteResultsOf(claim.Id);
                await row.ExecuteUpdateAsync(s => s
                    .SetProperty(j => j.State, JobState.Queued).SetProperty(j => j.ClaimedBy, (string?)null)
                    .SetProperty(j => j.LeaseUntil, (DateTimeOffset?)null).SetProperty(j => j.Done, 0)
                    .SetProperty(j => j.Message, "任务被中断，已重新排队"), ct);
                LogRequeued(claim.Id);
                any = true;
            }
        }
        if (any)
        {
            signal.Pulse();
        }
    }

    /// <summary>Removes result files older than the retention period; the job's row stays, saying the file was removed.</summary>
    private async Task RemoveExpiredResultsAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        var cutoff = clock.GetUtcNow().AddDays(-_options.RetentionDays);
        // Few rows: the results of the last days (older ones are removed here); compared here, as above.
        var kept = await db.BackgroundJobs.AsNoTracking().Where(j => j.ResultPath != null && j.State != JobState.Running && j.State != JobState.Queued)
            .Select(j => new { j.Id, j.FinishedAt }).ToListAsync(ct);
        var now = clock.GetUtcNow();
        foreach (var expired in kept.Where(k => k.FinishedAt is { } at && at <= cutoff))
        {
            files.DeleteFolderOf(expired.Id);
            await db.BackgroundJobs.Where(j => j.Id == expired.Id && j.ResultPath != null)
                .ExecuteUpdateAsync(s => s.SetProperty(j => j.ResultPath, (string?)null).SetProperty(j => j.ResultRemovedAt, now), ct);
            LogResultRemoved(expired.Id);
        }
    }

    private static string? Shorten(string? message) => message is { Length: > 500 } ? message[..500] : message;

    [LoggerMessage(Level = LogLevel.Error, Message = "The job worker's look for work failed; it looks again at the next poll")]
    private partial void LogWorkerFailed(Exception e);

    [LoggerMessage(Level = LogLevel.Error, Message = "Job {Id} ({Kind}) failed")]
    private partial void LogJobFailed(Exception e, long id, string kind);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A progress write of job {Id} failed; the job goes on")]
    private partial void LogProgressFailed(Exception e, long id);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {Id} lost its claim while running; its result is discarded")]
    private partial void LogClaimLost(long id);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {Id} was interrupted and is queued again")]
    private partial void LogRequeued(long id);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {Id} was interrupted {Attempts} times and is failed")]
    private partial void LogGaveUp(long id, int attempts);

    [LoggerMessage(Level = LogLevel.Information, Message = "The result of job {Id} was removed after the retention period")]
    private partial void LogResultRemoved(long id);
}
