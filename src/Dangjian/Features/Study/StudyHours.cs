using Dangjian.Features.Members;
using Dangjian.Features.Rules;
using Dangjian.Platform.Activity;
using Dangjian.Platform.Data;
using Dangjian.Platform.Http;
using Dangjian.Platform.Rules;
using Dangjian.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Features.Study;

/// <summary>
/// Each member's study hours in a year, from the activity record (training classes and study delivered home), against
/// the yearly target the rule in force for the organization sets: how many members reach it, and who falls short.
/// </summary>
public static class MemberStudyHours
{
    public sealed record Row(long MemberId, string Name, string OrganizationName, decimal Hours, bool Met);

    /// <param name="Rows">The members of the subtree, those furthest from the target first, at most <see cref="MaxRows"/>.</param>
    public sealed record Response(int Year, string OrganizationName, decimal Target, string TargetSource, int Members, int Met, int Unmet,
        decimal AverageHours, IReadOnlyList<Row> Rows, bool Truncated);

    public const int MaxRows = 500;

    /// <summary>
    /// The largest subtree answered (about a county): the figures are summed from the activity record per request, so a
    /// city or a province is refused with a request to choose a level below.
    /// </summary>
    public const int MaxMembers = 50_000;

    public static async Task<Outcome<Response>> Handle(long? organizationId, int? year, CurrentUser user, AppDb db, Scope scope, RuleBook rules,
        CancellationToken ct)
    {
        var account = await user.RequireAsync(ct);
        var org = await scope.FindAsync(db.Organizations.AsNoTracking(), organizationId ?? account.OrganizationId, ct);
        if (org is null)
        {
            return Outcome<Response>.NotFound("党组织");
        }
        var today = db.Clock.Today();
        var y = year ?? today.Year;
        if (y < 2000 || y > today.Year)
        {
            return Outcome<Response>.Invalid("year", $"年份应在2000到{today.Year}之间");
        }
        if (await StudyScopes.MembersAsync(db, org.Id, ct) > MaxMembers)
        {
            return Outcome<Response>.Invalid("organizationId", $"{org.Name}下的党员超过{MaxMembers:N0}人，请选择下一级组织查看学时");
        }
        var target = await TargetAsync(db, rules, org.Path, new DateOnly(y, 12, 31) < today ? new DateOnly(y, 12, 31) : today, ct);
        var hi = OrgPath.UpperBound(org.Path);
        var members = db.Members.AsNoTracking()
            .Where(m => m.LeftAt == null && m.Status != MembershipStatus.Stopped && string.Compare(m.OrgPath, org.Path) >= 0 && string.Compare(m.OrgPath, hi) < 0);
        var from = new DateOnly(y, 1, 1);
        var to = new DateOnly(y, 12, 31);
        // Each member's sum through the (member, day) index: a county's 28,000 members are 28,000 short index ranges,
        // where grouping the year's lines first read all of the province's (10 M lines, 4 s). Ordered here: SQLite cannot
        // order by a decimal, and the subtree is bounded.
        var all = await members
            .Select(m => new
            {
                m.Id, m.NamePinyin,
                Hours = db.ActivityEntries.Where(a => a.MemberId == m.Id && a.OccurredOn >= from && a.OccurredOn <= to && a.Kind == ActivityKinds.StudyHours)
                    .Sum(a => (decimal?)a.Quantity) ?? 0m,
            })
            .ToListAsync(ct);
        var count = all.Count;
        var met = all.Count(h => h.Hours >= target.Value);
        var shown = all.OrderBy(h => h.Hours).ThenBy(h => h.NamePinyin, StringComparer.Ordinal).ThenBy(h => h.Id).Take(MaxRows + 1).ToList();
        var ids = shown.Select(r => r.Id).ToList();
        var people = await db.Members.AsNoTracking().Where(m => ids.Contains(m.Id))
            .Join(db.Organizations, m => m.OrganizationId, o => o.Id, (m, o) => new { m.Id, m.Name, OrganizationName = o.Name })
            .ToDictionaryAsync(m => m.Id, ct);
        return Outcome<Response>.Ok(new Response(y, org.Name, target.Value, target.Source, count, met, count - met,
            count == 0 ? 0 : Math.Round(all.Sum(h => h.Hours) / count, 1),
            [.. shown.Take(MaxRows).Select(r => new Row(r.Id, people[r.Id].Name, people[r.Id].OrganizationName, r.Hours, r.Hours >= target.Value))],
            shown.Count > MaxRows));
    }

    internal static async Task<RuleBook.Resolved> TargetAsync(AppDb db, RuleBook rules, string path, DateOnly on, CancellationToken ct) =>
        await rules.ResolveAsync(RuleCatalog.StudyHoursPerYear, await RuleSubjects.ForAsync(db, path, on, ct), ct);
}

/// <summary>A member's own study: the year's hours against the target, each line's origin, and the contests open to them.</summary>
public static class MyStudy
{
    public sealed record Line(DateOnly On, string What, decimal Hours);

    public sealed record ContestRow(long Id, string Title, DateTimeOffset OpensAt, DateTimeOffset ClosesAt, int TimeLimitMinutes, int QuestionCount, int FullMarks,
        string State, int? Score, bool CanStart);

    public sealed record Response(int Year, bool HasMember, decimal Hours, decimal Target, string TargetSource, IReadOnlyList<Line> Lines,
        IReadOnlyList<ContestRow> Contests);

    public static async Task<Outcome<Response>> Handle(int? year, CurrentUser user, AppDb db, RuleBook rules, CancellationToken ct)
    {
        var account = await user.RequireAsync(ct);
        var today = db.Clock.Today();
        var y = year ?? today.Year;
        if (y < 2000 || y > today.Year)
        {
            return Outcome<Response>.Invalid("year", $"年份应在2000到{today.Year}之间");
        }
        var path = account.MemberId is { } id ? await db.Members.AsNoTracking().Where(m => m.Id == id).Select(m => m.OrgPath).FirstOrDefaultAsync(ct) : null;
        if (path is null)
        {
            return Outcome<Response>.Ok(new Response(y, false, 0, RuleCatalog.StudyHoursPerYear.DefaultValue, RuleCatalog.StudyHoursPerYear.Source, [], []));
        }
        var memberId = account.MemberId!.Value;
        var target = await MemberStudyHours.TargetAsync(db, rules, path, today, ct);
        var from = new DateOnly(y, 1, 1);
        var to = new DateOnly(y, 12, 31);
        var lines = await db.ActivityEntries.AsNoTracking()
            .Where(a => a.MemberId == memberId && a.Kind == ActivityKinds.StudyHours && a.OccurredOn >= from && a.OccurredOn <= to)
            .OrderBy(a => a.OccurredOn).ThenBy(a => a.Id).ToListAsync(ct);
        var classIds = lines.Where(l => l.SourceType == nameof(TrainingClass)).Select(l => l.SourceId).Distinct().ToList();
        var classes = await db.TrainingClasses.AsNoTracking().Where(c => classIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Title, ct);
        var visitIds = lines.Where(l => l.SourceType == nameof(HomeStudyVisit)).Select(l => l.SourceId).Distinct().ToList();
        var visits = await db.HomeStudyVisits.AsNoTracking().Where(v => visitIds.Contains(v.Id)).ToDictionaryAsync(v => v.Id, v => v.Content, ct);
        // A reversal and the line it reverses cancel out: the member sees what stands.
        var reversed = lines.Where(l => l.Reverses is not null).Select(l => l.Reverses!.Value).ToHashSet();
        var standing = lines.Where(l => l.Reverses is null && !reversed.Contains(l.Id)).ToList();
        var shown = standing.Select(l => new Line(l.OccurredOn,
            l.SourceType == nameof(TrainingClass) ? "培训班：" + classes.GetValueOrDefault(l.SourceId, "")
            : l.SourceType == nameof(HomeStudyVisit) ? "送学上门：" + visits.GetValueOrDefault(l.SourceId, "") : "集中学习", l.Quantity)).ToList();
        var contests = await Papers.OpenToAsync(db, memberId, path, ct);
        return Outcome<Response>.Ok(new Response(y, true, lines.Sum(l => l.Quantity), target.Value, target.Source, shown, contests));
    }
}
