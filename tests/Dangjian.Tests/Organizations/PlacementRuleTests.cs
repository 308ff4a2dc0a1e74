using System.Net;
using Dangjian.Features.Organizations;
using Dangjian.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Tests.Organizations;

/// <summary>The placement rules on every write that puts an organization under another, and in its warnings.</summary>
public class PlacementRuleTests(AppFactory app) : DemoApiTest(app)
{
    private async Task<Dictionary<string, string[]>> Create(long parentId, string name, OrganizationKind kind) =>
        await Problem(await PostJson(await As("admin"), "/api/v1/organizations", new { parentId, name, kind }));

    private async Task<GetOrganization.Response> Get(long id) => await Read<GetOrganization.Response>(await (await As("admin")).GetAsync($"/api/v1/organizations/{id}"));

    [Fact]
    public async Task A_party_group_directly_under_a_working_committee_is_refused_and_nothing_is_written()
    {
        var counts = await RowCounts();
        (await Create(await OrgId(DemoOrgs.Baling), "街道直属党小组", OrganizationKind.PartyGroup))["kind"]
            .ShouldBe(["党工委下不能直接设立党小组，党小组应设在党支部之下（依据《中国共产党支部工作条例（试行）》(2018) 第二章）"]);
        (await RowCounts()).ShouldBe(counts);
    }

    [Fact]
    public async Task A_branch_under_a_branch_is_refused_on_create_and_on_move()
    {
        var first = await OrgId(DemoOrgs.First);
        (await Create(first, "支部下的支部", OrganizationKind.Branch))["kind"].ShouldBe(["党支部下只能设立党小组，不能设立党支部（依据《中国共产党支部工作条例（试行）》(2018) 第二章）"]);

        var branch = await CreateOrganization(await OrgId(DemoOrgs.Yanzhong), "待移动党支部");
        var before = await Org(branch);
        var moved = await PostJson(await As("admin"), $"/api/v1/organizations/{branch}/move", new { newParentId = first });
        (await Problem(moved))["newParentId"].ShouldBe(["党支部下只能设立党小组，不能设立党支部（依据《中国共产党支部工作条例（试行）》(2018) 第二章）"]);
        (await Org(branch)).Path.ShouldBe(before.Path);
    }

    [Fact]
    public async Task A_party_group_moves_from_branch_to_branch_but_not_under_a_committee()
    {
        var group = await CreateOrganization(await OrgId(DemoOrgs.First), "可移动党小组", OrganizationKind.PartyGroup);
        (await PostJson(await As("admin"), $"/api/v1/organizations/{group}/move", new { newParentId = await OrgId(DemoOrgs.Second) })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await Org(group)).ParentId.ShouldBe(await OrgId(DemoOrgs.Second));
        (await Problem(await PostJson(await As("admin"), $"/api/v1/organizations/{group}/move", new { newParentId = await OrgId(DemoOrgs.Yanzhong) })))["newParentId"]
            .ShouldBe(["党委下不能直接设立党小组，党小组应设在党支部之下（依据《中国共产党支部工作条例（试行）》(2018) 第二章）"]);
        await AssertDerivedRowsMatchMembers();
    }

    [Fact]
    public async Task A_kind_change_must_fit_both_the_parent_and_the_organizations_below()
    {
        var general = await CreateOrganization(await OrgId(DemoOrgs.Yanzhong), "改类别党总支", OrganizationKind.GeneralBranch);
        await CreateOrganization(general, "改类别党总支第一支部");
        var refused = await PutJson(await As("admin"), $"/api/v1/organizations/{general}", new { name = "改类别党总支", kind = OrganizationKind.Branch });
        (await Problem(refused))["kind"].ShouldBe(["下级有党支部，改为党支部后不符合规定：党支部下只能设立党小组，不能设立党支部（依据《中国共产党支部工作条例（试行）》(2018) 第二章）"]);
        (await Org(general)).Kind.ShouldBe(OrganizationKind.GeneralBranch);

        var compound = await OrgId(DemoOrgs.Compound); // holds the group of building 1
        var toCommittee = await PutJson(await As("admin"), $"/api/v1/organizations/{compound}", new { name = DemoOrgs.Compound, kind = OrganizationKind.Committee });
        (await Problem(toCommittee))["kind"].ShouldBe(["下级有党小组，改为党委后不符合规定：党委下不能直接设立党小组，党小组应设在党支部之下（依据《中国共产党支部工作条例（试行）》(2018) 第二章）"]);
    }

    [Fact]
    public async Task An_irregular_placement_is_saved_and_shown_as_a_warning_beside_the_others()
    {
        var general = await CreateOrganization(await OrgId(DemoOrgs.Yanzhong), "带小组党总支", OrganizationKind.GeneralBranch);
        var group = await CreateOrganization(general, "总支直属党小组", OrganizationKind.PartyGroup);
        var warnings = (await Get(group)).Warnings;
        warnings.Select(w => w.Code).ShouldBe(["placement-irregular"]);
        warnings[0].Message.ShouldBe("党小组一般设在党支部之下，直接设在党总支下不符合常规");
        (await Get(general)).Children.Single(c => c.Id == group).Warnings.ShouldBe(1);
    }

    [Fact]
    public async Task A_branch_with_no_full_members_and_a_twelve_person_committee_shows_both_warnings()
    {
        var branch = await CreateOrganization(await OrgId(DemoOrgs.Yanzhong), "大委员会党支部", committeeSize: 12);
        (await Get(branch)).Warnings.Select(w => w.Code).ShouldBe(["branch-too-small", "committee-too-large"]);
    }

    [Fact]
    public async Task The_move_page_offers_only_the_organizations_a_branch_may_sit_under()
    {
        var branch = await OrgId(DemoOrgs.Second);
        var admin = await As("admin");
        var page = await admin.GetStringAsync($"/Organizations/Move?id={branch}");
        // The move page's picker asks for its options with the allowed kinds; search it as a person would.
        var url = System.Net.WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(page, "hx-get=\"(/Organizations/Pick\\?field=Input.NewParentId[^\"]*)\"").Groups[1].Value);
        url.ShouldNotBeEmpty();
        var options = await admin.GetStringAsync(url + "&orgq=" + Uri.EscapeDataString("延中"));
        var offered = System.Text.RegularExpressions.Regex.Matches(options, "type=\"radio\" name=\"Input.NewParentId\" id=\"[^\"]+\" value=\"(\\d+)\"")
            .Select(m => long.Parse(m.Groups[1].Value)).ToList();
        offered.ShouldNotBeEmpty();
        var kinds = await App.WithDbAsync(db => db.Organizations.Where(o => offered.Contains(o.Id)).Select(o => o.Kind).Distinct().ToListAsync());
        kinds.ShouldBeSubsetOf([OrganizationKind.Committee, OrganizationKind.WorkingCommittee, OrganizationKind.GeneralBranch]);
        offered.ShouldNotContain(await OrgId(DemoOrgs.First));
        offered.ShouldNotContain(branch);
    }
}
