using Dangjian.Platform.Data;
using Dangjian.Platform.Http;
using Dangjian.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Features.Organizations;

/// <summary>
/// Coverage (覆盖) of the units in an organization's area, the figures the Party-building reports quote: per unit kind,
/// above designated size (规模以上) versus small, how many have their own organization, are covered by a joint branch,
/// have Party members but no organization, or have no members at all, and the instructors sent to them.
/// </summary>
/// <remarks>
/// Whether a covered unit has members comes from the member records: the active members of its covering organization's
/// subtree (the tallies). A unit with no organization has no member records of its own (its members' records sit in
/// the organization of their community or of their previous post), so there the number the unit reports is all there is.
/// </remarks>
public static class UnitCoverage
{
    public sealed record Figures(int Units, int Covered, int WithOwnOrganization, int InJointBranches, int WithMembersNoOrganization,
        int WithoutMembers, int WithInstructor, int Instructors);

    public sealed record KindFigures(UnitKind Kind, string KindName, Figures All, Figures AboveScale, Figures Small);

    /// <summary>
    /// The figures of the whole area (flattened at the top, as the home page shows them) and per kind, and those of the
    /// units the organization itself covers (<see cref="CoveredHere"/>: its own unit, or a joint branch's units), wherever
    /// they are registered.
    /// </summary>
    public sealed record Report(long OrganizationId, int Units, int Covered, int WithOwnOrganization, int InJointBranches, int JointBranches,
        int WithMembersNoOrganization, int WithoutMembers, int WithInstructor, int Instructors, IReadOnlyList<KindFigures> ByKind, Figures CoveredHere);

    private sealed record UnitFacts(UnitKind Kind, bool IsAboveScale, long? CoveringId, bool Joint, long Members, int Instructors);

    /// <summary>The area of <paramref name="organizationId"/> (the caller's own organization when null), which must lie in the caller's subtree.</summary>
    public static async Task<Outcome<Report>> Handle(long? organizationId, AppDb db, Scope scope, CurrentUser user, CancellationToken ct)
    {
        var account = await user.RequireAsync(ct);
        var org = await scope.FindAsync(db.Organizations.AsNoTracking().Where(o => o.DissolvedAt == null), organizationId ?? account.OrganizationId, ct);
        if (org is null)
        {
            return Outcome<Report>.NotFound("党组织");
        }
        var path = org.Path;
        var hi = OrgPath.UpperBound(path);
        var facts = await FactsAsync(db.Units.AsNoTracking().Where(u => string.Compare(u.AreaPath, path) >= 0 && string.Compare(u.AreaPath, hi) < 0), db, ct);
        var coveredHere = await FactsAsync(db.Units.AsNoTracking().Where(u => u.CoveringOrganizationId == org.Id), db, ct);

        var all = Tally(facts);
        var byKind = facts.GroupBy(f => f.Kind).OrderBy(g => g.Key)
            .Select(g => new KindFigures(g.Key, g.Key.Chinese(), Tally(g), Tally(g.Where(f => f.IsAboveScale)), Tally(g.Where(f => !f.IsAboveScale))))
            .ToList();
        var jointBranches = facts.Where(f => f.Joint).Select(f => f.CoveringId).Distinct().Count();
        return Outcome<Report>.Ok(new Report(org.Id, all.Units, all.Covered, all.WithOwnOrganization, all.InJointBranches, jointBranches,
            all.WithMembersNoOrganization, all.WithoutMembers, all.WithInstructor, all.Instructors, byKind, Tally(coveredHere)));
    }

    private static Task<List<UnitFacts>> FactsAsync(IQueryable<Unit> units, AppDb db, CancellationToken ct) => (
            from u in units
            join o in db.Organizations.AsNoTracking() on u.CoveringOrganizationId equals o.Id into covering
            from o in covering.DefaultIfEmpty()
            select new UnitFacts(
                u.Kind,
                u.IsAboveScale,
                o == null ? (long?)null : o.Id,
                o != null && o.Kind == OrganizationKind.JointBranch,
                o == null ? u.PartyMemberCount : db.MemberTallies.Where(t => t.OrganizationId == o.Id).Sum(t => (long?)t.Count) ?? 0,
                db.Instructors.Count(i => i.UnitId == u.Id)))
        .ToListAsync(ct);

    private static Figures Tally(IEnumerable<UnitFacts> units)
    {
        var list = units.ToList();
        return new Figures(
            list.Count,
            list.Count(u => u.CoveringId is not null),
            list.Count(u => u.CoveringId is not null && !u.Joint),
            list.Count(u => u.Joint),
            list.Count(u => u.CoveringId is null && u.Members > 0),
            list.Count(u => u.Members == 0),
            list.Count(u => u.Instructors > 0),
            list.Sum(u => u.Instructors));
    }
}
