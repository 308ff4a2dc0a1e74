using Dangjian.Features.Members;
using Dangjian.Features.Organizations;
using Dangjian.Platform.Data;
using Dangjian.Platform.Http;
using Dangjian.Platform.Rules;
using Dangjian.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Features.Meetings;

/// <summary>
/// One kind of meeting across a subtree for a year: a row per organization that must hold it (or every organization,
/// with why not), a cell per month holding the state of the period that month belongs to, and the share of those
/// organizations done per period. Read in a fixed number of queries for the whole subtree (organizations, their member
/// and meeting tallies, groups, units and the rule overrides), then judged by <see cref="OrganizationCompliance.Judge"/>.
/// A subtree of more than <see cref="MaxOrganizations"/> organizations is refused: choose a street or a county's part.
/// </summary>
public static class ComplianceGrid
{
    public const int MaxOrganizations = 2000;

    public sealed record Cell(int Month, ComplianceState State, int Held);

    public sealed record Row(long OrganizationId, string Name, OrganizationKind Kind, string KindName, int Depth, bool Required, string Reason,
        IReadOnlyList<Cell> Months, int Overdue);

    public sealed record Share(string Label, DateOnly Start, DateOnly End, int Required, int Done, int Overdue);

    public sealed record Response(long OrganizationId, string OrganizationName, int Year, MeetingKind Kind, string KindName,
        IReadOnlyList<Row> Rows, IReadOnlyList<Share> Shares);

    public static async Task<Outcome<Response>> Handle(long? organizationId, int? year, MeetingKind? kind, OrganizationKind? organizationKind,
        UnitKind? unitKind, bool requiredOnly, CurrentUser user, AppDb db, Scope scope, TimeProvider clock, CancellationToken ct)
    {
        var today = clock.Today();
        var y = year ?? today.Year;
        var errors = new FieldErrors();
        if (y < 2000 || y > today.Year + 1)
        {
            errors.Add("year", $"年份应在2000到{today.Year + 1}之间");
        }
        if (kind is null)
        {
            errors.Add("kind", "请选择会议类型");
        }
        if (errors.Any)
        {
            return Outcome<Response>.Invalid(errors);
        }
        var account = await user.RequireAsync(ct);
        var root = await scope.FindAsync(db.Organizations.AsNoTracking(), organizationId ?? account.OrganizationId, ct);
        if (root is null)
        {
            return Outcome<Response>.NotFound("党组织");
        }
        var hi = OrgPath.UpperBound(root.Path);
        var orgs = await db.Organizations.AsNoTracking()
            .Where(o => string.Compare(o.Path, root.Path) >= 0 && string.Compare(o.Path, hi) < 0 && o.DissolvedAt == null)
            .OrderBy(o => o.Path).Take(MaxOrganizations + 1).ToListAsync(ct);
        if (orgs.Count > MaxOrganizations)
        {
            return Outcome<Response>.Invalid("organizationId", $"{root.Name}下的组织超过{MaxOrganizations}个，请选择下一级组织查看");
        }
        var ids = orgs.Select(o => o.Id).ToList();
        var facts = await OrganizationCompliance.FactsAsync(ids, db, ct);
        var meetingKind = kind!.Value;
        var tallies = (await db.MeetingTallies.AsNoTracking()
            .Where(t => ids.Contains(t.OrganizationId) && t.Kind == meetingKind && t.Months == 1 && t.Month >= y * 100 + 1 && t.Month <= y * 100 + 12)
            .ToListAsync(ct)).ToLookup(t => t.OrganizationId);

        // Unit kinds: each organization's own unit, else the nearest above it (the root's ancestors included).
        var ancestorIds = OrgPath.Ids(root.Path);
        var unitKinds = await db.Organizations.AsNoTracking()
            .Where(o => (ids.Contains(o.Id) || ancestorIds.Contains(o.Id)) && o.UnitId != null)
            .Join(db.Units, o => o.UnitId, u => u.Id, (o, u) => new { o.Id, u.Kind })
            .ToDictionaryAsync(x => x.Id, x => x.Kind, ct);

        var ancestors = OrgPath.AncestorsAndSelf(root.Path);
        var keys = MeetingRules.ComplianceRules.Select(r => r.Key).ToList();
        var overrides = await db.RuleOverrides.AsNoTracking()
            .Where(r => keys.Contains(r.RuleKey) && (ancestors.Contains(r.OrganizationPath)
                || (string.Compare(r.OrganizationPath, root.Path) > 0 && string.Compare(r.OrganizationPath, hi) < 0)))
            .ToListAsync(ct);

        var rows = new List<Row>();
        foreach (var org in orgs)
        {
            var orgUnitKind = Rules.RuleSubjects.NearestUnitKind(org.Path, unitKinds);
            if ((organizationKind is { } ok && org.Kind != ok) || (unitKind is { } uk && orgUnitKind != uk))
            {
                continue;
            }
            var judged = OrganizationCompliance.Judge(org, facts[org.Id], y, today, [.. tallies[org.Id]], overrides, orgUnitKind?.ToString())
                .Single(k => k.Kind == meetingKind);
            if (requiredOnly && !judged.Required)
            {
                continue;
            }
            var months = Enumerable.Range(1, 12).Select(m =>
            {
                var period = judged.Periods.FirstOrDefault(p => p.Start.Month <= m && m <= p.End.Month);
                return period is null ? new Cell(m, ComplianceState.NotRequired, 0) : new Cell(m, period.State, period.Held);
            }).ToList();
            rows.Add(new Row(org.Id, org.Name, org.Kind, org.Kind.Chinese(), org.Depth - root.Depth, judged.Required, judged.Reason, months,
                judged.Periods.Count(p => p.State == ComplianceState.Overdue)));
        }
        var shares = SharesOf(rows, y, overrides, meetingKind, root);
        return Outcome<Response>.Ok(new Response(root.Id, root.Name, y, meetingKind, meetingKind.Chinese(), rows, shares));
    }

    /// <summary>
    /// The share of organizations done per period of the interval in force at the subtree's root (regions inside that ask
    /// for another interval are counted by the month their own period covers).
    /// </summary>
    private static List<Share> SharesOf(List<Row> rows, int year, IReadOnlyList<RuleOverride> overrides, MeetingKind kind, Organization root)
    {
        var rule = MeetingRules.IntervalRule(kind);
        var result = new List<Share>();
        var start = new DateOnly(year, 1, 1);
        var relevant = overrides.Where(o => OrgPath.IsWithin(root.Path, o.OrganizationPath)).ToList();
        while (start.Year == year)
        {
            var months = (int)RuleBook.On(rule, relevant, null, start).Value;
            var end = Platform.Time.BeijingDay.PeriodEnd(Platform.Time.BeijingDay.PeriodStart(start, months), months);
            var required = rows.Where(r => r.Required && r.Months[start.Month - 1].State != ComplianceState.NotRequired).ToList();
            var done = required.Count(r => r.Months.Skip(start.Month - 1).Take(end.Month - start.Month + 1).Any(c => c.State == ComplianceState.Done));
            var overdue = required.Count(r => r.Months[end.Month - 1].State == ComplianceState.Overdue);
            result.Add(new Share(OrganizationCompliance.Label(start, end), start, end, required.Count, done, overdue));
            start = end.AddDays(1);
        }
        return result;
    }
}
