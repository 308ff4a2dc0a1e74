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

    /// <summary>Registers the handler of one kind of job, and the kind's name as the pages show it ("导出党员名册").</summary>
    public static IServiceCollection AddJobHandler<T>(this IServiceCollection services, string kind, string name) where T : class, IJobHandler
    {
        services.AddSingleton(new JobKind(kind, name));
        return services.AddScoped<IJobHandler, T>();
    }
}

/// <summary>A kind of job and its Chinese name.</summary>
public sealed record JobKind(string Kind, string Name);
