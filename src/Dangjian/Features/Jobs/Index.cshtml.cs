using Dangjian.Features.Shared;
using Dangjian.Platform.Jobs;
using Microsoft.AspNetCore.Authorization;

namespace Dangjian.Features.Jobs;

/// <summary>The caller's recent background jobs.</summary>
[Authorize]
public sealed class IndexModel(JobQueue jobs, IEnumerable<JobKind> kinds) : AppPageModel
{
    public IReadOnlyList<JobView.Response> Jobs { get; private set; } = [];

    public async Task OnGetAsync() =>
        Jobs = (await jobs.RecentAsync(JobEndpoints.RecentCount, Aborted)).Select(j => JobView.Of(j, kinds)).ToList();
}
