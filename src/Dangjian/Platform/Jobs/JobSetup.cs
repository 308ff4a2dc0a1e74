using Dangjian.Platform.Data;

namespace Dangjian.Platform.Jobs;

public static class JobSetup
{
    /// <summary>The job queue, its worker and the result folder (the data folder's "jobs"); settings in section "Jobs".</summary>
    public static IServiceCollection AddDangjianJobs(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.Configure<JobOptions>(configuration.GetSection("Jobs"));
        services.AddSingleton<JobSignal>();
        services.AddSingleton<JobBoard>();
        services.AddSingleton(new JobFiles(Path.Combine(DatabaseSetup.DataDirectory(configuration, environment), "jobs")));
        services.AddScoped<JobQueue>();
        services.AddHostedService<JobWorker>();
        return services;
    }

    /// <summary>
    /// Registers the handler of one kind of job, the kind's name as the pages show it ("导出党员名册"), and optionally where
    /// its owner goes from a job of that kind (the moved organization, say).
    /// </summary>
    public static IServiceCollection AddJobHandler<T>(this IServiceCollection services, string kind, string name, Func<BackgroundJob, JobLink?>? link = null)
        where T : class, IJobHandler
    {
        services.AddSingleton(new JobKind(kind, name, link));
        return services.AddScoped<IJobHandler, T>();
    }
}

/// <summary>A kind of job, its Chinese name, and the page a job of this kind leads to, if any.</summary>
public sealed record JobKind(string Kind, string Name, Func<BackgroundJob, JobLink?>? Link = null);

/// <summary>A link a job's page offers its owner: what it says and where it goes (a page of the app).</summary>
public sealed record JobLink(string Text, string Url);
