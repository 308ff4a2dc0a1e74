using Dangjian.Platform.Data;
using Dangjian.Platform.Http;
using Dangjian.Platform.Notifications;
using Dangjian.Platform.Security;
using Dangjian.Platform.Time;

namespace Dangjian.Features.Meetings;

/// <summary>
/// The notice of a planned meeting to every expected attendee: in their notification list, and on the outgoing channel
/// at the phone on record. Sent again on demand (a reminder); a change of time or place and a cancellation after the
/// notice send their own (<see cref="MeetingNotices"/>).
/// </summary>
public static class NotifyMeeting
{
    public sealed record Response(int Notified);

    public static async Task<Outcome<Response>> Handle(long id, AppDb db, Scope scope, OutgoingSignal signal, TimeProvider clock, CancellationToken ct)
    {
        var meeting = await MeetingAccess.FindAsync(db, scope, id, ct);
        if (meeting is null)
        {
            return Outcome<Response>.NotFound("会议");
        }
        if (meeting.Status != MeetingStatus.Planned)
        {
            return Outcome<Response>.Conflict($"会议{meeting.Status.Chinese()}，不能再发送召开通知");
        }
        if (meeting.Attendees.Count == 0)
        {
            return Outcome<Response>.Conflict("该会议没有应到人员，无需通知");
        }
        var notified = MeetingNotices.Add(db, meeting, $"{meeting.Kind.Chinese()}通知", MeetingNotices.When(meeting));
        meeting.NotifiedAt = clock.GetUtcNow();
        meeting.Version++;
        var saved = await MeetingAccess.SaveAsync(db, meeting, ct);
        if (!saved.Succeeded)
        {
            return Outcome<Response>.Conflict(saved.Messages().First().Message);
        }
        signal.Pulse();
        return Outcome<Response>.Ok(new Response(notified));
    }
}

/// <summary>Notices about one meeting to its expected attendees, added to the caller's save.</summary>
public static class MeetingNotices
{
    /// <summary>"12月5日（星期六）09:00，党群服务中心二楼会议室：学习…".</summary>
    public static string When(Meeting meeting)
    {
        var at = meeting.StartsAt.ToBeijing();
        var weekday = "日一二三四五六"[(int)at.DayOfWeek];
        return $"{at:M月d日}（星期{weekday}）{at:HH:mm}，{meeting.Place}：{meeting.Topic}";
    }

    public static int Add(AppDb db, Meeting meeting, string title, string body)
    {
        foreach (var attendee in meeting.Attendees)
        {
            Notices.ToMember(db, attendee.MemberId, title, body, "/Meetings/Mine", nameof(Meeting), meeting.Id);
        }
        return meeting.Attendees.Count;
    }
}
