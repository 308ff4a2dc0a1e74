using System.Net;
using Dangjian.Features.Jobs;
using Dangjian.Features.Members;
using Dangjian.Features.Organizations;
using Dangjian.Platform.Audit;
using Dangjian.Platform.Jobs;
using Dangjian.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Tests.Organizations;

/// <summary>
/// The app where every move goes to a background job (no subtree is small enough for the request), with a worker that
/// looks for work five times a second and a gate that can hold a move's transaction before its commit.
/// </summary>
public sealed class MoveJobApp : AppFactory
{
    public CommitGate Gate { get; } = new();

    protected override void ConfigureMore(IWebHostBuilder builder)
    {
        builder.UseSetting("Moves:InRequestMembers", "0");
        builder.UseSetting("Jobs:PollSeconds", "0.2");
        builder.UseSetting("Jobs:ProgressWriteMilliseconds", "100");
        CommitGate.AddTo(builder, Gate);
    }
}

/// <summary>
/// A move too large for the request runs as a background job: the request answers 202 with the job, the job shows
/// its progress, readers see the old tree whole until its single transaction commits, a move refused by the time the
/// job runs fails the job with the reason, and a job started again after its move committed does nothing twice.
/// </summary>
public class MoveJobTests(MoveJobApp app) : DemoApiTest<MoveJobApp>(app)
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    private CommitGate.Held HoldNextMove() =>
        App.Gate.Hold(sql => sql.Contains("UPDATE \"Organizations\"", StringComparison.Ordinal) && sql.Contains("\"Depth\"", StringComparison.Ordinal));

    private static async Task<long> Total(HttpClient client, long organizationId) =>
        (await Read<MemberStats.Response>(await client.GetAsync($"/api/v1/members/stats?organizationId={organizationId}"))).Total;

    private async Task<JobView.Response> StartMove(HttpClient client, long id, long newParentId)
    {
        var response = await PostJson(client, $"/api/v1/organizations/{id}/move", new { newParentId });
        var job = await Read<JobView.Response>(response, HttpStatusCode.Accepted);
        response.Headers.Location!.ToString().ShouldBe($"/api/v1/jobs/{job.Id}");
        job.Kind.ShouldBe(OrganizationMoveJob.KindName);
        job.KindName.ShouldBe("整体移动党组织");
        return job;
    }

    private Task<int> MoveAuditLines(long id) => App.WithDbAsync(db => db.AuditEntries.CountAsync(e =>
        e.EntityType == nameof(Organization) && e.EntityId == id.ToString(System.Globalization.CultureInfo.InvariantCulture) && e.Note == "整体移动组织及其下级"));

    [Fact]
    public async Task A_large_move_runs_as_a_job_whose_progress_shows_while_readers_still_see_the_old_tree_whole()
    {
        var admin = await As("admin");
        var street = await OrgId(DemoOrgs.Baling);
        var community = await CreateOrganization(street, "灞陵街道后台迁移社区委员会", OrganizationKind.Committee);
        var branch = await CreateOrganization(community, "后台迁移社区第一党支部");
        var member = await CreateMember(branch, "雍熙宁");
        var target = await OrgId(DemoOrgs.Linshanzhai);
        var streetTotal = await Total(admin, street);
        var targetTotal = await Total(admin, target);

        var held = HoldNextMove();
        var queued = await StartMove(admin, community, target);
        queued.Message.ShouldBe($"“灞陵街道后台迁移社区委员会”（1名党员）等待移到“{DemoOrgs.Linshanzhai}”之下");
        await held.Reached.Task.WaitAsync(Patience);

        // Every statement has run and nothing is committed: the job is at its last step, and no reader sees any of it.
        var running = await WaitForJob(admin, queued.Id, j => j.State == JobState.Running && j.Done == MoveOrganization.Steps - 1);
        running.Total.ShouldBe(MoveOrganization.Steps);
        running.Message.ShouldBe("正在记录审计日志并提交");
        (await admin.GetStringAsync($"/Jobs/Details?id={queued.Id}")).ShouldContain($"已完成 {MoveOrganization.Steps - 1} / {MoveOrganization.Steps}");
        (await Org(community)).ParentId.ShouldBe(street);
        (await Total(admin, street)).ShouldBe(streetTotal);
        (await Total(admin, target)).ShouldBe(targetTotal);
        (await MemberRow(member)).OrgPath.ShouldStartWith((await Org(street)).Path);
        await AssertPathsAgreeWithTree();
        await AssertDerivedRowsMatchMembers();

        held.Let();
        var done = await WaitForJob(admin, queued.Id);
        done.State.ShouldBe(JobState.Succeeded);
        done.Percent.ShouldBe(100);
        done.Message.ShouldBe($"已把“灞陵街道后台迁移社区委员会”连同其全部下级移到“{DemoOrgs.Linshanzhai}”之下");
        done.Link.ShouldBe(new JobLink("查看移动后的党组织", $"/Organizations/Details?id={community}"));
        done.File.ShouldBeNull();
        (await admin.GetStringAsync($"/Jobs/Details?id={queued.Id}")).ShouldContain($"href=\"/Organizations/Details?id={community}\"");
        (await Org(community)).ParentId.ShouldBe(target);
        (await MemberRow(member)).OrgPath.ShouldBe($"{(await Org(target)).Path}{community}/{branch}/");
        (await Total(admin, street)).ShouldBe(streetTotal - 1);
        (await Total(admin, target)).ShouldBe(targetTotal + 1);
        (await MoveAuditLines(community)).ShouldBe(1);
        await AssertPathsAgreeWithTree();
        await AssertDerivedRowsMatchMembers();
    }

    [Fact]
    public async Task A_move_that_an_earlier_move_made_impossible_by_the_time_its_job_runs_fails_with_the_reason_and_changes_nothing()
    {
        var admin = await As("admin");
        var street = await OrgId(DemoOrgs.Hancheng);
        var first = await CreateOrganization(street, "韩城街道环形甲社区委员会", OrganizationKind.Committee);
        var second = await CreateOrganization(street, "韩城街道环形乙社区委员会", OrganizationKind.Committee);
        // A subtree without members moves inside the request even here; one member each sends both to jobs.
        await CreateMember(first, "环甲党员");
        await CreateMember(second, "环乙党员");

        var firstUnderSecond = await StartMove(admin, first, second);
        (await WaitForJob(admin, firstUnderSecond.Id)).State.ShouldBe(JobState.Succeeded);
        // Queued as a request would have queued it before the first move committed (its checks then passed): the job
        // reads the tree again and finds it would put an organization under its own subtree.
        var secondUnderFirst = await EnqueueJob("admin", OrganizationMoveJob.KindName, new OrganizationMoveJob.Parameters(second, first));
        var refused = await WaitForJob(admin, secondUnderFirst);
        refused.State.ShouldBe(JobState.Failed);
        refused.Message.ShouldBe("未移动：不能把组织移动到它自己或它的下级组织之下");
        refused.Link.ShouldBeNull();
        (await Org(first)).ParentId.ShouldBe(second);
        (await Org(second)).ParentId.ShouldBe(street);
        (await MoveAuditLines(second)).ShouldBe(0);
        await AssertPathsAgreeWithTree();
    }

    [Fact]
    public async Task A_move_job_started_again_after_its_move_committed_ends_as_done_without_moving_anything_twice()
    {
        var admin = await As("admin");
        var community = await CreateOrganization(await OrgId(DemoOrgs.Yingchuan), "颍川街道重跑社区委员会", OrganizationKind.Committee);
        await CreateMember(await CreateOrganization(community, "重跑社区第一党支部"), "殷若谷");
        var target = await OrgId(DemoOrgs.Hancheng);
        (await WaitForJob(admin, (await StartMove(admin, community, target)).Id)).State.ShouldBe(JobState.Succeeded);
        Task<string> Subtree() => App.WithDbAsync(async db => string.Join(" ", await db.Organizations.AsNoTracking()
            .Where(o => o.Path.Contains($"/{community}/")).OrderBy(o => o.Id).Select(o => $"{o.Id}:{o.Path}:{o.Version}").ToListAsync()));
        var after = await Subtree();

        // What the worker does when the app stopped after the commit and before the job's row said so: run it again.
        var again = await EnqueueJob("admin", OrganizationMoveJob.KindName, new OrganizationMoveJob.Parameters(community, target));
        var rerun = await WaitForJob(admin, again);

        rerun.State.ShouldBe(JobState.Succeeded);
        rerun.Message.ShouldBe("已在新的上级组织之下");
        (await Subtree()).ShouldBe(after);
        (await MoveAuditLines(community)).ShouldBe(1);
        await AssertDerivedRowsMatchMembers();
    }

    [Fact]
    public async Task The_move_page_sends_a_large_move_to_its_job_page_and_a_refusal_back_to_the_form()
    {
        var client = await As("admin");
        var community = await CreateOrganization(await OrgId(DemoOrgs.Minjing), "民警路街道页面迁移社区委员会", OrganizationKind.Committee);
        await CreateMember(community, "页面迁移党员");
        var form = await client.GetStringAsync($"/Organizations/Move?id={community}");
        var token = System.Text.RegularExpressions.Regex.Match(form, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        var target = await OrgId(DemoOrgs.Linshanzhai);

        var response = await client.PostAsync($"/Organizations/Move?id={community}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["Id"] = community.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Input.NewParentId"] = target.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }));

        response.StatusCode.ShouldBe(HttpStatusCode.Found);
        var address = response.Headers.Location!.ToString();
        address.ShouldStartWith("/Jobs/Details?id=");
        var page = await client.GetStringAsync(address);
        page.ShouldContain("整体移动党组织");
        page.ShouldContain("已转入后台移动");
        var id = long.Parse(address.Split('=')[1], System.Globalization.CultureInfo.InvariantCulture);
        (await WaitForJob(client, id)).State.ShouldBe(JobState.Succeeded);
        (await Org(community)).ParentId.ShouldBe(target);

        // A refusal the request can see is shown on the form at once; no job is queued for it.
        var jobsBefore = await App.WithDbAsync(db => db.BackgroundJobs.CountAsync());
        var refused = await client.PostAsync($"/Organizations/Move?id={community}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["Id"] = community.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Input.NewParentId"] = community.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }));
        refused.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("不能把组织移动到它自己或它的下级组织之下");
        (await App.WithDbAsync(db => db.BackgroundJobs.CountAsync())).ShouldBe(jobsBefore);
    }
}
