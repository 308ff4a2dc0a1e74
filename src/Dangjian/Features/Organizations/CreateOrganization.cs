using Dangjian.Platform.Data;
using Dangjian.Platform.Http;
using Dangjian.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Features.Organizations;

public static class CreateOrganization
{
    public sealed record Request(long ParentId, string? Name, OrganizationKind? Kind, long? UnitId, int? CommitteeSize, DateOnly? EstablishedOn);

    public static async Task<Outcome<long>> Handle(Request request, AppDb db, Scope scope, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var name = errors.Text("name", "组织名称", request.Name, 100);
        // Required, not defaulted: a missing kind would otherwise bind as the enum's first value, Committee (党委).
        if (request.Kind is not { } kind)
        {
            errors.Add("kind", "组织类别不能为空");
        }
        else if (!Enum.IsDefined(kind))
        {
            errors.Add("kind", "组织类别无效");
        }
        if (request.CommitteeSize is < 0 or > 50)
        {
            errors.Add("committeeSize", "支委会人数应在0到50之间");
        }
        var parent = await db.Organizations.FirstOrDefaultAsync(o => o.Id == request.ParentId && o.DissolvedAt == null, ct);
        if (parent is null || !await scope.AllowsAsync(parent.Path, nameof(Organization), request.ParentId, ct))
        {
            errors.Add("parentId", "上级党组织不存在或不在您的管辖范围内");
        }
        else if (parent.Kind == OrganizationKind.PartyGroup)
        {
            errors.Add("parentId", "党小组下不能再设组织");
        }
        if (request.UnitId is { } unitId && !await UnitInScopeAsync(unitId, db, scope, ct))
        {
            errors.Add("unitId", "所在单位不存在或不在您的管辖范围内");
        }
        if (errors.Any || parent is null)
        {
            return Outcome<long>.Invalid(errors);
        }
        if (await db.Organizations.AnyAsync(o => o.ParentId == parent.Id && o.Name == name && o.DissolvedAt == null, ct))
        {
            return Outcome<long>.Invalid("name", $"上级组织下已有名为“{name}”的组织");
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // The path ends with the id the database assigns: AppDb completes it in the same save (ICompletedAfterInsert).
        var org = new Organization
        {
            Name = name!,
            Kind = request.Kind!.Value,
            ParentId = parent.Id,
            Path = Organization.PendingPath(parent.Path),
            Depth = parent.Depth + 1,
            UnitId = request.UnitId,
            CommitteeSize = request.CommitteeSize,
            EstablishedOn = request.EstablishedOn,
        };
        db.Organizations.Add(org);
        await db.SaveChangesAsync(ct);
        if (request.UnitId is { } coveredUnit)
        {
            // Tracked, not a bulk update, so that the unit's change has its audit line, as in UpdateOrganization.
            var unit = await db.Units.FirstAsync(u => u.Id == coveredUnit, ct);
            unit.CoveringOrganizationId = org.Id;
            await db.SaveChangesAsync(ct);
        }
        await tx.CommitAsync(ct);
        return Outcome<long>.Ok(org.Id);
    }

    /// <summary>An organization is built only in a unit of the caller's area: claiming it marks the unit covered.</summary>
    public static async Task<bool> UnitInScopeAsync(long unitId, AppDb db, Scope scope, CancellationToken ct)
    {
        var areaPath = await db.Units.AsNoTracking().Where(u => u.Id == unitId).Select(u => u.AreaPath).FirstOrDefaultAsync(ct);
        return areaPath is not null && await scope.AllowsAsync(areaPath, nameof(Unit), unitId, ct);
    }
}
