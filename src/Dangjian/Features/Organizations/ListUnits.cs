using Dangjian.Platform.Data;
using Dangjian.Platform.Http;
using Dangjian.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Features.Organizations;

/// <summary>
/// The units of the caller's area (or of the area of <c>organizationId</c>, which must lie in it), those without an
/// organization or members included, a page at a time.
/// </summary>
public static class ListUnits
{
    public sealed record InstructorView(long Id, string Name, DateOnly AssignedOn);

    public sealed record View(long Id, string Name, UnitKind Kind, string KindName, bool IsAboveScale, long AreaOrganizationId,
        long? CoveringOrganizationId, string? CoveringOrganizationName, int PartyMemberCount, int EmployeeCount, long? PairedOrganizationId,
        IReadOnlyList<string> Instructors, string? AreaOrganizationName, IReadOnlyList<InstructorView> InstructorAssignments);

    public static async Task<Outcome<Page<View>>> Handle(UnitKind? kind, bool? covered, long? organizationId, int? page, int? pageSize, AppDb db, Scope scope, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var request = PageRequest.From(page, pageSize, errors);
        if (errors.Any)
        {
            return Outcome<Page<View>>.Invalid(errors);
        }
        var path = await scope.PathAsync(ct);
        if (organizationId is not null)
        {
            var org = await scope.FindAsync(db.Organizations.AsNoTracking().Where(o => o.DissolvedAt == null), organizationId, ct);
            if (org is null)
            {
                return Outcome<Page<View>>.NotFound("党组织");
            }
            path = org.Path;
        }
        var hi = OrgPath.UpperBound(path);
        var query = db.Units.AsNoTracking().Where(u => string.Compare(u.AreaPath, path) >= 0 && string.Compare(u.AreaPath, hi) < 0);
        if (kind is { } k)
        {
            query = query.Where(u => u.Kind == k);
        }
        if (covered is { } c)
        {
            query = c ? query.Where(u => u.CoveringOrganizationId != null) : query.Where(u => u.CoveringOrganizationId == null);
        }
        var units = await query.OrderBy(u => u.Name).ThenBy(u => u.Id).ToPageAsync(request, ct);
        var views = await DescribeAsync(units.Items, db, ct);
        return Outcome<Page<View>>.Ok(new Page<View>(views, units.PageNumber, units.PageSize, units.Total, units.TotalIsAtLeast));
    }

    /// <summary>The units as shown: with the names of their area and covering organizations and the instructors sent to them.</summary>
    public static async Task<IReadOnlyList<View>> DescribeAsync(IReadOnlyList<Unit> units, AppDb db, CancellationToken ct)
    {
        var ids = units.Select(u => u.Id).ToList();
        var instructors = await db.Instructors.AsNoTracking().Where(i => ids.Contains(i.UnitId)).OrderBy(i => i.Id).ToListAsync(ct);
        var orgIds = units.Where(u => u.CoveringOrganizationId != null).Select(u => u.CoveringOrganizationId!.Value)
            .Concat(units.Select(u => u.AreaOrganizationId)).Distinct().ToList();
        var orgNames = await db.Organizations.AsNoTracking().Where(o => orgIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        return units.Select(u => new View(u.Id, u.Name, u.Kind, u.Kind.Chinese(), u.IsAboveScale, u.AreaOrganizationId,
            u.CoveringOrganizationId, u.CoveringOrganizationId is { } o ? orgNames.GetValueOrDefault(o) : null,
            u.PartyMemberCount, u.EmployeeCount, u.PairedOrganizationId,
            instructors.Where(i => i.UnitId == u.Id).Select(i => i.Name).ToList(), orgNames.GetValueOrDefault(u.AreaOrganizationId),
            instructors.Where(i => i.UnitId == u.Id).Select(i => new InstructorView(i.Id, i.Name, i.AssignedOn)).ToList())).ToList();
    }
}
