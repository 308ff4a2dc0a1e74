using Dangjian.Platform.Data;
using Dangjian.Platform.Http;
using Dangjian.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Features.Organizations;

/// <summary>The checks that creating and editing an organization share, so that both refuse the same input alike.</summary>
public static class OrganizationChecks
{
    /// <summary>
    /// Name, kind and committee size, and that a newly named unit lies in the caller's area. Returns the trimmed name,
    /// or null with a message per bad field in <paramref name="errors"/>.
    /// </summary>
    public static async Task<string?> FieldsAsync(string? name, OrganizationKind? kind, int? committeeSize, long? unitId, long? currentUnitId,
        FieldErrors errors, AppDb db, Scope scope, CancellationToken ct)
    {
        var trimmed = errors.Text("name", "组织名称", name, 100);
        // Required, not defaulted: a missing kind would otherwise bind as the enum's first value, Committee (党委).
        if (kind is not { } k)
        {
            errors.Add("kind", "组织类别不能为空");
        }
        else if (!Enum.IsDefined(k))
        {
            errors.Add("kind", "组织类别无效");
        }
        if (committeeSize is < 0 or > 50)
        {
            errors.Add("committeeSize", "支委会人数应在0到50之间");
        }
        if (unitId is { } unit && unit != currentUnitId && !await UnitInScopeAsync(unit, db, scope, ct))
        {
            errors.Add("unitId", "所在单位不存在或不在您的管辖范围内");
        }
        return trimmed;
    }

    /// <summary>Two organizations under one parent do not share a name (dissolved ones aside).</summary>
    public static async Task SiblingNameAsync(long? parentId, string? name, long? exceptId, FieldErrors errors, AppDb db, CancellationToken ct)
    {
        if (name is not null && await db.Organizations.AnyAsync(o => o.ParentId == parentId && o.Id != exceptId && o.Name == name && o.DissolvedAt == null, ct))
        {
            errors.Add("name", $"上级组织下已有名为“{name}”的组织");
        }
    }

    /// <summary>An organization is built only in a unit of the caller's area: claiming it marks the unit covered.</summary>
    public static async Task<bool> UnitInScopeAsync(long unitId, AppDb db, Scope scope, CancellationToken ct)
    {
        var areaPath = await db.Units.AsNoTracking().Where(u => u.Id == unitId).Select(u => u.AreaPath).FirstOrDefaultAsync(ct);
        return areaPath is not null && await scope.AllowsAsync(areaPath, nameof(Unit), unitId, ct);
    }
}
