using System.Net;
using Dangjian.Features.Members;
using Dangjian.Features.Organizations;
using Dangjian.Platform.Audit;
using Dangjian.Platform.Data;
using Dangjian.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dangjian.Tests.Organizations;

public class MoveOrganizationTests(AppFactory app) : DemoApiTest(app)
{
    private async Task<long> Total(HttpClient client, long organizationId) =>
        (await Read<MemberStats.Response>(await client.GetAsync($"/api/v1/members/stats?organizationId={organizationId}"))).Total;

    [Fact]
    public async Task Moving_a_community_to_another_street_rewrites_every_path_below_it_and_moves_its_member_tallies()
    {
        var admin = await As("admin");
        var yanzhong = await OrgId(DemoOrgs.Yanzhong);
        var first = await OrgId(DemoOrgs.First);
        var linshanzhai = await OrgId(DemoOrgs.Linshanzhai);
        var oldAncestors = new[] { await OrgId(DemoOrgs.Baling), await OrgId(DemoOrgs.Weidu), await OrgId(DemoOrgs.Xuchang) };
        var newAncestors = new[] { linshanzhai, await OrgId(DemoOrgs.Zhongyuan), await OrgId(DemoOrgs.Zhengzhou) };
        var root = await OrgId(DemoOrgs.Root);

        // Things below the community that carry a copy of its path: a unit and its instructor, a part-time committee
        // member, a pending transfer out of it, and a rule override.
        var unit = await CreateUnit(yanzhong, "延中社区便民超市");
        (await PostJson(admin, $"/api/v1/units/{unit}/instructors", new { name = "史指导" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        var sewage = await App.WithDbAsync(db => db.Units.Where(u => u.Name == "郑州市污水净化有限公司").Select(u => u.Id).SingleAsync());
        (await PostJson(admin, $"/api/v1/organizations/{first}/part-time-committee-members", new { name = "付兼职", post = "兼职委员", unitId = sewage }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
        var leaving = await SomeMemberOf(first);
        var transfer = await IssueTransfer(leaving, await OrgId(DemoOrgs.Guangming));
        (await PutJson(admin, "/api/v1/rules/overrides", new { ruleKey = "transfer.letter-validity-days", organizationId = yanzhong, value = 45, reason = "许昌市规定" }))
            .StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var moved = await Total(admin, yanzhong);
        moved.ShouldBeGreaterThan(200);
        var before = new Dictionary<long, long>();
        foreach (var id in oldAncestors.Concat(newAncestors).Append(root))
        {
            before[id] = await Total(admin, id);
        }
        var subtreeBefore = await App.WithDbAsync(async db =>
        {
            var path = (await db.Organizations.SingleAsync(o => o.Id == yanzhong)).Path;
            return await db.Organizations.AsNoTracking().Where(o => o.Path.StartsWith(path)).ToDictionaryAsync(o => o.Id);
        });
        var oldPath = subtreeBefore[yanzhong].Path;
        var newParent = await Org(linshanzhai);

        var response = await PostJson(admin, $"/api/v1/organizations/{yanzhong}/move", new { newParentId = linshanzhai });
        response.StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var newPath = $"{newParent.Path}{yanzhong}/";
        var subtreeAfter = await App.WithDbAsync(db => db.Organizations.AsNoTracking().Where(o => subtreeBefore.Keys.Contains(o.Id)).ToDictionaryAsync(o => o.Id));
        subtreeAfter.Count.ShouldBe(subtreeBefore.Count);
        foreach (var (id, was) in subtreeBefore)
        {
            subtreeAfter[id].Path.ShouldBe(newPath + was.Path[oldPath.Length..], $"path of {was.Name}");
            subtreeAfter[id].Depth.ShouldBe(was.Depth + newParent.Depth + 1 - subtreeBefore[yanzhong].Depth, $"depth of {was.Name}");
        }
        subtreeAfter[yanzhong].ParentId.ShouldBe(linshanzhai);
        (await MemberRow(leaving)).OrgPath.ShouldBe($"{newPath}{first}/");
        (await App.WithDbAsync(db => db.Units.SingleAsync(u => u.Id == unit))).AreaPath.ShouldBe(newPath);
        (await App.WithDbAsync(db => db.Transfers.SingleAsync(t => t.Id == transfer))).FromPath.ShouldBe($"{newPath}{first}/");

        foreach (var id in oldAncestors)
        {
            (await Total(admin, id)).ShouldBe(before[id] - moved);
        }
        foreach (var id in newAncestors)
        {
            (await Total(admin, id)).ShouldBe(before[id] + moved);
        }
        (await Total(admin, root)).ShouldBe(before[root]);
        (await Total(admin, yanzhong)).ShouldBe(moved);
        await AssertDerivedRowsMatchMembers();
        await AssertPathsAgreeWithTree();

        // The new street now sees the community's members; the old street does not.
        var zhongyuanList = await Read<SearchMembers.Response>(await (await As("zhongyuan")).GetAsync($"/api/v1/members?organizationId={first}&pageSize=100"));
        zhongyuanList.Items.Select(i => i.Id).ShouldContain(leaving);
        (await (await As("baling")).GetAsync($"/api/v1/members/{leaving}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await Read<MemberStats.Response>(await (await As("baling")).GetAsync("/api/v1/members/stats"))).Total.ShouldBe(before[oldAncestors[0]] - moved);

        // The rule override went with the community.
        var rules = (await Read<Dangjian.Features.Rules.ListRules.Response>(await admin.GetAsync($"/api/v1/rules?organizationId={first}"))).Rules;
        rules.Single(r => r.Key == "transfer.letter-validity-days").Value.ShouldBe(45);

        var audit = (await AuditRows(AuditActions.Updated, nameof(Organization), yanzhong.ToString())).Last();
        audit.Before!.ShouldContain(oldPath);
        audit.After!.ShouldContain(newPath);
        audit.UserName.ShouldBe("admin");
    }

    [Fact]
    public async Task An_edit_loaded_before_a_move_and_saved_after_it_is_a_conflict()
    {
        var admin = await As("admin");
        var branch = await CreateOrganization(await OrgId(DemoOrgs.Yanzhong), "延中社区待迁党支部");
        var input = People.Full(branch, "迁前改");
        var id = await CreateMember(input);
        var loaded = await Read<GetMember.Response>(await admin.GetAsync($"/api/v1/members/{id}"));
        // The same race inside the server: a context that loaded the member before the move saves after it.
        await using var scope = App.Services.CreateAsyncScope();
        var stale = scope.ServiceProvider.GetRequiredService<AppDb>();
        var tracked = await stale.Members.SingleAsync(m => m.Id == id);

        (await PostJson(admin, $"/api/v1/organizations/{branch}/move", new { newParentId = await OrgId(DemoOrgs.Linshanzhai) })).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var response = await PutJson(admin, $"/api/v1/members/{id}?version={loaded.Version}", input with { Name = "迁后改" });
        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        tracked.SetName("迁后改");
        tracked.Version++;
        await Should.ThrowAsync<DbUpdateConcurrencyException>(() => stale.SaveChangesAsync());
        var row = await MemberRow(id);
        row.Name.ShouldBe("迁前改");
        row.Version.ShouldBe(loaded.Version + 1, "the move bumps the member's version");
        await AssertDerivedRowsMatchMembers();
        await AssertPathsAgreeWithTree();
    }

    [Fact]
    public async Task A_move_without_a_new_parent_names_the_field()
    {
        var admin = await As("admin");
        var counts = await RowCounts();
        var errors = await Problem(await PostJson(admin, $"/api/v1/organizations/{await OrgId(DemoOrgs.Unmanaged)}/move", new { }));
        errors["newParentId"].ShouldBe(["请选择新的上级组织"]);
        (await RowCounts()).ShouldBe(counts);
    }

    [Fact]
    public async Task An_organization_cannot_be_moved_under_itself_or_one_of_its_descendants()
    {
        var admin = await As("admin");
        var compound = await OrgId(DemoOrgs.Compound);
        var corridor = await OrgId(DemoOrgs.CorridorOne);
        var yanzhong = await OrgId(DemoOrgs.Yanzhong);
        var counts = await RowCounts();

        foreach (var target in new[] { yanzhong, compound })
        {
            var errors = await Problem(await PostJson(admin, $"/api/v1/organizations/{yanzhong}/move", new { newParentId = target }));
            errors["newParentId"].ShouldBe(["不能把组织移动到它自己或它的下级组织之下"]);
        }
        var underGroup = await Problem(await PostJson(admin, $"/api/v1/organizations/{await OrgId(DemoOrgs.Unmanaged)}/move", new { newParentId = corridor }));
        underGroup["newParentId"].ShouldBe(["党小组下不能再设组织（依据《中国共产党支部工作条例（试行）》(2018) 第二章）"]);

        (await RowCounts()).ShouldBe(counts);
        await AssertPathsAgreeWithTree();
    }

    [Fact]
    public async Task A_street_cannot_move_its_community_out_of_its_own_subtree_or_move_itself()
    {
        var baling = await As("baling");
        var unmanaged = await OrgId(DemoOrgs.Unmanaged);
        var counts = await RowCounts();

        var outside = await Problem(await PostJson(baling, $"/api/v1/organizations/{unmanaged}/move", new { newParentId = await OrgId(DemoOrgs.Zhongyuan) }));
        outside["newParentId"].ShouldBe(["新的上级组织不存在或不在您的管辖范围内"]);
        var itself = await Problem(await PostJson(baling, $"/api/v1/organizations/{await OrgId(DemoOrgs.Baling)}/move", new { newParentId = await OrgId(DemoOrgs.Yanzhong) }));
        itself["newParentId"].ShouldBe(["不能移动本级或最上级组织"]);

        var after = await RowCounts();
        after["AuditEntries"].ShouldBe(counts["AuditEntries"] + 2, "the attempt is audited under the target and under the prober's superiors");
        after.Where(c => c.Key != "AuditEntries").ShouldBe(counts.Where(c => c.Key != "AuditEntries"));
    }

    [Fact]
    public async Task Moving_a_branch_between_two_streets_of_one_city_keeps_the_citys_tally()
    {
        var admin = await As("admin");
        var yuzhou = await OrgId(DemoOrgs.Yuzhou);
        var hancheng = await OrgId(DemoOrgs.Hancheng);
        var yingchuan = await OrgId(DemoOrgs.Yingchuan);
        var branch = await CreateOrganization(hancheng, "韩城街道将迁出党支部");
        await CreateMember(branch, "韩迁甲");
        await CreateMember(People.Probationary(branch, "韩迁乙", App.Today));
        var yuzhouBefore = await Total(admin, yuzhou);
        var hanchengBefore = await Total(admin, hancheng);
        var yingchuanBefore = await Total(admin, yingchuan);

        (await PostJson(admin, $"/api/v1/organizations/{branch}/move", new { newParentId = yingchuan })).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await Total(admin, yuzhou)).ShouldBe(yuzhouBefore);
        (await Total(admin, hancheng)).ShouldBe(hanchengBefore - 2);
        (await Total(admin, yingchuan)).ShouldBe(yingchuanBefore + 2);
        (await Total(admin, branch)).ShouldBe(2);
        (await Org(branch)).Path.ShouldBe($"{(await Org(yingchuan)).Path}{branch}/");
        await AssertDerivedRowsMatchMembers();
        await AssertPathsAgreeWithTree();
    }
}
