using System.ComponentModel.DataAnnotations;
using Dangjian.Platform.Activity;
using Dangjian.Platform.Data;
using Dangjian.Platform.Http;
using Dangjian.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Features.Study;

/// <summary>
/// Records study delivered home (送学上门): the visited member's hours become a study line, and each visiting member
/// gets a home-study line for the service, in the same save.
/// </summary>
public static class RecordHomeStudy
{
    public const decimal MaxHours = 8;

    public sealed record Request(long? MemberId, HomeStudyReason? Reason, DateOnly? VisitedOn, [property: MaxLength(1000)] string? Content, decimal? Hours,
        [property: MaxLength(10)] IReadOnlyList<long>? VisitorMemberIds, [property: MaxLength(200)] string? OtherVisitors);

    public static async Task<Outcome<long>> Handle(Request request, AppDb db, Scope scope, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var member = await scope.FindAsync(db.Members.AsNoTracking().Where(m => m.LeftAt == null), request.MemberId, ct);
        if (member is null)
        {
            errors.Add("memberId", request.MemberId is null ? "请选择送学的党员" : "党员不存在或不在您的管辖范围内");
        }
        if (request.Reason is null)
        {
            errors.Add("reason", "请选择送学上门的原因");
        }
        var today = db.Clock.Today();
        var on = errors.PastDate("visitedOn", "送学日期", request.VisitedOn, today, today.AddYears(-1));
        if (request.VisitedOn is null)
        {
            errors.Add("visitedOn", "请填写送学日期");
        }
        var content = errors.Text("content", "学习内容", request.Content, 1000);
        var hours = CreateTrainingClass.CheckHours(errors, "hours", request.Hours, MaxHours);
        var visitorIds = (request.VisitorMemberIds ?? []).Distinct().ToList();
        var visitors = new List<(long Id, string Name, string Path)>();
        for (var i = 0; i < visitorIds.Count; i++)
        {
            var visitor = await scope.FindAsync(db.Members.AsNoTracking().Where(m => m.LeftAt == null), visitorIds[i], ct);
            if (visitor is null)
            {
                errors.Add($"visitorMemberIds[{i}]", "党员不存在或不在您的管辖范围内");
            }
            else if (visitor.Id == request.MemberId)
            {
                errors.Add($"visitorMemberIds[{i}]", "送学人不能是被送学的党员本人");
            }
            else
            {
                visitors.Add((visitor.Id, visitor.Name, visitor.OrgPath));
            }
        }
        var others = errors.Text("otherVisitors", "其他送学人", request.OtherVisitors, 200, required: false);
        if (visitorIds.Count == 0 && others is null && !errors.Has("otherVisitors"))
        {
            errors.Add("visitorMemberIds", "请选择或填写送学人");
        }
        if (errors.Any)
        {
            return Outcome<long>.Invalid(errors);
        }
        var names = string.Join("、", visitors.Select(v => v.Name).Append(others).OfType<string>());
        var visit = new HomeStudyVisit
        {
            OrganizationId = member!.OrganizationId, OrgPath = member.OrgPath, MemberId = member.Id, MemberName = member.Name, Reason = request.Reason!.Value,
            VisitedOn = on!.Value, Content = content!, Hours = hours, VisitorNames = names.Length > 200 ? names[..200] : names,
            RecordedAt = db.Clock.GetUtcNow(), RecordedBy = db.Actor, Visitors = [.. visitors.Select(v => new HomeStudyVisitor { MemberId = v.Id })],
        };
        db.HomeStudyVisits.Add(visit);
        // The lines need the visit's id: one transaction around both saves, so they commit together or not at all.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        ActivityLedger.Record(db, member.Id, member.OrgPath, ActivityKinds.StudyHours, StudyDetails.HomeStudy, visit.VisitedOn, hours, nameof(HomeStudyVisit), visit.Id);
        foreach (var v in visitors)
        {
            ActivityLedger.Record(db, v.Id, v.Path, ActivityKinds.HomeStudy, "visitor", visit.VisitedOn, 1, nameof(HomeStudyVisit), visit.Id);
        }
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return Outcome<long>.Ok(visit.Id);
    }
}

/// <summary>Withdraws a home visit recorded in error: the row stays (marked), its lines are reversed.</summary>
public static class WithdrawHomeStudy
{
    public static async Task<Outcome<long>> Handle(long id, AppDb db, Scope scope, CancellationToken ct)
    {
        var visit = await scope.FindAsync(db.HomeStudyVisits, id, ct);
        if (visit is null)
        {
            return Outcome<long>.NotFound("送学记录");
        }
        if (visit.WithdrawnAt is not null)
        {
            return Outcome<long>.Conflict("该送学记录已撤销");
        }
        visit.WithdrawnAt = db.Clock.GetUtcNow();
        await ActivityLedger.ReverseAsync(db, nameof(HomeStudyVisit), visit.Id, null, ct);
        await db.SaveChangesAsync(ct);
        return Outcome<long>.Ok(visit.Id);
    }
}

/// <summary>The home visits of a subtree in a year, newest first.</summary>
public static class ListHomeStudy
{
    public sealed record Row(long Id, long MemberId, string MemberName, string OrganizationName, HomeStudyReason Reason, string ReasonName, DateOnly VisitedOn,
        string Content, decimal Hours, string VisitorNames, bool Withdrawn);

    public const int MaxRows = 300;

    public static async Task<Outcome<IReadOnlyList<Row>>> Handle(long? organizationId, int? year, CurrentUser user, AppDb db, Scope scope, CancellationToken ct)
    {
        var root = await StudyScopes.RootAsync(organizationId, user, db, scope, ct);
        if (root is null)
        {
            return Outcome<IReadOnlyList<Row>>.NotFound("党组织");
        }
        if (StudyScopes.YearRefusal(year, db.Clock.Today()) is { } refusal)
        {
            return Outcome<IReadOnlyList<Row>>.Invalid("year", refusal);
        }
        var y = year ?? db.Clock.Today().Year;
        var hi = OrgPath.UpperBound(root);
        var rows = await db.HomeStudyVisits.AsNoTracking()
            .Where(v => string.Compare(v.OrgPath, root) >= 0 && string.Compare(v.OrgPath, hi) < 0 && v.VisitedOn >= new DateOnly(y, 1, 1) && v.VisitedOn <= new DateOnly(y, 12, 31))
            .OrderByDescending(v => v.VisitedOn).ThenByDescending(v => v.Id).Take(MaxRows)
            .Join(db.Organizations, v => v.OrganizationId, o => o.Id, (v, o) => new { v, o.Name })
            .ToListAsync(ct);
        return Outcome<IReadOnlyList<Row>>.Ok([.. rows.Select(r => new Row(r.v.Id, r.v.MemberId, r.v.MemberName, r.Name, r.v.Reason, r.v.Reason.Chinese(), r.v.VisitedOn,
            r.v.Content, r.v.Hours, r.v.VisitorNames, r.v.WithdrawnAt is not null))]);
    }
}
