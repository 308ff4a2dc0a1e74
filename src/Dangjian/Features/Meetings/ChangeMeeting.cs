using System.ComponentModel.DataAnnotations;
using Dangjian.Platform.Data;
using Dangjian.Platform.Http;
using Dangjian.Platform.Security;

namespace Dangjian.Features.Meetings;

/// <summary>Changes a planned meeting's topic, time, place and people. Held meetings keep their day; closed ones are amended.</summary>
public static class ChangeMeeting
{
    public sealed record Request(
        [property: MaxLength(200)] string? Topic,
        DateTimeOffset? StartsAt,
        DateTimeOffset? EndsAt,
        [property: MaxLength(200)] string? Place,
        [property: MaxLength(50)] string? HostName,
        [property: MaxLength(50)] string? RecorderName,
        [property: MaxLength(50)] string? LecturerName);

    public static async Task<Outcome<long>> Handle(long id, Request request, AppDb db, Scope scope, TimeProvider clock, CancellationToken ct)
    {
        var meeting = await MeetingAccess.FindAsync(db, scope, id, ct);
        if (meeting is null)
        {
            return Outcome<long>.NotFound("会议");
        }
        if (meeting.Status != MeetingStatus.Planned)
        {
            return Outcome<long>.Conflict($"会议{meeting.Status.Chinese()}，不能再修改（已归档的会议请用更正）");
        }
        var errors = new FieldErrors();
        var v = MeetingDetails.Read(errors, request.Topic, request.StartsAt, request.EndsAt, request.Place, request.HostName,
            request.RecorderName, request.LecturerName, meeting.Kind, clock);
        if (errors.Any)
        {
            return Outcome<long>.Invalid(errors);
        }
        var moved = v.StartsAt != meeting.StartsAt || v.Place != meeting.Place;
        (meeting.Topic, meeting.StartsAt, meeting.EndsAt, meeting.Place, meeting.HostName, meeting.RecorderName, meeting.LecturerName) =
            (v.Topic, v.StartsAt, v.EndsAt, v.Place, v.HostName, v.RecorderName, v.LecturerName);
        if (moved && meeting.NotifiedAt is not null)
        {
            // Those told of the old time or place are told of the new one.
            MeetingNotices.Add(db, meeting, $"{meeting.Kind.Chinese()}时间地点变更", "改为" + MeetingNotices.When(meeting));
        }
        meeting.Version++;
        return await MeetingAccess.SaveAsync(db, meeting, ct);
    }
}

/// <summary>The recorder drafts the minutes and resolutions; a change after the host's approval needs approving again.</summary>
public static class WriteMinutes
{
    public sealed record Request([property: MaxLength(20_000)] string? Minutes, [property: MaxLength(5_000)] string? Resolutions);

    public static async Task<Outcome<long>> Handle(long id, Request request, AppDb db, Scope scope, CancellationToken ct)
    {
        var meeting = await MeetingAccess.FindAsync(db, scope, id, ct);
        if (meeting is null)
        {
            return Outcome<long>.NotFound("会议");
        }
        if (!meeting.IsOpen)
        {
            return Outcome<long>.Conflict($"会议{meeting.Status.Chinese()}，记录不能再修改（已归档的会议请用更正）");
        }
        var errors = new FieldErrors();
        var minutes = errors.Text("minutes", "会议记录", request.Minutes, 20_000);
        var resolutions = errors.Text("resolutions", "决议", request.Resolutions, 5_000, required: false);
        if (errors.Any)
        {
            return Outcome<long>.Invalid(errors);
        }
        if (minutes != meeting.Minutes || resolutions != meeting.Resolutions)
        {
            meeting.Minutes = minutes;
            meeting.Resolutions = resolutions;
            meeting.MinutesChanged();
            meeting.Version++;
        }
        return await MeetingAccess.SaveAsync(db, meeting, ct);
    }
}

/// <summary>The host approves the minutes as written: the last step before the meeting can close.</summary>
public static class ApproveMinutes
{
    public static async Task<Outcome<long>> Handle(long id, AppDb db, Scope scope, TimeProvider clock, CancellationToken ct)
    {
        var meeting = await MeetingAccess.FindAsync(db, scope, id, ct);
        if (meeting is null)
        {
            return Outcome<long>.NotFound("会议");
        }
        if (meeting.ApproveMinutes(db.Actor, clock.GetUtcNow()) is { } refusal)
        {
            return Outcome<long>.Conflict(refusal);
        }
        return await MeetingAccess.SaveAsync(db, meeting, ct);
    }
}

/// <summary>Records that a planned meeting took place (from an hour before its start on).</summary>
public static class HoldMeeting
{
    public static async Task<Outcome<long>> Handle(long id, AppDb db, Scope scope, TimeProvider clock, CancellationToken ct)
    {
        var meeting = await MeetingAccess.FindAsync(db, scope, id, ct);
        if (meeting is null)
        {
            return Outcome<long>.NotFound("会议");
        }
        if (meeting.MarkHeld(clock.GetUtcNow()) is { } refusal)
        {
            return Outcome<long>.Conflict(refusal);
        }
        return await MeetingAccess.SaveAsync(db, meeting, ct);
    }
}

/// <summary>Cancels a planned meeting with the reason the attendees are told.</summary>
public static class CancelMeeting
{
    public sealed record Request([property: MaxLength(500)] string? Reason);

    public static async Task<Outcome<long>> Handle(long id, Request request, AppDb db, Scope scope, TimeProvider clock, CancellationToken ct)
    {
        var meeting = await MeetingAccess.FindAsync(db, scope, id, ct);
        if (meeting is null)
        {
            return Outcome<long>.NotFound("会议");
        }
        var errors = new FieldErrors();
        var reason = errors.Text("reason", "取消原因", request.Reason, 500);
        if (errors.Any)
        {
            return Outcome<long>.Invalid(errors);
        }
        if (meeting.Cancel(reason!, db.Actor, clock.GetUtcNow()) is { } refusal)
        {
            return Outcome<long>.Conflict(refusal);
        }
        if (meeting.NotifiedAt is not null)
        {
            MeetingNotices.Add(db, meeting, $"{meeting.Kind.Chinese()}取消", $"“{meeting.Topic}”已取消：{reason}");
        }
        return await MeetingAccess.SaveAsync(db, meeting, ct);
    }
}
