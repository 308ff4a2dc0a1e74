using Dangjian.Platform.Jobs;

namespace Dangjian.Features.Jobs;

/// <summary>A job as the API and the pages show it to its owner.</summary>
public static class JobView
{
    public sealed record Response(long Id, string Kind, string KindName, JobState State, string StateName, long Done, long? Total,
        int? Percent, string? Message, DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt,
        ResultFile? File, bool FileRemoved, JobLink? Link, string StatusUrl, string PageUrl);

    /// <summary>The result: its name, size in bytes, SHA-256 (hex) and where to download it.</summary>
    public sealed record ResultFile(string Name, long Size, string Sha256, string Url);

    public static string StateName(JobState state) => state switch
    {
        JobState.Queued => "排队中",
        JobState.Running => "进行中",
        JobState.Succeeded => "已完成",
        JobState.Failed => "失败",
        _ => "已取消",
    };

    public static Response Of(BackgroundJob job, IEnumerable<JobKind> kinds)
    {
        var kind = kinds.FirstOrDefault(k => k.Kind == job.Kind);
        return Of(job, kind, kind?.Link?.Invoke(job));
    }

    private static Response Of(BackgroundJob job, JobKind? kind, JobLink? link) => new(
        job.Id, job.Kind, kind?.Name ?? job.Kind, job.State, StateName(job.State), job.Done, job.Total,
        job.Total is > 0 ? (int)Math.Min(100, job.Done * 100 / job.Total.Value) : job.State == JobState.Succeeded ? 100 : null,
        job.Message, job.CreatedAt, job.StartedAt, job.FinishedAt,
        // A failed job may keep a report of why (an import's bad rows); a file is never shown for a job still running.
        job is { State: JobState.Succeeded or JobState.Failed, ResultPath: not null, ResultFileName: { } name }
            ? new ResultFile(name, job.ResultSize ?? 0, job.ResultSha256 ?? "", $"/api/v1/jobs/{job.Id}/file")
            : null,
        job.ResultRemovedAt is not null,
        job.State == JobState.Succeeded ? link : null,
        $"/api/v1/jobs/{job.Id}", $"/Jobs/Details?id={job.Id}");

    public static string Size(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} 字节",
        < 1024 * 1024 => $"{bytes / 1024.0:0.#} KB",
        _ => $"{bytes / 1024.0 / 1024.0:0.#} MB",
    };
}
