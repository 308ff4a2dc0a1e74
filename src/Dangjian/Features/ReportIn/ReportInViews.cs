using Dangjian.Features.Residents;
using Dangjian.Platform.Activity;
using Dangjian.Platform.Data;
using Dangjian.Platform.Http;
using Dangjian.Platform.Security;
using Dangjian.Platform.Time;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Features.ReportIn;

public sealed record RegistrationRow(long Id, RegistrantKind Kind, string KindName, string Name, long CommunityId, string Community, RegistrationState State,
    string StateName, DateOnly RequestedOn, DateOnly? ConfirmedOn, string Offers, string? RefusalReason, string CardCode);

public sealed record ActivityRow(long Id, long CommunityId, string Community, string Title, string Description, string Place, DateTimeOffset StartsAt,
    DateTimeOffset EndsAt, int Quota, int SignedUp, DateTimeOffset SignUpBy, bool Cancelled, bool SignedUpByMe, bool SignedInByMe);

public sealed record HoursRow(long Id, string MemberName, long CommunityId, DateOnly Date, TimeOnly From, TimeOnly To, decimal Hours, decimal OutsideHours, string What,
    HoursState State, string StateName, bool FromActivity, string? RefusalReason);

internal static class ReportInRows
{
    public static IQueryable<RegistrationRow> Registrations(AppDb db, IQueryable<Registration> rows) =>
        rows.Join(db.Organizations, r => r.CommunityId, o => o.Id, (r, o) => new { r, o.Name })
            .Select(x => new RegistrationRow(x.r.Id, x.r.Kind, "", x.r.Name, x.r.CommunityId, x.Name, x.r.State, "", x.r.RequestedOn, x.r.ConfirmedOn, x.r.Offers,
                x.r.RefusalReason, x.r.CardCode));

    public static RegistrationRow Named(RegistrationRow r) => r with { KindName = r.Kind.Chinese(), StateName = r.State.Chinese() };

    public static HoursRow Of(ServiceHours h) => new(h.Id, h.MemberName, h.CommunityId, h.Date, h.From, h.To, h.Hours, h.OutsideHours, h.What, h.State, h.State.Chinese(),
        h.ActivityId is not null, h.RefusalReason);

    public static (DateOnly From, DateOnly To) Quarter(int year, int quarter) =>
        (new DateOnly(year, (quarter - 1) * 3 + 1, 1), new DateOnly(year, (quarter - 1) * 3 + 1, 1).AddMonths(3).AddDays(-1));
}

/// <summary>The signed-in member's report-in: where, the activities they may sign up for, their hours this quarter (报告).</summary>
public static class MyReportIn
{
    public sealed record Response(IReadOnlyList<RegistrationRow> Registrations, IReadOnlyList<Communities.Choice> ReportedTo, IReadOnlyList<ActivityRow> Activities,
        IReadOnlyList<HoursRow> Hours, decimal QuarterHours, decimal QuarterOutsideHours, int QuarterActivities, int QuarterWishesFulfilled);

    public static async Task<Outcome<Response>> Handle(ReportInServices s, CancellationToken ct)
    {
        var account = await s.User.RequireAsync(ct);
        var member = await ServingMember.OfAsync(account, s.Db, ct);
        if (member is null)
        {
            // A secretary's account without a member record: nothing reported in, nothing to sign up for.
            return Outcome<Response>.Ok(new Response([], [], [], [], 0, 0, 0, 0));
        }
        var registrations = await ReportInRows.Registrations(s.Db,
            s.Db.ReportInRegistrations.AsNoTracking().Where(r => r.MemberId == member.Id).OrderByDescending(r => r.Id).Take(20)).ToListAsync(ct);
        var communities = await ReportInAccess.CommunitiesOfMemberAsync(s.Db, member.Id, member.OrgPath, ct);
        var names = await s.Db.Organizations.AsNoTracking().Where(o => communities.Contains(o.Id)).Select(o => new Communities.Choice(o.Id, o.Name, "")).ToListAsync(ct);
        var now = s.Db.Clock.GetUtcNow();
        var since = now.AddDays(-1);
        var activities = await s.Db.ServiceActivities.AsNoTracking().Where(a => communities.Contains(a.CommunityId) && a.EndsAt > since && !a.Cancelled)
            .OrderBy(a => a.StartsAt).Take(50)
            .Select(a => new ActivityRow(a.Id, a.CommunityId, "", a.Title, a.Description, a.Place, a.StartsAt, a.EndsAt, a.Quota, a.SignedUp, a.SignUpBy, a.Cancelled,
                s.Db.ActivitySignUps.Any(x => x.ActivityId == a.Id && x.MemberId == member.Id),
                s.Db.ActivitySignUps.Any(x => x.ActivityId == a.Id && x.MemberId == member.Id && x.SignedInAt != null)))
            .ToListAsync(ct);
        var today = BeijingDay.Of(now);
        var (from, to) = ReportInRows.Quarter(today.Year, (today.Month + 2) / 3);
        var hours = await s.Db.ServiceHours.AsNoTracking().Where(h => h.MemberId == member.Id && h.Date >= from.AddDays(-ReportInRules.ReportDaysBack))
            .OrderByDescending(h => h.Date).ThenByDescending(h => h.Id).Take(50).ToListAsync(ct);
        var quarter = hours.Where(h => h.State == HoursState.Verified && h.Date >= from && h.Date <= to).ToList();
        var wishes = await s.Db.ActivityEntries.AsNoTracking()
            .Where(a => a.MemberId == member.Id && a.Kind == ActivityKinds.WishFulfilled && a.OccurredOn >= from && a.OccurredOn <= to).SumAsync(a => a.Quantity, ct);
        var communityNames = names.ToDictionary(n => n.Id, n => n.Name);
        return Outcome<Response>.Ok(new Response([.. registrations.Select(ReportInRows.Named)], names,
            [.. activities.Select(a => a with { Community = communityNames.GetValueOrDefault(a.CommunityId, "") })], [.. hours.Select(ReportInRows.Of)],
            quarter.Sum(h => h.Hours), quarter.Sum(h => h.OutsideHours), quarter.Count(h => h.ActivityId != null), (int)wishes));
    }
}

/// <summary>For a community (and the levels above): the report-ins, the activities and the hours waiting to be verified.</summary>
public static class CommunityReportIn
{
    public sealed record Response(long CommunityId, string Community, IReadOnlyList<RegistrationRow> Registrations, IReadOnlyList<ActivityRow> Activities,
        IReadOnlyList<HoursRow> Hours);

    public static async Task<Outcome<Response>> Handle(long? communityId, ReportInServices s, CancellationToken ct)
    {
        var community = await Communities.FindAsync(s.Db, communityId, ct);
        if (community is null || !await s.Scope.AllowsAsync(community.Path, "Organization", community.Id, ct))
        {
            return Outcome<Response>.Invalid("communityId", "请选择本辖区的社区（村）");
        }
        var registrations = await ReportInRows.Registrations(s.Db, s.Db.ReportInRegistrations.AsNoTracking().Where(r => r.CommunityId == community.Id)
            .OrderBy(r => r.State == RegistrationState.Pending ? 0 : r.State == RegistrationState.Confirmed ? 1 : 2).ThenByDescending(r => r.Id).Take(200)).ToListAsync(ct);
        var since = s.Db.Clock.GetUtcNow().AddDays(-30);
        var activities = await s.Db.ServiceActivities.AsNoTracking().Where(a => a.CommunityId == community.Id && a.EndsAt > since).OrderBy(a => a.StartsAt).Take(100)
            .Select(a => new ActivityRow(a.Id, a.CommunityId, community.Name, a.Title, a.Description, a.Place, a.StartsAt, a.EndsAt, a.Quota, a.SignedUp, a.SignUpBy,
                a.Cancelled, false, false)).ToListAsync(ct);
        var hours = await s.Db.ServiceHours.AsNoTracking().Where(h => h.CommunityId == community.Id && h.State == HoursState.Reported)
            .OrderBy(h => h.Date).ThenBy(h => h.Id).Take(200).ToListAsync(ct);
        return Outcome<Response>.Ok(new Response(community.Id, community.Name, [.. registrations.Select(ReportInRows.Named)], activities, [.. hours.Select(ReportInRows.Of)]));
    }
}

/// <summary>
/// The quarterly report (双报告) back to the members' own organization: for each member of its subtree who served, the
/// verified hours, the part outside working time, the activities attended, and the wishes they fulfilled.
/// </summary>
public static class QuarterlyReport
{
    public sealed record Row(long MemberId, string Name, decimal Hours, decimal OutsideHours, int Activities, int WishesFulfilled, string? ReportedTo);

    public sealed record Response(long OrganizationId, string Organization, int Year, int Quarter, DateOnly From, DateOnly To, IReadOnlyList<Row> Members,
        decimal Hours, decimal OutsideHours);

    public const int MaxMembers = 500;

    public static async Task<Outcome<Response>> Handle(long? organizationId, int? year, int? quarter, ReportInServices s, CancellationToken ct)
    {
        var account = await s.User.RequireAsync(ct);
        var organization = await s.Scope.FindAsync(s.Db.Organizations.AsNoTracking(), organizationId ?? account.OrganizationId, ct);
        if (organization is null)
        {
            return Outcome<Response>.Invalid("organizationId", "请选择本辖区的党组织");
        }
        var today = BeijingDay.Of(s.Db.Clock.GetUtcNow());
        var y = year ?? today.Year;
        var q = quarter ?? (today.Month + 2) / 3;
        if (y < 2000 || y > today.Year + 1 || q is < 1 or > 4)
        {
            return Outcome<Response>.Invalid(year is null or >= 2000 ? "quarter" : "year", "请选择正确的年份和季度（1到4）");
        }
        var (from, to) = ReportInRows.Quarter(y, q);
        var path = organization.Path;
        var hours = await s.Db.ServiceHours.AsNoTracking().Where(h => h.OrgPath.StartsWith(path) && h.Date >= from && h.Date <= to && h.State == HoursState.Verified)
            .GroupBy(h => new { h.MemberId, h.MemberName })
            .Select(g => new { g.Key.MemberId, g.Key.MemberName, Hours = g.Sum(h => h.Hours), Outside = g.Sum(h => h.OutsideHours), Activities = g.Count(h => h.ActivityId != null) })
            .Take(MaxMembers).ToListAsync(ct);
        var wishes = await s.Db.ActivityEntries.AsNoTracking()
            .Where(a => a.OrgPath.StartsWith(path) && a.Kind == ActivityKinds.WishFulfilled && a.OccurredOn >= from && a.OccurredOn <= to)
            .GroupBy(a => a.MemberId).Select(g => new { MemberId = g.Key, Count = g.Sum(a => a.Quantity) }).Take(MaxMembers).ToDictionaryAsync(x => x.MemberId, x => (int)x.Count, ct);
        var registered = await s.Db.ReportInRegistrations.AsNoTracking().Where(r => r.OrgPath.StartsWith(path) && r.Kind == RegistrantKind.Member && r.State == RegistrationState.Confirmed)
            .Join(s.Db.Organizations, r => r.CommunityId, o => o.Id, (r, o) => new { MemberId = r.MemberId!.Value, r.Name, Community = o.Name }).Take(MaxMembers).ToListAsync(ct);
        var ids = hours.Select(h => h.MemberId).Concat(wishes.Keys).Concat(registered.Select(r => r.MemberId)).Distinct().Take(MaxMembers).ToList();
        var names = await s.Db.Members.AsNoTracking().Where(m => ids.Contains(m.Id)).ToDictionaryAsync(m => m.Id, m => m.Name, ct);
        var rows = ids.Select(id =>
        {
            var h = hours.FirstOrDefault(x => x.MemberId == id);
            return new Row(id, names.GetValueOrDefault(id, h?.MemberName ?? ""), h?.Hours ?? 0, h?.Outside ?? 0, h?.Activities ?? 0, wishes.GetValueOrDefault(id),
                registered.FirstOrDefault(r => r.MemberId == id)?.Community);
        }).OrderByDescending(r => r.Hours).ThenBy(r => r.Name, StringComparer.Ordinal).ToList();
        return Outcome<Response>.Ok(new Response(organization.Id, organization.Name, y, q, from, to, rows, rows.Sum(r => r.Hours), rows.Sum(r => r.OutsideHours)));
    }
}

/// <summary>
/// The totals of a region (the seeds' "149 units, 11,950 members reported in"): report-ins confirmed and still in force
/// with the communities of its subtree, units and members counted apart; those waiting; the hours verified this year.
/// </summary>
public static class ReportInFigures
{
    public sealed record Row(long CommunityId, string Community, int Units, int Members, int Pending, decimal Hours, decimal OutsideHours);

    public sealed record Response(long OrganizationId, string Organization, int Units, int Members, int Pending, decimal Hours, decimal OutsideHours, IReadOnlyList<Row> Communities);

    public static async Task<Outcome<Response>> Handle(long? organizationId, ReportInServices s, CancellationToken ct)
    {
        var account = await s.User.RequireAsync(ct);
        var organization = await s.Scope.FindAsync(s.Db.Organizations.AsNoTracking(), organizationId ?? account.OrganizationId, ct);
        if (organization is null)
        {
            return Outcome<Response>.Invalid("organizationId", "请选择本辖区的党组织");
        }
        var path = organization.Path;
        var registrations = await s.Db.ReportInRegistrations.AsNoTracking().Where(r => r.CommunityPath.StartsWith(path) && r.HeldKey != null)
            .GroupBy(r => r.CommunityId)
            .Select(g => new
            {
                CommunityId = g.Key,
                Units = g.Count(r => r.State == RegistrationState.Confirmed && r.Kind == RegistrantKind.Unit),
                Members = g.Count(r => r.State == RegistrationState.Confirmed && r.Kind == RegistrantKind.Member),
                Pending = g.Count(r => r.State == RegistrationState.Pending),
            }).ToListAsync(ct);
        var yearStart = new DateOnly(BeijingDay.Of(s.Db.Clock.GetUtcNow()).Year, 1, 1);
        var hours = await s.Db.ServiceHours.AsNoTracking().Where(h => h.CommunityPath.StartsWith(path) && h.State == HoursState.Verified && h.Date >= yearStart)
            .GroupBy(h => h.CommunityId).Select(g => new { CommunityId = g.Key, Hours = g.Sum(h => h.Hours), Outside = g.Sum(h => h.OutsideHours) }).ToListAsync(ct);
        var ids = registrations.Select(r => r.CommunityId).Concat(hours.Select(h => h.CommunityId)).Distinct().ToList();
        var names = await s.Db.Organizations.AsNoTracking().Where(o => ids.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        var rows = ids.Select(id =>
        {
            var r = registrations.FirstOrDefault(x => x.CommunityId == id);
            var h = hours.FirstOrDefault(x => x.CommunityId == id);
            return new Row(id, names.GetValueOrDefault(id, ""), r?.Units ?? 0, r?.Members ?? 0, r?.Pending ?? 0, h?.Hours ?? 0, h?.Outside ?? 0);
        }).OrderByDescending(r => r.Units + r.Members).ThenBy(r => r.Community, StringComparer.Ordinal).ToList();
        return Outcome<Response>.Ok(new Response(organization.Id, organization.Name, rows.Sum(r => r.Units), rows.Sum(r => r.Members), rows.Sum(r => r.Pending),
            rows.Sum(r => r.Hours), rows.Sum(r => r.OutsideHours), [.. rows.Take(200)]));
    }
}

/// <summary>The report-in card's public check (QR): who reported in where, since when, and whether it still stands; a member named as 张** only.</summary>
public static class CheckCard
{
    public sealed record Response(string KindName, string Name, string Community, string StateName, DateOnly? Since);

    public static async Task<Outcome<Response>> Handle(string? code, AppDb db, CancellationToken ct)
    {
        var clean = code?.Trim().ToUpperInvariant();
        var found = string.IsNullOrEmpty(clean) || clean.Length > 32 ? null
            : await db.ReportInRegistrations.AsNoTracking().Where(r => r.CardCode == clean)
                .Join(db.Organizations, r => r.CommunityId, o => o.Id, (r, o) => new { r.Kind, r.Name, Community = o.Name, r.State, r.ConfirmedOn }).FirstOrDefaultAsync(ct);
        return found is null ? Outcome<Response>.NotFound("报到卡")
            : Outcome<Response>.Ok(new Response(found.Kind.Chinese(), found.Kind == RegistrantKind.Member ? Wishes.WishRow.MaskName(found.Name) : found.Name, found.Community,
                found.State.Chinese(), found.ConfirmedOn));
    }
}
