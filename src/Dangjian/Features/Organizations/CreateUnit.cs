using System.ComponentModel.DataAnnotations;
using Dangjian.Platform.Data;
using Dangjian.Platform.Http;
using Dangjian.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Features.Organizations;

/// <summary>Registers a unit (with or without an organization): coverage is measured over units.</summary>
public static class CreateUnit
{
    public sealed record Request([property: MaxLength(100)] string? Name, UnitKind? Kind, bool IsAboveScale, long AreaOrganizationId, long? CoveringOrganizationId,
        int PartyMemberCount, int EmployeeCount, long? PairedOrganizationId);

    public static async Task<Outcome<long>> Handle(Request request, AppDb db, Scope scope, CancellationToken ct)
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
        var live = db.Organizations.AsNoTracking().Where(o => o.DissolvedAt == null);
        var area = await scope.FindAsync(live, request.AreaOrganizationId, ct);
        if (area is null)
        {
            errors.Add("areaOrganizationId", "所属街道或社区党组织不存在或不在您的管辖范围内");
        }
        foreach (var (field, id) in new[] { ("coveringOrganizationId", request.CoveringOrganizationId), ("pairedOrganizationId", request.PairedOrganizationId) })
        {
            if (id is not null && await scope.FindAsync(live, id, ct) is null)
            {
                errors.Add(field, "党组织不存在或不在您的管辖范围内");
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
}
