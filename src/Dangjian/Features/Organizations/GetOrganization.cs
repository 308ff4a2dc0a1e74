using Dangjian.Features.Members;
using Dangjian.Platform.Data;
using Dangjian.Platform.Http;
using Dangjian.Platform.Rules;
using Dangjian.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Features.Organizations;

/// <summary>One organization as its page shows it: where it sits, its children, its counts and its warnings.</summary>
public static class GetOrganization
{
    public sealed record Crumb(long Id, string Name);
    public sealed record Child(long Id, string Name, OrganizationKind Kind, string KindName, long Members, int Warnings);
    public sealed record Counts(long Total, long Full, long Probationary, IReadOnlyDictionary<string, long> ByStatus);
    /// <summary>A unit the organization covers; <paramref name="InScope"/> is false when it is registered above the caller's subtree (its page is not theirs to open).</summary>
    public sealed record UnitRow(long Id, string Name, UnitKind Kind, string KindName, bool IsAboveScale, int PartyMemberCount, IReadOnlyList<string> Instructors, bool InScope);
    public sealed record PartTimeRow(long Id, string Name, string? Post, string UnitName);
    public sealed record Response(long Id, string Name, OrganizationKind Kind, string KindName, long? ParentId, string Path,
        int? CommitteeSize, long? UnitId, string? UnitName, IReadOnlyList<Crumb> Ancestors, IReadOnlyList<Child> Children,
        Counts Members, IReadOnlyList<StructureWarning> Warnings, IReadOnlyList<UnitRow> CoveredUnits,
        IReadOnlyList<PartTimeRow> PartTimeCommitteeMembers, bool CanDissolve, string? ContactPhone = null, string? ContactAddress = null);

    public static async Task<Outcome<Response>> Handle(long id, AppDb db, Scope scope, RuleBook rules, CancellationToken ct)
    {
        var org = await scope.FindAsync(db.Organizations.AsNoTracking().Where(o => o.DissolvedAt == null), id, ct);
        if (org is null)
        {
            return Outcome<Response>.NotFound("党组织");
        }
        var scopePath = await scope.PathAsync(ct);
        var ancestorIds = OrgPath.Ids(org.Path).Where(a => OrgPath.IsWithin(PathPrefixOf(org.Path, a), scopePath)).ToArray();
        var ancestors = await db.Organizations.AsNoTracking().Where(o => ancestorIds.Contains(o.Id))
            .OrderBy(o => o.Depth).Select(o => new Crumb(o.Id, o.Name)).ToListAsync(ct);

        var children = await db.Organizations.AsNoTracking().Where(o => o.ParentId == id && o.DissolvedAt == null)
            .OrderBy(o => o.Name).ToListAsync(ct);
        var childIds = children.Select(c => c.Id).Append(id).ToList();
        var tallies = await db.MemberTallies.AsNoTracking().Where(t => childIds.Contains(t.OrganizationId)).ToListAsync(ct);
        var units = await db.Units.AsNoTracking().Where(u => childIds.Contains(u.CoveringOrganizationId!.Value))
            .Select(u => new { u.CoveringOrganizationId, u.Id, u.Name, u.Kind, u.IsAboveScale, u.PartyMemberCount, u.AreaPath })
            .ToListAsync(ct);
        var ownUnitIds = units.Where(u => u.CoveringOrganizationId == id).Select(u => u.Id).ToList();
        var instructors = await db.Instructors.AsNoTracking().Where(i => ownUnitIds.Contains(i.UnitId)).OrderBy(i => i.Id)
            .Select(i => new { i.UnitId, i.Name }).ToListAsync(ct);
        var ruleValues = await rules.ResolveAllAsync(org.Path, ct);

        var parentKind = org.ParentId is { } parentId
            ? await db.Organizations.Where(o => o.Id == parentId).Select(o => (OrganizationKind?)o.Kind).FirstOrDefaultAsync(ct)
            : null;
        IReadOnlyList<StructureWarning> WarningsOf(Organization o, OrganizationKind? above) => StructureChecks.Evaluate(new StructureChecks.Facts(
            o.Kind,
            tallies.Where(t => t.OrganizationId == o.Id && t.Category == nameof(MemberCategory.Full)).Sum(t => t.Count),
            tallies.Where(t => t.OrganizationId == o.Id).Sum(t => t.Count),
            units.Count(u => u.CoveringOrganizationId == o.Id),
            o.CommitteeSize, above), ruleValues);

        var own = tallies.Where(t => t.OrganizationId == id).ToList();
        var counts = new Counts(own.Sum(t => t.Count),
            own.Where(t => t.Category == nameof(MemberCategory.Full)).Sum(t => t.Count),
            own.Where(t => t.Category == nameof(MemberCategory.Probationary)).Sum(t => t.Count),
            own.GroupBy(t => t.Status).ToDictionary(g => g.Key, g => g.Sum(t => t.Count)));

        var unitName = org.UnitId is { } unitId ? await db.Units.Where(u => u.Id == unitId).Select(u => u.Name).FirstOrDefaultAsync(ct) : null;
        var partTime = await (from p in db.PartTimeCommitteeMembers.AsNoTracking()
                              join u in db.Units on p.UnitId equals u.Id
                              where p.OrganizationId == id
                              select new PartTimeRow(p.Id, p.Name, p.Post, u.Name)).ToListAsync(ct);
        var hasMembers = await db.Members.AnyAsync(m => (m.OrganizationId == id || m.PartyGroupId == id) && m.LeftAt == null, ct);

        return Outcome<Response>.Ok(new Response(org.Id, org.Name, org.Kind, org.Kind.Chinese(), org.ParentId, org.Path,
            org.CommitteeSize, org.UnitId, unitName, ancestors,
            children.Select(c => new Child(c.Id, c.Name, c.Kind, c.Kind.Chinese(), tallies.Where(t => t.OrganizationId == c.Id).Sum(t => t.Count), WarningsOf(c, org.Kind).Count)).ToList(),
            counts, WarningsOf(org, parentKind),
            units.Where(u => u.CoveringOrganizationId == id)
                .Select(u => new UnitRow(u.Id, u.Name, u.Kind, u.Kind.Chinese(), u.IsAboveScale, u.PartyMemberCount,
                    instructors.Where(i => i.UnitId == u.Id).Select(i => i.Name).ToList(), OrgPath.IsWithin(u.AreaPath, scopePath))).ToList(),
            partTime, children.Count == 0 && !hasMembers && org.ParentId is not null, org.ContactPhone, org.ContactAddress));
    }

    private static string PathPrefixOf(string path, long id)
    {
        var marker = "/" + id.ToString(System.Globalization.CultureInfo.InvariantCulture) + "/";
        var at = path.IndexOf(marker, StringComparison.Ordinal);
        return path[..(at + marker.Length)];
    }
}
