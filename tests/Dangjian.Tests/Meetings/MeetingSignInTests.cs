using System.Net;
using Dangjian.Features.Meetings;
using Dangjian.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Tests.Meetings;

/// <summary>
/// Members sign in with the host's rotating code: 党员 dangyuan is the demo's member account of 延中社区第一党支部. The
/// code is read from the host's route, as the QR code on the host's screen carries it.
/// </summary>
public class MeetingSignInTests(AppFactory app) : DemoApiTest(app)
{
    private async Task<string> CodeOf(long meetingId) =>
        (await Read<GetSignInCode.Response>(await (await As("yanzhong")).GetAsync($"/api/v1/meetings/{meetingId}/sign-in-code"))).Code;

    private async Task<HttpResponseMessage> SignIn(long meetingId, string code, string user = "dangyuan") =>
        await PostJson(await As(user), $"/api/v1/meetings/{meetingId}/sign-in", new { code });

    private Task<long> MemberOfDangyuan() =>
        App.WithDbAsync(db => db.Users.Where(u => u.UserName == "dangyuan").Select(u => u.MemberId!.Value).SingleAsync());

    [Fact]
    public async Task A_member_signs_in_once_with_the_code_shown_and_a_second_scan_keeps_the_first_time()
    {
        var meeting = await PlanMeeting(await OrgId(DemoOrgs.First));
        var code = await CodeOf(meeting);
        code.Length.ShouldBe(20);

        var first = await Read<SignInToMeeting.Response>(await SignIn(meeting, code));
        (first.Attendance, first.AlreadySigned, first.AttendanceName).ShouldBe((Attendance.Late, false, "迟到"), "the meeting began half an hour ago");
        App.Clock.Advance(TimeSpan.FromSeconds(5));
        var again = await Read<SignInToMeeting.Response>(await SignIn(meeting, await CodeOf(meeting)));
        (again.AlreadySigned, again.SignedInAt).ShouldBe((true, first.SignedInAt));

        var member = await MemberOfDangyuan();
        var row = await App.WithDbAsync(db => db.MeetingAttendees.AsNoTracking().SingleAsync(a => a.MeetingId == meeting && a.MemberId == member));
        (row.Attendance, row.SignedInAt, row.RecordedBy).ShouldBe((Attendance.Late, first.SignedInAt, "dangyuan（扫码签到）"));
        (await App.WithDbAsync(db => db.MeetingAttendees.CountAsync(a => a.MeetingId == meeting && a.MemberId == member))).ShouldBe(1);
    }

    [Fact]
    public async Task A_code_stops_working_within_a_minute_and_a_made_up_one_never_works()
    {
        var meeting = await PlanMeeting(await OrgId(DemoOrgs.First), startsAt: App.Clock.GetUtcNow().AddMinutes(5));
        var code = await CodeOf(meeting);
        App.Clock.Advance(TimeSpan.FromSeconds(61));
        (await Problem(await SignIn(meeting, code)))["code"].ShouldBe(["签到二维码已过期或无效，请重新扫描主持人出示的二维码"]);
        (await Problem(await SignIn(meeting, "0123456789abcdef0123")))["code"].ShouldNotBeEmpty();
        var other = await PlanMeeting(await OrgId(DemoOrgs.First), startsAt: App.Clock.GetUtcNow().AddMinutes(5));
        (await Problem(await SignIn(meeting, await CodeOf(other))))["code"].ShouldNotBeEmpty("another meeting's code");

        var fresh = await CodeOf(meeting);
        var signed = await Read<SignInToMeeting.Response>(await SignIn(meeting, fresh));
        signed.Attendance.ShouldBe(Attendance.Present, "before the start and a quarter of an hour after it a member is present");
        var member = await MemberOfDangyuan();
        (await App.WithDbAsync(db => db.MeetingAttendees.AsNoTracking().SingleAsync(a => a.MeetingId == meeting && a.MemberId == member))).SignedInAt.ShouldNotBeNull();
    }

    [Fact]
    public async Task A_member_the_meeting_does_not_expect_is_answered_as_if_it_did_not_exist()
    {
        var elsewhere = await PlanMeeting(await OrgId(DemoOrgs.Second));
        var code = (await Read<GetSignInCode.Response>(await (await As("admin")).GetAsync($"/api/v1/meetings/{elsewhere}/sign-in-code"))).Code;
        var response = await SignIn(elsewhere, code);
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await (await As("dangyuan")).GetAsync($"/Meetings/Attend?m={elsewhere}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Signing_in_is_for_the_meetings_day_and_for_open_meetings_only()
    {
        var tomorrow = await PlanMeeting(await OrgId(DemoOrgs.First), startsAt: App.Clock.GetUtcNow().AddDays(1));
        (await Read<ProblemBody>(await SignIn(tomorrow, await CodeOf(tomorrow)), HttpStatusCode.Conflict)).Detail!.ShouldStartWith("只能在会议当天");

        var closed = await ClosedMeeting(await OrgId(DemoOrgs.First));
        (await Read<ProblemBody>(await (await As("yanzhong")).GetAsync($"/api/v1/meetings/{closed}/sign-in-code"), HttpStatusCode.Conflict)).Detail
            .ShouldBe("会议已归档，不再签到");
        (await Problem(await SignIn(closed, "0123456789abcdef0123")))["code"].ShouldNotBeEmpty();
    }

    [Fact]
    public async Task A_member_sees_the_meetings_that_expect_them_and_their_years_record()
    {
        var coming = await PlanMeeting(await OrgId(DemoOrgs.First), MeetingKind.PartyLecture, App.Clock.GetUtcNow().AddDays(2));
        var closed = await ClosedMeeting(await OrgId(DemoOrgs.First));
        var my = await Read<MyMeetings.Response>(await (await As("dangyuan")).GetAsync("/api/v1/me/meetings"));
        my.HasMember.ShouldBeTrue();
        my.Coming.ShouldContain(r => r.Id == coming && r.KindName == "党课");
        my.Past.ShouldContain(r => r.Id == closed && r.AttendanceName == "出席");
        var themed = my.Record.Single(t => t.Kind == MeetingKind.ThemedPartyDay);
        themed.Attended.ShouldBeGreaterThanOrEqualTo(1);
        themed.Held.ShouldBeGreaterThanOrEqualTo(themed.Attended);

        var page = await (await As("dangyuan")).GetStringAsync("/Meetings/Mine");
        page.ShouldContain("党课：学习党的二十届四中全会精神");
        page.ShouldContain("主题党日：应到");
        (await Read<MyMeetings.Response>(await (await As("yanzhong")).GetAsync("/api/v1/me/meetings"))).HasMember.ShouldBeFalse("a secretary's account has no member record");
    }

    [Fact]
    public async Task The_host_page_shows_a_code_that_the_member_page_accepts_and_no_personal_number_travels_in_the_address()
    {
        var meeting = await PlanMeeting(await OrgId(DemoOrgs.First));
        var host = await (await As("yanzhong")).GetStringAsync($"/Meetings/Code?id={meeting}");
        var code = System.Text.RegularExpressions.Regex.Match(host, "data-code=\"([0-9a-f]{20})\"").Groups[1].Value;
        code.Length.ShouldBe(20);
        host.ShouldContain("<svg");

        var member = await As("dangyuan");
        var landing = await member.GetStringAsync($"/Meetings/Attend?m={meeting}&code={code}");
        landing.ShouldContain("签到");
        var token = System.Text.RegularExpressions.Regex.Match(landing, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        var posted = await member.PostAsync($"/Meetings/Attend?m={meeting}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["Code"] = code,
        }));
        (await posted.Content.ReadAsStringAsync()).ShouldContain("签到成功");
    }
}
