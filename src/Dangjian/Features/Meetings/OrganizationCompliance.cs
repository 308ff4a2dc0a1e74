using Dangjian.Features.Members;
using Dangjian.Features.Organizations;
using Dangjian.Features.Rules;
using Dangjian.Platform.Data;
using Dangjian.Platform.Http;
using Dangjian.Platform.Rules;
using Dangjian.Platform.Security;
using Dangjian.Platform.Time;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Features.Meetings;

public enum ComplianceState
{
    Done,
    Due,
    Overdue,
    Upcoming,
    NotRequired,
}

/// <summary>
/// One organization's year of organization life: for every kind of meeting, whether it must hold it (and why not, in
/// words), and for each period of the rule in force then (a month, a quarter, the year…) whether it is done, due,
/// overdue or still ahead. Read from the organization's tallies (at most 9 × 12 rows), its member tallies and the rule
/// overrides above it: a handful of queries whatever the size of the tree.
/// </summary>
/// <remarks>
/// A period is judged by the interval in force on its first day, so a region that asks for monthly lectures from July
/// on changes July's periods and not the first half year's. Whether a committee meeting is required follows today's
/// full members: the tallies keep no history of past counts.
/// </remarks>
public static class OrganizationCompliance
{
    public sealed record PeriodView(DateOnly Start, DateOnly End, string Label, ComplianceState State, string StateName, int Held);

    public sealed record KindView(MeetingKind Kind, string KindName, bool Required, string Reason, string Source, IReadOnlyList<PeriodView> Periods);

    public sealed record Response(long OrganizationId, string OrganizationName, OrganizationKind OrganizationKind, int Year, long FullMembers,
        IReadOnlyList<KindView> Kinds, int Overdue, int Due);

    public static string StateName(this ComplianceState state) => state switch
    {
        ComplianceState.Done => "已完成",
        ComplianceState.Due => "本期待开",
        ComplianceState.Overdue => "逾期未开",
        ComplianceState.Upcoming => "未到期",
        ComplianceState.NotRequired => "无需召开",
        _ => state.ToString(),
    };

    public static async Task<Outcome<Response>> Handle(long? organizationId, int? year, CurrentUser user, AppDb db, Scope scope, RuleBook rules,
        TimeProvider clock, CancellationToken ct)
    {
        var today = clock.Today();
        var y = year ?? today.Year;
        if (y < 2000 || y > today.Year + 1)
        {
            return Outcome<Response>.Invalid("year", $"年份应在2000到{today.Year + 1}之间");
        }
        var account = await user.RequireAsync(ct);
        var org = await scope.FindAsync(db.Organizations.AsNoTracking(), organizationId ?? account.OrganizationId, ct);
        if (org is null)
        {
            return Outcome<Response>.NotFound("党组织");
        }
        var facts = await FactsAsync(org, db, ct);
        var tallies = await db.MeetingTallies.AsNoTracking()
            .Where(t => t.OrganizationId == org.Id && t.Months == 1 && t.Month >= y * 100 + 1 && t.Month <= y * 100 + 12)
            .ToListAsync(ct);
        var subject = await RuleSubjects.ForAsync(db, org.Path, today, ct);
        var overrides = await rules.OverridesAsync(MeetingRules.ComplianceRules, org.Path, ct);
        var kinds = Judge(org, facts, y, today, tallies, overrides, subject.UnitKind);
        return Outcome<Response>.Ok(new Response(org.Id, org.Name, org.Kind, y, facts.FullMembers, kinds,
            kinds.Sum(k => k.Periods.Count(p => p.State == ComplianceState.Overdue)),
            kinds.Sum(k => k.Periods.Count(p => p.State == ComplianceState.Due))));
    }

    public sealed record Facts(long FullMembers, bool HasGroups);

    public static async Task<Facts> FactsAsync(Organization org, AppDb db, CancellationToken ct) =>
        (await FactsAsync([org.Id], db, ct))[org.Id];

    /// <summary>
    /// The facts a requirement depends on, for many organizations in two queries: full members in good standing or
    /// reserved (from the member tallies) and whether a Party group that is not dissolved sits under each.
    /// </summary>
    public static async Task<IReadOnlyDictionary<long, Facts>> FactsAsync(IReadOnlyCollection<long> ids, AppDb db, CancellationToken ct)
    {
        var full = MemberCategory.Full.ToString();
        var stopped = MembershipStatus.Stopped.ToString();
        var fullMembers = await db.MemberTallies.AsNoTracking()
            .Where(t => ids.Contains(t.OrganizationId) && t.Category == full && t.Status != stopped)
            .GroupBy(t => t.OrganizationId).Select(g => new { g.Key, Count = g.Sum(t => t.Count) })
            .ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var withGroups = (await db.Organizations.AsNoTracking()
            .Where(o => o.ParentId != null && ids.Contains(o.ParentId.Value) && o.Kind == OrganizationKind.PartyGroup && o.DissolvedAt == null)
            .Select(o => o.ParentId!.Value).Distinct().ToListAsync(ct)).ToHashSet();
        return ids.Distinct().ToDictionary(id => id, id => new Facts(fullMembers.GetValueOrDefault(id), withGroups.Contains(id)));
    }

    /// <summary>The year judged, kind by kind and period by period: pure, so that the rules' edges are tested without a database.</summary>
    public static IReadOnlyList<KindView> Judge(Organization org, Facts facts, int year, DateOnly today, IReadOnlyList<MeetingTally> tallies,
        IReadOnlyList<RuleOverride> overrides, string? unitKind)
    {
        var result = new List<KindView>();
        overrides = overrides.Where(o => OrgPath.IsWithin(org.Path, o.OrganizationPath)).ToList();
        var committeeAt = (int)RuleBook.On(RuleCatalog.BranchCommitteeAtFullMembers, overrides, unitKind, today).Value;
        foreach (var kind in MeetingRules.Kinds)
        {
            var rule = MeetingRules.IntervalRule(kind);
            var current = RuleBook.On(rule, overrides, unitKind, today);
            var requirement = MeetingRules.For(kind, org.Kind, facts.FullMembers, committeeAt, facts.HasGroups, (int)current.Value);
            var periods = new List<PeriodView>();
            if (requirement.Required)
            {
                var established = org.EstablishedOn;
                var dissolved = org.DissolvedAt is { } d ? BeijingDay.Of(d) : (DateOnly?)null;
                var start = new DateOnly(year, 1, 1);
                while (start.Year == year)
                {
                    var months = (int)RuleBook.On(rule, overrides, unitKind, start).Value;
                    var end = BeijingDay.PeriodEnd(BeijingDay.PeriodStart(start, months), months);
                    var held = tallies.Where(t => t.Kind == kind && t.Months == 1 && t.Month >= MeetingTally.MonthOf(start) && t.Month <= MeetingTally.MonthOf(end))
                        .Sum(t => t.Count);
                    var state = held > 0 ? ComplianceState.Done
                        : (established is { } e && end < e) || (dissolved is { } x && start > x) ? ComplianceState.NotRequired
                        : end < today ? ComplianceState.Overdue
                        : start <= today ? ComplianceState.Due
                        : ComplianceState.Upcoming;
                    periods.Add(new PeriodView(start, end, Label(start, end), state, state.StateName(), held));
                    start = end.AddDays(1);
                }
            }
            result.Add(new KindView(kind, kind.Chinese(), requirement.Required, requirement.Reason, current.Source, periods));
        }
        return result;
    }

    /// <summary>"3月", "第二季度", "上半年", "全年", "1—2月".</summary>
    public static string Label(DateOnly start, DateOnly end)
    {
        var months = (end.Year - start.Year) * 12 + end.Month - start.Month + 1;
        return months switch
        {
            1 => $"{start.Month}月",
            3 when start.Month % 3 == 1 => $"第{"一二三四"[(start.Month - 1) / 3]}季度",
            6 when start.Month == 1 => "上半年",
            6 when start.Month == 7 => "下半年",
            12 => "全年",
            _ => $"{start.Month}—{end.Month}月",
        };
    }
}
