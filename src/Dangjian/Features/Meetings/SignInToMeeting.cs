using System.ComponentModel.DataAnnotations;
using Dangjian.Platform.Data;
using Dangjian.Platform.Http;
using Dangjian.Platform.PersonalData;
using Dangjian.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Features.Meetings;

/// <summary>
/// A member signs in on their phone with the code the host shows: present (or late, from a quarter of an hour after the
/// start), at the moment they signed. Only on the meeting's day, while it is open, for someone it expects; a second
/// sign-in changes nothing and says when the first was. The member is the signed-in account's own member record:
/// nothing in the request names a person.
/// </summary>
public static class SignInToMeeting
{
    public static readonly TimeSpan LateAfter = TimeSpan.FromMinutes(15);

    public sealed record Request([property: MaxLength(40)] string? Code);

    public sealed record Response(long MeetingId, string Topic, string KindName, Attendance Attendance, string AttendanceName, DateTimeOffset SignedInAt, bool AlreadySigned);

    public static async Task<Outcome<Response>> Handle(long id, Request request, CurrentUser user, AppDb db, PersonalDataProtector protector,
        TimeProvider clock, CancellationToken ct)
    {
        var account = await user.RequireAsync(ct);
        var now = clock.GetUtcNow();
        // The code first: it is the meeting's, so a wrong or old one is refused alike for every meeting and every caller.
        if (!SignInCodes.Accepts(protector, id, request.Code?.Trim(), now))
        {
            return Outcome<Response>.Invalid("code", "签到二维码已过期或无效，请重新扫描主持人出示的二维码");
        }
        if (account.MemberId is not { } memberId)
        {
            return Outcome<Response>.Conflict("您的账号没有关联党员信息，不能签到");
        }
        var meeting = await db.Meetings.Include(m => m.Attendees.Where(a => a.MemberId == memberId)).FirstOrDefaultAsync(m => m.Id == id, ct);
        var attendee = meeting?.Attendees.SingleOrDefault();
        if (meeting is null || attendee is null)
        {
            // A meeting that does not expect this member answers as one that does not exist: the id tells them nothing.
            return Outcome<Response>.NotFound("会议");
        }
        if (attendee.SignedInAt is { } earlier)
        {
            return Outcome<Response>.Ok(new Response(id, meeting.Topic, meeting.Kind.Chinese(), attendee.Attendance, attendee.Attendance.Chinese(), earlier, true));
        }
        if (!meeting.IsOpen)
        {
            return Outcome<Response>.Conflict($"会议{meeting.Status.Chinese()}，不能签到");
        }
        if (meeting.Day != clock.Today())
        {
            return Outcome<Response>.Conflict($"只能在会议当天（{meeting.Day:yyyy-MM-dd}）签到");
        }
        attendee.SignedInAt = now;
        attendee.Attendance = now > meeting.StartsAt + LateAfter ? Attendance.Late : Attendance.Present;
        attendee.Reason = null;
        attendee.RecordedBy = db.Actor + "（扫码签到）";
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Outcome<Response>.Conflict("签到未成功，请再试一次");
        }
        return Outcome<Response>.Ok(new Response(id, meeting.Topic, meeting.Kind.Chinese(), attendee.Attendance, attendee.Attendance.Chinese(), now, false));
    }
}

/// <summary>The code a host shows now, the address a phone opens with it, and when it stops being accepted.</summary>
public static class GetSignInCode
{
    public sealed record Response(long MeetingId, string Code, string Path, DateTimeOffset ExpiresAt, int RefreshSeconds);

    public static async Task<Outcome<Response>> Handle(long id, AppDb db, Scope scope, PersonalDataProtector protector, TimeProvider clock, CancellationToken ct)
    {
        var meeting = await scope.FindAsync(db.Meetings.AsNoTracking(), id, ct);
        if (meeting is null)
        {
            return Outcome<Response>.NotFound("会议");
        }
        if (!meeting.IsOpen)
        {
            return Outcome<Response>.Conflict($"会议{meeting.Status.Chinese()}，不再签到");
        }
        var now = clock.GetUtcNow();
        var code = SignInCodes.Current(protector, id, now);
        return Outcome<Response>.Ok(new Response(id, code, $"/Meetings/Attend?m={id}&code={code}", SignInCodes.ExpiresAt(now), SignInCodes.SlotSeconds));
    }
}
