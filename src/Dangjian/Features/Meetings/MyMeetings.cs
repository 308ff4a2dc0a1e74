using Dangjian.Platform.Data;
using Dangjian.Platform.Http;
using Dangjian.Platform.Security;
using Dangjian.Platform.Time;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Features.Meetings;

/// <summary>
/// A member's own organization life: the meetings they are expected at in a year (the coming ones first), how they took
/// part in each, and their year's record per kind of meeting (counted from closed meetings only).
/// </summary>
public static class MyMeetings
{
    public sealed record Row(long Id, MeetingKind Kind, string KindName, string Topic, DateTimeOffset StartsAt, string Place, MeetingStatus Status,
        string StatusName, Attendance Attendance, string AttendanceName, DateTimeOffset? SignedInAt, bool IsToday);

    public sealed record Tally(MeetingKind Kind, string KindName, int Held, int Attended, int OnLeave, int Absent);

    /// <param name="HasMember">False for an account without a member record: then there is nothing to list.</param>
    public sealed record Response(int Year, bool HasMember, IReadOnlyList<Row> Coming, IReadOnlyList<Row> Past, IReadOnlyList<Tally> Record);

    public static async Task<Outcome<Response>> Handle(int? year, CurrentUser user, AppDb db, TimeProvider clock, CancellationToken ct)
    {
        var account = await user.RequireAsync(ct);
        var today = clock.Today();
        var y = year ?? today.Year;
        if (y < 2000 || y > today.Year + 1)
        {
            return Outcome<Response>.Invalid("year", $"年份应在2000到{today.Year + 1}之间");
        }
        if (account.MemberId is not { } memberId)
        {
            return Outcome<Response>.Ok(new Response(y, false, [], [], []));
        }
        var from = BeijingDay.Start(new DateOnly(y, 1, 1));
        var to = BeijingDay.Start(new DateOnly(y + 1, 1, 1));
        var rows = await db.MeetingAttendees.AsNoTracking().Where(a => a.MemberId == memberId)
            .Join(db.Meetings.Where(m => m.StartsAt >= from && m.StartsAt < to), a => a.MeetingId, m => m.Id, (a, m) => new { m, a.Attendance, a.SignedInAt })
            .ToListAsync(ct);
        var all = rows.Select(r => new Row(r.m.Id, r.m.Kind, r.m.Kind.Chinese(), r.m.Topic, r.m.StartsAt.ToBeijing(), r.m.Place, r.m.Status, r.m.Status.Chinese(),
            r.Attendance, r.Attendance.Chinese(), r.SignedInAt?.ToBeijing(), r.m.Day == today)).ToList();
        var coming = all.Where(r => r.Status is MeetingStatus.Planned or MeetingStatus.Held && BeijingDay.Of(r.StartsAt) >= today)
            .OrderBy(r => r.StartsAt).ToList();
        var past = all.Except(coming).OrderByDescending(r => r.StartsAt).ToList();
        var record = all.Where(r => r.Status == MeetingStatus.Closed).GroupBy(r => r.Kind).OrderBy(g => g.Key)
            .Select(g => new Tally(g.Key, g.Key.Chinese(), g.Count(), g.Count(r => r.Attendance.Attended()), g.Count(r => r.Attendance.IsLeave()),
                g.Count(r => r.Attendance == Attendance.Absent)))
            .ToList();
        return Outcome<Response>.Ok(new Response(y, true, coming, past, record));
    }
}
