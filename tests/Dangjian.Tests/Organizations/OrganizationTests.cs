using Microsoft.EntityFrameworkCore;
using System.Net;
using System.Text.RegularExpressions;
using Dangjian.Features.Organizations;
using Dangjian.Platform.Audit;
using Dangjian.Platform.Http;
using Dangjian.Tests.Infrastructure;

namespace Dangjian.Tests.Organizations;

public partial class OrganizationTests(AppFactory app) : DemoApiTest(app)
{
    private async Task<GetOrganization.Response> Details(long id, string user = "admin") =>
        await Read<GetOrganization.Response>(await (await As(user)).GetAsync($"/api/v1/organizations/{id}"));

    [Fact]
    public async Task A_new_organization_sits_under_its_parent_with_the_parents_path_plus_its_own_id()
    {
        var baling = await OrgId(DemoOrgs.Baling);
        var parent = await Org(baling);
        var client = await As("baling");

        var response = await PostJson(client, "/api/v1/organizations", new { parentId = baling, name = "灞陵街道新建社区党委", kind = "Committee", establishedOn = "2026-07-01" });
        var id = (await Read<Created>(response, HttpStatusCode.Created)).Id;
        response.Headers.Location!.ToString().ShouldBe($"/api/v1/organizations/{id}");

        var details = await Details(id, "baling");
        details.Path.ShouldBe($"{parent.Path}{id}/");
        details.ParentId.ShouldBe(baling);
        details.Kind.ShouldBe(OrganizationKind.Committee);
        details.KindName.ShouldBe("党委");
        details.Ancestors.Select(a => a.Id).ShouldBe([baling, id]);
        (await Org(id)).Depth.ShouldBe(parent.Depth + 1);

        var audit = (await AuditRows(AuditActions.Created, nameof(Organization), id.ToString())).ShouldHaveSingleItem();
        audit.UserName.ShouldBe("baling");
        audit.ScopePath.ShouldBe(details.Path);
        audit.After!.ShouldContain("灞陵街道新建社区党委");
        audit.At.ShouldBe(App.Clock.GetUtcNow());
        await AssertPathsAgreeWithTree();
    }

    [Fact]
    public async Task Nothing_can_be_created_under_a_party_group()
    {
        var group = await OrgId(DemoOrgs.CorridorOne);
        var errors = await Problem(await PostJson(await As("admin"), "/api/v1/organizations", new { parentId = group, name = "楼道下的组织", kind = "Branch" }));
        errors["parentId"].ShouldBe(["党小组下不能再设组织"]);
    }

    [Fact]
    public async Task Two_children_of_one_parent_cannot_share_a_name()
    {
        var yanzhong = await OrgId(DemoOrgs.Yanzhong);
        var errors = await Problem(await PostJson(await As("admin"), "/api/v1/organizations", new { parentId = yanzhong, name = DemoOrgs.First, kind = "Branch" }));
        errors["name"].ShouldBe([$"上级组织下已有名为“{DemoOrgs.First}”的组织"]);
    }

    [Fact]
    public async Task Renaming_an_organization_is_read_back_and_audited_with_before_and_after()
    {
        var id = await CreateOrganization(await OrgId(DemoOrgs.Hancheng), "韩城街道旧名党支部");
        var client = await As("admin");

        var response = await PutJson(client, $"/api/v1/organizations/{id}", new { name = "韩城街道新名党支部", kind = "Branch" });
        response.StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await Details(id)).Name.ShouldBe("韩城街道新名党支部");
        var audit = (await AuditRows(AuditActions.Updated, nameof(Organization), id.ToString())).ShouldHaveSingleItem();
        audit.UserName.ShouldBe("admin");
        audit.Before!.ShouldContain("韩城街道旧名党支部");
        audit.After!.ShouldContain("韩城街道新名党支部");
    }

    [Fact]
    public async Task Renaming_to_a_siblings_name_is_refused()
    {
        var hancheng = await OrgId(DemoOrgs.Hancheng);
        var id = await CreateOrganization(hancheng, "韩城街道待改名党支部");
        var errors = await Problem(await PutJson(await As("admin"), $"/api/v1/organizations/{id}", new { name = "韩城街道非公企业联合党支部", kind = "Branch" }));
        errors["name"].ShouldBe(["上级组织下已有名为“韩城街道非公企业联合党支部”的组织"]);
        (await Details(id)).Name.ShouldBe("韩城街道待改名党支部");
    }

    [Fact]
    public async Task Changing_kind_and_committee_size_changes_the_structure_warnings()
    {
        var id = await CreateOrganization(await OrgId(DemoOrgs.Hancheng), "韩城街道七人党支部", OrganizationKind.Branch, committeeSize: 3);
        for (var i = 0; i < 7; i++)
        {
            await CreateMember(id, $"韩七{"甲乙丙丁戊己庚"[i]}");
        }
        (await Details(id)).Warnings.ShouldBeEmpty();
        var client = await As("admin");

        (await PutJson(client, $"/api/v1/organizations/{id}", new { name = "韩城街道七人党支部", kind = "Branch", committeeSize = 9 })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var tooLarge = (await Details(id)).Warnings.ShouldHaveSingleItem();
        tooLarge.Code.ShouldBe("committee-too-large");
        tooLarge.Source.ShouldContain("条例");

        (await PutJson(client, $"/api/v1/organizations/{id}", new { name = "韩城街道七人党支部", kind = "TemporaryBranch", committeeSize = (int?)null })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var details = await Details(id);
        details.Kind.ShouldBe(OrganizationKind.TemporaryBranch);
        details.CommitteeSize.ShouldBeNull();
        details.Warnings.Select(w => w.Code).ShouldBe(["committee-required"]);
    }

    [Fact]
    public async Task A_branch_with_two_full_members_is_warned_that_it_is_too_small_and_the_warning_names_its_source()
    {
        var hancheng = await OrgId(DemoOrgs.Hancheng);
        var id = await CreateOrganization(hancheng, "韩城街道两人党支部", committeeSize: 3);
        await CreateMember(id, "韩两甲");
        await CreateMember(id, "韩两乙");

        var warning = (await Details(id)).Warnings.ShouldHaveSingleItem();
        warning.Code.ShouldBe("branch-too-small");
        warning.Message.ShouldContain("正式党员2人");
        warning.Source.ShouldContain("《中国共产党支部工作条例（试行）》");
        (await Details(hancheng)).Children.Single(c => c.Id == id).Warnings.ShouldBe(1);

        await CreateMember(People.Probationary(id, "韩两丙", App.Today));
        (await Details(id)).Warnings.Select(w => w.Code).ShouldBe(["branch-too-small"], "a probationary member does not count towards the three");
        await CreateMember(id, "韩两丁");
        (await Details(id)).Warnings.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_joint_branch_covering_six_units_is_warned_that_it_is_too_wide()
    {
        var joint = await Details(await OrgId("韩城街道非公企业联合党支部"));
        joint.CoveredUnits.Count.ShouldBe(6);
        var warning = joint.Warnings.ShouldHaveSingleItem();
        warning.Code.ShouldBe("joint-branch-too-wide");
        warning.Source.ShouldContain("联合党支部覆盖单位一般不超过5个");
    }

    [Fact]
    public async Task An_organization_with_a_child_or_a_member_cannot_be_dissolved()
    {
        var client = await As("admin");
        var withChild = await CreateOrganization(await OrgId(DemoOrgs.Hancheng), "韩城街道有下级的党总支", OrganizationKind.GeneralBranch);
        var child = await CreateOrganization(withChild, "韩城街道下级党支部");
        await CreateMember(child, "韩散甲");

        var refused = await client.PostAsync($"/api/v1/organizations/{withChild}/dissolve", null);
        (await Read<ProblemBody>(refused, HttpStatusCode.Conflict)).Detail.ShouldBe("该组织还有下级组织，请先撤销或移走下级组织");
        var refusedForMembers = await client.PostAsync($"/api/v1/organizations/{child}/dissolve", null);
        (await Read<ProblemBody>(refusedForMembers, HttpStatusCode.Conflict)).Detail.ShouldBe("该组织还有党员，请先转出党员");
        (await Details(child)).CanDissolve.ShouldBeFalse();
        (await Org(child)).DissolvedAt.ShouldBeNull();
    }

    [Fact]
    public async Task An_empty_organization_is_dissolved_and_disappears_from_the_tree()
    {
        var hancheng = await OrgId(DemoOrgs.Hancheng);
        var id = await CreateOrganization(hancheng, "韩城街道待撤销党支部");
        (await Details(id)).CanDissolve.ShouldBeTrue();
        var client = await As("admin");

        (await client.PostAsync($"/api/v1/organizations/{id}/dissolve", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await client.GetAsync($"/api/v1/organizations/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var children = await Read<List<ListOrganizations.Node>>(await client.GetAsync($"/api/v1/organizations?parentId={hancheng}"));
        children.ShouldNotContain(c => c.Id == id);
        (await Org(id)).DissolvedAt.ShouldNotBeNull();
        (await client.PostAsync($"/api/v1/organizations/{id}/dissolve", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_callers_own_organization_cannot_be_dissolved()
    {
        var response = await (await As("baling")).PostAsync($"/api/v1/organizations/{await OrgId(DemoOrgs.Baling)}/dissolve", null);
        (await Read<ProblemBody>(response, HttpStatusCode.Conflict)).Detail.ShouldBe("不能撤销本级或最上级组织");
    }

    [Fact]
    public async Task The_tree_starts_at_the_callers_organization_and_lists_one_level_with_member_counts()
    {
        var client = await As("baling");
        var baling = await OrgId(DemoOrgs.Baling);

        var top = (await Read<List<ListOrganizations.Node>>(await client.GetAsync("/api/v1/organizations"))).ShouldHaveSingleItem();
        top.Id.ShouldBe(baling);
        top.HasChildren.ShouldBeTrue();
        var stats = await Read<Dangjian.Features.Members.MemberStats.Response>(await client.GetAsync("/api/v1/members/stats"));
        top.Members.ShouldBe(stats.Total);

        var children = await Read<List<ListOrganizations.Node>>(await client.GetAsync($"/api/v1/organizations?parentId={baling}"));
        // Other tests of this class may add organizations under 灞陵; the tree must list exactly what the database holds.
        var expected = await App.WithDbAsync(db => db.Organizations.Where(o => o.ParentId == baling && o.DissolvedAt == null).Select(o => o.Name).ToListAsync());
        expected.ShouldContain(DemoOrgs.Unmanaged);
        expected.ShouldContain(DemoOrgs.Yanzhong);
        children.Select(c => c.Name).ShouldBe(expected, ignoreOrder: true);
        children.ShouldAllBe(c => c.ParentId == baling && c.Depth == top.Depth + 1);
        foreach (var child in children)
        {
            var childStats = await Read<Dangjian.Features.Members.MemberStats.Response>(await client.GetAsync($"/api/v1/members/stats?organizationId={child.Id}"));
            child.Members.ShouldBe(childStats.Total);
        }

        var compound = await Read<List<ListOrganizations.Node>>(await client.GetAsync($"/api/v1/organizations?parentId={await OrgId(DemoOrgs.Compound)}"));
        compound.Count.ShouldBe(8);
        compound.ShouldAllBe(c => c.Kind == OrganizationKind.PartyGroup && !c.HasChildren);
    }

    [Fact]
    public async Task The_directory_finds_organizations_anywhere_by_name_but_never_party_groups()
    {
        var client = await As("minjing");
        var found = await Read<List<ListOrganizations.DirectoryEntry>>(await client.GetAsync("/api/v1/organizations/directory?q=延中"));
        found.Select(f => f.Name).ShouldContain(DemoOrgs.First);
        found.ShouldAllBe(f => f.Name.Contains("延中"));
        found.ShouldNotContain(f => f.KindName == "党小组");
        found.Single(f => f.Name == DemoOrgs.First).FullName.ShouldBe(
            string.Join(" / ", DemoOrgs.Xuchang, DemoOrgs.Weidu, DemoOrgs.Baling, DemoOrgs.Yanzhong, DemoOrgs.First));
        found.Count.ShouldBeLessThanOrEqualTo(20);

        (await Read<List<ListOrganizations.DirectoryEntry>>(await client.GetAsync("/api/v1/organizations/directory?q="))).ShouldBeEmpty();
        (await Read<List<ListOrganizations.DirectoryEntry>>(await client.GetAsync("/api/v1/organizations/directory?q=" + new string('社', 51)))).ShouldBeEmpty();
    }

    [Fact]
    public async Task Details_show_the_ancestors_the_caller_may_see_and_no_higher()
    {
        var details = await Details(await OrgId(DemoOrgs.First), "baling");
        details.Ancestors.Select(a => a.Name).ShouldBe([DemoOrgs.Baling, DemoOrgs.Yanzhong, DemoOrgs.First]);
    }

    [Fact]
    public async Task A_dissolved_organization_cannot_receive_new_children_or_members()
    {
        var id = await CreateOrganization(await OrgId(DemoOrgs.Hancheng), "韩城街道已撤销党支部");
        var client = await As("admin");
        (await client.PostAsync($"/api/v1/organizations/{id}/dissolve", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await Problem(await PostJson(client, "/api/v1/organizations", new { parentId = id, name = "下级", kind = "Branch" }))).Keys.ShouldBe(["parentId"]);
        (await Problem(await PostJson(client, "/api/v1/members", People.Full(id, "韩撤甲")))).Keys.ShouldContain("organizationId");
    }

    [Fact]
    public async Task Path_invariants_hold_for_the_demo_data()
    {
        await AssertPathsAgreeWithTree();
        await AssertDerivedRowsMatchMembers();
    }

    [Fact]
    public async Task An_organization_with_members_or_children_cannot_become_a_party_group()
    {
        var client = await As("admin");
        var hancheng = await OrgId(DemoOrgs.Hancheng);
        var withMember = await CreateOrganization(hancheng, "韩城街道有党员党支部");
        await CreateMember(withMember, "韩组甲");
        var withChild = await CreateOrganization(hancheng, "韩城街道有下级党总支", OrganizationKind.GeneralBranch);
        await CreateOrganization(withChild, "韩城街道下级党小组", OrganizationKind.PartyGroup);

        foreach (var (id, name) in new[] { (withMember, "韩城街道有党员党支部"), (withChild, "韩城街道有下级党总支") })
        {
            var errors = await Problem(await PutJson(client, $"/api/v1/organizations/{id}", new { name, kind = "PartyGroup" }));
            errors["kind"].ShouldContain("有党员或下级组织的组织不能改为党小组");
        }
        (await Details(withMember)).Kind.ShouldBe(OrganizationKind.Branch);
    }

    [Fact]
    public async Task A_party_group_with_members_assigned_can_neither_be_dissolved_nor_stop_being_a_group()
    {
        var client = await As("admin");
        var corridor = await OrgId(DemoOrgs.CorridorOne);
        (await Details(corridor)).CanDissolve.ShouldBeFalse();

        var dissolve = await client.PostAsync($"/api/v1/organizations/{corridor}/dissolve", null);
        (await Read<ProblemBody>(dissolve, HttpStatusCode.Conflict)).Detail.ShouldBe("该党小组还有党员，请先调整党员所在党小组");
        var kind = await Problem(await PutJson(client, $"/api/v1/organizations/{corridor}", new { name = DemoOrgs.CorridorOne, kind = "Branch" }));
        kind["kind"].ShouldContain("党小组还有党员，请先调整党员所在党小组");
        (await Org(corridor)).DissolvedAt.ShouldBeNull();
    }

    [Fact]
    public async Task Setting_the_unit_of_an_organization_moves_the_coverage_to_it()
    {
        var client = await As("admin");
        var hancheng = await OrgId(DemoOrgs.Hancheng);
        var oldUnit = await CreateUnit(hancheng, "韩城旧厂址");
        var newUnit = await CreateUnit(hancheng, "韩城新厂址");
        var org = (await Read<Created>(await PostJson(client, "/api/v1/organizations", new { parentId = hancheng, name = "韩城搬迁企业党支部", kind = "Branch", unitId = oldUnit }), HttpStatusCode.Created)).Id;
        // Creating it covers the unit, and that change has its audit line as an edit's does.
        (await AuditRows(AuditActions.Updated, nameof(Unit), oldUnit.ToString())).ShouldHaveSingleItem().After!.ShouldContain($"\"CoveringOrganizationId\":{org}");

        (await PutJson(client, $"/api/v1/organizations/{org}", new { name = "韩城搬迁企业党支部", kind = "Branch", unitId = newUnit })).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var units = (await Read<Page<ListUnits.View>>(await client.GetAsync("/api/v1/units?pageSize=100"))).Items;
        units.Single(u => u.Id == newUnit).CoveringOrganizationId.ShouldBe(org);
        units.Single(u => u.Id == oldUnit).CoveringOrganizationId.ShouldBeNull();
        (await Details(org)).UnitName.ShouldBe("韩城新厂址");
        (await AuditRows(AuditActions.Updated, nameof(Unit), newUnit.ToString())).ShouldHaveSingleItem().After!.ShouldContain($"\"CoveringOrganizationId\":{org}");
    }

    [Fact]
    public async Task An_organization_cannot_be_built_in_a_unit_outside_the_callers_area()
    {
        var foreignUnit = await CreateUnit(await OrgId(DemoOrgs.Linshanzhai), "林山寨某公司");
        var counts = await RowCounts();

        var errors = await Problem(await PostJson(await As("baling"), "/api/v1/organizations", new { parentId = await OrgId(DemoOrgs.Yanzhong), name = "越界单位党支部", kind = "Branch", unitId = foreignUnit }));
        errors["unitId"].ShouldBe(["所在单位不存在或不在您的管辖范围内"]);

        var units = (await Read<Page<ListUnits.View>>(await (await As("zhongyuan")).GetAsync("/api/v1/units?pageSize=100"))).Items;
        units.Single(u => u.Id == foreignUnit).CoveringOrganizationId.ShouldBeNull();
        (await RowCounts())["Organizations"].ShouldBe(counts["Organizations"]);
        // One line under the unit's area and one under 魏都区, above 灞陵街道.
        (await AuditRows(AuditActions.AccessDenied, nameof(Unit), foreignUnit.ToString())).Select(a => a.UserName).ShouldBe(["baling", "baling"]);
    }

    [Theory]
    [InlineData("""{"parentId": PARENT, "name": "未填类别党支部"}""")]
    [InlineData("""{"parentId": PARENT, "name": "未填类别党支部", "kind": null}""")]
    public async Task An_organization_without_a_kind_is_refused_not_made_a_committee(string body)
    {
        var parent = await OrgId(DemoOrgs.Yanzhong);
        var client = await As("admin");
        var before = await RowCounts();

        var response = await client.PostAsync("/api/v1/organizations",
            new StringContent(body.Replace("PARENT", parent.ToString(), StringComparison.Ordinal), System.Text.Encoding.UTF8, "application/json"));

        (await Problem(response))["kind"].ShouldBe(["组织类别不能为空"]);
        (await RowCounts()).ShouldBe(before);
    }

    [Fact]
    public async Task A_change_without_a_kind_is_refused_and_keeps_the_kind()
    {
        var id = await CreateOrganization(await OrgId(DemoOrgs.Hancheng), "韩城街道保留类别党支部", OrganizationKind.Branch);

        var errors = await Problem(await PutJson(await As("admin"), $"/api/v1/organizations/{id}", new { name = "韩城街道保留类别党支部" }));

        errors["kind"].ShouldBe(["组织类别不能为空"]);
        (await Org(id)).Kind.ShouldBe(OrganizationKind.Branch);
    }

    [Fact]
    public async Task The_create_form_has_no_kind_chosen_and_asks_for_one()
    {
        var parent = await OrgId(DemoOrgs.Yanzhong);
        var client = await As("baling");
        var url = $"/Organizations/Edit?parentId={parent}";
        var page = await client.GetStringAsync(url);
        var select = KindSelect().Match(page);
        select.Success.ShouldBeTrue();
        select.Value.ShouldNotMatch("value=\"\\w+\" selected", "no kind is preselected");
        select.Value.ShouldContain("<option value=\"\">请选择</option>");
        var before = await RowCounts();

        var refused = await PostForm(client, url, page, new() { ["Input.Name"] = "表单未选类别党支部", ["Input.Kind"] = "" });

        refused.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = System.Net.WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        html.ShouldContain("组织类别不能为空");
        KindSelect().Match(html).Value.ShouldNotMatch("value=\"\\w+\" selected", "no kind is chosen for the user");
        (await RowCounts()).ShouldBe(before);

        var created = await PostForm(client, url, page, new() { ["Input.Name"] = "表单选了类别党支部", ["Input.Kind"] = "Branch" });

        created.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var id = await App.WithDbAsync(db => db.Organizations.Where(o => o.Name == "表单选了类别党支部").Select(o => o.Id).SingleAsync());
        (await Org(id)).Kind.ShouldBe(OrganizationKind.Branch);
    }

    [Fact]
    public async Task The_edit_form_shows_the_current_kind()
    {
        var page = await (await As("admin")).GetStringAsync($"/Organizations/Edit?id={await OrgId(DemoOrgs.CorridorOne)}");

        KindSelect().Match(page).Value.ShouldContain("<option value=\"PartyGroup\" selected=\"selected\">");
    }

    private static Task<HttpResponseMessage> PostForm(HttpClient client, string url, string page, Dictionary<string, string> fields)
    {
        fields["__RequestVerificationToken"] = Token().Match(page).Groups[1].Value;
        return client.PostAsync(url, new FormUrlEncodedContent(fields));
    }

    [GeneratedRegex("<select[^>]*name=\"Input.Kind\"[^>]*>.*?</select>", RegexOptions.Singleline)]
    private static partial Regex KindSelect();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
