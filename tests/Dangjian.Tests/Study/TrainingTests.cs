using System.Net;
using Dangjian.Features.Study;
using Dangjian.Platform.Activity;
using Dangjian.Platform.Rules;
using Dangjian.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Tests.Study;

/// <summary>
/// Training classes and study delivered home over HTTP: a class's roster (members of its subtree, trainees without a
/// record), attendance and hours, closing into the activity record, a correction after closing that reverses and
/// rewrites the line, the year's hours against the 32-hour rule (at it exactly, and half an hour short), and home visits.
/// </summary>
public class TrainingTests(AppFactory app) : DemoApiTest(app)
{
    private static int _branches;

    private async Task<(long Branch, List<long> Members)> BranchOf(int members)
    {
        var n = Interlocked.Increment(ref _branches);
        var branch = await CreateOrganization(await OrgId(DemoOrgs.Yanzhong), $"学习测试第{n}党支部");
        var ids = new List<long>();
        for (var i = 0; i < members; i++)
        {
            ids.Add(await CreateMember(People.Full(branch, $"学{n}员{i}")));
        }
        return (branch, ids);
    }

    private async Task<long> NewClass(long organizationId, decimal hours, DateOnly? startsOn = null, DateOnly? endsOn = null)
    {
        var body = new
        {
            organizationId, title = "学习贯彻党的二十届四中全会精神专题培训班", organizer = "中共延中社区委员会", place = "社区党群服务中心",
            startsOn = startsOn ?? App.Today.AddDays(-2), endsOn = endsOn ?? App.Today, classHours = hours,
        };
        return (await Read<Created>(await PostJson(await As("admin"), "/api/v1/study/classes", body), HttpStatusCode.Created)).Id;
    }

    private async Task<GetTrainingClass.Response> Get(long id) => await Read<GetTrainingClass.Response>(await (await As("admin")).GetAsync($"/api/v1/study/classes/{id}"));

    private async Task Mark(long id, IEnumerable<(long ParticipantId, bool Attended, decimal? Hours)> marks) =>
        (await PutJson(await As("admin"), $"/api/v1/study/classes/{id}/attendance",
            new { marks = marks.Select(m => new { participantId = m.ParticipantId, attended = m.Attended, hours = m.Hours }) })).StatusCode.ShouldBe(HttpStatusCode.NoContent);

    private Task<decimal> StandingHours(long memberId) => App.WithDbAsync(db => db.ActivityEntries.AsNoTracking()
        .Where(a => a.MemberId == memberId && a.Kind == ActivityKinds.StudyHours).Select(a => a.Quantity).ToListAsync()).ContinueWith(t => t.Result.Sum());

    [Fact]
    public async Task A_class_credits_each_attending_member_and_a_correction_after_closing_reverses_the_line()
    {
        var (branch, members) = await BranchOf(3);
        var id = await NewClass(branch, 16);
        (await PostJson(await As("admin"), $"/api/v1/study/classes/{id}/participants", new { allMembersOf = branch, guests = new[] { "种植户赵大山" } }))
            .StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var training = await Get(id);
        training.Participants.Count.ShouldBe(4);
        training.Participants.Where(p => p.IsMember).Select(p => p.MemberId!.Value).ShouldBe(members, ignoreOrder: true);

        (await Read<ProblemBody>(await (await As("admin")).PostAsync($"/api/v1/study/classes/{id}/close", null), HttpStatusCode.Conflict))
            .Detail!.ShouldStartWith("还有4名学员没有登记出勤");
        var byMember = training.Participants.ToDictionary(p => p.MemberId ?? 0, p => p.Id);
        await Mark(id, [(byMember[members[0]], true, null), (byMember[members[1]], true, 8), (byMember[members[2]], false, null), (byMember[0], true, null)]);
        (await Problem(await PutJson(await As("admin"), $"/api/v1/study/classes/{id}/attendance",
            new { marks = new[] { new { participantId = byMember[members[1]], attended = true, hours = 17m } } })))["marks[0].hours"]
            .ShouldBe(["学时应大于0、不超过16，以0.5学时为单位"]);
        (await (await As("admin")).PostAsync($"/api/v1/study/classes/{id}/close", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await StandingHours(members[0])).ShouldBe(16);
        (await StandingHours(members[1])).ShouldBe(8);
        (await StandingHours(members[2])).ShouldBe(0);
        var lines = await App.WithDbAsync(db => db.ActivityEntries.AsNoTracking().Where(a => a.SourceType == nameof(TrainingClass) && a.SourceId == id).ToListAsync());
        lines.Count.ShouldBe(2, "the trainee without a member record and the absent member get no line");
        lines.ShouldAllBe(l => l.Detail == StudyDetails.TrainingClass && l.OccurredOn == App.Today);

        await Mark(id, [(byMember[members[1]], true, 12)]);
        (await StandingHours(members[1])).ShouldBe(12);
        var corrected = await App.WithDbAsync(db => db.ActivityEntries.AsNoTracking()
            .Where(a => a.SourceType == nameof(TrainingClass) && a.SourceId == id && a.MemberId == members[1]).OrderBy(a => a.Id).ToListAsync());
        corrected.Select(l => l.Quantity).ShouldBe([8m, -8m, 12m]);
        corrected[1].Reverses.ShouldBe(corrected[0].Id);
        (await AuditRows(entityType: nameof(TrainingParticipant))).ShouldContain(a => a.Action == Dangjian.Platform.Audit.AuditActions.Updated);
    }

    [Fact]
    public async Task A_class_closes_only_once_its_last_day_has_come_and_takes_only_members_of_its_subtree()
    {
        var (branch, members) = await BranchOf(1);
        var id = await NewClass(branch, 4, App.Today, App.Today.AddDays(3));
        var outsider = await SomeMemberOf(await OrgId(DemoOrgs.Guangming));
        var problem = await Problem(await PostJson(await As("admin"), $"/api/v1/study/classes/{id}/participants", new { memberIds = new[] { members[0], outsider } }));
        problem["memberIds[1]"].ShouldBe(["该党员不在举办组织及其下级组织中"]);
        (await Get(id)).Participants.ShouldBeEmpty("a refused roster adds no one");
        (await PostJson(await As("admin"), $"/api/v1/study/classes/{id}/participants", new { memberIds = new[] { members[0] } })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await Read<ProblemBody>(await (await As("admin")).PostAsync($"/api/v1/study/classes/{id}/close", null), HttpStatusCode.Conflict))
            .Detail!.ShouldContain("才结业");

        var bad = await Problem(await PostJson(await As("admin"), "/api/v1/study/classes",
            new { organizationId = branch, title = "", organizer = "社区", startsOn = App.Today, endsOn = App.Today.AddDays(-1), classHours = 0.3m }));
        bad.Keys.ShouldBe(["title", "endsOn", "classHours"], ignoreOrder: true);
    }

    [Fact]
    public async Task The_year_s_hours_are_judged_against_the_32_hour_rule_at_its_edge_and_home_study_counts()
    {
        var (branch, members) = await BranchOf(3);
        var first = await NewClass(branch, 24);
        (await PostJson(await As("admin"), $"/api/v1/study/classes/{first}/participants", new { memberIds = members })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var roster = (await Get(first)).Participants.ToDictionary(p => p.MemberId!.Value, p => p.Id);
        await Mark(first, [(roster[members[0]], true, null), (roster[members[1]], true, null), (roster[members[2]], true, 20)]);
        (await (await As("admin")).PostAsync($"/api/v1/study/classes/{first}/close", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        // 24 + 8 at home = 32 exactly: met. 24 + 7.5 = 31.5: half an hour short.
        var visitor = members[2];
        async Task<HttpResponseMessage> Visit(long member, decimal hours) => await PostJson(await As("admin"), "/api/v1/study/home-visits", new
        {
            memberId = member, reason = "Elderly", visitedOn = App.Today, content = "学习《中国共产党章程》，读报讲解", hours, visitorMemberIds = new[] { visitor },
            otherVisitors = "社区志愿者刘芳",
        });
        var visit = (await Read<Created>(await Visit(members[0], 8), HttpStatusCode.Created)).Id;
        (await Read<Created>(await Visit(members[1], 7.5m), HttpStatusCode.Created)).Id.ShouldBeGreaterThan(0);

        var hours = await Read<MemberStudyHours.Response>(await (await As("admin")).GetAsync($"/api/v1/study/hours?organizationId={branch}"));
        (hours.Target, hours.Members, hours.Met, hours.Unmet).ShouldBe((32m, 3, 1, 2));
        hours.TargetSource.ShouldContain("32学时");
        hours.Rows.Select(r => (r.MemberId, r.Hours, r.Met)).ShouldBe([(members[2], 20m, false), (members[1], 31.5m, false), (members[0], 32m, true)]);

        var visits = await Read<List<ListHomeStudy.Row>>(await (await As("admin")).GetAsync($"/api/v1/study/home-visits?organizationId={branch}"));
        var visitorName = (await MemberRow(visitor)).Name;
        visits.ShouldContain(v => v.Id == visit && v.VisitorNames == $"{visitorName}、社区志愿者刘芳" && v.ReasonName == "年老体弱");
        var service = await App.WithDbAsync(db => db.ActivityEntries.AsNoTracking().Where(a => a.MemberId == visitor && a.Kind == ActivityKinds.HomeStudy).CountAsync());
        service.ShouldBe(2, "the visiting member's service is recorded for each visit");

        (await (await As("admin")).PostAsync($"/api/v1/study/home-visits/{visit}/withdraw", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await StandingHours(members[0])).ShouldBe(24);
        (await Read<ProblemBody>(await (await As("admin")).PostAsync($"/api/v1/study/home-visits/{visit}/withdraw", null), HttpStatusCode.Conflict)).Detail!.ShouldContain("已撤销");

        var refused = await Problem(await PostJson(await As("admin"), "/api/v1/study/home-visits",
            new { memberId = members[0], visitedOn = App.Today.AddDays(1), content = "", hours = 9, visitorMemberIds = new[] { members[0] } }));
        refused.Keys.ShouldBe(["reason", "visitedOn", "content", "hours", "visitorMemberIds[0]"], ignoreOrder: true);
    }

    [Fact]
    public async Task A_region_may_ask_for_more_hours_never_fewer()
    {
        var (branch, members) = await BranchOf(1);
        RuleCatalog.StudyHoursPerYear.RefusalOf(31).ShouldNotBeNull();
        RuleCatalog.StudyHoursPerYear.RefusalOf(40).ShouldBeNull();
        (await PutJson(await As("admin"), "/api/v1/rules/overrides", new { organizationId = branch, ruleKey = RuleCatalog.StudyHoursPerYear.Key, value = 40, reason = "本区要求党员每年不少于40学时" }))
            .StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var hours = await Read<MemberStudyHours.Response>(await (await As("admin")).GetAsync($"/api/v1/study/hours?organizationId={branch}"));
        hours.Target.ShouldBe(40);
        hours.Rows.ShouldHaveSingleItem().MemberId.ShouldBe(members[0]);
    }
}
