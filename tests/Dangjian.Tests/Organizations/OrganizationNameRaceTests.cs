using System.Net;
using Dangjian.Features.Organizations;
using Dangjian.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Tests.Organizations;

/// <summary>One name per parent, decided by the database's unique index when requests race.</summary>
public class OrganizationNameRaceTests(AppFactory app) : DemoApiTest(app)
{
    private const int Racers = 20;

    [Fact]
    public async Task Of_twenty_parallel_creations_of_one_name_under_one_parent_exactly_one_succeeds()
    {
        var parent = await OrgId(DemoOrgs.Yanzhong);
        var clients = new List<HttpClient>();
        for (var i = 0; i < Racers; i++)
        {
            clients.Add(await As("admin"));
        }
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var racing = clients.Select(async client =>
        {
            await start.Task;
            return await PostJson(client, "/api/v1/organizations", new { parentId = parent, name = "并发同名党支部", kind = OrganizationKind.Branch });
        }).ToList();
        start.SetResult();
        var responses = await Task.WhenAll(racing);

        responses.Count(r => r.StatusCode == HttpStatusCode.Created).ShouldBe(1);
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
        {
            (await Problem(refused))["name"].ShouldBe(["上级组织下已有名为“并发同名党支部”的组织"]);
        }
        (await App.WithDbAsync(db => db.Organizations.CountAsync(o => o.ParentId == parent && o.Name == "并发同名党支部"))).ShouldBe(1);
        await AssertDerivedRowsMatchMembers();
    }

    [Fact]
    public async Task A_rename_or_a_move_onto_a_taken_name_is_refused_and_a_dissolved_name_can_be_used_again()
    {
        var admin = await As("admin");
        var parent = await OrgId(DemoOrgs.Baling);
        async Task<long> Create(long parentId, string name) =>
            (await Read<Created>(await PostJson(admin, "/api/v1/organizations", new { parentId, name, kind = OrganizationKind.Branch }), HttpStatusCode.Created)).Id;
        var taken = await Create(parent, "同名甲党支部");
        var other = await Create(parent, "同名乙党支部");
        (await Problem(await PutJson(admin, $"/api/v1/organizations/{other}", new { name = "同名甲党支部", kind = OrganizationKind.Branch })))["name"]
            .ShouldBe(["上级组织下已有名为“同名甲党支部”的组织"]);

        var elsewhere = await Create(await OrgId(DemoOrgs.Yanzhong), "同名甲党支部");
        (await Problem(await PostJson(admin, $"/api/v1/organizations/{elsewhere}/move", new { newParentId = parent })))["newParentId"]
            .ShouldBe(["新的上级组织下已有名为“同名甲党支部”的组织"]);

        (await PostJson(admin, $"/api/v1/organizations/{taken}/dissolve", new { })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await Create(parent, "同名甲党支部");
    }
}
