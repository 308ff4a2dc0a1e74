using System.Net;
using Dangjian.Features.Demo;
using Dangjian.Features.ReportIn;
using Dangjian.Platform.Activity;
using Dangjian.Platform.Http;
using Dangjian.Platform.Security;
using Dangjian.Platform.Time;
using Dangjian.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dangjian.Tests.Wishes;

/// <summary>
/// Double report-in over HTTP: a member and a unit's organization report in, the community confirms or refuses; the
/// public card; activities with a quota (many at once for the last places), sign-in on the day; hours reported and
/// verified, 8小时外 by the unit kind's working time; the quarterly report and the region's figures.
/// </summary>
public class ReportInTests(AppFactory app) : DemoApiTest(app)
{
    private static int _accounts;

    private Task<long> Yanzhong => OrgId(DemoOrgs.Yanzhong);

    /// <summary>A member account for a member record, signed in with the demo password.</summary>
    private async Task<string> MemberAccount(long memberId)
    {
        var name = $"bd{Interlocked.Increment(ref _accounts)}";
        await using var scope = App.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var organization = await App.WithDbAsync(db => db.Members.Where(m => m.Id == memberId).Select(m => m.OrganizationId).SingleAsync());
        (await users.CreateAsync(new AppUser { UserName = name, DisplayName = name, Role = AppRole.Member, OrganizationId = organization, MemberId = memberId },
            DemoData.Password)).Succeeded.ShouldBeTrue();
        return name;
    }

    private async Task<long> Registration(string user, object body) =>
        (await Read<Created>(await PostJson(await As(user), "/api/v1/report-in/registrations", body), HttpStatusCode.Created)).Id;

    private async Task<long> MemberRegistration(string user, long communityId, string offers = "") =>
        (await Read<Created>(await PostJson(await As(user), "/api/v1/me/report-in/registrations", new { communityId, offers }), HttpStatusCode.Created)).Id;

    private async Task Confirm(long id, string by = "baling") =>
        (await PostJson(await As(by), $"/api/v1/report-in/registrations/{id}/decide", new { confirm = true })).StatusCode.ShouldBe(HttpStatusCode.NoContent);

    private async Task<long> Activity(DateTimeOffset starts, int hours = 2, int quota = 10) =>
        (await Read<Created>(await PostJson(await As("baling"), "/api/v1/report-in/activities", new
        {
            communityId = await Yanzhong, title = "楼院环境整治", description = "清理楼道杂物", place = "延中小区", startsAt = starts, endsAt = starts.AddHours(hours), quota,
        }), HttpStatusCode.Created)).Id;

    /// <summary>Tomorrow at the given Beijing hour.</summary>
    private DateTimeOffset Tomorrow(int hour) => BeijingDay.Start(App.Today.AddDays(1)).AddHours(hour);

    [Fact]
    public async Task A_member_reports_in_the_community_confirms_and_the_hours_they_report_are_verified_into_the_record()
    {
        var memberId = await SomeMemberOf(await OrgId(DemoOrgs.Second));
        var user = await MemberAccount(memberId);
        var id = await MemberRegistration(user, await Yanzhong, "理发、修家电");
        (await Read<ProblemBody>(await PostJson(await As(user), "/api/v1/me/report-in/registrations", new { communityId = await OrgId(DemoOrgs.LinshanzhaiFirst) }),
            HttpStatusCode.Conflict)).Detail.ShouldBe($"已向{DemoOrgs.Yanzhong}报到（待社区确认），如要改到别的社区，请先结束原来的报到");
        // Not yet confirmed: no hours may be reported to the community.
        var member = await As(user);
        var yesterday = App.Today.AddDays(-1);
        (await Problem(await PostJson(member, "/api/v1/me/report-in/hours", new { communityId = await Yanzhong, date = yesterday, from = "19:00", to = "21:00", what = "x" })))
            ["communityId"].ShouldBe(["请选择您已报到的社区"]);
        (await Problem(await PostJson(await As("baling"), $"/api/v1/report-in/registrations/{id}/decide", new { confirm = false })))["reason"].ShouldBe(["不同意的原因不能为空"]);
        await Confirm(id);
        (await Read<ProblemBody>(await PostJson(await As("baling"), $"/api/v1/report-in/registrations/{id}/decide", new { confirm = true }), HttpStatusCode.Conflict))
            .Detail.ShouldBe("报到已报到，不需要再确认");

        // The card checks out in public, naming the member by surname only.
        var code = await App.WithDbAsync(db => db.ReportInRegistrations.Where(r => r.Id == id).Select(r => r.CardCode).SingleAsync());
        var card = await Read<CheckCard.Response>(await App.AnonymousClient().GetAsync($"/api/v1/public/report-in/{code}"));
        card.StateName.ShouldBe("已报到");
        card.Community.ShouldBe(DemoOrgs.Yanzhong);
        card.Name.ShouldEndWith("*");
        (await App.AnonymousClient().GetAsync("/api/v1/public/report-in/NOSUCHCODE")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        // Two hours after work yesterday: all outside working time.
        var bad = await Problem(await PostJson(member, "/api/v1/me/report-in/hours", new { communityId = await Yanzhong, date = App.Today.AddDays(1), from = "21:00", to = "19:00", what = "" }));
        bad["date"].ShouldBe(["服务日期应在最近90天内，不能晚于今天"]);
        bad["to"].ShouldBe(["结束时间应在开始时间之后，一次最多12小时"]);
        bad["what"].ShouldBe(["做了什么不能为空"]);
        var hours = (await Read<Created>(await PostJson(member, "/api/v1/me/report-in/hours",
            new { communityId = await Yanzhong, date = yesterday, from = "19:00", to = "21:00", what = "陪独居老人聊天、打扫卫生" }), HttpStatusCode.Created)).Id;
        var row = await App.WithDbAsync(db => db.ServiceHours.AsNoTracking().SingleAsync(h => h.Id == hours));
        (row.Hours, row.OutsideHours).ShouldBe((2m, 2m));
        (await Problem(await PostJson(await As("baling"), $"/api/v1/report-in/hours/{hours}/verify", new { })))["approve"].ShouldBe(["请选择核实通过或不通过"]);
        (await PostJson(await As("yanzhong"), $"/api/v1/report-in/hours/{hours}/verify", new { approve = true })).StatusCode.ShouldBe(HttpStatusCode.NotFound,
            "a branch below the community does not verify for it");
        (await PostJson(await As("baling"), $"/api/v1/report-in/hours/{hours}/verify", new { approve = true })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var lines = await App.WithDbAsync(db => db.ActivityEntries.AsNoTracking().Where(a => a.SourceType == nameof(ServiceHours) && a.SourceId == hours).OrderBy(a => a.Id).ToListAsync());
        lines.Select(l => (l.Kind, l.Quantity, l.MemberId)).ShouldBe([(ActivityKinds.ServiceHours, 2m, memberId), (ActivityKinds.ServiceHoursOutsideWork, 2m, memberId)]);

        var mine = await Read<MyReportIn.Response>(await member.GetAsync("/api/v1/me/report-in"));
        mine.ReportedTo.ShouldContain(c => c.Name == DemoOrgs.Yanzhong);
        if (yesterday >= ReportInQuarterStart())
        {
            mine.QuarterHours.ShouldBe(2m);
        }
        var report = await Read<QuarterlyReport.Response>(await (await As("weidu")).GetAsync(
            $"/api/v1/report-in/report?organizationId={await OrgId(DemoOrgs.Second)}&year={yesterday.Year}&quarter={(yesterday.Month + 2) / 3}"));
        report.Members.Single(m => m.MemberId == memberId).ShouldSatisfyAllConditions(
            m => m.Hours.ShouldBe(2m), m => m.OutsideHours.ShouldBe(2m), m => m.ReportedTo.ShouldBe(DemoOrgs.Yanzhong));

        // Ended by the member: the community no longer takes their hours.
        (await PostJson(member, $"/api/v1/me/report-in/registrations/{id}/end", new { reason = "搬家了" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await Problem(await PostJson(member, "/api/v1/me/report-in/hours", new { communityId = await Yanzhong, date = yesterday, from = "8:00", to = "9:00", what = "x" })))
            ["communityId"].ShouldBe(["请选择您已报到的社区"]);
    }

    private DateOnly ReportInQuarterStart() => new(App.Today.Year, (App.Today.Month - 1) / 3 * 3 + 1, 1);

    [Fact]
    public async Task A_units_organization_reports_in_and_its_members_serve_and_the_region_counts_units_and_members_apart()
    {
        var linshanzhai = await OrgId(DemoOrgs.LinshanzhaiFirst);
        // The branch secretary reports the branch in to another district's community; that district confirms.
        var id = await Registration("yanzhong", new { communityId = linshanzhai, offers = "每月一次义诊" });
        (await PostJson(await As("baling"), $"/api/v1/report-in/registrations/{id}/decide", new { confirm = true })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        await Confirm(id, "zhongyuan");
        (await Read<ProblemBody>(await PostJson(await As("yanzhong"), "/api/v1/report-in/registrations", new { communityId = linshanzhai }), HttpStatusCode.Conflict))
            .Detail.ShouldStartWith($"已向{DemoOrgs.LinshanzhaiFirst}报到");
        (await PostJson(await As("dangyuan"), "/api/v1/report-in/registrations", new { communityId = linshanzhai })).StatusCode.ShouldBe(HttpStatusCode.Forbidden,
            "a unit's report-in is its secretary's");

        // A member of the branch serves that community through the branch's report-in.
        var member = await As("dangyuan");
        (await Read<MyReportIn.Response>(await member.GetAsync("/api/v1/me/report-in"))).ReportedTo.ShouldContain(c => c.Id == linshanzhai);
        var figures = await Read<ReportInFigures.Response>(await (await As("zhongyuan")).GetAsync("/api/v1/report-in/figures"));
        figures.Communities.Single(c => c.CommunityId == linshanzhai).Units.ShouldBe(1);
        figures.Units.ShouldBeGreaterThanOrEqualTo(1);
        var member2 = await MemberRegistration(await MemberAccount(await SomeMemberOf(await OrgId(DemoOrgs.Retired))), linshanzhai);
        await Confirm(member2, "zhongyuan");
        var after = await Read<ReportInFigures.Response>(await (await As("zhongyuan")).GetAsync("/api/v1/report-in/figures"));
        after.Communities.Single(c => c.CommunityId == linshanzhai).ShouldSatisfyAllConditions(c => c.Units.ShouldBe(1), c => c.Members.ShouldBe(1));
        (await Read<ReportInFigures.Response>(await (await As("weidu")).GetAsync("/api/v1/report-in/figures"))).Communities
            .ShouldNotContain(c => c.CommunityId == linshanzhai, "the report-ins are counted where the community is");
    }

    [Fact]
    public async Task Of_many_sign_ups_at_once_only_the_quota_gets_places_and_a_member_signs_in_on_the_day()
    {
        var branch = await OrgId(DemoOrgs.Retired);
        var registration = await Registration("baling", new { communityId = await Yanzhong, organizationId = branch });
        await Confirm(registration);
        var members = await App.WithDbAsync(db => db.Members.AsNoTracking().Where(m => m.OrganizationId == branch && m.LeftAt == null).OrderBy(m => m.Id).Select(m => m.Id).Take(20).ToListAsync());
        var users = new List<string>();
        foreach (var m in members)
        {
            users.Add(await MemberAccount(m));
        }
        var activity = await Activity(Tomorrow(19), quota: 5);
        var clients = new List<HttpClient>();
        foreach (var u in users)
        {
            clients.Add(await As(u));
        }
        var responses = await Task.WhenAll(clients.Select(c => PostJson(c, $"/api/v1/me/report-in/activities/{activity}/sign-up", new { })));
        responses.Count(r => r.StatusCode == HttpStatusCode.Created).ShouldBe(5);
        foreach (var r in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
        {
            (await Read<ProblemBody>(r, HttpStatusCode.Conflict)).Detail.ShouldBe("名额已满（5人）");
        }
        (await App.WithDbAsync(db => db.ServiceActivities.AsNoTracking().Where(a => a.Id == activity).Select(a => a.SignedUp).SingleAsync())).ShouldBe(5);
        (await App.WithDbAsync(db => db.ActivitySignUps.CountAsync(x => x.ActivityId == activity))).ShouldBe(5);

        var winner = clients[Array.FindIndex(responses, r => r.StatusCode == HttpStatusCode.Created)];
        (await Read<ProblemBody>(await PostJson(winner, $"/api/v1/me/report-in/activities/{activity}/sign-in", new { }), HttpStatusCode.Conflict))
            .Detail.ShouldStartWith("请在活动当天");
        // A member of another branch, not reported in: the activity is not theirs.
        (await PostJson(await As("minjing"), $"/api/v1/me/report-in/activities/{activity}/sign-up", new { })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        App.Clock.Advance(Tomorrow(19) - App.Clock.GetUtcNow() - TimeSpan.FromMinutes(30));
        var hours = (await Read<Created>(await PostJson(winner, $"/api/v1/me/report-in/activities/{activity}/sign-in", new { }), HttpStatusCode.Created)).Id;
        (await Read<ProblemBody>(await PostJson(winner, $"/api/v1/me/report-in/activities/{activity}/sign-in", new { }), HttpStatusCode.Conflict)).Detail.ShouldBe("您已经签到了");
        var row = await App.WithDbAsync(db => db.ServiceHours.AsNoTracking().SingleAsync(h => h.Id == hours));
        (row.Hours, row.OutsideHours, row.State).ShouldBe((2m, 2m, HoursState.Reported));
        (await Read<Dangjian.Features.Todo.TodoEndpoints.Response>(await (await As("baling")).GetAsync("/api/v1/me/todo"))).Items
            .ShouldContain(t => t.Kind == "report-in-verify" && t.Title.EndsWith(DemoOrgs.Yanzhong));
    }

    [Fact]
    public async Task Working_time_is_a_rule_a_region_sets_per_unit_kind_and_only_hours_outside_it_count()
    {
        // A private enterprise's day ends at 18:00 in this region; the company branch's member serves 16:00–18:30 on a working day.
        // (The class shares its clock: this test moves it on, after the others have taken their own times.)
        var company = await OrgId("禹州钧瓷文化产业有限公司党支部");
        (await PutJson(await As("admin"), "/api/v1/rules/overrides", new
        {
            ruleKey = "workday.end-hour", organizationId = await OrgId(DemoOrgs.Yuzhou), unitKind = "PrivateEnterprise", value = 18, reason = "民营企业作息：8:00—18:00",
        })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var user = await MemberAccount(await SomeMemberOf(company));
        var id = await MemberRegistration(user, await Yanzhong);
        await Confirm(id);
        var day = await App.WithDbAsync(async db =>
        {
            var holidays = await db.CalendarDays.AsNoTracking().Select(d => d.Date).ToListAsync();
            var d = App.Today.AddDays(1);
            while (d.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday || holidays.Contains(d))
            {
                d = d.AddDays(1);
            }
            return d;
        });
        // The region's value is in force from today: the service is on the next working day, reported that evening.
        App.Clock.Advance(BeijingDay.Start(day).AddHours(19) - App.Clock.GetUtcNow());
        var hours = (await Read<Created>(await PostJson(await As(user), "/api/v1/me/report-in/hours",
            new { communityId = await Yanzhong, date = day, from = "16:00", to = "18:30", what = "社区义务讲解" }), HttpStatusCode.Created)).Id;
        var row = await App.WithDbAsync(db => db.ServiceHours.AsNoTracking().SingleAsync(h => h.Id == hours));
        (row.Hours, row.OutsideHours).ShouldBe((2.5m, 0.5m));
    }
}
