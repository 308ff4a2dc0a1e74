namespace Dangjian.Platform.Jobs;

/// <summary>Settings of the background jobs (section "Jobs" of the configuration).</summary>
public sealed class JobOptions
{
    /// <summary>
    /// Days a result file is kept after its job finished, then removed. An export holds personal data, which is kept no
    /// longer than its purpose needs (《中华人民共和国个人信息保护法》第十九条); a week leaves time to download it.
    /// </summary>
    public int RetentionDays { get; set; } = 7;

    /// <summary>How often the worker looks for work queued by another instance, lapsed claims and expired files.</summary>
    public double PollSeconds { get; set; } = 5;

    /// <summary>Jobs this instance runs at once.</summary>
    public int Workers { get; set; } = 2;

    /// <summary>How long a claim holds without renewal; an instance renews its claims while it runs them.</summary>
    public int LeaseSeconds { get; set; } = 120;

    /// <summary>Starts of one job before it is failed rather than started again (a job that ends its worker each time).</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>The least time between two progress writes of one job.</summary>
    public int ProgressWriteMilliseconds { get; set; } = 500;

    /// <summary>
    /// This instance's name in its claims. On start, jobs still claimed under this name were left by this instance's
    /// previous run and are queued again at once; give each of several instances on one machine its own name.
    /// </summary>
    public string InstanceName { get; set; } = Environment.MachineName;
}
