using Dangjian.Platform.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dangjian.Platform.Jobs;

public enum JobState
{
    Queued,
    Running,
    Succeeded,
    Failed,

    /// <summary>Ended at its owner's request before it finished; kept for the kinds that will offer it (none does yet).</summary>
    Cancelled,
}

/// <summary>
/// Work too long for one request (a province's export, a large import), run by <see cref="JobWorker"/> as the account
/// that asked for it. The row is the job's whole state: a restarted app, or another instance, continues from it.
/// Not audited row by row: the handler writes the audit line of what it did, as the request would have.
/// </summary>
public sealed class BackgroundJob : IScoped
{
    public long Id { get; set; }

    /// <summary>Which <see cref="IJobHandler"/> runs it.</summary>
    public required string Kind { get; set; }

    public required string OwnerId { get; set; }

    /// <summary>The owner's scope when the job was asked for: the job is seen only inside it.</summary>
    public required string ScopePath { get; set; }

    /// <summary>The handler's parameters as JSON (an export's filter).</summary>
    public required string Parameters { get; set; }

    public JobState State { get; set; }

    public long Done { get; set; }

    /// <summary>How many steps there are, once the handler knows.</summary>
    public long? Total { get; set; }

    /// <summary>What a person reads about the job: the stage it is at, or why it failed.</summary>
    public string? Message { get; set; }

    public string? ResultFileName { get; set; }

    /// <summary>Where the result lies, relative to the jobs folder; null once removed after the retention period.</summary>
    public string? ResultPath { get; set; }

    public long? ResultSize { get; set; }

    public string? ResultSha256 { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>When the result file was removed (retention).</summary>
    public DateTimeOffset? ResultRemovedAt { get; set; }

    /// <summary>The app instance running the job, and until when its claim holds unless renewed.</summary>
    public string? ClaimedBy { get; set; }

    public DateTimeOffset? LeaseUntil { get; set; }

    /// <summary>How many times a worker has started the job; a job that keeps ending its worker is not started forever.</summary>
    public int Attempts { get; set; }

    public bool Finished => State is JobState.Succeeded or JobState.Failed or JobState.Cancelled;

    IEnumerable<string?> IScoped.ScopePaths => [ScopePath];
}

internal sealed class BackgroundJobConfiguration : IEntityTypeConfiguration<BackgroundJob>
{
    public void Configure(EntityTypeBuilder<BackgroundJob> builder)
    {
        builder.ToTable("BackgroundJobs");
        builder.Property(j => j.Kind).HasMaxLength(60);
        builder.Property(j => j.OwnerId).HasMaxLength(450);
        builder.Property(j => j.ScopePath).HasMaxLength(400);
        builder.Property(j => j.Parameters).HasMaxLength(4000);
        builder.Property(j => j.Message).HasMaxLength(500);
        builder.Property(j => j.ResultFileName).HasMaxLength(200);
        builder.Property(j => j.ResultPath).HasMaxLength(400);
        builder.Property(j => j.ResultSha256).HasMaxLength(64);
        builder.Property(j => j.ClaimedBy).HasMaxLength(100);
        // The worker's questions: the oldest queued job, and the running ones whose claim has lapsed.
        builder.HasIndex(j => new { j.State, j.Id });
        // The caller's recent jobs.
        builder.HasIndex(j => new { j.OwnerId, j.Id });
        // Result files past their retention.
        builder.HasIndex(j => j.FinishedAt);
    }
}
