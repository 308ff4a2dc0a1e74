using System.Net;
using Dangjian.Features.Meetings;
using Dangjian.Features.Members;
using Dangjian.Features.Organizations;
using Dangjian.Platform.Activity;
using Dangjian.Platform.Audit;
using Dangjian.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Tests.Meetings;

/// <summary>
/// Meetings of organization life over HTTP: planned with their expected attendees, attendance, minutes, the quorum at
/// close, corrections of a closed record, cancelling, and the compliance figures the closes feed. Each test builds its
/// own branch under 延中社区委员会 so that its counts are its own.
/// </summary>
public class MeetingTests(AppFactory app) : DemoApiTest(app)
{
    private static int _branches;

    /// <summary>A new branch with <paramref name="full"/> full and <paramref name="probationary"/> probationary members.</summary>
    private async Task<(long Branch, List<long> Full, List<long> Probationary)> BranchWith(int full, int probationary = 0)
    {
        var n = Interlocked.Increment(ref _branches);
        var branch = await CreateOrganization(await OrgId(DemoOrgs.Yanzhong), $"会议测试第{n}党支部");
        var fullIds = new List<long>();
        for (var i = 0; i < full; i++)
        {
            fullIds.Add(await CreateMember(People.Full(branch, $"会{n}正{i}")));
        }
        var probationaryIds = new List<long>();
        for (var i = 0; i < probationary; i++)
        {
            probationaryIds.Add(await CreateMember(People.Probationary(branch, $"会{n}预{i}", App.Today)));
        }
        return (branch, fullIds, probationaryIds);
    }

    private DateTimeOffset EarlierToday => App.Clock.GetUtcNow().AddMinutes(-30);

    private static DateOnly BeijingDayOf(DateTimeOffset at) => Dangjian.Platform.Time.BeijingDay.Of(at);

    private async Task<long> Plan(long organizationId, MeetingKind kind = MeetingKind.BranchGeneralMeeting, DateTimeOffset? startsAt = null, string user = "admin") =>
        (await Read<Created>(await PostJson(await As(user), "/api/v1/meetings", new
        {
            organizationId, kind, topic = "学习党的二十届四中全会精神", startsAt = startsAt ?? EarlierToday, place = "党群服务中心二楼会议室",
            hostName = "王书记", recorderName = "李委员", lecturerName = kind == MeetingKind.PartyLecture ? "县委党校张老师" : null,
        }), HttpStatusCode.Created)).Id;

    private async Task<GetMeeting.Response> Get(long id, string user = "admin") =>
        await Read<GetMeeting.Response>(await (await As(user)).GetAsync($"/api/v1/meetings/{id}"));

    private async Task Mark(long id, IEnumerable<long> members, Attendance attendance, string? reason = null) =>
        (await PostJson(await As("admin"), $"/api/v1/meetings/{id}/attendance",
            new { marks = members.Select(m => new { memberId = m, attendance, reason }).ToList() })).StatusCode.ShouldBe(HttpStatusCode.NoContent);

    private async Task MinutesApproved(long id)
    {
        var admin = await As("admin");
        (await PutJson(admin, $"/api/v1/meetings/{id}/minutes", new { minutes = "传达学习全会精神，讨论本季度工作。", resolutions = "通过本季度工作计划" }))
            .StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await admin.PostAsync($"/api/v1/meetings/{id}/minutes/approve", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
    }

    private async Task<HttpResponseMessage> Close(long id) => await (await As("admin")).PostAsync($"/api/v1/meetings/{id}/close", null);

    private async Task<OrganizationCompliance.Response> Compliance(long organizationId, string user = "admin") =>
        await Read<OrganizationCompliance.Response>(await (await As(user)).GetAsync($"/api/v1/meetings/compliance?organizationId={organizationId}"));

    private OrganizationCompliance.PeriodView ThisPeriod(OrganizationCompliance.Response compliance, MeetingKind kind) =>
        compliance.Kinds.Single(k => k.Kind == kind).Periods.Single(p => p.Start <= App.Today && App.Today <= p.End);

    [Fact]
    public async Task A_planned_members_meeting_expects_the_branch_members_and_marks_who_may_vote()
    {
        var (branch, full, probationary) = await BranchWith(full: 3, probationary: 1);
        var id = await Plan(branch);

        var meeting = await Get(id);
        (meeting.Status, meeting.StatusName, meeting.KindName, meeting.OrganizationId).ShouldBe((MeetingStatus.Planned, "已计划", "支部党员大会", branch));
        meeting.Attendees.Select(a => a.MemberId).ShouldBe(full.Concat(probationary), ignoreOrder: true);
        meeting.Attendees.Where(a => a.MayVote).Select(a => a.MemberId).ShouldBe(full, ignoreOrder: true);
        meeting.Attendees.ShouldAllBe(a => a.Attendance == Attendance.Unrecorded);

        (await (await As("yanzhong")).GetAsync($"/api/v1/meetings?organizationId={branch}")).StatusCode
            .ShouldBe(HttpStatusCode.NotFound, "the branch is outside 延中社区第一党支部, whose secretary sees only its own subtree");
        (await (await As("yanzhong")).GetAsync($"/api/v1/meetings/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var all = await Read<Dangjian.Platform.Http.Page<ListMeetings.Row>>(await (await As("baling")).GetAsync($"/api/v1/meetings?organizationId={branch}"));
        all.Items.ShouldHaveSingleItem().Expected.ShouldBe(4);
        var day = BeijingDayOf(EarlierToday);
        (await Read<Dangjian.Platform.Http.Page<ListMeetings.Row>>(await (await As("baling")).GetAsync(
            $"/api/v1/meetings?organizationId={branch}&from={day:yyyy-MM-dd}&to={day:yyyy-MM-dd}&kind=BranchGeneralMeeting"))).Items.ShouldHaveSingleItem();
        (await Read<Dangjian.Platform.Http.Page<ListMeetings.Row>>(await (await As("baling")).GetAsync(
            $"/api/v1/meetings?organizationId={branch}&from={day.AddDays(1):yyyy-MM-dd}"))).Items.ShouldBeEmpty();
        (await Problem(await (await As("baling")).GetAsync($"/api/v1/meetings?from={day:yyyy-MM-dd}&to={day.AddDays(-1):yyyy-MM-dd}")))["to"]
            .ShouldBe(["结束日期不能早于开始日期"]);
        (await AuditRows(AuditActions.Created, nameof(Meeting), id.ToString())).ShouldHaveSingleItem().UserName.ShouldBe("admin");
    }

    [Fact]
    public async Task A_meeting_closes_only_with_every_attendance_recorded_and_the_minutes_approved()
    {
        var (branch, full, _) = await BranchWith(full: 3);
        var id = await Plan(branch, MeetingKind.ThemedPartyDay);

        var refused = await Read<ProblemBody>(await Close(id), HttpStatusCode.Conflict);
        refused.Detail!.ShouldStartWith("尚有3人未登记出席情况：");
        await Mark(id, full, Attendance.Present);
        (await Read<ProblemBody>(await Close(id), HttpStatusCode.Conflict)).Detail.ShouldBe("会议记录尚未经主持人审定，不能归档");
        await MinutesApproved(id);
        (await PutJson(await As("admin"), $"/api/v1/meetings/{id}/minutes", new { minutes = "改过的记录" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await Get(id)).MinutesApprovedAt.ShouldBeNull("a change after approval needs approving again");
        await MinutesApproved(id);

        (await Close(id)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var closed = await Get(id);
        (closed.Status, closed.ClosedBy).ShouldBe((MeetingStatus.Closed, "admin"));
        (await Close(id)).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await PutJson(await As("admin"), $"/api/v1/meetings/{id}", new { topic = "改", startsAt = EarlierToday, place = "p", hostName = "h" }))
            .StatusCode.ShouldBe(HttpStatusCode.Conflict, "a closed record is amended, never edited");
    }

    [Fact]
    public async Task A_members_meeting_with_exactly_half_of_the_voters_present_is_refused_with_the_rule_named()
    {
        var (branch, full, probationary) = await BranchWith(full: 4, probationary: 2);
        var id = await Plan(branch);
        await Mark(id, full.Take(2).Concat(probationary), Attendance.Present);
        await Mark(id, full.Skip(2), Attendance.SickLeave, "住院");
        await MinutesApproved(id);

        var refused = await Read<ProblemBody>(await Close(id), HttpStatusCode.Conflict);
        refused.Detail!.ShouldStartWith("到会有表决权的正式党员2人，未超过应到会有表决权党员4人的50%");
        refused.Detail.ShouldContain("《中国共产党支部工作条例（试行）》(2018) 第十一条");
        (await Get(id)).Status.ShouldNotBe(MeetingStatus.Closed);
        ThisPeriod(await Compliance(branch), MeetingKind.BranchGeneralMeeting).State.ShouldBe(ComplianceState.Due);

        await Mark(id, full.Skip(2).Take(1), Attendance.Late);
        (await Close(id)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var closed = await Get(id);
        (closed.EntitledToVote, closed.VotersPresent).ShouldBe((4, 3));
    }

    [Fact]
    public async Task Closing_counts_the_meeting_for_its_period_and_writes_each_attendees_activity_line()
    {
        var (branch, full, _) = await BranchWith(full: 3);
        var before = await Compliance(branch);
        ThisPeriod(before, MeetingKind.ThemedPartyDay).State.ShouldBe(ComplianceState.Due);

        var id = await Plan(branch, MeetingKind.ThemedPartyDay);
        await Mark(id, full.Take(2), Attendance.Present);
        await Mark(id, full.Skip(2), Attendance.PersonalLeave, "外出务工");
        await MinutesApproved(id);
        (await Close(id)).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var period = ThisPeriod(await Compliance(branch), MeetingKind.ThemedPartyDay);
        (period.State, period.StateName, period.Held).ShouldBe((ComplianceState.Done, "已完成", 1));
        var lines = await App.WithDbAsync(db => db.ActivityEntries.AsNoTracking().Where(a => a.SourceType == nameof(Meeting) && a.SourceId == id).ToListAsync());
        lines.Select(l => (l.MemberId, l.Detail)).ShouldBe(
            [(full[0], "ThemedPartyDay:Present"), (full[1], "ThemedPartyDay:Present"), (full[2], "ThemedPartyDay:PersonalLeave")], ignoreOrder: true);
        lines.ShouldAllBe(l => l.Kind == ActivityKinds.MeetingAttendance && l.Quantity == 1 && l.OccurredOn == App.Today);
    }

    [Fact]
    public async Task A_leave_needs_its_reason_and_a_refused_mark_changes_nothing()
    {
        var (branch, full, _) = await BranchWith(full: 2);
        var id = await Plan(branch, MeetingKind.ThemedPartyDay);
        var errors = await Problem(await PostJson(await As("admin"), $"/api/v1/meetings/{id}/attendance", new
        {
            marks = new object[] { new { memberId = full[0], attendance = "Present" }, new { memberId = full[1], attendance = "SickLeave" } },
        }));
        errors.ShouldContainKey("marks[1].reason");
        errors["marks[1].reason"].ShouldBe(["病假原因不能为空"]);
        (await Get(id)).Attendees.ShouldAllBe(a => a.Attendance == Attendance.Unrecorded);

        var stranger = await CreateMember(People.Full(await OrgId(DemoOrgs.Second), "会外人员"));
        (await Problem(await PostJson(await As("admin"), $"/api/v1/meetings/{id}/attendance", new { marks = new[] { new { memberId = stranger, attendance = "Present" } } })))
            ["marks[0].memberId"].ShouldBe(["该党员不在本次会议的应到人员中"]);
    }

    [Fact]
    public async Task A_closed_record_is_corrected_with_a_reason_kept_beside_it_and_the_activity_line_reversed()
    {
        var (branch, full, _) = await BranchWith(full: 3);
        var id = await Plan(branch);
        await Mark(id, full, Attendance.Present);
        await MinutesApproved(id);
        (await Close(id)).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await PostJson(await As("admin"), $"/api/v1/meetings/{id}/corrections", new
        {
            field = "attendance", memberId = full[2], attendance = "OfficialLeave", attendanceReason = "区里开会", reason = "记录有误，当天公出",
        })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var corrected = await Get(id);
        var correction = corrected.Corrections.ShouldHaveSingleItem();
        (correction.Field, correction.Reason, correction.By).ShouldBe(("attendance", "记录有误，当天公出", "admin"));
        correction.Before!.ShouldEndWith("：出席");
        correction.After!.ShouldEndWith("：公假（区里开会）");
        (corrected.EntitledToVote, corrected.VotersPresent).ShouldBe((3, 2));

        var lines = await App.WithDbAsync(db => db.ActivityEntries.AsNoTracking().Where(a => a.SourceId == id && a.MemberId == full[2] && a.SourceType == nameof(Meeting))
            .OrderBy(a => a.Id).ToListAsync());
        lines.Select(l => (l.Detail, l.Quantity, l.Reverses is not null)).ShouldBe([
            ("BranchGeneralMeeting:Present", 1m, false), ("BranchGeneralMeeting:Present", -1m, true), ("BranchGeneralMeeting:OfficialLeave", 1m, false)]);

        var refused = await Read<ProblemBody>(await PostJson(await As("admin"), $"/api/v1/meetings/{id}/corrections", new
        {
            field = "attendance", memberId = full[1], attendance = "Absent", reason = "再核",
        }), HttpStatusCode.Conflict);
        refused.Detail!.ShouldStartWith("更正后到会有表决权的正式党员1人");
        (await Get(id)).Attendees.Single(a => a.MemberId == full[1]).Attendance.ShouldBe(Attendance.Present);

        (await PostJson(await As("admin"), $"/api/v1/meetings/{id}/corrections", new { field = "topic", value = "学习全会精神（更正）", reason = "错字" }))
            .StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await Get(id)).Topic.ShouldBe("学习全会精神（更正）");
        (await AuditRows(AuditActions.Created, nameof(MeetingCorrection))).Count.ShouldBeGreaterThanOrEqualTo(2);
    }

    [Fact]
    public async Task A_planned_meeting_is_cancelled_with_a_reason_and_a_held_one_cannot_be()
    {
        var (branch, full, _) = await BranchWith(full: 2);
        var later = await Plan(branch, MeetingKind.PartyLecture, App.Clock.GetUtcNow().AddDays(3));
        (await Problem(await PostJson(await As("admin"), $"/api/v1/meetings/{later}/cancel", new { reason = "" })))["reason"].ShouldBe(["取消原因不能为空"]);
        (await PostJson(await As("admin"), $"/api/v1/meetings/{later}/cancel", new { reason = "授课人临时出差" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var cancelled = await Get(later);
        (cancelled.Status, cancelled.CancelReason).ShouldBe((MeetingStatus.Cancelled, "授课人临时出差"));

        (await (await As("admin")).PostAsync($"/api/v1/meetings/{later}/hold", null)).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var held = await Plan(branch, MeetingKind.ThemedPartyDay);
        (await (await As("admin")).PostAsync($"/api/v1/meetings/{held}/hold", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await Read<ProblemBody>(await PostJson(await As("admin"), $"/api/v1/meetings/{held}/cancel", new { reason = "x" }), HttpStatusCode.Conflict))
            .Detail.ShouldBe("会议已召开，不能取消");
        var early = await Plan(branch, MeetingKind.ThemedPartyDay, App.Clock.GetUtcNow().AddDays(2));
        (await Read<ProblemBody>(await PostJson(await As("admin"), $"/api/v1/meetings/{early}/attendance",
            new { marks = new[] { new { memberId = full[0], attendance = "Present" } } }), HttpStatusCode.Conflict)).Detail.ShouldBe("会议尚未到召开日期，不能登记出席情况");
    }

    [Fact]
    public async Task Planning_checks_the_kind_against_the_organization_and_every_field()
    {
        var counts = await RowCounts();
        var (branch, _, _) = await BranchWith(full: 1);
        var errors = await Problem(await PostJson(await As("admin"), "/api/v1/meetings", new
        {
            organizationId = branch, kind = "PartyGroupMeeting", topic = "", startsAt = App.Clock.GetUtcNow().AddYears(2), place = "", hostName = "",
        }));
        errors.Keys.ShouldBe(["kind", "topic", "place", "hostName", "startsAt"], ignoreOrder: true);
        errors["kind"].ShouldBe(["党小组会：无需召开，未划分党小组"]);
        errors["startsAt"].ShouldBe(["会议时间不能晚于一年后"]);
        (await Problem(await PostJson(await As("admin"), "/api/v1/meetings", new
        {
            organizationId = branch, kind = "PartyLecture", topic = "党课", startsAt = EarlierToday, place = "会议室", hostName = "王书记",
        })))["lecturerName"].ShouldBe(["授课人不能为空"]);
        (await Problem(await PostJson(await As("yanzhong"), "/api/v1/meetings", new
        {
            organizationId = branch, kind = "ThemedPartyDay", topic = "主题党日", startsAt = EarlierToday, place = "会议室", hostName = "王书记",
        })))["organizationId"].ShouldBe(["党组织不存在或不在您的管辖范围内"]);
        (await App.WithDbAsync(db => db.Meetings.CountAsync(m => m.OrganizationId == branch))).ShouldBe(0);
    }

    [Fact]
    public async Task A_party_group_meeting_expects_the_groups_members_and_the_branch_is_told_its_groups_hold_them()
    {
        var (branch, full, _) = await BranchWith(full: 3);
        var group = await CreateOrganization(branch, $"会议测试小组{Interlocked.Increment(ref _branches)}", OrganizationKind.PartyGroup);
        var input = People.Full(branch, "小组成员甲") with { PartyGroupId = group };
        var inGroup = await CreateMember(input);

        var id = await Plan(group, MeetingKind.PartyGroupMeeting);
        (await Get(id)).Attendees.ShouldHaveSingleItem().MemberId.ShouldBe(inGroup);
        var branchYear = await Compliance(branch);
        branchYear.Kinds.Single(k => k.Kind == MeetingKind.PartyGroupMeeting).Reason.ShouldBe("党小组会：无需召开，由各党小组分别召开");
        (await Compliance(group)).Kinds.Single(k => k.Kind == MeetingKind.PartyGroupMeeting).Required.ShouldBeTrue();
    }

    [Fact]
    public async Task The_committee_meeting_is_required_from_the_seventh_full_member_on()
    {
        var (branch, _, _) = await BranchWith(full: 6, probationary: 2);
        var small = (await Compliance(branch)).Kinds.Single(k => k.Kind == MeetingKind.BranchCommitteeMeeting);
        (small.Required, small.Reason, small.Periods.Count).ShouldBe((false, "支委会：无需召开，正式党员不足7人，不设支委会", 0));

        await CreateMember(People.Full(branch, "第七名正式党员"));
        var year = await Compliance(branch);
        year.FullMembers.ShouldBe(7);
        var large = year.Kinds.Single(k => k.Kind == MeetingKind.BranchCommitteeMeeting);
        (large.Required, large.Periods.Count).ShouldBe((true, 12));
    }

    [Fact]
    public async Task A_regional_override_of_the_lecture_interval_changes_that_region_only()
    {
        var (branch, _, _) = await BranchWith(full: 3);
        var elsewhere = await CreateOrganization(await OrgId(DemoOrgs.Linshanzhai), $"会议测试林山寨支部{Interlocked.Increment(ref _branches)}");
        (await PutJson(await As("weidu"), "/api/v1/rules/overrides", new
        {
            ruleKey = "meeting.party-lecture.interval-months", organizationId = await OrgId(DemoOrgs.Yanzhong), value = 1, reason = "延中社区党委：党课每月1次",
        })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        try
        {
            // A period is judged by the rule in force on its first day: the override made today reaches next year's periods.
            var nextYear = App.Today.Year + 1;
            var lectures = (await Read<OrganizationCompliance.Response>(await (await As("admin")).GetAsync($"/api/v1/meetings/compliance?organizationId={branch}&year={nextYear}")))
                .Kinds.Single(k => k.Kind == MeetingKind.PartyLecture);
            lectures.Source.ShouldStartWith("本地规定：延中社区党委：党课每月1次");
            lectures.Periods.Select(p => p.Label).ShouldBe(Enumerable.Range(1, 12).Select(m => $"{m}月"));
            (await Read<OrganizationCompliance.Response>(await (await As("admin")).GetAsync($"/api/v1/meetings/compliance?organizationId={elsewhere}&year={nextYear}")))
                .Kinds.Single(k => k.Kind == MeetingKind.PartyLecture).Periods.Count.ShouldBe(4);
        }
        finally
        {
            (await PutJson(await As("weidu"), "/api/v1/rules/overrides", new
            {
                ruleKey = "meeting.party-lecture.interval-months", organizationId = await OrgId(DemoOrgs.Yanzhong), withdraw = true, reason = "试点结束",
            })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        }
    }

    [Fact]
    public async Task Attendance_marked_at_the_same_moment_by_several_hosts_ends_in_one_row_per_member()
    {
        var (branch, full, _) = await BranchWith(full: 2);
        var id = await Plan(branch, MeetingKind.ThemedPartyDay);
        var client = await As("admin");
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => PostJson(client, $"/api/v1/meetings/{id}/attendance",
            new { marks = new[] { new { memberId = full[0], attendance = i % 2 == 0 ? "Present" : "Late" } } })));
        responses.ShouldAllBe(r => r.StatusCode == HttpStatusCode.NoContent || r.StatusCode == HttpStatusCode.Conflict);
        responses.ShouldContain(r => r.StatusCode == HttpStatusCode.NoContent);
        (await App.WithDbAsync(db => db.MeetingAttendees.CountAsync(a => a.MeetingId == id && a.MemberId == full[0]))).ShouldBe(1);
        (await Get(id)).Attendees.Single(a => a.MemberId == full[0]).Attendance.ShouldBeOneOf(Attendance.Present, Attendance.Late);
    }

    [Fact]
    public async Task The_grid_shows_each_branch_of_a_subtree_by_month_with_the_share_done_per_period()
    {
        var (done, full, _) = await BranchWith(full: 2);
        var (pending, _, _) = await BranchWith(full: 2);
        var id = await Plan(done, MeetingKind.ThemedPartyDay);
        await Mark(id, full, Attendance.Present);
        await MinutesApproved(id);
        (await Close(id)).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var yanzhong = await OrgId(DemoOrgs.Yanzhong);
        var grid = await Read<ComplianceGrid.Response>(await (await As("baling")).GetAsync(
            $"/api/v1/meetings/compliance/grid?organizationId={yanzhong}&kind=ThemedPartyDay&organizationKind=Branch"));
        grid.KindName.ShouldBe("主题党日");
        grid.Rows.ShouldAllBe(r => r.Kind == OrganizationKind.Branch && r.Required);
        var month = App.Today.Month;
        grid.Rows.Single(r => r.OrganizationId == done).Months[month - 1].State.ShouldBe(ComplianceState.Done);
        grid.Rows.Single(r => r.OrganizationId == pending).Months[month - 1].State.ShouldBe(ComplianceState.Due);
        var share = grid.Shares.Single(s => s.Start.Month == month);
        share.Required.ShouldBe(grid.Rows.Count);
        share.Done.ShouldBe(grid.Rows.Count(r => r.Months[month - 1].State == ComplianceState.Done));
        share.Done.ShouldBeGreaterThanOrEqualTo(1);

        var groups = await Read<ComplianceGrid.Response>(await (await As("baling")).GetAsync(
            $"/api/v1/meetings/compliance/grid?organizationId={yanzhong}&kind=ThemedPartyDay&organizationKind=PartyGroup"));
        groups.Rows.ShouldBeEmpty("Party groups hold no themed Party day of their own");
        var villages = await Read<ComplianceGrid.Response>(await (await As("baling")).GetAsync(
            $"/api/v1/meetings/compliance/grid?organizationId={yanzhong}&kind=ThemedPartyDay&unitKind=Village"));
        villages.Rows.ShouldBeEmpty("延中社区 is a community: none of its branches lies in a village");
        (await Problem(await (await As("baling")).GetAsync($"/api/v1/meetings/compliance/grid?organizationId={yanzhong}")))["kind"].ShouldBe(["请选择会议类型"]);
    }
}
