using Dangjian.Features.Members;
using Dangjian.Platform.Data;
using Dangjian.Platform.Http;
using Dangjian.Platform.Security;
using Dangjian.Platform.Time;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Features.Meetings;

/// <summary>A meeting with its attendance, minutes, quorum figures and corrections; no personal numbers.</summary>
public static class GetMeeting
{
    public sealed record AttendeeView(long MemberId, string Name, MemberCategory Category, bool MayVote, bool IsMobile, Attendance Attendance,
        string AttendanceName, string? Reason, DateTimeOffset? SignedInAt);

    public sealed record CorrectionView(string Field, string? Before, string? After, string Reason, string By, DateTimeOffset At);

    public sealed record Response(long Id, long OrganizationId, string OrganizationName, MeetingKind Kind, string KindName, string Topic,
        DateTimeOffset StartsAt, DateTimeOffset? EndsAt, DateOnly Day, string Place, string HostName, string? RecorderName, string? LecturerName,
        MeetingStatus Status, string StatusName, string? CancelReason, string? Minutes, string? Resolutions, string? MinutesApprovedBy,
        DateTimeOffset? MinutesApprovedAt, int? EntitledToVote, int? VotersPresent, DateTimeOffset? ClosedAt, string? ClosedBy,
        DateTimeOffset? NotifiedAt, IReadOnlyList<AttendeeView> Attendees, IReadOnlyList<CorrectionView> Corrections,
        IReadOnlyList<Platform.Attachments.AttachmentFiles.View> Attachments);

    public static async Task<Outcome<Response>> Handle(long id, AppDb db, Scope scope, CancellationToken ct)
    {
        var meeting = await scope.FindAsync(db.Meetings.AsNoTracking().Include(m => m.Attendees), id, ct);
        if (meeting is null)
        {
            return Outcome<Response>.NotFound("会议");
        }
        return Outcome<Response>.Ok(await ViewAsync(meeting, db, ct));
    }

    public static async Task<Response> ViewAsync(Meeting m, AppDb db, CancellationToken ct)
    {
        var organization = await db.Organizations.AsNoTracking().Where(o => o.Id == m.OrganizationId).Select(o => o.Name).FirstAsync(ct);
        var corrections = await db.MeetingCorrections.AsNoTracking().Where(c => c.MeetingId == m.Id).OrderBy(c => c.Id)
            .Select(c => new CorrectionView(c.Field, c.Before, c.After, c.Reason, c.By, c.At)).ToListAsync(ct);
        return new Response(m.Id, m.OrganizationId, organization, m.Kind, m.Kind.Chinese(), m.Topic, m.StartsAt.ToBeijing(), m.EndsAt?.ToBeijing(), m.Day,
            m.Place, m.HostName, m.RecorderName, m.LecturerName, m.Status, m.Status.Chinese(), m.CancelReason, m.Minutes, m.Resolutions,
            m.MinutesApprovedBy, m.MinutesApprovedAt?.ToBeijing(), m.EntitledToVote, m.VotersPresent, m.ClosedAt?.ToBeijing(), m.ClosedBy, m.NotifiedAt?.ToBeijing(),
            m.Attendees.OrderBy(a => a.Id).Select(a => new AttendeeView(a.MemberId, a.MemberName, a.Category, a.MayVote, a.IsMobile, a.Attendance,
                a.Attendance.Chinese(), a.Reason, a.SignedInAt?.ToBeijing())).ToList(),
            corrections, await Platform.Attachments.AttachmentFiles.ListAsync(db, nameof(Meeting), m.Id, ct));
    }
}

/// <summary>
/// The meetings of the caller's subtree (or of one organization's subtree in it), newest first, by kind, state and
/// dates (Beijing days, both ends included).
/// </summary>
public static class ListMeetings
{
    public sealed record Row(long Id, long OrganizationId, string OrganizationName, MeetingKind Kind, string KindName, string Topic,
        DateTimeOffset StartsAt, string Place, MeetingStatus Status, string StatusName, int Expected, int Attended);

    public static async Task<Outcome<Page<Row>>> Handle(long? organizationId, MeetingKind? kind, MeetingStatus? status, DateOnly? from, DateOnly? to,
        int? page, int? pageSize, AppDb db, Scope scope, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var paging = PageRequest.From(page, pageSize, errors);
        if (from is { } f && to is { } t && t < f)
        {
            errors.Add("to", "结束日期不能早于开始日期");
        }
        if (errors.Any)
        {
            return Outcome<Page<Row>>.Invalid(errors);
        }
        var path = await scope.PathAsync(ct);
        if (organizationId is { } orgId)
        {
            var org = await scope.FindAsync(db.Organizations.AsNoTracking(), orgId, ct);
            if (org is null)
            {
                return Outcome<Page<Row>>.NotFound("党组织");
            }
            path = org.Path;
        }
        var hi = OrgPath.UpperBound(path);
        var query = db.Meetings.AsNoTracking().Where(m => string.Compare(m.OrgPath, path) >= 0 && string.Compare(m.OrgPath, hi) < 0);
        if (kind is { } k)
        {
            query = query.Where(m => m.Kind == k);
        }
        if (status is { } s)
        {
            query = query.Where(m => m.Status == s);
        }
        if (from is { } start)
        {
            var at = BeijingDay.Start(start);
            query = query.Where(m => m.StartsAt >= at);
        }
        if (to is { } end)
        {
            var at = BeijingDay.Start(end.AddDays(1));
            query = query.Where(m => m.StartsAt < at);
        }
        var total = await query.LongCountAsync(ct);
        var rows = await query.OrderByDescending(m => m.StartsAt).ThenByDescending(m => m.Id).Skip(paging.Skip).Take(paging.Size)
            .Join(db.Organizations, m => m.OrganizationId, o => o.Id, (m, o) => new
            {
                m.Id, m.OrganizationId, o.Name, m.Kind, m.Topic, m.StartsAt, m.Place, m.Status,
                Expected = m.Attendees.Count,
                Attended = m.Attendees.Count(a => a.Attendance == Attendance.Present || a.Attendance == Attendance.Late),
            })
            .ToListAsync(ct);
        return Outcome<Page<Row>>.Ok(new Page<Row>(rows
            .OrderByDescending(r => r.StartsAt).ThenByDescending(r => r.Id)
            .Select(r => new Row(r.Id, r.OrganizationId, r.Name, r.Kind, r.Kind.Chinese(), r.Topic, r.StartsAt.ToBeijing(), r.Place, r.Status,
                r.Status.Chinese(), r.Expected, r.Attended)).ToList(), paging.Number, paging.Size, total));
    }
}
