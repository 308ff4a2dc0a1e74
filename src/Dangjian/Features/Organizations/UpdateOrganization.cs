using System.ComponentModel.DataAnnotations;
using Dangjian.Platform.Http;
using Dangjian.Platform.Data;
using Dangjian.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Features.Organizations;

/// <summary>Rename an organization, change its kind, unit or committee size.</summary>
public static class UpdateOrganization
{
    public sealed record Request([property: MaxLength(100)] string? Name, OrganizationKind? Kind, long? UnitId, [property: Range(0, 50)] int? CommitteeSize);

    public static async Task<Outcome<long>> Handle(long id, Request request, AppDb db, Scope scope, CancellationToken ct)
    {
        var org = await scope.FindAsync(db.Organizations.Where(o => o.DissolvedAt == null), id, ct);
        if (org is null)
        {
            return Outcome<long>.NotFound("党组织");
        }
        var errors = new FieldErrors();
        var name = await OrganizationChecks.FieldsAsync(request.Name, request.Kind, request.CommitteeSize, request.UnitId, org.UnitId, errors, db, scope, ct);
        await OrganizationChecks.SiblingNameAsync(org.ParentId, name, id, errors, db, ct);
        if (request.Kind == OrganizationKind.PartyGroup && org.Kind != OrganizationKind.PartyGroup
            && (await db.Organizations.AnyAsync(o => o.ParentId == id && o.DissolvedAt == null, ct)
                || await db.Members.AnyAsync(m => m.OrganizationId == id && m.LeftAt == null, ct)))
        {
            // Members belong to a branch and sit in its groups; nothing sits under a group.
            errors.Add("kind", "有党员或下级组织的组织不能改为党小组");
        }
        if (org.Kind == OrganizationKind.PartyGroup && request.Kind is { } newKind && newKind != OrganizationKind.PartyGroup
            && await db.Members.AnyAsync(m => m.PartyGroupId == id && m.LeftAt == null, ct))
        {
            errors.Add("kind", "党小组还有党员，请先调整党员所在党小组");
        }
        if (request.Kind is { } kind && Enum.IsDefined(kind) && kind != org.Kind)
        {
            await PlacementOfNewKindAsync(org, kind, errors, db, ct);
        }
        if (errors.Any)
        {
            return Outcome<long>.Invalid(errors);
        }
        if (request.UnitId != org.UnitId)
        {
            // As on creation: the unit an organization is built in is covered by it, and one it leaves is not.
            var units = await db.Units.Where(u => (u.Id == org.UnitId && u.CoveringOrganizationId == id) || u.Id == request.UnitId).ToListAsync(ct);
            foreach (var unit in units)
            {
                unit.CoveringOrganizationId = unit.Id == request.UnitId ? id : null;
            }
        }
        org.Name = name!;
        org.Kind = request.Kind!.Value;
        org.UnitId = request.UnitId;
        org.CommitteeSize = request.CommitteeSize;
        org.Version++;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Outcome<long>.Conflict("该组织刚被他人修改，请刷新后重试");
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            return Outcome<long>.Invalid("name", $"上级组织下已有名为“{name}”的组织");
        }
        return Outcome<long>.Ok(id);
    }

    /// <summary>A new kind must fit under the parent, and every kind below must still fit under it.</summary>
    private static async Task PlacementOfNewKindAsync(Organization org, OrganizationKind kind, FieldErrors errors, AppDb db, CancellationToken ct)
    {
        if (org.ParentId is { } parentId
            && await db.Organizations.Where(o => o.Id == parentId).Select(o => (OrganizationKind?)o.Kind).FirstOrDefaultAsync(ct) is { } parentKind
            && PlacementRules.RefusalOf(parentKind, kind) is { } refusal)
        {
            errors.Add("kind", refusal);
        }
        var childKinds = await db.Organizations.Where(o => o.ParentId == org.Id && o.DissolvedAt == null).Select(o => o.Kind).Distinct().ToListAsync(ct);
        foreach (var child in childKinds.Order())
        {
            if (PlacementRules.RefusalOf(kind, child) is { } below)
            {
                errors.Add("kind", $"下级有{child.Chinese()}，改为{kind.Chinese()}后不符合规定：{below}");
            }
        }
    }
}
