using System.ComponentModel.DataAnnotations;
using Dangjian.Platform.Data;
using Dangjian.Platform.Http;
using Dangjian.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Features.Meetings;

/// <summary>Finds a meeting of the caller's subtree with its attendees, tracked for a change.</summary>
public static class MeetingAccess
{
    public static Task<Meeting?> FindAsync(AppDb db, Scope scope, long id, CancellationToken ct) =>
        scope.FindAsync(db.Meetings.Include(m => m.Attendees), id, ct);

    /// <summary>Saves a meeting's change; another save of the same meeting in between is a conflict, not an overwrite.</summary>
    public static async Task<Outcome<long>> SaveAsync(AppDb db, Meeting meeting, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Outcome<long>.Conflict("该会议刚被他人修改，请刷新后再试");
        }
        return Outcome<long>.Ok(meeting.Id);
    }
}

/// <summary>
/// The host marks how each expected person took part, any number at once: present, late, a leave (sick, official,
/// personal; each with its reason) or absent. Only while the meeting is open (planned or held), from its day on.
/// </summary>
public static class RecordAttendance
{
    public sealed record Mark(long MemberId, Attendance Attendance, [property: MaxLength(200)] string? Reason);

    public sealed record Request([property: MaxLength(PlanMeeting.MaxAttendees)] IReadOnlyList<Mark>? Marks);

    public static async Task<Outcome<long>> Handle(long id, Request request, AppDb db, Scope scope, TimeProvider clock, CancellationToken ct)
    {
        var meeting = await MeetingAccess.FindAsync(db, scope, id, ct);
        if (meeting is null)
        {
            return Outcome<long>.NotFound("会议");
        }
        if (!meeting.IsOpen)
        {
            return Outcome<long>.Conflict($"会议{meeting.Status.Chinese()}，出席情况不能再登记（已归档的会议请用更正）");
        }
        if (meeting.Day > clock.Today())
        {
            return Outcome<long>.Conflict("会议尚未到召开日期，不能登记出席情况");
        }
        var errors = new FieldErrors();
        if (request.Marks is not { Count: > 0 } marks)
        {
            return Outcome<long>.Invalid("marks", "请至少登记一人的出席情况");
        }
        for (var i = 0; i < marks.Count; i++)
        {
            var mark = marks[i];
            var attendee = meeting.Attendees.FirstOrDefault(a => a.MemberId == mark.MemberId);
            var field = $"marks[{i}]";
            if (attendee is null)
            {
                errors.Add(field + ".memberId", "该党员不在本次会议的应到人员中");
                continue;
            }
            var reason = AttendanceReason(errors, field + ".reason", mark.Attendance, mark.Reason);
            if (!errors.Any)
            {
                attendee.Attendance = mark.Attendance;
                attendee.Reason = reason;
                attendee.RecordedBy = db.Actor;
            }
        }
        if (errors.Any)
        {
            return Outcome<long>.Invalid(errors);
        }
        return await MeetingAccess.SaveAsync(db, meeting, ct);
    }

    /// <summary>A leave needs its reason; no other mark takes one, except a late arrival's or an absence's note.</summary>
    public static string? AttendanceReason(FieldErrors errors, string field, Attendance attendance, string? reason)
    {
        if (attendance == Attendance.Unrecorded)
        {
            errors.Add(field.Replace(".reason", ".attendance", StringComparison.Ordinal), "请选择出席情况");
            return null;
        }
        return errors.Text(field, attendance.Chinese() + "原因", reason, 200, required: attendance.IsLeave());
    }
}
