using Dangjian.Features.Shared;
using Dangjian.Platform.Jobs;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Dangjian.Features.Jobs;

/// <summary>One of the caller's jobs: its progress while it runs (refreshed every two seconds), then the download.</summary>
[Authorize]
public sealed class DetailsModel(JobQueue jobs, IEnumerable<JobKind> kinds) : AppPageModel
{
    [BindProperty(SupportsGet = true)]
    public long Id { get; set; }

    public JobView.Response Job { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync()
    {
        if (await jobs.FindOwnAsync(Id, Aborted) is not { } job)
        {
            return Missing("后台任务");
        }
        Job = JobView.Of(job, kinds);
        return Page();
    }

    /// <summary>The status block alone, for the page's polling; once the job has finished it asks for no more.</summary>
    public async Task<IActionResult> OnGetStatusAsync()
    {
        if (await jobs.FindOwnAsync(Id, Aborted) is not { } job)
        {
            return NotFound();
        }
        return Partial("_JobStatus", JobView.Of(job, kinds));
    }
}
