using System.Net;
using Dangjian.Features.Organizations;
using Dangjian.Platform.Audit;
using Dangjian.Platform.Http;
using Dangjian.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Tests.Organizations;

/// <summary>Units, coverage, instructors and part-time committee members.</summary>
public class UnitTests(AppFactory app) : DemoApiTest(app)
{
    private async Task<UnitCoverage.Report> Coverage(string user) =>
        await Read<UnitCoverage.Report>(await (await As(user)).GetAsync("/api/v1/units/coverage"));

    [Fact]
    public async Task A_unit_without_an_organization_or_members_is_counted_in_coverage_as_uncovered()
    {
        var before = await Coverage("admin");
        var id = await CreateUnit(await OrgId(DemoOrgs.Hancheng), "韩城新开服装店");

        var after = await Coverage("admin");
        after.Units.ShouldBe(before.Units + 1);
        after.Covered.ShouldBe(before.Covered);
        after.WithoutMembers.ShouldBe(before.WithoutMembers + 1);
        after.ByKind.Single(k => k.Kind == UnitKind.PrivateEnterprise).Small.Units.ShouldBe(before.ByKind.Single(k => k.Kind == UnitKind.PrivateEnterprise).Small.Units + 1);

        var uncovered = (await Read<Page<ListUnits.View>>(await (await As("admin")).GetAsync("/api/v1/units?covered=false&kind=PrivateEnterprise&pageSize=100"))).Items;
        uncovered.Select(u => u.Id).ShouldContain(id);
        uncovered.ShouldAllBe(u => u.CoveringOrganizationId == null && u.Kind == UnitKind.PrivateEnterprise);
        (await AuditRows(AuditActions.Created, nameof(Unit), id.ToString())).ShouldHaveSingleItem().After!.ShouldContain("韩城新开服装店");
        await AssertUnitTalliesMatchUnits();
    }

    [Fact]
    public async Task Units_in_a_joint_branch_count_as_covered_by_a_joint_branch()
    {
        var coverage = await Coverage("admin");
        coverage.JointBranches.ShouldBeGreaterThanOrEqualTo(1);
        coverage.InJointBranches.ShouldBeGreaterThanOrEqualTo(6);
        coverage.Covered.ShouldBe(coverage.WithOwnOrganization + coverage.InJointBranches);

        var joint = await OrgId("韩城街道非公企业联合党支部");
        var before = await Coverage("admin");
        await CreateUnit(await OrgId(DemoOrgs.Hancheng), "韩城第七家小企业", coveringOrganizationId: joint, partyMemberCount: 1);
        var after = await Coverage("admin");
        after.InJointBranches.ShouldBe(before.InJointBranches + 1);
        after.JointBranches.ShouldBe(before.JointBranches);
        await AssertUnitTalliesMatchUnits();
    }

    [Theory]
    [InlineData("baling", DemoOrgs.Baling)]
    [InlineData("zhongyuan", DemoOrgs.Zhongyuan)]
    [InlineData("admin", DemoOrgs.Root)]
    public async Task Coverage_counts_exactly_the_units_in_the_callers_area(string user, string organization)
    {
        var path = (await Org(await OrgId(organization))).Path;
        var expected = await App.WithDbAsync(db => db.Units.CountAsync(u => u.AreaPath.StartsWith(path)));
        (await Coverage(user)).Units.ShouldBe(expected);
        var listed = (await Read<Page<ListUnits.View>>(await (await As(user)).GetAsync("/api/v1/units?pageSize=100"))).Items;
        listed.Count.ShouldBe(expected);
    }

    [Fact]
    public async Task The_list_narrows_to_one_organizations_area_inside_the_callers_subtree()
    {
        var linshanzhai = await Org(await OrgId(DemoOrgs.Linshanzhai));
        var client = await As("zhongyuan");
        var expected = await App.WithDbAsync(db => db.Units.Where(u => u.AreaPath.StartsWith(linshanzhai.Path)).Select(u => u.Id).ToListAsync());
        expected.Count.ShouldBeGreaterThan(2);

        var listed = (await Read<Page<ListUnits.View>>(await client.GetAsync($"/api/v1/units?organizationId={linshanzhai.Id}&pageSize=100"))).Items;

        listed.Select(u => u.Id).ShouldBe(expected, ignoreOrder: true);
        listed.ShouldContain(u => u.Name == "圆方集团" && u.AreaOrganizationName == DemoOrgs.Linshanzhai
            && u.InstructorAssignments.Single().Name == "闫晓栋" && u.InstructorAssignments.Single().AssignedOn == new DateOnly(2026, 6, 8));
        (await client.GetAsync($"/api/v1/units?organizationId={await OrgId(DemoOrgs.Guangming)}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await client.GetAsync("/api/v1/units?organizationId=999999")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_organizations_coverage_counts_the_units_it_covers_itself_wherever_they_are_registered()
    {
        var client = await As("zhongyuan");
        // 林山寨街道第1社区 is registered with the street, and covered by the community's branch (14 members).
        var community = await Read<UnitCoverage.Report>(await client.GetAsync($"/api/v1/units/coverage?organizationId={await OrgId(DemoOrgs.LinshanzhaiFirst)}"));
        community.Units.ShouldBe(0);
        community.CoveredHere.ShouldBe(new UnitCoverage.Figures(1, 1, 1, 0, 0, 0, 0, 0));

        var joint = await OrgId("韩城街道非公企业联合党支部");
        var covered = await App.WithDbAsync(db => db.Units.CountAsync(u => u.CoveringOrganizationId == joint));
        var here = (await Read<UnitCoverage.Report>(await (await As("admin")).GetAsync($"/api/v1/units/coverage?organizationId={joint}"))).CoveredHere;
        (here.Units, here.Covered, here.InJointBranches, here.WithOwnOrganization).ShouldBe((covered, covered, covered, 0));
    }

    [Fact]
    public async Task An_instructor_sent_to_a_unit_shows_on_the_unit_and_in_coverage()
    {
        var client = await As("zhongyuan");
        var unit = await CreateUnit(await OrgId(DemoOrgs.Linshanzhai), "林山寨小微科技公司");
        var before = await Coverage("zhongyuan");

        var response = await PostJson(client, $"/api/v1/units/{unit}/instructors", new { name = "岳指导", assignedOn = "2026-09-01" });
        response.StatusCode.ShouldBe(HttpStatusCode.Created);

        var after = await Coverage("zhongyuan");
        after.WithInstructor.ShouldBe(before.WithInstructor + 1);
        after.Instructors.ShouldBe(before.Instructors + 1);
        var units = (await Read<Page<ListUnits.View>>(await client.GetAsync("/api/v1/units?pageSize=100"))).Items;
        units.Single(u => u.Id == unit).Instructors.ShouldBe(["岳指导"]);
        var row = await App.WithDbAsync(db => db.Instructors.SingleAsync(i => i.UnitId == unit));
        row.AssignedOn.ShouldBe(new DateOnly(2026, 9, 1));
        (await AuditRows(AuditActions.Created, nameof(Instructor), row.Id.ToString())).ShouldHaveSingleItem().UserName.ShouldBe("zhongyuan");
        await AssertUnitTalliesMatchUnits();
    }

    [Fact]
    public async Task An_instructor_needs_a_name_and_a_unit_in_the_callers_area()
    {
        var unit = await CreateUnit(await OrgId(DemoOrgs.Linshanzhai), "林山寨另一家公司");
        // Signing in writes an audit line of its own, so both clients exist before counting.
        var zhongyuan = await As("zhongyuan");
        var baling = await As("baling");
        var counts = await RowCounts();

        (await Problem(await PostJson(zhongyuan, $"/api/v1/units/{unit}/instructors", new { name = " " })))["name"].ShouldBe(["指导员姓名不能为空"]);
        (await PostJson(baling, $"/api/v1/units/{unit}/instructors", new { name = "越界指导" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await PostJson(zhongyuan, "/api/v1/units/999999/instructors", new { name = "无此单位" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var after = await RowCounts();
        after["Instructors"].ShouldBe(counts["Instructors"]);
        // Only 灞陵街道's attempt: one line under the unit's area, one under 魏都区 (灞陵街道's superiors see that one).
        after["AuditEntries"].ShouldBe(counts["AuditEntries"] + 2);
    }

    [Fact]
    public async Task A_unit_without_a_kind_is_refused()
    {
        var admin = await As("admin");
        var counts = await RowCounts();
        var errors = await Problem(await PostJson(admin, "/api/v1/units", new { name = "无类别单位", areaOrganizationId = await OrgId(DemoOrgs.Hancheng) }));
        errors["kind"].ShouldBe(["单位类别不能为空"]);
        (await RowCounts()).ShouldBe(counts);
    }

    [Fact]
    public async Task A_resident_units_leader_sits_as_part_time_committee_member_of_a_community()
    {
        var community = await OrgId(DemoOrgs.LinshanzhaiFirst);
        var sewage = await App.WithDbAsync(db => db.Units.Where(u => u.Name == "郑州市污水净化有限公司").Select(u => u.Id).SingleAsync());
        var client = await As("zhongyuan");

        var response = await PostJson(client, $"/api/v1/organizations/{community}/part-time-committee-members", new { name = "蔡兼职", post = "党委副书记", unitId = sewage });
        response.StatusCode.ShouldBe(HttpStatusCode.Created);

        var details = await Read<GetOrganization.Response>(await client.GetAsync($"/api/v1/organizations/{community}"));
        details.PartTimeCommitteeMembers.ShouldContain(p => p.Name == "蔡兼职" && p.Post == "党委副书记" && p.UnitName == "郑州市污水净化有限公司");
        details.PartTimeCommitteeMembers.ShouldContain(p => p.Name == "李娜", "the demo's own part-time member");

        (await Problem(await PostJson(client, $"/api/v1/organizations/{community}/part-time-committee-members", new { name = "无单位", unitId = 999999 })))
            .Keys.ShouldBe(["unitId"]);
        (await Problem(await PostJson(client, $"/api/v1/organizations/{community}/part-time-committee-members", new { name = "", unitId = sewage })))
            .Keys.ShouldBe(["name"]);
    }

    [Fact]
    public async Task An_organization_built_in_a_unit_covers_it()
    {
        var hancheng = await OrgId(DemoOrgs.Hancheng);
        var unit = await CreateUnit(hancheng, "韩城新建材公司", partyMemberCount: 4);
        var before = await Coverage("admin");

        var created = await Read<Created>(await PostJson(await As("admin"), "/api/v1/organizations",
            new { parentId = hancheng, name = "韩城新建材公司党支部", kind = "Branch", unitId = unit }), HttpStatusCode.Created);

        var units = (await Read<Page<ListUnits.View>>(await (await As("admin")).GetAsync("/api/v1/units?covered=true&pageSize=100"))).Items;
        units.Single(u => u.Id == unit).CoveringOrganizationId.ShouldBe(created.Id);
        (await Coverage("admin")).WithOwnOrganization.ShouldBe(before.WithOwnOrganization + 1);
        var details = await Read<GetOrganization.Response>(await (await As("admin")).GetAsync($"/api/v1/organizations/{created.Id}"));
        details.UnitName.ShouldBe("韩城新建材公司");
        details.CoveredUnits.ShouldHaveSingleItem().Id.ShouldBe(unit);
        await AssertUnitTalliesMatchUnits();
    }

    [Fact]
    public async Task A_covering_organizations_members_kind_and_move_keep_the_coverage_figures_counted()
    {
        var admin = await As("admin");
        var hancheng = await OrgId(DemoOrgs.Hancheng);
        var branch = (await Read<Created>(await PostJson(admin, "/api/v1/organizations",
            new { parentId = hancheng, name = "韩城计数党支部", kind = "Branch" }), HttpStatusCode.Created)).Id;
        var before = await Coverage("admin");
        await CreateUnit(hancheng, "韩城计数公司甲", coveringOrganizationId: branch);
        await CreateUnit(hancheng, "韩城计数公司乙", coveringOrganizationId: branch);
        (await Coverage("admin")).WithoutMembers.ShouldBe(before.WithoutMembers + 2, "the covering branch has no members yet");
        await AssertUnitTalliesMatchUnits();

        var member = await CreateMember(branch, "计数党员");
        (await Coverage("admin")).WithoutMembers.ShouldBe(before.WithoutMembers, "a member of the covering branch counts for both units");
        await AssertUnitTalliesMatchUnits();

        (await PutJson(admin, $"/api/v1/organizations/{branch}", new { name = "韩城计数联合党支部", kind = "JointBranch" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var joint = await Coverage("admin");
        (joint.InJointBranches, joint.JointBranches).ShouldBe((before.InJointBranches + 2, before.JointBranches + 1));
        await AssertUnitTalliesMatchUnits();

        (await PostJson(admin, $"/api/v1/organizations/{branch}/move", new { newParentId = await OrgId(DemoOrgs.Linshanzhai) })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await AssertUnitTalliesMatchUnits();
        await AssertDerivedRowsMatchMembers();
        member.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task A_unit_must_lie_in_an_area_of_the_caller_and_its_counts_cannot_be_negative()
    {
        var counts = await RowCounts();
        var errors = await Problem(await PostJson(await As("baling"), "/api/v1/units", new
        {
            name = "越界单位",
            kind = "PrivateEnterprise",
            areaOrganizationId = await OrgId(DemoOrgs.Linshanzhai),
            partyMemberCount = -1,
            employeeCount = -2,
        }));
        errors.Keys.ShouldBe(["partyMemberCount", "employeeCount", "areaOrganizationId"], ignoreOrder: true);
        errors["areaOrganizationId"].ShouldBe(["所属街道或社区党组织不存在或不在您的管辖范围内"]);
        (await RowCounts())["Units"].ShouldBe(counts["Units"]);
    }
}
