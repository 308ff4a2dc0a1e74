using System.ComponentModel.DataAnnotations;
using Dangjian.Features.Rules;
using Dangjian.Platform.Activity;
using Dangjian.Platform.Data;
using Dangjian.Platform.Http;
using Dangjian.Platform.Rules;
using Dangjian.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Features.Meetings;

/// <summary>
/// Closes a meeting's record: every expected person's attendance recorded, the minutes approved by the host, and, for a
/// meeting that decides, its quorum met (the rule in force for the organization on the meeting's day, named when it is
/// not). The close counts the meeting for its organization's period (<see cref="MeetingTally"/>) and writes each
/// attendee's line in the activity record, in the same transaction.
/// </summary>
public static class CloseMeeting
{
    public static async Task<Outcome<long>> Handle(long id, AppDb db, Scope scope, RuleBook rules, TimeProvider clock, CancellationToken ct)
    {
        var meeting = await MeetingAccess.FindAsync(db, scope, id, ct);
        if (meeting is null)
        {
            return Outcome<long>.NotFound("会议");
        }
        var now = clock.GetUtcNow();
        if (meeting.Status == MeetingStatus.Planned && meeting.MarkHeld(now) is { } notYet)
        {
            return Outcome<long>.Conflict(notYet);
        }
        if (meeting.Status != MeetingStatus.Held)
        {
            return Outcome<long>.Conflict($"会议{meeting.Status.Chinese()}，不能归档");
        }
        var unrecorded = meeting.Attendees.Where(a => a.Attendance == Attendance.Unrecorded).Select(a => a.MemberName).ToList();
        if (unrecorded.Count > 0)
        {
            return Outcome<long>.Conflict($"尚有{unrecorded.Count}人未登记出席情况：{string.Join("、", unrecorded.Take(10))}{(unrecorded.Count > 10 ? "等" : "")}");
        }
        if (meeting.MinutesApprovedAt is null)
        {
            return Outcome<long>.Conflict("会议记录尚未经主持人审定，不能归档");
        }
        var quorum = await QuorumAsync(meeting, db, rules, ct);
        if (quorum.Refusal is not null)
        {
            return Outcome<long>.Conflict(quorum.Refusal);
        }
        meeting.Close(quorum.Entitled, quorum.Present, db.Actor, now);
        await RecordActivityAsync(meeting, meeting.Attendees, db, ct);
        return await MeetingAccess.SaveAsync(db, meeting, ct);
    }

    public static async Task<MeetingQuorum.Result> QuorumAsync(Meeting meeting, AppDb db, RuleBook rules, CancellationToken ct)
    {
        var subject = await RuleSubjects.ForAsync(db, meeting.OrgPath, meeting.Day, ct);
        var percent = (await rules.ResolveAsync(RuleCatalog.BranchGeneralMeetingQuorumPercent, subject, ct)).Value;
        return MeetingQuorum.Check(meeting.Kind, meeting.Attendees, percent);
    }

    /// <summary>One line per attendee: the meeting kind and how they took part, dated the meeting's day, under the member's own organization.</summary>
    public static async Task RecordActivityAsync(Meeting meeting, IReadOnlyCollection<MeetingAttendee> attendees, AppDb db, CancellationToken ct)
    {
        var ids = attendees.Select(a => a.MemberId).ToList();
        var paths = await db.Members.AsNoTracking().Where(m => ids.Contains(m.Id)).ToDictionaryAsync(m => m.Id, m => m.OrgPath, ct);
        foreach (var a in attendees)
        {
            ActivityLedger.Record(db, a.MemberId, paths.GetValueOrDefault(a.MemberId, meeting.OrgPath), ActivityKinds.MeetingAttendance,
                $"{meeting.Kind}:{a.Attendance}", meeting.Day, 1, nameof(Meeting), meeting.Id);
        }
    }
}

/// <summary>
/// Corrects a closed meeting's record: its topic, place, minutes or resolutions, or one attendee's attendance, with the
/// reason. The correction is kept beside the record (and audited); a change of attendance that would break the quorum
/// is refused, and the attendee's activity line is reversed and written again.
/// </summary>
public static class AmendMeeting
{
    public static readonly IReadOnlyList<string> Fields = ["topic", "place", "minutes", "resolutions", "attendance"];

    public sealed record Request(
        string? Field,
        [property: MaxLength(20_000)] string? Value,
        long? MemberId,
        Attendance? Attendance,
        [property: MaxLength(200)] string? AttendanceReason,
        [property: MaxLength(500)] string? Reason);

    public static async Task<Outcome<long>> Handle(long id, Request request, AppDb db, Scope scope, RuleBook rules, TimeProvider clock, CancellationToken ct)
    {
        var meeting = await MeetingAccess.FindAsync(db, scope, id, ct);
        if (meeting is null)
        {
            return Outcome<long>.NotFound("会议");
        }
        if (meeting.Status != MeetingStatus.Closed)
        {
            return Outcome<long>.Conflict("只有已归档的会议才需要更正；未归档的会议可以直接修改");
        }
        var errors = new FieldErrors();
        var reason = errors.Text("reason", "更正原因", request.Reason, 500);
        string? before = null, after = null;
        MeetingAttendee? attendee = null;
        switch (request.Field)
        {
            case "topic":
                after = errors.Text("value", "会议主题", request.Value, 200);
                before = meeting.Topic;
                break;
            case "place":
                after = errors.Text("value", "地点", request.Value, 200);
                before = meeting.Place;
                break;
            case "minutes":
                after = errors.Text("value", "会议记录", request.Value, 20_000);
                before = meeting.Minutes;
                break;
            case "resolutions":
                after = errors.Text("value", "决议", request.Value, 5_000, required: false);
                before = meeting.Resolutions;
                break;
            case "attendance":
                attendee = meeting.Attendees.FirstOrDefault(a => a.MemberId == request.MemberId);
                if (attendee is null)
                {
                    errors.Add("memberId", "该党员不在本次会议的应到人员中");
                    break;
                }
                var mark = request.Attendance ?? Meetings.Attendance.Unrecorded;
                var why = RecordAttendance.AttendanceReason(errors, "attendanceReason", mark, request.AttendanceReason);
                before = $"{attendee.MemberName}：{attendee.Attendance.Chinese()}{(attendee.Reason is null ? "" : "（" + attendee.Reason + "）")}";
                after = $"{attendee.MemberName}：{mark.Chinese()}{(why is null ? "" : "（" + why + "）")}";
                if (!errors.Any)
                {
                    attendee.Attendance = mark;
                    attendee.Reason = why;
                    attendee.RecordedBy = db.Actor;
                }
                break;
            default:
                errors.Add("field", "更正项只能是：主题、地点、会议记录、决议或出席情况");
                break;
        }
        if (errors.Any)
        {
            return Outcome<long>.Invalid(errors);
        }
        if (attendee is not null)
        {
            var quorum = await CloseMeeting.QuorumAsync(meeting, db, rules, ct);
            if (quorum.Refusal is not null)
            {
                return Outcome<long>.Conflict("更正后" + quorum.Refusal);
            }
            await ActivityLedger.ReverseAsync(db, nameof(Meeting), meeting.Id, attendee.MemberId, ct);
            await CloseMeeting.RecordActivityAsync(meeting, [attendee], db, ct);
            meeting.Amended(quorum.Entitled, quorum.Present);
        }
        else
        {
            switch (request.Field)
            {
                case "topic": meeting.Topic = after!; break;
                case "place": meeting.Place = after!; break;
                case "minutes": meeting.Minutes = after; break;
                default: meeting.Resolutions = after; break;
            }
            meeting.Version++;
        }
        db.MeetingCorrections.Add(new MeetingCorrection
        {
            MeetingId = meeting.Id, OrgPath = meeting.OrgPath, Field = request.Field!, Before = before, After = after, Reason = reason!,
            By = db.Actor, At = clock.GetUtcNow(),
        });
        return await MeetingAccess.SaveAsync(db, meeting, ct);
    }
}
