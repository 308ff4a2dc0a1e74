using System.Net;
using Dangjian.Features.Meetings;
using Dangjian.Features.Notifications;
using Dangjian.Features.Todo;
using Dangjian.Platform.Notifications;
using Dangjian.Platform.Todo;
using Dangjian.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dangjian.Tests.Meetings;

/// <summary>
/// Notices of meetings to their expected attendees (in the app, and on the outgoing channel by the dispatcher), and the
/// to-do lists that organization life fills: a member's coming meetings, a secretary's periods due and overdue and
/// meetings to close, a street's organizations that have not met.
/// </summary>
public class MeetingNoticeTests(AppFactory app) : DemoApiTest(app)
{
    private async Task<MyNotifications.Response> Notices(string user) =>
        await Read<MyNotifications.Response>(await (await As(user)).GetAsync("/api/v1/me/notifications"));

    private async Task<TodoEndpoints.Response> Todo(string user) =>
        await Read<TodoEndpoints.Response>(await (await As(user)).GetAsync("/api/v1/me/todo"));

    [Fact]
    public async Task A_notice_reaches_every_expected_attendee_who_reads_it_and_the_channel_sends_it()
    {
        var first = await OrgId(DemoOrgs.First);
        var meeting = await PlanMeeting(first, startsAt: App.Clock.GetUtcNow().AddDays(2));
        var expected = await App.WithDbAsync(db => db.MeetingAttendees.CountAsync(a => a.MeetingId == meeting));
        var before = (await Notices("dangyuan")).Unread;

        var sent = await Read<NotifyMeeting.Response>(await PostJson(await As("admin"), $"/api/v1/meetings/{meeting}/notify", new { }));
        sent.Notified.ShouldBe(expected);
        (await App.WithDbAsync(db => db.Notifications.CountAsync(n => n.SourceType == nameof(Meeting) && n.SourceId == meeting))).ShouldBe(expected);

        var mine = await Notices("dangyuan");
        mine.Unread.ShouldBe(before + 1);
        var notice = mine.Items[0];
        (notice.Title, notice.Read, notice.Link).ShouldBe(("主题党日通知", false, "/Meetings/Mine"));
        notice.Body.ShouldContain("党群服务中心二楼会议室");
        (await (await As("dangyuan")).PostAsync($"/api/v1/me/notifications/{notice.Id}/read", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await Notices("dangyuan")).Unread.ShouldBe(before);
        // Another's notice is not found, and marking it changes nothing.
        (await (await As("yanzhong")).PostAsync($"/api/v1/me/notifications/{notice.Id}/read", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        // The dispatcher (also running by itself) sends each pending notice once: to the phone on record, or marks it as having none.
        var dispatcher = App.Services.GetRequiredService<OutgoingDispatcher>();
        await Eventually(async () =>
        {
            await dispatcher.RunOnceAsync(CancellationToken.None);
            return await App.WithDbAsync(db => db.Notifications.Where(n => n.SourceId == meeting && n.SourceType == nameof(Meeting))
                .AllAsync(n => n.Outgoing == OutgoingState.Sent || n.Outgoing == OutgoingState.NoAddress));
        });
        var states = await App.WithDbAsync(db => db.Notifications.Where(n => n.SourceId == meeting && n.SourceType == nameof(Meeting)).ToListAsync());
        states.ShouldAllBe(n => n.Attempts == 1 && n.ClaimedBy == null);
        states.Where(n => n.Outgoing == OutgoingState.Sent).ShouldAllBe(n => n.SentAt != null);
        var withPhone = await App.WithDbAsync(db => db.MeetingAttendees.Where(a => a.MeetingId == meeting)
            .Join(db.Members, a => a.MemberId, m => m.Id, (a, m) => m.PhoneCipher).CountAsync(p => p != null));
        states.Count(n => n.Outgoing == OutgoingState.Sent).ShouldBe(withPhone);
    }

    [Fact]
    public async Task A_notified_meeting_that_moves_or_is_cancelled_tells_its_attendees_and_a_closed_one_cannot_be_notified()
    {
        var first = await OrgId(DemoOrgs.First);
        var admin = await As("admin");
        var meeting = await PlanMeeting(first, startsAt: App.Clock.GetUtcNow().AddDays(3));
        (await PostJson(admin, $"/api/v1/meetings/{meeting}/notify", new { })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var later = App.Clock.GetUtcNow().AddDays(4);
        (await PutJson(admin, $"/api/v1/meetings/{meeting}", new
        {
            topic = "学习党的二十届四中全会精神", startsAt = later, place = "社区三楼", hostName = "王书记", recorderName = "李委员",
        })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await Notices("dangyuan")).Items[0].ShouldSatisfyAllConditions(
            n => n.Title.ShouldBe("主题党日时间地点变更"), n => n.Body.ShouldContain("社区三楼"));
        (await PostJson(admin, $"/api/v1/meetings/{meeting}/cancel", new { reason = "与防汛值班冲突" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await Notices("dangyuan")).Items[0].ShouldSatisfyAllConditions(
            n => n.Title.ShouldBe("主题党日取消"), n => n.Body.ShouldContain("与防汛值班冲突"));
        (await Read<ProblemBody>(await PostJson(admin, $"/api/v1/meetings/{meeting}/notify", new { }), HttpStatusCode.Conflict)).Detail!.ShouldContain("已取消");

        // Not notified: a change tells no one.
        var quiet = await PlanMeeting(first, startsAt: App.Clock.GetUtcNow().AddDays(3));
        var count = await App.WithDbAsync(db => db.Notifications.CountAsync());
        (await PostJson(admin, $"/api/v1/meetings/{quiet}/cancel", new { reason = "改期" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await App.WithDbAsync(db => db.Notifications.CountAsync())).ShouldBe(count);
    }

    [Fact]
    public async Task The_to_do_lists_hold_the_members_meeting_the_secretarys_duties_and_the_streets_missing_branches()
    {
        var first = await OrgId(DemoOrgs.First);
        var meeting = await PlanMeeting(first);
        var member = await Todo("dangyuan");
        member.Items.ShouldContain(i => i.Kind == "meeting-attend" && i.Title == "参加主题党日" && i.Deadline == App.Today && i.State == DeadlineState.DueSoon);

        var secretary = await Todo("yanzhong");
        var close = secretary.Items.Single(i => i.Kind == "meeting-close" && i.Link == $"/Meetings/Details?id={meeting}");
        close.Deadline.ShouldBe(App.Today.AddDays(MeetingTodoSource.CloseWithinDays));
        secretary.Items.ShouldContain(i => i.Kind == "meeting-due" && i.Title == $"本期应开：主题党日（{App.Today.Month}月）");
        if (App.Today.Month > 1)
        {
            secretary.Items.ShouldContain(i => i.Kind == "meeting-overdue" && i.Title == $"逾期未开：主题党日（{App.Today.Month - 1}月）" && i.State == DeadlineState.Overdue);
            secretary.Overdue.ShouldBeGreaterThan(0);
            secretary.Items[0].State.ShouldBe(DeadlineState.Overdue, "overdue items come first");
        }
        var street = await Todo("baling");
        street.Items.ShouldContain(i => i.Kind == "meeting-region" && i.Title == $"下级待开：主题党日（{App.Today.Month}月）");

        // Closing the meeting takes this month's item and the meeting's own off the secretary's list.
        var ready = await MeetingReadyToClose(first);
        (await (await As("admin")).PostAsync($"/api/v1/meetings/{ready}/close", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await PostJson(await As("admin"), $"/api/v1/meetings/{meeting}/cancel", new { reason = "已另行召开" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var after = await Todo("yanzhong");
        after.Items.ShouldNotContain(i => i.Kind == "meeting-due" && i.Title == $"本期应开：主题党日（{App.Today.Month}月）");
        after.Items.ShouldNotContain(i => i.Link == $"/Meetings/Details?id={ready}");
        (await Todo("jumin")).Items.ShouldBeEmpty("a resident has no meetings to run or attend");
    }

    [Fact]
    public void A_deadline_is_due_soon_in_its_last_three_days_and_overdue_the_day_after()
    {
        var deadline = new DateOnly(2026, 12, 31);
        Deadlines.Of(deadline, deadline.AddDays(-3)).ShouldBe(DeadlineState.Normal);
        Deadlines.Of(deadline, deadline.AddDays(-2)).ShouldBe(DeadlineState.DueSoon);
        Deadlines.Of(deadline, deadline).ShouldBe(DeadlineState.DueSoon);
        Deadlines.Of(deadline, deadline.AddDays(1)).ShouldBe(DeadlineState.Overdue);
        var items = new[]
        {
            new TodoItem("a", "乙", "", "/", deadline, DeadlineState.Normal),
            new TodoItem("a", "甲", "", "/", null, DeadlineState.Normal),
            new TodoItem("a", "丙", "", "/", deadline.AddDays(5), DeadlineState.Overdue),
            new TodoItem("a", "丁", "", "/", deadline.AddDays(9), DeadlineState.DueSoon),
        };
        TodoList.Order(items).Select(i => i.Title).ShouldBe(["丙", "丁", "乙", "甲"]);
    }

    [Fact]
    public async Task The_development_sender_writes_the_message_to_the_log_with_the_phone_masked()
    {
        var logger = new ListLogger<LogOutgoingChannel>();
        await new LogOutgoingChannel(logger).SendAsync(new OutgoingMessage(7, "13812345678", "【党建】主题党日通知"), CancellationToken.None);
        logger.Lines.ShouldHaveSingleItem().ShouldSatisfyAllConditions(
            l => l.ShouldContain("138****5678"), l => l.ShouldNotContain("13812345678"), l => l.ShouldContain("主题党日通知"));
    }

    private sealed class ListLogger<T> : Microsoft.Extensions.Logging.ILogger<T>
    {
        public List<string> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception,
            Func<TState, Exception?, string> formatter) => Lines.Add(formatter(state, exception));
    }
}
