using System.ComponentModel.DataAnnotations;
using Dangjian.Features.Members;
using Dangjian.Features.Organizations;
using Dangjian.Platform.Data;
using Dangjian.Platform.Http;
using Dangjian.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Features.Meetings;

/// <summary>
/// Plans a meeting of an organization of the caller's subtree: its kind (which the organization's kind must hold), topic,
/// time, place, host, recorder and, for a Party lecture, the lecturer. The expected attendees are computed from the
/// organization (a group's members for a group meeting, the whole subtree's for a general branch's members' meeting,
/// the organization's own members otherwise) unless the request names them. A meeting already held may be entered
/// afterwards, up to a year back.
/// </summary>
public static class PlanMeeting
{
    public const int MaxAttendees = 1000;

    public sealed record Request(
        long OrganizationId,
        MeetingKind? Kind,
        [property: MaxLength(200)] string? Topic,
        DateTimeOffset? StartsAt,
        DateTimeOffset? EndsAt,
        [property: MaxLength(200)] string? Place,
        [property: MaxLength(50)] string? HostName,
        [property: MaxLength(50)] string? RecorderName,
        [property: MaxLength(50)] string? LecturerName,
        [property: MaxLength(MaxAttendees)] IReadOnlyList<long>? MemberIds = null);

    public static async Task<Outcome<long>> Handle(Request request, AppDb db, Scope scope, TimeProvider clock, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var org = await scope.FindAsync(db.Organizations.AsNoTracking().Where(o => o.DissolvedAt == null), request.OrganizationId, ct);
        if (org is null)
        {
            errors.Add("organizationId", "党组织不存在或不在您的管辖范围内");
        }
        if (request.Kind is not { } kind)
        {
            errors.Add("kind", "请选择会议类型");
        }
        else if (org is not null && !MeetingRules.MayHold(kind, org.Kind))
        {
            errors.Add("kind", MeetingRules.For(kind, org.Kind, 0, 0, false, 1).Reason);
        }
        var details = MeetingDetails.Read(errors, request.Topic, request.StartsAt, request.EndsAt, request.Place, request.HostName,
            request.RecorderName, request.LecturerName, request.Kind, clock);
        if (errors.Any)
        {
            return Outcome<long>.Invalid(errors);
        }

        var members = request.MemberIds is { } ids
            ? await ChosenAsync(ids, db, scope, errors, ct)
            : await ExpectedAsync(org!, request.Kind!.Value, db, ct);
        if (members.Count > MaxAttendees)
        {
            errors.Add("memberIds", $"应到人员不能超过{MaxAttendees}人，请按支部分别召开");
        }
        if (errors.Any)
        {
            return Outcome<long>.Invalid(errors);
        }
        var meeting = new Meeting
        {
            OrganizationId = org!.Id, OrgPath = org.Path, Kind = request.Kind!.Value, Topic = details.Topic, StartsAt = details.StartsAt,
            EndsAt = details.EndsAt, Place = details.Place, HostName = details.HostName, RecorderName = details.RecorderName,
            LecturerName = details.LecturerName,
            Attendees = members.Select(m => new MeetingAttendee
            {
                MemberId = m.Id, MemberName = m.Name, OrgPath = org.Path, Category = m.Category, MemberStatus = m.Status, IsMobile = m.IsMobile,
            }).ToList(),
        };
        db.Meetings.Add(meeting);
        await db.SaveChangesAsync(ct);
        return Outcome<long>.Ok(meeting.Id);
    }

    public sealed record Candidate(long Id, string Name, MemberCategory Category, MembershipStatus Status, bool IsMobile);

    /// <summary>Who is expected by default: members in good standing or reserved, never those whose membership is stopped.</summary>
    public static async Task<List<Candidate>> ExpectedAsync(Organization org, MeetingKind kind, AppDb db, CancellationToken ct)
    {
        var active = db.Members.AsNoTracking().Where(m => m.LeftAt == null && m.Status != MembershipStatus.Stopped);
        IQueryable<Member> who;
        if (org.Kind == OrganizationKind.PartyGroup)
        {
            who = active.Where(m => m.PartyGroupId == org.Id);
        }
        else if (org.Kind == OrganizationKind.GeneralBranch && kind == MeetingKind.BranchGeneralMeeting)
        {
            var hi = OrgPath.UpperBound(org.Path);
            who = active.Where(m => string.Compare(m.OrgPath, org.Path) >= 0 && string.Compare(m.OrgPath, hi) < 0);
        }
        else
        {
            who = active.Where(m => m.OrganizationId == org.Id);
        }
        return await who.OrderBy(m => m.NamePinyin).ThenBy(m => m.Id).Take(MaxAttendees + 1)
            .Select(m => new Candidate(m.Id, m.Name, m.Category, m.Status, m.IsMobile)).ToListAsync(ct);
    }

    private static async Task<List<Candidate>> ChosenAsync(IReadOnlyList<long> ids, AppDb db, Scope scope, FieldErrors errors, CancellationToken ct)
    {
        var distinct = ids.Distinct().ToList();
        var path = await scope.PathAsync(ct);
        var hi = OrgPath.UpperBound(path);
        var found = await db.Members.AsNoTracking()
            .Where(m => distinct.Contains(m.Id) && m.LeftAt == null && string.Compare(m.OrgPath, path) >= 0 && string.Compare(m.OrgPath, hi) < 0)
            .Select(m => new Candidate(m.Id, m.Name, m.Category, m.Status, m.IsMobile)).ToListAsync(ct);
        if (found.Count != distinct.Count)
        {
            errors.Add("memberIds", "应到人员中有党员不存在、已离开或不在您的管辖范围内");
        }
        return found;
    }
}

/// <summary>The checks shared by planning and changing a meeting.</summary>
public static class MeetingDetails
{
    public sealed record Values(string Topic, DateTimeOffset StartsAt, DateTimeOffset? EndsAt, string Place, string HostName, string? RecorderName, string? LecturerName);

    public static Values Read(FieldErrors errors, string? topic, DateTimeOffset? startsAt, DateTimeOffset? endsAt, string? place, string? host,
        string? recorder, string? lecturer, MeetingKind? kind, TimeProvider clock)
    {
        var t = errors.Text("topic", "会议主题", topic, 200);
        var p = errors.Text("place", "地点", place, 200);
        var h = errors.Text("hostName", "主持人", host, 50);
        var r = errors.Text("recorderName", "记录人", recorder, 50, required: false);
        var l = errors.Text("lecturerName", "授课人", lecturer, 50, required: kind == MeetingKind.PartyLecture);
        var now = clock.GetUtcNow();
        if (startsAt is not { } start)
        {
            errors.Add("startsAt", "请填写会议时间");
        }
        else if (start < now.AddDays(-366))
        {
            errors.Add("startsAt", "会议时间不能早于一年前");
        }
        else if (start > now.AddDays(366))
        {
            errors.Add("startsAt", "会议时间不能晚于一年后");
        }
        else if (endsAt is { } end && (end <= start || end > start.AddDays(3)))
        {
            errors.Add("endsAt", "结束时间应晚于开始时间，且在三天之内");
        }
        return new Values(t ?? "", startsAt ?? default, endsAt, p ?? "", h ?? "", r, l);
    }
}
