using System.Net;
using Dangjian.Features.Organizations;
using Dangjian.Features.Rules;
using Dangjian.Features.Transfers;
using Dangjian.Platform.Audit;
using Dangjian.Platform.Rules;
using Dangjian.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Tests.Organizations;

/// <summary>The rules in force, their sources, and regional overrides.</summary>
public class RuleTests(AppFactory app) : DemoApiTest(app)
{
    private const string Validity = "transfer.letter-validity-days";

    private async Task<decimal> ValueFor(long organizationId, string key) =>
        (await Read<ListRules.Response>(await (await As("admin")).GetAsync($"/api/v1/rules?organizationId={organizationId}"))).Rules
        .Single(r => r.Key == key).Value;

    private async Task<ListTransfers.Row> IssuedLetter(long memberId)
    {
        var id = await IssueTransfer(memberId, null);
        return await Read<ListTransfers.Row>(await (await As("admin")).GetAsync($"/api/v1/transfers/{id}"));
    }

    [Fact]
    public async Task Every_rule_of_the_catalogue_is_listed_with_its_default_and_its_source()
    {
        var rules = (await Read<ListRules.Response>(await (await As("zhongyuan")).GetAsync("/api/v1/rules"))).Rules;
        rules.Select(r => r.Key).ShouldBe(RuleCatalog.All.Select(r => r.Key), ignoreOrder: true);
        rules.ShouldAllBe(r => r.Value == r.DefaultValue && r.Source.Length > 0 && r.Title.Length > 0);
        var validity = rules.Single(r => r.Key == Validity);
        validity.Value.ShouldBe(30);
        validity.Source.ShouldContain("中共中央组织部");
    }

    [Fact]
    public async Task A_regional_override_changes_the_letter_validity_for_that_subtree_only()
    {
        var baling = await OrgId(DemoOrgs.Baling);
        var response = await PutJson(await As("weidu"), "/api/v1/rules/overrides", new { ruleKey = Validity, organizationId = baling, value = 60, reason = "魏都区委组织部2026年第3号通知" });
        response.StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var rules = (await Read<ListRules.Response>(await (await As("yanzhong")).GetAsync("/api/v1/rules"))).Rules;
        var validity = rules.Single(r => r.Key == Validity);
        validity.Value.ShouldBe(60);
        validity.Source.ShouldStartWith("本地规定：魏都区委组织部2026年第3号通知");
        (await ValueFor(await OrgId(DemoOrgs.LinshanzhaiFirst), Validity)).ShouldBe(30);
        (await ValueFor(await OrgId(DemoOrgs.Weidu), Validity)).ShouldBe(30, "an override applies below its organization, not above");

        var inside = await IssuedLetter(await CreateMember(await OrgId(DemoOrgs.Second), "灞规甲"));
        inside.ValidUntil.ShouldBe(inside.IssuedOn.AddDays(60));
        var outside = await IssuedLetter(await CreateMember(await OrgId(DemoOrgs.LinshanzhaiFirst), "林规甲"));
        outside.ValidUntil.ShouldBe(outside.IssuedOn.AddDays(30));
    }

    [Fact]
    public async Task The_deepest_override_wins_and_setting_it_again_replaces_the_value()
    {
        var client = await As("admin");
        var yuzhou = await OrgId(DemoOrgs.Yuzhou);
        var hancheng = await OrgId(DemoOrgs.Hancheng);
        (await PutJson(client, "/api/v1/rules/overrides", new { ruleKey = Validity, organizationId = yuzhou, value = 50, reason = "禹州市规定" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await PutJson(client, "/api/v1/rules/overrides", new { ruleKey = Validity, organizationId = hancheng, value = 20, reason = "韩城街道规定" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await ValueFor(await OrgId(DemoOrgs.Yingchuan), Validity)).ShouldBe(50);
        (await ValueFor(await OrgId("韩城街道非公企业联合党支部"), Validity)).ShouldBe(20);

        (await PutJson(client, "/api/v1/rules/overrides", new { ruleKey = Validity, organizationId = hancheng, value = 25, reason = "韩城街道修订" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await ValueFor(hancheng, Validity)).ShouldBe(25);
        (await App.WithDbAsync(db => db.RuleOverrides.CountAsync(r => r.OrganizationId == hancheng && r.RuleKey == Validity))).ShouldBe(1);
    }

    [Fact]
    public async Task A_regional_override_of_the_branch_minimum_changes_the_structure_warning()
    {
        var youyi = await OrgId(DemoOrgs.Youyi);
        var before = await Read<GetOrganization.Response>(await (await As("admin")).GetAsync($"/api/v1/organizations/{youyi}"));
        var fullMembers = before.Members.Full;
        fullMembers.ShouldBeLessThan(3, "the demo's 友谊社区党支部 is small");
        before.Warnings.Select(w => w.Code).ShouldContain("branch-too-small");

        (await PutJson(await As("admin"), "/api/v1/rules/overrides", new
        {
            ruleKey = RuleCatalog.BranchMinimumFullMembers.Key,
            organizationId = await OrgId(DemoOrgs.Minjing),
            value = fullMembers,
            reason = "民警路街道试点",
        })).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var after = await Read<GetOrganization.Response>(await (await As("admin")).GetAsync($"/api/v1/organizations/{youyi}"));
        after.Warnings.Select(w => w.Code).ShouldNotContain("branch-too-small");
    }

    [Fact]
    public async Task Setting_an_override_is_audited_with_who_and_what()
    {
        var village = await OrgId("杨圪塔村党支部");
        (await PutJson(await As("admin"), "/api/v1/rules/overrides", new { ruleKey = Validity, organizationId = village, value = 40, reason = "村支部试点" }))
            .StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await PutJson(await As("admin"), "/api/v1/rules/overrides", new { ruleKey = Validity, organizationId = village, value = 41, reason = "村支部试点修订" }))
            .StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var lines = (await AuditRows(entityType: nameof(RuleOverride))).Where(a => a.After?.Contains("村支部试点") == true).ToList();
        lines.Select(l => l.Action).ShouldBe([AuditActions.Created, AuditActions.Updated]);
        lines.ShouldAllBe(l => l.UserName == "admin" && l.ScopePath == lines[0].ScopePath);
        lines[1].Before!.ShouldContain("40");
        lines[1].After!.ShouldContain("41");
    }

    [Fact]
    public async Task An_override_needs_a_known_rule_a_reason_a_sane_value_and_an_organization_in_the_callers_subtree()
    {
        var counts = await RowCounts();
        var errors = await Problem(await PutJson(await As("zhongyuan"), "/api/v1/rules/overrides", new
        {
            ruleKey = "no.such.rule",
            organizationId = await OrgId(DemoOrgs.Baling),
            value = -1,
            reason = "",
        }));
        errors.Keys.ShouldBe(["ruleKey", "reason", "value", "organizationId"], ignoreOrder: true);
        errors["ruleKey"].ShouldBe(["规则不存在"]);
        errors["reason"].ShouldBe(["依据不能为空"]);

        var after = await RowCounts();
        after["RuleOverrides"].ShouldBe(counts["RuleOverrides"]);
        (await PutJson(await As("baling"), "/api/v1/rules/overrides", new { ruleKey = Validity, organizationId = await OrgId(DemoOrgs.Baling), value = 10, reason = "x" }))
            .StatusCode.ShouldBe(HttpStatusCode.Forbidden, "only an organization department sets regional rules");
    }

    [Fact]
    public async Task An_override_outside_the_range_its_source_allows_is_refused_when_it_is_made()
    {
        var counts = await RowCounts();
        var baling = await OrgId(DemoOrgs.Baling);
        async Task<string[]> Refused(string key, decimal value) =>
            (await Problem(await PutJson(await As("weidu"), "/api/v1/rules/overrides", new { ruleKey = key, organizationId = baling, value, reason = "魏都区规定" })))["value"];

        (await Refused(Validity, 120)).ShouldBe(["“组织关系介绍信有效期（天）”依据规定只能在1到90之间"]);
        (await Refused(Validity, 0)).ShouldBe(["“组织关系介绍信有效期（天）”依据规定只能在1到90之间"]);
        (await Refused(Validity, 30.5m)).ShouldBe(["取值应为整数"]);
        (await Refused(RuleCatalog.BranchCommitteeMaxSize.Key, 9)).ShouldBe(["“支委会委员数上限”依据规定只能在5到7之间"]);
        (await RowCounts()).ShouldBe(counts);

        var rules = (await Read<ListRules.Response>(await (await As("weidu")).GetAsync("/api/v1/rules"))).Rules;
        var validity = rules.Single(r => r.Key == Validity);
        (validity.Minimum, validity.Maximum).ShouldBe((1m, 90m));
        rules.ShouldAllBe(r => r.Minimum <= r.DefaultValue && r.DefaultValue <= r.Maximum);
        (await PutJson(await As("weidu"), "/api/v1/rules/overrides", new { ruleKey = Validity, organizationId = baling, value = 90, reason = "魏都区规定" }))
            .StatusCode.ShouldBe(HttpStatusCode.NoContent, "the edge of the range is allowed");
    }

    private const string Lecture = "meeting.party-lecture.interval-months";

    private async Task<ListRules.RuleView> LectureRule(long organizationId, DateOnly? on = null) =>
        (await Read<ListRules.Response>(await (await As("admin")).GetAsync($"/api/v1/rules?organizationId={organizationId}{(on is { } d ? $"&on={d:yyyy-MM-dd}" : "")}")))
        .Rules.Single(r => r.Key == Lecture);

    [Fact]
    public async Task An_override_for_one_kind_of_unit_reaches_the_branches_of_those_units_only()
    {
        var baling = await OrgId(DemoOrgs.Baling);
        (await PutJson(await As("weidu"), "/api/v1/rules/overrides", new { ruleKey = Lecture, organizationId = baling, unitKind = "Community", value = 1, reason = "灞陵街道：社区党课每月1次" }))
            .StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var community = await LectureRule(await OrgId(DemoOrgs.First));
        community.Value.ShouldBe(1, "延中社区第一党支部 lies in the unit of 延中社区, a community");
        var version = community.Overrides.ShouldHaveSingleItem();
        (version.OrganizationName, version.UnitKindName, version.InForce, version.Value).ShouldBe((DemoOrgs.Baling, "社区", true, 1m));
        (await LectureRule(await OrgId(DemoOrgs.Unmanaged))).Value.ShouldBe(3, "a branch of no community keeps the national value");
    }

    [Fact]
    public async Task A_later_version_takes_effect_on_its_day_and_the_earlier_one_still_judges_the_days_before()
    {
        var hancheng = await OrgId(DemoOrgs.Hancheng);
        var client = await As("admin");
        var from = App.Today.AddDays(10);
        (await PutJson(client, "/api/v1/rules/overrides", new { ruleKey = Lecture, organizationId = hancheng, value = 2, reason = "韩城街道：每两月" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await PutJson(client, "/api/v1/rules/overrides", new { ruleKey = Lecture, organizationId = hancheng, value = 1, reason = "韩城街道：每月", effectiveFrom = from }))
            .StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await LectureRule(hancheng)).Value.ShouldBe(2);
        var later = await LectureRule(hancheng, from);
        later.Value.ShouldBe(1);
        later.Overrides.Select(o => (o.EffectiveFrom, o.Value, o.InForce)).ShouldBe([(from, 1m, true), (App.Today, 2m, false)]);
        (await Problem(await PutJson(client, "/api/v1/rules/overrides", new { ruleKey = Lecture, organizationId = hancheng, value = 1, reason = "补", effectiveFrom = App.Today.AddDays(-1) })))
            ["effectiveFrom"].ShouldBe(["生效日期不能早于今天：已过去的期间按当时的规定评判"]);
        (await Problem(await PutJson(client, "/api/v1/rules/overrides", new { ruleKey = Lecture, organizationId = hancheng, value = 5, reason = "x" })))
            ["value"].ShouldBe(["“党课周期”只能取1、2、3、6、12"]);
    }

    [Fact]
    public async Task Withdrawing_a_regional_value_lets_the_value_above_apply_and_needs_something_to_withdraw()
    {
        var yingchuan = await OrgId(DemoOrgs.Yingchuan);
        var client = await As("admin");
        (await Read<ProblemBody>(await PutJson(client, "/api/v1/rules/overrides", new { ruleKey = Lecture, organizationId = yingchuan, withdraw = true, reason = "撤销" }),
            HttpStatusCode.Conflict)).Detail.ShouldBe("本地区没有设置该规则的取值，无需撤销");
        (await PutJson(client, "/api/v1/rules/overrides", new { ruleKey = Lecture, organizationId = yingchuan, value = 1, reason = "颍川街道试点" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await LectureRule(yingchuan)).Value.ShouldBe(1);
        (await PutJson(client, "/api/v1/rules/overrides", new { ruleKey = Lecture, organizationId = yingchuan, withdraw = true, reason = "试点结束", effectiveFrom = App.Today.AddDays(1) }))
            .StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await LectureRule(yingchuan)).Value.ShouldBe(1, "the withdrawal takes effect tomorrow");
        var tomorrow = await LectureRule(yingchuan, App.Today.AddDays(1));
        (tomorrow.Value, tomorrow.Source).ShouldBe((3m, RuleCatalog.PartyLectureInterval.Source));
    }

    [Fact]
    public async Task An_organization_department_sets_a_regional_value_on_the_rules_page()
    {
        var client = await As("weidu");
        var baling = await OrgId(DemoOrgs.Baling);
        var page = await client.GetStringAsync($"/Rules?organizationId={baling}");
        page.ShouldContain("为中共灞陵街道工作委员会设置本地取值");
        var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        var response = await client.PostAsync($"/Rules?organizationId={baling}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["Input.RuleKey"] = "meeting.joint.interval-months", ["Input.Value"] = "1", ["Input.Reason"] = "灞陵街道：联席会议每月1次",
        }));
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var rules = (await Read<ListRules.Response>(await client.GetAsync($"/api/v1/rules?organizationId={baling}"))).Rules;
        rules.Single(r => r.Key == "meeting.joint.interval-months").Value.ShouldBe(1);
        (await (await As("baling")).GetStringAsync($"/Rules?organizationId={baling}")).ShouldNotContain("设置本地取值", Case.Sensitive, "a committee secretary reads, does not set");
    }
}
