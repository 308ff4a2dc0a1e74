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
/// The figures are read from <see cref="UnitTally"/>, kept in every writing transaction.
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

    /// <summary>The area of <paramref name="organizationId"/> (the caller's own organization when null), which must lie in the caller's subtree.</summary>
    public static async Task<Outcome<Report>> Handle(long? organizationId, AppDb db, Scope scope, CurrentUser user, CancellationToken ct)
    {
        var account = await user.RequireAsync(ct);
        var org = await scope.FindAsync(db.Organizations.AsNoTracking().Where(o => o.DissolvedAt == null), organizationId ?? account.OrganizationId, ct);
        if (org is null)
        {
            return Outcome<Report>.NotFound("党组织");
        }
        // The area's figures are a sum of its own tally rows (a few dozen at most), at any scale; the units it covers
        // itself are one or a joint branch's few, read by their index and counted as the tallies count them.
        var area = await db.UnitTallies.AsNoTracking().Where(t => t.OrganizationId == org.Id && t.Units != 0).ToListAsync(ct);
        var own = await db.Units.AsNoTracking().Where(u => u.CoveringOrganizationId == org.Id)
            .Select(u => new { u.Kind, u.IsAboveScale, u.CoveringIsJoint, u.HasMembers, u.InstructorCount }).ToListAsync(ct);
        var here = own.Select(u => new UnitTally
        {
            Kind = u.Kind,
            IsAboveScale = u.IsAboveScale,
            Coverage = u.CoveringIsJoint ? UnitCoverageKind.Joint : UnitCoverageKind.Own,
            JointBranchId = u.CoveringIsJoint ? org.Id : 0,
            HasMembers = u.HasMembers,
            HasInstructor = u.InstructorCount > 0,
            Units = 1,
            Instructors = u.InstructorCount,
        }).ToList();

        var all = Tally(area);
        var byKind = area.GroupBy(t => t.Kind).OrderBy(g => g.Key)
            .Select(g => new KindFigures(g.Key, g.Key.Chinese(), Tally(g), Tally(g.Where(t => t.IsAboveScale)), Tally(g.Where(t => !t.IsAboveScale))))
            .ToList();
        var jointBranches = area.Where(t => t.Coverage == UnitCoverageKind.Joint).Select(t => t.JointBranchId).Distinct().Count();
        return Outcome<Report>.Ok(new Report(org.Id, all.Units, all.Covered, all.WithOwnOrganization, all.InJointBranches, jointBranches,
            all.WithMembersNoOrganization, all.WithoutMembers, all.WithInstructor, all.Instructors, byKind, Tally(here)));
    }

    private static Figures Tally(IEnumerable<UnitTally> rows)
    {
        var list = rows.ToList();
        int Sum(Func<UnitTally, bool> which) => (int)list.Where(which).Sum(t => t.Units);
        return new Figures(
            Sum(_ => true),
            Sum(t => t.Coverage != UnitCoverageKind.None),
            Sum(t => t.Coverage == UnitCoverageKind.Own),
            Sum(t => t.Coverage == UnitCoverageKind.Joint),
            Sum(t => t.Coverage == UnitCoverageKind.None && t.HasMembers),
            Sum(t => !t.HasMembers),
            Sum(t => t.HasInstructor),
            (int)list.Sum(t => t.Instructors));
    }
}
