using System.Net;
using Dangjian.Features.Members;
using Dangjian.Features.Organizations;
using Dangjian.Platform.Data;
using Dangjian.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Tests.Organizations;

/// <summary>The app with a gate that can hold a subtree move's transaction open just before its commit.</summary>
public sealed class MoveGateApp : AppFactory
{
    public CommitGate Gate { get; } = new();

    protected override void ConfigureMore(IWebHostBuilder builder) => CommitGate.AddTo(builder, Gate);
}

/// <summary>
/// A subtree move against the requests that run beside it: readers see the old tree, whole, until the move commits;
/// a write into the subtree and a second move are settled by the database; and afterwards every copy of a path, every
/// tally, window and search key is what a fresh computation from the members and the tree gives.
/// </summary>
public class MoveConcurrencyTests(MoveGateApp app) : DemoApiTest<MoveGateApp>(app)
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    /// <summary>The move's transaction is the one that rewrites the organizations' depths.</summary>
    private CommitGate.Held HoldNextMove() =>
        App.Gate.Hold(sql => sql.Contains("UPDATE \"Organizations\"", StringComparison.Ordinal) && sql.Contains("\"Depth\"", StringComparison.Ordinal));

    private async Task<long> NewCommunity(long streetId, string name) => await CreateOrganization(streetId, name, OrganizationKind.Committee);

    private static async Task<long> Total(HttpClient client, long? organizationId = null) =>
        (await Read<MemberStats.Response>(await client.GetAsync(organizationId is null ? "/api/v1/members/stats" : $"/api/v1/members/stats?organizationId={organizationId}"))).Total;

    private static async Task<List<long>> MemberIds(HttpClient client, string query) =>
        [.. (await Read<SearchMembers.Response>(await client.GetAsync($"/api/v1/members?pageSize=100&{query}"))).Items.Select(i => i.Id)];

    /// <summary>The search keys are exactly those of every current organization's name at its path.</summary>
    private Task AssertSearchKeysMatchTree() => App.WithDbAsync(async db =>
    {
        var orgs = await db.Organizations.AsNoTracking().Where(o => o.DissolvedAt == null).Select(o => new { o.Id, o.Name, o.Path }).ToListAsync();
        var expected = orgs.SelectMany(o => OrganizationSearchKey.Of(o.Id, o.Name, o.Path))
            .Select(k => $"{k.OrganizationId} {k.Position} {k.Name} {k.Initials} {k.Path}").Order(StringComparer.Ordinal).ToList();
        var actual = (await db.OrganizationSearchKeys.AsNoTracking().ToListAsync())
            .Select(k => $"{k.OrganizationId} {k.Position} {k.Name} {k.Initials} {k.Path}").Order(StringComparer.Ordinal).ToList();
        actual.Except(expected).ShouldBeEmpty("search keys no organization has");
        expected.Except(actual).ShouldBeEmpty("search keys missing");
        return true;
    });

    private async Task AssertEverythingAgrees()
    {
        await AssertPathsAgreeWithTree();
        await AssertDerivedRowsMatchMembers();
        await AssertSearchKeysMatchTree();
    }

    [Fact]
    public async Task SQLite_keeps_its_log_ahead_of_the_file_so_that_readers_do_not_wait_for_a_writer()
    {
        var mode = await App.WithDbAsync(async db => db is SqliteAppDb
            ? await db.Database.SqlQueryRaw<string>("SELECT journal_mode AS \"Value\" FROM pragma_journal_mode").SingleAsync()
            : "not SQLite");
        mode.ShouldBe(TestDatabase.IsPostgres ? "not SQLite" : "wal");
    }

    [Fact]
    public async Task Readers_see_the_old_tree_whole_while_a_move_is_open_and_the_new_one_after_its_commit()
    {
        var admin = await As("admin");
        var baling = await As("baling");
        var zhongyuan = await As("zhongyuan");
        var street = await OrgId(DemoOrgs.Baling);
        var community = await NewCommunity(street, "灞陵街道待迁社区委员会");
        var branch = await CreateOrganization(community, "待迁社区第一党支部");
        var member = await CreateMember(branch, "韶骁骞");
        var target = await OrgId(DemoOrgs.Linshanzhai);
        await AssertEverythingAgrees();

        async Task<string> Snapshot() => string.Join(" | ",
            await Total(baling), await Total(zhongyuan), await Total(admin, community),
            string.Join(",", await MemberIds(baling, $"organizationId={branch}")),
            string.Join(",", await MemberIds(baling, "q=骁骞")), string.Join(",", await MemberIds(zhongyuan, "q=骁骞")),
            string.Join(",", (await Read<SearchOrganizations.Response>(await baling.GetAsync("/api/v1/organizations/search?q=待迁"))).Items.Select(i => i.Id)),
            string.Join(",", (await Read<SearchOrganizations.Response>(await zhongyuan.GetAsync("/api/v1/organizations/search?q=待迁"))).Items.Select(i => i.Id)));
        var before = await Snapshot();
        before.ShouldContain(member.ToString(System.Globalization.CultureInfo.InvariantCulture));

        var held = HoldNextMove();
        var move = PostJson(admin, $"/api/v1/organizations/{community}/move", new { newParentId = target });
        await held.Reached.Task.WaitAsync(Patience);

        // The move has written everything and not committed: every reader still sees the old tree, and it is whole.
        (await Snapshot()).ShouldBe(before);
        (await Org(community)).ParentId.ShouldBe(street);
        (await MemberRow(member)).OrgPath.ShouldStartWith((await Org(street)).Path);
        await AssertEverythingAgrees();

        held.Let();
        (await move).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await MemberIds(zhongyuan, "q=骁骞")).ShouldContain(member);
        (await MemberIds(baling, "q=骁骞")).ShouldNotContain(member);
        (await MemberRow(member)).OrgPath.ShouldStartWith((await Org(target)).Path);
        await AssertEverythingAgrees();
    }

    [Fact]
    public async Task A_member_written_into_the_subtree_while_it_moves_is_refused_and_lands_at_the_new_path_when_sent_again()
    {
        var admin = await As("admin");
        var community = await NewCommunity(await OrgId(DemoOrgs.Baling), "灞陵街道迁移中社区委员会");
        var branch = await CreateOrganization(community, "迁移中社区党支部");
        await CreateMember(branch, "迁前在");
        var input = People.Full(branch, "迁时入");

        var held = HoldNextMove();
        var move = PostJson(admin, $"/api/v1/organizations/{community}/move", new { newParentId = await OrgId(DemoOrgs.Linshanzhai) });
        await held.Reached.Task.WaitAsync(Patience);
        // It reads the branch's old path (the move has not committed), then waits for the move inside its own transaction.
        var create = PostJson(admin, "/api/v1/members", input);
        await held.OtherTransactionStarted.Task.WaitAsync(Patience);
        held.Let();

        (await move).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var refused = await create;
        refused.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await refused.Content.ReadAsStringAsync()).ShouldContain(PathMovedException.Reason);
        await AssertEverythingAgrees();

        var id = await CreateMember(input);
        (await MemberRow(id)).OrgPath.ShouldBe((await Org(branch)).Path);
        await AssertEverythingAgrees();
    }

    [Fact]
    public async Task Two_moves_that_would_make_a_cycle_together_are_settled_one_after_the_other()
    {
        var admin = await As("admin");
        var first = await NewCommunity(await OrgId(DemoOrgs.Baling), "灞陵街道甲社区委员会");
        var second = await NewCommunity(await OrgId(DemoOrgs.Linshanzhai), "林山寨街道乙社区委员会");
        await CreateMember(await CreateOrganization(first, "甲社区党支部"), "甲社员");
        await CreateMember(await CreateOrganization(second, "乙社区党支部"), "乙社员");

        var held = HoldNextMove();
        var firstUnderSecond = PostJson(admin, $"/api/v1/organizations/{first}/move", new { newParentId = second });
        await held.Reached.Task.WaitAsync(Patience);
        // Checked against the committed tree, the second move is allowed too; it must look again once it may write.
        var secondUnderFirst = PostJson(admin, $"/api/v1/organizations/{second}/move", new { newParentId = first });
        await held.OtherTransactionStarted.Task.WaitAsync(Patience);
        held.Let();

        (await firstUnderSecond).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await Problem(await secondUnderFirst))["newParentId"].ShouldBe(["不能把组织移动到它自己或它的下级组织之下"]);
        (await Org(first)).ParentId.ShouldBe(second);
        await AssertEverythingAgrees();
    }

    [Fact]
    public async Task Moves_and_member_writes_sent_all_at_once_leave_every_copy_and_tally_right()
    {
        var admin = await As("admin");
        var streets = new[] { await OrgId(DemoOrgs.Baling), await OrgId(DemoOrgs.Linshanzhai), await OrgId(DemoOrgs.Yingchuan) };
        var branches = new List<long>();
        for (var i = 0; i < 4; i++)
        {
            var branch = await CreateOrganization(streets[i % 3], $"并发迁移第{i + 1}党支部");
            await CreateMember(branch, $"并发{i}甲");
            branches.Add(branch);
        }
        var members = new List<(long Id, MemberInput Input)>();
        foreach (var branch in branches)
        {
            var input = People.Full(branch, "并发乙");
            members.Add((await CreateMember(input), input));
        }

        var requests = new List<Task<HttpResponseMessage>>();
        for (var round = 0; round < 3; round++)
        {
            for (var i = 0; i < branches.Count; i++)
            {
                requests.Add(PostJson(admin, $"/api/v1/organizations/{branches[i]}/move", new { newParentId = streets[(i + round + 1) % 3] }));
                requests.Add(PostJson(admin, "/api/v1/members", People.Full(branches[i], $"并发{round}丙")));
                requests.Add(PutJson(admin, $"/api/v1/members/{members[i].Id}", members[i].Input with { Name = $"并发{round}丁" }));
            }
        }
        var answers = await Task.WhenAll(requests);

        // Every answer is a success or a refusal the database decided (409): never a server error.
        answers.Select(a => a.StatusCode).ShouldAllBe(s => s == HttpStatusCode.NoContent || s == HttpStatusCode.Created || s == HttpStatusCode.Conflict);
        answers.Count(a => a.StatusCode == HttpStatusCode.NoContent).ShouldBeGreaterThan(0);
        await AssertEverythingAgrees();
    }
}
