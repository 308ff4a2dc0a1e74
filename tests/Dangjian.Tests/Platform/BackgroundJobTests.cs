using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using Dangjian.Features.Jobs;
using Dangjian.Platform.Audit;
using Dangjian.Platform.Jobs;
using Dangjian.Platform.Security;
using Dangjian.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dangjian.Tests.Platform;

/// <summary>The app with two job kinds of the tests' own, and a worker that looks for work five times a second.</summary>
public sealed class JobsApp : AppFactory
{
    protected override void ConfigureMore(IWebHostBuilder builder)
    {
        builder.UseSetting("Jobs:PollSeconds", "0.2");
        builder.UseSetting("Jobs:ProgressWriteMilliseconds", "100");
        builder.ConfigureServices(s => s.AddJobHandler<GatedJob>(GatedJob.KindName, "测试任务").AddJobHandler<FailingJob>(FailingJob.KindName, "必然失败的测试任务"));
    }
}

/// <summary>Reports half of its steps, waits for the test to open its gate, then writes its result file.</summary>
public sealed class GatedJob : IJobHandler
{
    public const string KindName = "test-gated";

    public static readonly ConcurrentDictionary<string, TaskCompletionSource> Gates = new();

    public sealed record Parameters(string Gate, int Steps, string Content);

    public string Kind => KindName;

    public async Task RunAsync(JobRun run, CancellationToken ct)
    {
        var p = run.Parameters<Parameters>();
        run.Report(p.Steps / 2, p.Steps, "进行到一半");
        await Gates.GetOrAdd(p.Gate, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task.WaitAsync(ct);
        await using var file = run.CreateResultFile("测试结果.txt");
        await file.WriteAsync(System.Text.Encoding.UTF8.GetBytes(p.Content), ct);
        run.Report(p.Steps, p.Steps, "全部完成");
    }

    public static void Open(string gate) =>
        Gates.GetOrAdd(gate, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}

public sealed class FailingJob : IJobHandler
{
    public const string KindName = "test-failing";

    public string Kind => KindName;

    public Task RunAsync(JobRun run, CancellationToken ct)
    {
        run.Report(3, 10);
        throw new JobFailedException("第4行数据有误，任务未完成");
    }
}

/// <summary>
/// The background jobs over HTTP: a job's progress, its result for its owner alone, a failure's message, recovery of a
/// job its instance left running, and removal of results after the retention period.
/// </summary>
public class BackgroundJobTests(JobsApp app) : ApiTest<JobsApp>(app)
{
    private static int _sequence;

    private static string NewGate() => $"gate-{Interlocked.Increment(ref _sequence)}-{Guid.NewGuid():N}";

    [Fact]
    public async Task A_job_shows_its_progress_then_its_owner_downloads_the_result()
    {
        var client = await As("yanzhong");
        var gate = NewGate();
        var id = await EnqueueJob("yanzhong", GatedJob.KindName, new GatedJob.Parameters(gate, 10, "结果内容"));

        var halfway = await WaitForJob(client, id, j => j.State == JobState.Running && j.Done == 5);
        halfway.Total.ShouldBe(10);
        halfway.Percent.ShouldBe(50);
        halfway.Message.ShouldBe("进行到一半");
        halfway.KindName.ShouldBe("测试任务");
        halfway.File.ShouldBeNull();
        (await client.GetAsync($"/api/v1/jobs/{id}/file")).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var page = await client.GetStringAsync($"/Jobs/Details?id={id}");
        page.ShouldContain("已完成 5 / 10");
        page.ShouldContain("every 2s");

        GatedJob.Open(gate);
        var done = await WaitForJob(client, id, j => j.State == JobState.Succeeded);

        done.Done.ShouldBe(10);
        done.Percent.ShouldBe(100);
        done.Message.ShouldBe("全部完成");
        done.StartedAt.ShouldNotBeNull();
        done.FinishedAt.ShouldNotBeNull();
        var file = done.File.ShouldNotBeNull();
        file.Name.ShouldBe("测试结果.txt");
        var download = await client.GetAsync(file.Url);
        download.StatusCode.ShouldBe(HttpStatusCode.OK);
        download.Content.Headers.ContentDisposition!.FileNameStar.ShouldBe("测试结果.txt");
        var bytes = await download.Content.ReadAsByteArrayAsync();
        System.Text.Encoding.UTF8.GetString(bytes).ShouldBe("结果内容");
        file.Size.ShouldBe(bytes.Length);
        file.Sha256.ShouldBe(Convert.ToHexStringLower(SHA256.HashData(bytes)));
        var finishedPage = await client.GetStringAsync($"/Jobs/Details?id={id}&handler=Status");
        finishedPage.ShouldContain(file.Url);
        finishedPage.ShouldNotContain("every 2s", Case.Sensitive, "polling stops once the job has finished");

        var mine = await Read<List<JobView.Response>>(await client.GetAsync("/api/v1/jobs"));
        mine.ShouldContain(j => j.Id == id);
        (await client.GetStringAsync("/Jobs")).ShouldContain($"/Jobs/Details?id={id}");
    }

    [Fact]
    public async Task A_failed_job_says_why_and_has_no_file()
    {
        var client = await As("yanzhong");
        var id = await EnqueueJob("yanzhong", FailingJob.KindName, new { });

        var failed = await WaitForJob(client, id, j => j.State == JobState.Failed);

        failed.Message.ShouldBe("第4行数据有误，任务未完成");
        failed.Done.ShouldBe(3);
        failed.File.ShouldBeNull();
        (await client.GetAsync($"/api/v1/jobs/{id}/file")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await client.GetStringAsync($"/Jobs/Details?id={id}")).ShouldContain("第4行数据有误，任务未完成");
    }

    [Fact]
    public async Task A_job_left_running_by_a_stopped_instance_is_queued_again_and_finishes()
    {
        var gate = NewGate();
        GatedJob.Open(gate);
        var owner = await App.WithDbAsync(db => db.Users.Where(u => u.UserName == "yanzhong").Select(u => u.Id).SingleAsync());
        var scopePath = await App.WithDbAsync(db => db.Organizations.Where(o => o.Name == DemoOrgs.First).Select(o => o.Path).SingleAsync());
        var id = await App.WithDbAsync(async db =>
        {
            var job = new BackgroundJob
            {
                Kind = GatedJob.KindName,
                OwnerId = owner,
                ScopePath = scopePath,
                Parameters = System.Text.Json.JsonSerializer.Serialize(new GatedJob.Parameters(gate, 4, "恢复后完成"), new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web)),
                State = JobState.Running,
                Done = 1,
                ClaimedBy = "an-instance-that-crashed",
                LeaseUntil = App.Clock.GetUtcNow().AddMinutes(-1),
                Attempts = 1,
                CreatedAt = App.Clock.GetUtcNow().AddMinutes(-5),
                StartedAt = App.Clock.GetUtcNow().AddMinutes(-5),
            };
            db.BackgroundJobs.Add(job);
            await db.SaveChangesAsync();
            return job.Id;
        });

        var done = await WaitForJob(await As("yanzhong"), id, j => j.State == JobState.Succeeded);

        done.Done.ShouldBe(4);
        var row = await App.WithDbAsync(db => db.BackgroundJobs.AsNoTracking().SingleAsync(j => j.Id == id));
        row.Attempts.ShouldBe(2);
        row.ClaimedBy.ShouldNotBe("an-instance-that-crashed");
        var bytes = await (await As("yanzhong")).GetByteArrayAsync(done.File!.Url);
        System.Text.Encoding.UTF8.GetString(bytes).ShouldBe("恢复后完成");
    }

    [Fact]
    public async Task Another_account_is_told_the_job_does_not_exist_and_the_attempt_is_audited()
    {
        var gate = NewGate();
        GatedJob.Open(gate);
        var id = await EnqueueJob("yanzhong", GatedJob.KindName, new GatedJob.Parameters(gate, 2, "只给发起人"));
        await WaitForJob(await As("yanzhong"), id, j => j.State == JobState.Succeeded);

        // minjing works elsewhere; baling is above yanzhong and sees the branch, but the job is still not theirs.
        foreach (var user in new[] { "minjing", "baling", "admin" })
        {
            var client = await As(user);
            var mark = await App.WithDbAsync(db => db.AuditEntries.MaxAsync(a => a.Id));
            foreach (var url in new[] { $"/api/v1/jobs/{id}", $"/api/v1/jobs/{id}/file" })
            {
                var response = await client.GetAsync(url);
                response.StatusCode.ShouldBe(HttpStatusCode.NotFound, $"{user} {url}");
                (await response.Content.ReadAsStringAsync()).ShouldNotContain("只给发起人");
            }
            (await client.GetAsync($"/Jobs/Details?id={id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound, user);
            (await Read<List<JobView.Response>>(await client.GetAsync("/api/v1/jobs"))).ShouldNotContain(j => j.Id == id, user);
            var denied = await App.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Id > mark && a.Action == AuditActions.AccessDenied
                && a.EntityType == nameof(BackgroundJob) && a.EntityId == id.ToString() && a.UserName == user));
            denied.ShouldBeGreaterThanOrEqualTo(3, user);
        }
        (await (await As("yanzhong")).GetAsync($"/api/v1/jobs/{id + 100000}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await App.AnonymousClient().GetAsync($"/api/v1/jobs/{id}")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_result_is_removed_once_the_retention_period_has_passed()
    {
        var client = await As("yanzhong");
        var gate = NewGate();
        GatedJob.Open(gate);
        var id = await EnqueueJob("yanzhong", GatedJob.KindName, new GatedJob.Parameters(gate, 2, "七天后删除"));
        var done = await WaitForJob(client, id, j => j.State == JobState.Succeeded);
        var files = App.Services.GetRequiredService<JobFiles>();
        var stored = await App.WithDbAsync(db => db.BackgroundJobs.Where(j => j.Id == id).Select(j => j.ResultPath).SingleAsync());
        var path = files.Find(stored).ShouldNotBeNull();

        App.Clock.Advance(TimeSpan.FromDays(6));
        // Not yet: a day before the period ends the file is still served.
        (await client.GetAsync(done.File!.Url)).StatusCode.ShouldBe(HttpStatusCode.OK);
        App.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));

        var removed = await WaitForJob(client, id, j => j.FileRemoved);

        removed.File.ShouldBeNull();
        removed.State.ShouldBe(JobState.Succeeded);
        File.Exists(path).ShouldBeFalse();
        var refused = await client.GetAsync($"/api/v1/jobs/{id}/file");
        refused.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("超过保留期限");
        (await client.GetStringAsync($"/Jobs/Details?id={id}")).ShouldContain("已超过保留期限");
    }
}
