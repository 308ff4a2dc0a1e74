using Dangjian.Platform.Http;
using Dangjian.Platform.Jobs;

namespace Dangjian.Features.Jobs;

/// <summary>
/// The caller's background jobs. Each job is started by its own feature's route (an export answers 202 with the job's
/// address); here it is watched and its result fetched. Only the owner sees a job: anyone else is told it does not exist.
/// </summary>
public static class JobEndpoints
{
    public const int RecentCount = 20;

    private const string Workbook = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static void MapJobEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/jobs").WithTags("后台任务").RequireAuthorization();

        group.MapGet("/", async (JobQueue jobs, IEnumerable<JobKind> kinds, CancellationToken ct) =>
                TypedResults.Ok((await jobs.RecentAsync(RecentCount, ct)).Select(j => JobView.Of(j, kinds)).ToList()))
            .WithSummary($"本账号最近的{RecentCount}个后台任务（新的在前）");
        group.MapGet("/{id:long}", async (long id, JobQueue jobs, IEnumerable<JobKind> kinds, CancellationToken ct) =>
                await jobs.FindOwnAsync(id, ct) is { } job ? Results.Ok(JobView.Of(job, kinds)) : Problems.NotFound("后台任务"))
            .Produces<JobView.Response>()
            .WithSummary("后台任务的状态和进度（done/total）；完成后 file 给出下载地址、大小和 SHA-256（失败的导入任务给出错误清单）。只有发起人可以查看");
        group.MapGet("/{id:long}/file", async (long id, JobQueue jobs, JobFiles files, CancellationToken ct) =>
            {
                if (await jobs.FindOwnAsync(id, ct) is not { } job)
                {
                    return Problems.NotFound("后台任务");
                }
                if (!job.Finished)
                {
                    return Problems.Conflict("任务尚未完成，完成后才能下载");
                }
                if (job.ResultRemovedAt is not null)
                {
                    return TypedResults.Problem(title: "未找到", detail: "结果文件已超过保留期限，已被删除：请重新发起", statusCode: StatusCodes.Status404NotFound);
                }
                if (job.State is not (JobState.Succeeded or JobState.Failed) || files.Find(job.ResultPath) is not { } path)
                {
                    return TypedResults.Problem(title: "未找到", detail: "此任务没有结果文件", statusCode: StatusCodes.Status404NotFound);
                }
                var name = job.ResultFileName ?? Path.GetFileName(path);
                // A workbook opens as one; anything else is handed over as bytes, never shown by the browser.
                var type = name.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase) ? Workbook : "application/octet-stream";
                return TypedResults.PhysicalFile(path, type, name, enableRangeProcessing: true);
            })
            .Produces(StatusCodes.Status200OK, null, Workbook, "application/octet-stream")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("下载后台任务的结果文件（如导出的 .xlsx，失败的导入的错误清单）。只有发起人可以下载；文件在任务结束后保留7天");
    }
}
