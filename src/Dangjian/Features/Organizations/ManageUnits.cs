using Dangjian.Platform.Data;
using Dangjian.Platform.Http;
using Dangjian.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Features.Organizations;

/// <summary>Units (with or without an organization), the instructors sent to them, and resident units' part-time committee members.</summary>
public static class ManageUnits
{
    public sealed record UnitRequest(string? Name, UnitKind? Kind, bool IsAboveScale, long AreaOrganizationId, long? CoveringOrganizationId,
        int PartyMemberCount, int EmployeeCount, long? PairedOrganizationId);

    public sealed record UnitView(long Id, string Name, UnitKind Kind, string KindName, bool IsAboveScale, long AreaOrganizationId,
        long? CoveringOrganizationId, string? CoveringOrganizationName, int PartyMemberCount, int EmployeeCount, long? PairedOrganizationId,
        IReadOnlyList<string> Instructors);

    public static async Task<Outcome<long>> Create(UnitRequest request, AppDb db, Scope scope, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var name = errors.Text("name", "单位名称", request.Name, 100);
        if (request.Kind is not { } kind)
        {
            errors.Add("kind", "单位类别不能为空");
        }
        else if (!Enum.IsDefined(kind))
        {
            errors.Add("kind", "单位类别无效");
        }
        if (request.PartyMemberCount < 0)
        {
            errors.Add("partyMemberCount", "党员人数不能为负数");
        }
        if (request.EmployeeCount < 0)
        {
            errors.Add("employeeCount", "职工人数不能为负数");
        }
        var area = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == request.AreaOrganizationId && o.DissolvedAt == null, ct);
        if (area is null || !await scope.AllowsAsync(area.Path, nameof(Organization), request.AreaOrganizationId, ct))
        {
            errors.Add("areaOrganizationId", "所属街道或社区党组织不存在或不在您的管辖范围内");
        }
        foreach (var (field, id) in new[] { ("coveringOrganizationId", request.CoveringOrganizationId), ("pairedOrganizationId", request.PairedOrganizationId) })
        {
            if (id is { } orgId)
            {
                var org = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == orgId && o.DissolvedAt == null, ct);
                if (org is null || !await scope.AllowsAsync(org.Path, nameof(Organization), orgId, ct))
                {
                    errors.Add(field, "党组织不存在或不在您的管辖范围内");
                }
            }
        }
        if (errors.Any)
        {
            return Outcome<long>.Invalid(errors);
        }
        var unit = new Unit
        {
            Name = name!,
            Kind = request.Kind!.Value,
            IsAboveScale = request.IsAboveScale,
            AreaOrganizationId = area!.Id,
            AreaPath = area.Path,
            CoveringOrganizationId = request.CoveringOrganizationId,
            PartyMemberCount = request.PartyMemberCount,
            EmployeeCount = request.EmployeeCount,
            PairedOrganizationId = request.PairedOrganizationId,
        };
        db.Units.Add(unit);
        await db.SaveChangesAsync(ct);
        return Outcome<long>.Ok(unit.Id);
    }

    public static async Task<IReadOnlyList<UnitView>> List(UnitKind? kind, bool? covered, AppDb db, Scope scope, CancellationToken ct)
    {
        var path = await scope.PathAsync(ct);
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
        var units = await query.OrderBy(u => u.Name).Take(500).ToListAsync(ct);
        var ids = units.Select(u => u.Id).ToList();
        var instructors = await db.Instructors.AsNoTracking().Where(i => ids.Contains(i.UnitId)).ToListAsync(ct);
        var orgIds = units.Where(u => u.CoveringOrganizationId != null).Select(u => u.CoveringOrganizationId!.Value).Distinct().ToList();
        var orgNames = await db.Organizations.AsNoTracking().Where(o => orgIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        return units.Select(u => new UnitView(u.Id, u.Name, u.Kind, u.Kind.Chinese(), u.IsAboveScale, u.AreaOrganizationId,
            u.CoveringOrganizationId, u.CoveringOrganizationId is { } o ? orgNames.GetValueOrDefault(o) : null,
            u.PartyMemberCount, u.EmployeeCount, u.PairedOrganizationId,
            instructors.Where(i => i.UnitId == u.Id).Select(i => i.Name).ToList())).ToList();
    }

    public sealed record InstructorRequest(string? Name, DateOnly? AssignedOn);

    public static async Task<Outcome<long>> AssignInstructor(long unitId, InstructorRequest request, AppDb db, Scope scope, TimeProvider clock, CancellationToken ct)
    {
        var unit = await db.Units.AsNoTracking().FirstOrDefaultAsync(u => u.Id == unitId, ct);
        if (unit is null || !await scope.AllowsAsync(unit.AreaPath, nameof(Unit), unitId, ct))
        {
            return Outcome<long>.NotFound("单位");
        }
        var errors = new FieldErrors();
        var name = errors.Text("name", "指导员姓名", request.Name, 50);
        var today = clock.Today();
        var assignedOn = request.AssignedOn is null ? today : errors.PastDate("assignedOn", "选派日期", request.AssignedOn, today, DateChecks.PartyFounded);
        if (errors.Any || assignedOn is null)
        {
            return Outcome<long>.Invalid(errors);
        }
        var instructor = new Instructor
        {
            UnitId = unitId,
            Name = name!,
            AreaPath = unit.AreaPath,
            AssignedOn = assignedOn.Value,
        };
        db.Instructors.Add(instructor);
        await db.SaveChangesAsync(ct);
        return Outcome<long>.Ok(instructor.Id);
    }

    public sealed record PartTimeRequest(string? Name, string? Post, long UnitId);

    public static async Task<Outcome<long>> AddPartTimeCommitteeMember(long organizationId, PartTimeRequest request, AppDb db, Scope scope, CancellationToken ct)
    {
        var org = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == organizationId && o.DissolvedAt == null, ct);
        if (org is null || !await scope.AllowsAsync(org.Path, nameof(Organization), organizationId, ct))
        {
            return Outcome<long>.NotFound("党组织");
        }
        var errors = new FieldErrors();
        var name = errors.Text("name", "姓名", request.Name, 50);
        var post = errors.Text("post", "职务", request.Post, 50, required: false);
        if (!await db.Units.AnyAsync(u => u.Id == request.UnitId, ct))
        {
            errors.Add("unitId", "驻区单位不存在");
        }
        if (errors.Any)
        {
            return Outcome<long>.Invalid(errors);
        }
        var row = new PartTimeCommitteeMember { OrganizationId = organizationId, OrganizationPath = org.Path, UnitId = request.UnitId, Name = name!, Post = post };
        db.PartTimeCommitteeMembers.Add(row);
        await db.SaveChangesAsync(ct);
        return Outcome<long>.Ok(row.Id);
    }

    public sealed record Coverage(int Units, int Covered, int WithOwnOrganization, int InJointBranches, int JointBranches,
        int WithoutMembers, int WithInstructor, int Instructors, IReadOnlyDictionary<string, int> ByKind);

    /// <summary>Coverage (覆盖) of units by organizations in the caller's subtree, the figures the reports quote.</summary>
    public static async Task<Coverage> CoverageOf(AppDb db, Scope scope, CancellationToken ct)
    {
        var path = await scope.PathAsync(ct);
        var hi = OrgPath.UpperBound(path);
        var units = await db.Units.AsNoTracking().Where(u => string.Compare(u.AreaPath, path) >= 0 && string.Compare(u.AreaPath, hi) < 0)
            .Select(u => new { u.Id, u.Kind, u.CoveringOrganizationId, u.PartyMemberCount }).ToListAsync(ct);
        var coveringIds = units.Where(u => u.CoveringOrganizationId != null).Select(u => u.CoveringOrganizationId!.Value).Distinct().ToList();
        var jointIds = await db.Organizations.AsNoTracking().Where(o => coveringIds.Contains(o.Id) && o.Kind == OrganizationKind.JointBranch)
            .Select(o => o.Id).ToListAsync(ct);
        var unitIds = units.Select(u => u.Id).ToList();
        var instructed = await db.Instructors.AsNoTracking().Where(i => unitIds.Contains(i.UnitId)).Select(i => i.UnitId).ToListAsync(ct);
        return new Coverage(
            units.Count,
            units.Count(u => u.CoveringOrganizationId != null),
            units.Count(u => u.CoveringOrganizationId is { } c && !jointIds.Contains(c)),
            units.Count(u => u.CoveringOrganizationId is { } c && jointIds.Contains(c)),
            jointIds.Count,
            units.Count(u => u.PartyMemberCount == 0),
            instructed.Distinct().Count(),
            instructed.Count,
            units.GroupBy(u => u.Kind.Chinese()).ToDictionary(g => g.Key, g => g.Count()));
    }
}
