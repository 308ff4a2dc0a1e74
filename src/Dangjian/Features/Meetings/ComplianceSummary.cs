using Dangjian.Features.Organizations;
using Dangjian.Platform.Data;
using Dangjian.Platform.Http;
using Dangjian.Platform.Rules;
using Dangjian.Platform.Security;
using Dangjian.Platform.Time;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Features.Meetings;

/// <summary>
/// A region's year of organization life in figures: for every kind of meeting, how many organizations under it must
/// hold it, and per period how many did, how many did not, and the share. Read from the rollups of the region's root
/// (<see cref="MeetingDutyRollup"/>, <see cref="MeetingRollup"/>) in four queries whatever the size of the region: a
/// province answers as fast as a street.
/// </summary>
/// <remarks>
/// Periods are those of the interval in force at the root. A region inside that asks for another interval is counted
/// by its own: its organizations are done in a period of the root when they held the meeting in one of their own
/// periods that overlap it (as the grid counts them), which the rollups give as the region's count over the span of
/// those periods, taken off the part above it. Where the span is not itself a period length the rollups keep (a
/// two-month region under a quarterly root) the smallest kept period that holds it is read, and the row says so.
/// Overrides for a unit kind only, and organizations founded or dissolved within the year, are judged exactly on the
/// organization's own page and in the grid, not here; the number required is today's.
/// </remarks>
public static class ComplianceSummary
{
    public sealed record Period(string Label, DateOnly Start, DateOnly End, ComplianceState State, int Required, int Done, int Missing, decimal Share);

    public sealed record KindRow(MeetingKind Kind, string KindName, string Frequency, string Source, int Required, bool Approximate,
        IReadOnlyList<Period> Periods);

    public sealed record Response(long OrganizationId, string OrganizationName, int Year, IReadOnlyList<KindRow> Kinds);

    public static async Task<Outcome<Response>> Handle(long? organizationId, int? year, CurrentUser user, AppDb db, Scope scope, TimeProvider clock,
        CancellationToken ct)
    {
        var today = clock.Today();
        var y = year ?? today.Year;
        if (y < 2000 || y > today.Year + 1)
        {
            return Outcome<Response>.Invalid("year", $"年份应在2000到{today.Year + 1}之间");
        }
        var account = await user.RequireAsync(ct);
        var root = await scope.FindAsync(db.Organizations.AsNoTracking(), organizationId ?? account.OrganizationId, ct);
        if (root is null)
        {
            return Outcome<Response>.NotFound("党组织");
        }
        var required = await db.MeetingDutyRollups.AsNoTracking().Where(d => d.OrganizationId == root.Id)
            .ToDictionaryAsync(d => d.Kind, d => d.Required, ct);

        var hi = OrgPath.UpperBound(root.Path);
        var ancestors = OrgPath.AncestorsAndSelf(root.Path);
        var keys = MeetingRules.Kinds.Select(k => MeetingRules.IntervalRule(k).Key).ToList();
        var overrides = await db.RuleOverrides.AsNoTracking()
            .Where(r => keys.Contains(r.RuleKey) && r.UnitKind == ""
                && (ancestors.Contains(r.OrganizationPath) || (string.Compare(r.OrganizationPath, root.Path) > 0 && string.Compare(r.OrganizationPath, hi) < 0)))
            .ToListAsync(ct);
        var nodes = Regions(root, overrides);
        var nodeIds = nodes.Select(n => n.Id).ToList();
        var rollups = (await db.MeetingRollups.AsNoTracking()
            .Where(r => nodeIds.Contains(r.OrganizationId) && r.Month >= y * 100 + 1 && r.Month <= y * 100 + 12)
            .ToListAsync(ct)).ToDictionary(r => new MeetingRollup.Key(r.OrganizationId, r.Kind, r.Months, r.Month), r => r.Held);

        var kinds = new List<KindRow>();
        foreach (var kind in MeetingRules.Kinds)
        {
            var rule = MeetingRules.IntervalRule(kind);
            var count = required.GetValueOrDefault(kind);
            var approximate = false;
            var periods = new List<Period>();
            var start = new DateOnly(y, 1, 1);
            while (start.Year == y)
            {
                var months = Interval(rule, overrides, root.Path, start);
                var end = BeijingDay.PeriodEnd(BeijingDay.PeriodStart(start, months), months);
                var done = 0;
                foreach (var node in nodes)
                {
                    var (length, first, exact) = Span(Interval(rule, overrides, node.Path, start), start, end);
                    approximate |= !exact;
                    done += rollups.GetValueOrDefault(new MeetingRollup.Key(node.Id, kind, length, first));
                    // The regions directly below this one that count by their own interval are taken off its figure.
                    foreach (var child in node.Children)
                    {
                        done -= rollups.GetValueOrDefault(new MeetingRollup.Key(child, kind, length, first));
                    }
                }
                done = Math.Clamp(done, 0, count);
                var state = count == 0 ? ComplianceState.NotRequired
                    : done == count ? ComplianceState.Done
                    : end < today ? ComplianceState.Overdue
                    : start <= today ? ComplianceState.Due
                    : ComplianceState.Upcoming;
                periods.Add(new Period(OrganizationCompliance.Label(start, end), start, end, state, count, done, count - done,
                    count == 0 ? 0 : Math.Round(100m * done / count, 1)));
                start = end.AddDays(1);
            }
            var current = Interval(rule, overrides, root.Path, today.Year == y ? today : new DateOnly(y, 1, 1));
            var source = RuleBook.On(rule, overrides.Where(o => OrgPath.IsWithin(root.Path, o.OrganizationPath)), null, today).Source;
            kinds.Add(new KindRow(kind, kind.Chinese(), MeetingRules.Frequency(current), source, count, approximate, periods));
        }
        return Outcome<Response>.Ok(new Response(root.Id, root.Name, y, kinds));
    }

    private sealed record Region(long Id, string Path, List<long> Children);

    /// <summary>The root and every organization inside it with an interval override of its own, each with the nearest such ones below it.</summary>
    private static List<Region> Regions(Organization root, IReadOnlyList<RuleOverride> overrides)
    {
        var regions = overrides.Where(o => o.OrganizationPath != root.Path && OrgPath.IsWithin(o.OrganizationPath, root.Path))
            .Select(o => new Region(o.OrganizationId, o.OrganizationPath, []))
            .Prepend(new Region(root.Id, root.Path, []))
            .DistinctBy(r => r.Id).ToList();
        foreach (var region in regions.Skip(1))
        {
            // Its parent region is the deepest other region whose path holds its own.
            regions.Where(r => r.Id != region.Id && OrgPath.IsWithin(region.Path, r.Path)).MaxBy(r => r.Path.Length)!.Children.Add(region.Id);
        }
        return regions;
    }

    private static int Interval(RuleDefinition rule, IReadOnlyList<RuleOverride> overrides, string path, DateOnly on) =>
        (int)RuleBook.On(rule, overrides.Where(o => OrgPath.IsWithin(path, o.OrganizationPath)), null, on).Value;

    /// <summary>
    /// The span of a region's own periods of <paramref name="months"/> months that overlap [start, end], as the kept
    /// period (length and first month) that equals it, or else the smallest kept one that holds it.
    /// </summary>
    public static (int Months, int Month, bool Exact) Span(int months, DateOnly start, DateOnly end)
    {
        var from = BeijingDay.PeriodStart(start, months).Month;
        var to = BeijingDay.PeriodEnd(BeijingDay.PeriodStart(end, months), months).Month;
        foreach (var length in MeetingTally.Lengths)
        {
            var first = MeetingRules.PeriodStartMonth(from, length);
            if (first <= from && first + length - 1 >= to)
            {
                return (length, start.Year * 100 + first, first == from && first + length - 1 == to);
            }
        }
        return (12, start.Year * 100 + 1, false);
    }
}
