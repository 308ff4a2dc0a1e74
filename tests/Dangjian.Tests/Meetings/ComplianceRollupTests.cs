using System.Net;
using Dangjian.Features.Meetings;
using Dangjian.Features.Organizations;
using Dangjian.Platform.Data;
using Dangjian.Platform.Rules;
using Dangjian.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Tests.Meetings;

/// <summary>
/// The region figures of organization life: the duties and held counts kept on every ancestor in the writing
/// transaction, read back as the summary, which must agree with the grid that judges organization by organization, and
/// with a recount of the tallies after closes, moves, dissolutions and a threshold override.
/// </summary>
public class ComplianceRollupTests(AppFactory app) : DemoApiTest(app)
{
    private static int _branches;

    private async Task<long> Branch(int full, string parent = DemoOrgs.Yanzhong)
    {
        var n = Interlocked.Increment(ref _branches);
        var branch = await CreateOrganization(await OrgId(parent), $"汇总测试第{n}党支部");
        for (var i = 0; i < full; i++)
        {
            await CreateMember(People.Full(branch, $"汇{n}正{i}"));
        }
        return branch;
    }

    private async Task<long> Closed(long organizationId, MeetingKind kind)
    {
        var id = await MeetingReadyToClose(organizationId, kind);
        (await (await As("admin")).PostAsync($"/api/v1/meetings/{id}/close", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        return id;
    }

    private async Task<ComplianceSummary.Response> Summary(long organizationId, string user = "admin") =>
        await Read<ComplianceSummary.Response>(await (await As(user)).GetAsync($"/api/v1/meetings/compliance/summary?organizationId={organizationId}"));

    private ComplianceSummary.Period Current(ComplianceSummary.Response summary, MeetingKind kind) =>
        summary.Kinds.Single(k => k.Kind == kind).Periods.Single(p => p.Start <= App.Today && App.Today <= p.End);

    /// <summary>Every rollup row equals a recount from the organizations' own tallies and duties, spread over their ancestors.</summary>
    private Task AssertRollupsAgreeWithRecount() => App.WithDbAsync(async db =>
    {
        var paths = await db.Organizations.AsNoTracking().ToDictionaryAsync(o => o.Id, o => o.Path);
        var held = new Dictionary<MeetingRollup.Key, int>();
        foreach (var t in await db.MeetingTallies.AsNoTracking().Where(t => t.Count > 0).ToListAsync())
        {
            MeetingRollup.Add(held, paths[t.OrganizationId], t.Kind, t.Months, t.Month, 1);
        }
        var stored = await db.MeetingRollups.AsNoTracking().Where(r => r.Held != 0)
            .ToDictionaryAsync(r => new MeetingRollup.Key(r.OrganizationId, r.Kind, r.Months, r.Month), r => r.Held);
        stored.OrderBy(s => s.Key.ToString()).ShouldBe(held.OrderBy(h => h.Key.ToString()));

        var required = new Dictionary<(long, MeetingKind), int>();
        foreach (var d in await db.MeetingDuties.AsNoTracking().Where(d => d.Required).ToListAsync())
        {
            foreach (var id in OrgPath.Ids(paths[d.OrganizationId]))
            {
                required[(id, d.Kind)] = required.GetValueOrDefault((id, d.Kind)) + 1;
            }
        }
        var storedDuties = await db.MeetingDutyRollups.AsNoTracking().Where(r => r.Required != 0).ToDictionaryAsync(r => (r.OrganizationId, r.Kind), r => r.Required);
        storedDuties.OrderBy(s => s.Key.ToString()).ShouldBe(required.OrderBy(h => h.Key.ToString()));
        return true;
    });

    [Fact]
    public async Task The_summary_of_every_level_agrees_with_the_grid_in_the_current_period_of_every_kind()
    {
        var committee = await Branch(full: 7);
        var small = await Branch(full: 2);
        await Closed(committee, MeetingKind.BranchCommitteeMeeting);
        await Closed(committee, MeetingKind.ThemedPartyDay);
        await Closed(small, MeetingKind.PartyLecture);
        await Closed(await OrgId(DemoOrgs.First), MeetingKind.ThemedPartyDay);

        foreach (var level in new[] { DemoOrgs.Yanzhong, DemoOrgs.Baling, DemoOrgs.Weidu, DemoOrgs.Root })
        {
            var root = await OrgId(level);
            var summary = await Summary(root);
            foreach (var kind in MeetingRules.Kinds)
            {
                var grid = await Read<ComplianceGrid.Response>(await (await As("admin")).GetAsync(
                    $"/api/v1/meetings/compliance/grid?organizationId={root}&kind={kind}"));
                var share = grid.Shares.Single(s => s.Start <= App.Today && App.Today <= s.End);
                var period = Current(summary, kind);
                (level, kind, period.Required, period.Done).ShouldBe((level, kind, share.Required, share.Done));
            }
        }
        var yanzhong = await Summary(await OrgId(DemoOrgs.Yanzhong));
        Current(yanzhong, MeetingKind.ThemedPartyDay).Done.ShouldBeGreaterThanOrEqualTo(2);
        Current(yanzhong, MeetingKind.BranchCommitteeMeeting).Done.ShouldBeGreaterThanOrEqualTo(1);
        await AssertRollupsAgreeWithRecount();
    }

    [Fact]
    public async Task Two_lectures_of_one_quarter_closed_at_once_count_the_branch_once_and_a_moved_branch_takes_its_count_along()
    {
        var branch = await Branch(full: 3);
        var yanzhong = await OrgId(DemoOrgs.Yanzhong);
        var before = Current(await Summary(yanzhong), MeetingKind.PartyLecture);

        var first = await MeetingReadyToClose(branch, MeetingKind.PartyLecture);
        var second = await MeetingReadyToClose(branch, MeetingKind.PartyLecture);
        var admin = await As("admin");
        var closes = await Task.WhenAll(admin.PostAsync($"/api/v1/meetings/{first}/close", null), admin.PostAsync($"/api/v1/meetings/{second}/close", null));
        closes.ShouldAllBe(r => r.StatusCode == HttpStatusCode.NoContent);

        var after = Current(await Summary(yanzhong), MeetingKind.PartyLecture);
        (after.Required, after.Done).ShouldBe((before.Required, before.Done + 1), "the branch held lectures twice: one branch more is done");
        var quarter = MeetingTally.PeriodOf(MeetingTally.MonthOf(App.Today), 3);
        (await App.WithDbAsync(db => db.MeetingTallies.SingleAsync(t => t.OrganizationId == branch && t.Kind == MeetingKind.PartyLecture && t.Months == 3 && t.Month == quarter)))
            .Count.ShouldBe(2);
        await AssertRollupsAgreeWithRecount();

        var linshanzhai = await OrgId(DemoOrgs.Linshanzhai);
        var thereBefore = Current(await Summary(linshanzhai), MeetingKind.PartyLecture);
        (await PostJson(admin, $"/api/v1/organizations/{branch}/move", new { newParentId = linshanzhai })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var left = Current(await Summary(yanzhong), MeetingKind.PartyLecture);
        (left.Required, left.Done).ShouldBe((before.Required - 1, before.Done));
        var arrived = Current(await Summary(linshanzhai), MeetingKind.PartyLecture);
        (arrived.Required, arrived.Done).ShouldBe((thereBefore.Required + 1, thereBefore.Done + 1));
        await AssertRollupsAgreeWithRecount();
        await AssertPathsAgreeWithTree();
    }

    [Fact]
    public async Task A_branch_must_hold_committee_meetings_from_its_seventh_full_member_or_from_a_regions_lower_threshold()
    {
        var yanzhong = await OrgId(DemoOrgs.Yanzhong);
        var start = Current(await Summary(yanzhong), MeetingKind.BranchCommitteeMeeting).Required;
        var branch = await Branch(full: 6);
        Current(await Summary(yanzhong), MeetingKind.BranchCommitteeMeeting).Required.ShouldBe(start);
        await CreateMember(People.Full(branch, "第七名正式党员"));
        Current(await Summary(yanzhong), MeetingKind.BranchCommitteeMeeting).Required.ShouldBe(start + 1);

        var five = await Branch(full: 5);
        var rule = new { ruleKey = RuleCatalog.BranchCommitteeAtFullMembers.Key, organizationId = yanzhong, value = 5, reason = "延中社区：正式党员5人以上设支委会" };
        (await PutJson(await As("weidu"), "/api/v1/rules/overrides", rule)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        try
        {
            var lowered = Current(await Summary(yanzhong), MeetingKind.BranchCommitteeMeeting).Required;
            lowered.ShouldBeGreaterThanOrEqualTo(start + 2, "the branch of five now counts, and so does any other of five or six");
            (await App.WithDbAsync(db => db.MeetingDuties.SingleAsync(d => d.OrganizationId == five && d.Kind == MeetingKind.BranchCommitteeMeeting)))
                .ShouldSatisfyAllConditions(d => d.Required.ShouldBeTrue(), d => d.Threshold.ShouldBe(5));
            await AssertRollupsAgreeWithRecount();
        }
        finally
        {
            (await PutJson(await As("weidu"), "/api/v1/rules/overrides", new { rule.ruleKey, rule.organizationId, withdraw = true, reason = "试点结束" }))
                .StatusCode.ShouldBe(HttpStatusCode.NoContent);
        }
        Current(await Summary(yanzhong), MeetingKind.BranchCommitteeMeeting).Required.ShouldBe(start + 1);

        var empty = await Branch(full: 0);
        var withEmpty = Current(await Summary(yanzhong), MeetingKind.ThemedPartyDay).Required;
        (await (await As("admin")).PostAsync($"/api/v1/organizations/{empty}/dissolve", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        Current(await Summary(yanzhong), MeetingKind.ThemedPartyDay).Required.ShouldBe(withEmpty - 1, "a dissolved branch holds nothing");
        await AssertRollupsAgreeWithRecount();
    }

    [Fact]
    public async Task A_region_that_lectures_yearly_under_a_quarterly_street_is_done_in_every_quarter_of_its_year()
    {
        var branch = await Branch(full: 3);
        var yanzhong = await OrgId(DemoOrgs.Yanzhong);
        var baling = await OrgId(DemoOrgs.Baling);
        await Closed(branch, MeetingKind.PartyLecture);
        // Dated to the first of January, which the page refuses (an override starts today or later): written directly.
        var yearStart = new DateOnly(App.Today.Year, 1, 1);
        var path = await App.WithDbAsync(db => db.Organizations.Where(o => o.Id == yanzhong).Select(o => o.Path).SingleAsync());
        await App.WithDbAsync(async db =>
        {
            db.RuleOverrides.Add(new RuleOverride
            {
                RuleKey = RuleCatalog.PartyLectureInterval.Key, OrganizationId = yanzhong, OrganizationPath = path, UnitKind = "", EffectiveFrom = yearStart,
                Value = 12, Reason = "延中社区试点：党课每年1次",
            });
            await db.SaveChangesAsync();
            return true;
        });
        try
        {
            var summary = await Summary(baling);
            var lectures = summary.Kinds.Single(k => k.Kind == MeetingKind.PartyLecture);
            lectures.Periods.Select(p => p.Label).ShouldBe(["第一季度", "第二季度", "第三季度", "第四季度"]);
            lectures.Approximate.ShouldBeFalse();
            var grid = await Read<ComplianceGrid.Response>(await (await As("admin")).GetAsync(
                $"/api/v1/meetings/compliance/grid?organizationId={baling}&kind=PartyLecture"));
            grid.Rows.Single(r => r.OrganizationId == branch).Months.ShouldAllBe(c => c.State == ComplianceState.Done);
            foreach (var (period, share) in lectures.Periods.Zip(grid.Shares))
            {
                (period.Label, period.Done).ShouldBe((share.Label, share.Done));
            }
            lectures.Periods[0].Done.ShouldBeGreaterThanOrEqualTo(1, "the yearly region's lecture counts in the first quarter too");
        }
        finally
        {
            await App.WithDbAsync(db => db.RuleOverrides.Where(r => r.OrganizationId == yanzhong && r.RuleKey == RuleCatalog.PartyLectureInterval.Key)
                .BypassingSaveSteps("test arrangement undone").ExecuteDeleteAsync());
        }
    }

    [Fact]
    public async Task The_grid_exports_as_a_sheet_with_each_organizations_months_and_the_shares()
    {
        var branch = await Branch(full: 2);
        await Closed(branch, MeetingKind.ThemedPartyDay);
        var yanzhong = await OrgId(DemoOrgs.Yanzhong);
        var response = await (await As("baling")).GetAsync($"/api/v1/meetings/compliance/grid.xlsx?organizationId={yanzhong}&kind=ThemedPartyDay");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe(ComplianceGridSheet.ContentType);
        var xlsx = await response.Content.ReadAsByteArrayAsync();
        Dangjian.Tests.Members.ExcelBooks.SchemaErrors(xlsx).ShouldBeEmpty();
        var rows = Dangjian.Tests.Members.ExcelBooks.Read(xlsx);
        rows[0].Take(4).ShouldBe(["组织", "类别", "说明", "1月"]);
        var grid = await Read<ComplianceGrid.Response>(await (await As("baling")).GetAsync(
            $"/api/v1/meetings/compliance/grid?organizationId={yanzhong}&kind=ThemedPartyDay"));
        var name = await App.WithDbAsync(db => db.Organizations.Where(o => o.Id == branch).Select(o => o.Name).SingleAsync());
        var line = rows.Single(r => (r[0] as string)?.Trim('　') == name);
        line[2 + App.Today.Month].ShouldBe("已完成");
        rows.ShouldContain(r => (r[0] as string) == grid.Shares[App.Today.Month - 1].Label && Convert.ToInt32(r[2]) == grid.Shares[App.Today.Month - 1].Done);
        (await Problem(await (await As("baling")).GetAsync($"/api/v1/meetings/compliance/grid.xlsx?organizationId={yanzhong}")))["kind"].ShouldBe(["请选择会议类型"]);
    }

    [Fact]
    public void The_span_of_a_regions_periods_is_the_kept_period_that_holds_them()
    {
        var q1 = (new DateOnly(2026, 1, 1), new DateOnly(2026, 3, 31));
        ComplianceSummary.Span(1, q1.Item1, q1.Item2).ShouldBe((3, 202601, true));
        ComplianceSummary.Span(12, q1.Item1, q1.Item2).ShouldBe((12, 202601, true));
        ComplianceSummary.Span(6, new DateOnly(2026, 10, 1), new DateOnly(2026, 12, 31)).ShouldBe((6, 202607, true));
        // Two-month periods over the first quarter reach into April: no kept period is January to April.
        ComplianceSummary.Span(2, q1.Item1, q1.Item2).ShouldBe((6, 202601, false));
        ComplianceSummary.Span(3, new DateOnly(2026, 3, 1), new DateOnly(2026, 4, 30)).ShouldBe((6, 202601, true));
        ComplianceSummary.Span(1, new DateOnly(2026, 12, 1), new DateOnly(2026, 12, 31)).ShouldBe((1, 202612, true));
    }

    [Fact]
    public void A_dissolved_organization_has_no_duties_and_a_branchs_committee_row_keeps_its_threshold()
    {
        MeetingDuties.Judge(1, OrganizationKind.Branch, dissolved: true, 20, 7).ShouldBeEmpty();
        var branch = MeetingDuties.Judge(1, OrganizationKind.Branch, dissolved: false, 6, 7).ToList();
        branch.Single(d => d.Kind == MeetingKind.BranchCommitteeMeeting).ShouldSatisfyAllConditions(d => d.Required.ShouldBeFalse(), d => d.Threshold.ShouldBe(7));
        MeetingDuties.Judge(1, OrganizationKind.Branch, dissolved: false, 7, 7).Single(d => d.Kind == MeetingKind.BranchCommitteeMeeting).Required.ShouldBeTrue();
        branch.Where(d => d.Kind != MeetingKind.BranchCommitteeMeeting).ShouldAllBe(d => d.Required && d.Threshold == null);
        var general = MeetingDuties.Judge(2, OrganizationKind.GeneralBranch, dissolved: false, 0, 7).Single(d => d.Kind == MeetingKind.BranchCommitteeMeeting);
        (general.Required, general.Threshold).ShouldBe((true, null));
        MeetingDuties.Judge(3, OrganizationKind.WorkingCommittee, dissolved: false, 0, 7).Select(d => d.Kind)
            .ShouldBe([MeetingKind.DemocraticLifeMeeting, MeetingKind.JointMeeting], ignoreOrder: true);
    }
}
