using System.Net;
using System.Security.Claims;
using System.Text.RegularExpressions;
using Dangjian.Features.Members;
using Dangjian.Features.Organizations;
using Dangjian.Features.Transfers;
using Dangjian.Platform.Audit;
using Dangjian.Platform.Data;
using Dangjian.Platform.Http;
using Dangjian.Platform.Security;
using Dangjian.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dangjian.Tests.Access;

/// <summary>The scope-checked look-up itself, and the places where an id once slipped past it.</summary>
public partial class ScopeTests(AppFactory app) : DemoApiTest(app)
{
    private async Task<(string Status, string Body)> Answer(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        return (response.StatusCode.ToString(), await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_denied_look_up_neither_saves_nor_drops_the_callers_pending_changes()
    {
        var outsider = await SomeMemberOf(await OrgId(DemoOrgs.Guangming));
        var corridor = await OrgId(DemoOrgs.CorridorOne);
        await AsSignedIn("yanzhong", async (db, scope) =>
        {
            var pending = await db.Organizations.SingleAsync(o => o.Id == corridor);
            pending.Name = "尚未保存的名称";

            (await scope.FindAsync(db.Members, outsider, CancellationToken.None)).ShouldBeNull();

            db.Entry(pending).State.ShouldBe(EntityState.Modified, "the caller's change is still tracked");
            (await Org(corridor)).Name.ShouldBe(DemoOrgs.CorridorOne, "and was not saved by the audit line");
            (await AuditRows(AuditActions.AccessDenied, nameof(Member), outsider.ToString())).ShouldContain(a => a.UserName == "yanzhong");
        });
    }

    [Fact]
    public async Task A_part_time_committee_member_names_only_a_unit_of_the_callers_area()
    {
        var foreignUnit = await CreateUnit(await OrgId(DemoOrgs.Linshanzhai), "林山寨驻区某公司");
        var baling = await As("baling");
        var yanzhong = await OrgId(DemoOrgs.Yanzhong);
        var counts = await RowCounts();

        var outside = await PostJson(baling, $"/api/v1/organizations/{yanzhong}/part-time-committee-members", new { name = "越界兼职", unitId = foreignUnit });
        var absent = await PostJson(baling, $"/api/v1/organizations/{yanzhong}/part-time-committee-members", new { name = "越界兼职", unitId = 999999 });

        (await Problem(outside))["unitId"].ShouldBe(["驻区单位不存在或不在您的管辖范围内"]);
        (await outside.Content.ReadAsStringAsync()).ShouldBe(await absent.Content.ReadAsStringAsync());
        (await RowCounts())["PartTimeCommitteeMembers"].ShouldBe(counts["PartTimeCommitteeMembers"]);
        (await AuditRows(AuditActions.AccessDenied, nameof(Unit), foreignUnit.ToString())).ShouldContain(a => a.UserName == "baling");
    }

    [Fact]
    public async Task The_party_groups_of_another_area_are_listed_as_those_of_no_organization()
    {
        var guangming = await OrgId(DemoOrgs.Guangming);
        await CreateOrganization(guangming, "光明社区越界党小组", OrganizationKind.PartyGroup);
        var compound = await OrgId(DemoOrgs.Compound);
        var client = await As("baling");
        var url = "/Members/Edit?handler=Groups&Input.OrganizationId=";

        (await client.GetStringAsync(url + compound)).ShouldContain(DemoOrgs.CorridorOne);
        var outside = await Answer(client, url + guangming);
        outside.Body.ShouldNotContain("光明社区越界党小组");
        outside.ShouldBe(await Answer(client, url + 999999));
        (await AuditRows(AuditActions.AccessDenied, nameof(Organization), guangming.ToString())).ShouldContain(a => a.UserName == "baling");
    }

    [Fact]
    public async Task A_refused_letter_shows_again_only_an_organization_the_directory_lists()
    {
        var member = await CreateMember(await OrgId(DemoOrgs.First), "回显测试甲");
        var hidden = await CreateOrganization(await OrgId(DemoOrgs.Guangming), "光明社区回显党小组", OrganizationKind.PartyGroup);
        var listed = await OrgId(DemoOrgs.Youyi);
        var client = await As("yanzhong");
        var url = $"/Transfers/New?memberId={member}";
        var letters = (await RowCounts())["Transfers"];
        var token = Token().Match(await client.GetStringAsync(url)).Groups[1].Value;

        async Task<string> Refused(long toOrganizationId)
        {
            // No letter number: the letter is refused and the form shown again.
            var response = await client.PostAsync(url, new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token,
                ["Input.ToOrganizationId"] = toOrganizationId.ToString(),
                ["Input.DuesPaidThrough"] = "2026-10",
            }));
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            return await response.Content.ReadAsStringAsync();
        }

        (await Refused(listed)).ShouldContain(DemoOrgs.Youyi, Case.Sensitive, "an organization the directory lists is shown again");
        (await Refused(hidden)).ShouldNotContain("光明社区回显党小组");
        (await RowCounts())["Transfers"].ShouldBe(letters);
    }

    [Fact]
    public async Task A_two_character_search_never_shows_a_member_outside_even_through_a_stray_window_row()
    {
        var outsider = await CreateMember(await OrgId(DemoOrgs.Guangming), "越界窗口者");
        var first = await Org(await OrgId(DemoOrgs.First));
        // A window row that disagrees with its member (filed under 延中社区第一党支部) must not bring the member in.
        var stray = new MemberNameGram { Gram = "隐匿", MemberId = outsider, OrgPath = first.Path, NamePinyin = "yuejiechuangkouzhe" };
        await App.WithDbAsync(async db =>
        {
            db.MemberNameGrams.Add(stray);
            return await db.SaveChangesAsync();
        });
        try
        {
            var found = await Read<SearchMembers.Response>(await (await As("yanzhong")).GetAsync("/api/v1/members?q=隐匿"));
            found.Items.ShouldNotContain(r => r.Id == outsider);
        }
        finally
        {
            await App.WithDbAsync(db => db.MemberNameGrams.Where(g => g.MemberId == outsider && g.OrgPath == first.Path).ExecuteDeleteAsync());
        }
    }

    [Fact]
    public async Task A_unit_and_a_letter_are_read_by_id_inside_the_area_and_are_absent_outside()
    {
        var unit = await CreateUnit(await OrgId(DemoOrgs.Linshanzhai), "林山寨可查单位");
        (await Read<ListUnits.View>(await (await As("zhongyuan")).GetAsync($"/api/v1/units/{unit}"))).Name.ShouldBe("林山寨可查单位");
        var baling = await As("baling");
        (await Answer(baling, $"/api/v1/units/{unit}")).ShouldBe(await Answer(baling, "/api/v1/units/999999"));
        (await Answer(baling, $"/api/v1/units/{unit}")).Status.ShouldBe(nameof(HttpStatusCode.NotFound));

        var member = await CreateMember(await OrgId(DemoOrgs.First), "可查介绍信甲");
        var letter = await IssueTransfer(member, await OrgId(DemoOrgs.Guangming));
        var issuing = await Read<ListTransfers.Row>(await (await As("yanzhong")).GetAsync($"/api/v1/transfers/{letter}"));
        (issuing.Outgoing, issuing.CanCancel, issuing.CanReceive).ShouldBe((true, true, false));
        var receiving = await Read<ListTransfers.Row>(await (await As("minjing")).GetAsync($"/api/v1/transfers/{letter}"));
        (receiving.Incoming, receiving.CanReceive, receiving.MemberName).ShouldBe((true, true, "可查介绍信甲"));
        var zhongyuan = await As("zhongyuan");
        (await Answer(zhongyuan, $"/api/v1/transfers/{letter}")).ShouldBe(await Answer(zhongyuan, "/api/v1/transfers/999999"));
    }

    [Fact]
    public async Task Coverage_is_given_for_any_organization_in_scope_and_absent_outside()
    {
        var linshanzhai = await Org(await OrgId(DemoOrgs.Linshanzhai));
        var expected = await App.WithDbAsync(db => db.Units.CountAsync(u => u.AreaPath.StartsWith(linshanzhai.Path)));

        var report = await Read<UnitCoverage.Report>(await (await As("admin")).GetAsync($"/api/v1/units/coverage?organizationId={linshanzhai.Id}"));
        report.OrganizationId.ShouldBe(linshanzhai.Id);
        report.Units.ShouldBe(expected);
        report.ByKind.Sum(k => k.All.Units).ShouldBe(expected);
        report.ByKind.ShouldAllBe(k => k.AboveScale.Units + k.Small.Units == k.All.Units);

        var baling = await As("baling");
        var outside = await Answer(baling, $"/api/v1/units/coverage?organizationId={linshanzhai.Id}");
        outside.Status.ShouldBe(nameof(HttpStatusCode.NotFound));
        outside.ShouldBe(await Answer(baling, "/api/v1/units/coverage?organizationId=999999"));
    }

    private static UnitCoverage.Figures Enterprises(UnitCoverage.Report report, bool aboveScale) =>
        report.ByKind.SingleOrDefault(k => k.Kind == UnitKind.PrivateEnterprise) is { } kind ? aboveScale ? kind.AboveScale : kind.Small
            : new UnitCoverage.Figures(0, 0, 0, 0, 0, 0, 0, 0);

    [Fact]
    public async Task A_unit_has_members_when_its_own_branch_has_member_records_whatever_it_reported()
    {
        var yingchuan = await OrgId(DemoOrgs.Yingchuan);
        var admin = await As("admin");
        async Task<UnitCoverage.Report> Coverage() => await Read<UnitCoverage.Report>(await admin.GetAsync($"/api/v1/units/coverage?organizationId={yingchuan}"));

        var start = await Coverage();
        var unit = await Read<Created>(await PostJson(admin, "/api/v1/units", new
        {
            name = "颍川规上机械厂", kind = "PrivateEnterprise", isAboveScale = true, areaOrganizationId = yingchuan, partyMemberCount = 0, employeeCount = 300,
        }), HttpStatusCode.Created);
        var branch = await Read<Created>(await PostJson(admin, "/api/v1/organizations", new { parentId = yingchuan, name = "颍川规上机械厂党支部", kind = "Branch", unitId = unit.Id }), HttpStatusCode.Created);
        var empty = await Coverage();
        Enterprises(empty, aboveScale: true).WithOwnOrganization.ShouldBe(Enterprises(start, aboveScale: true).WithOwnOrganization + 1);
        Enterprises(empty, aboveScale: true).WithoutMembers.ShouldBe(Enterprises(start, aboveScale: true).WithoutMembers + 1, "its branch has no member yet");

        foreach (var name in new[] { "机械甲", "机械乙", "机械丙" })
        {
            await CreateMember(branch.Id, name);
        }
        var staffed = await Coverage();
        Enterprises(staffed, aboveScale: true).WithoutMembers.ShouldBe(Enterprises(start, aboveScale: true).WithoutMembers, "three member records, though the unit reported 0");
        Enterprises(staffed, aboveScale: false).ShouldBe(Enterprises(start, aboveScale: false));

        await PostJson(admin, "/api/v1/units", new { name = "颍川小微商店", kind = "PrivateEnterprise", areaOrganizationId = yingchuan, partyMemberCount = 2, employeeCount = 5 });
        var small = await Coverage();
        Enterprises(small, aboveScale: false).WithMembersNoOrganization.ShouldBe(Enterprises(start, aboveScale: false).WithMembersNoOrganization + 1);
        small.WithMembersNoOrganization.ShouldBe(start.WithMembersNoOrganization + 1);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
