using Dangjian.Platform.Data;
using Dangjian.Platform.Http;
using Dangjian.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Features.Organizations;

/// <summary>Dissolves (撤销) an organization. Only an empty one: no child organizations and no members.</summary>
public static class DissolveOrganization
{
    public static async Task<Outcome<long>> Handle(long id, AppDb db, Scope scope, TimeProvider clock, CancellationToken ct)
    {
        var org = await db.Organizations.FirstOrDefaultAsync(o => o.Id == id && o.DissolvedAt == null, ct);
        if (org is null || !await scope.AllowsAsync(org.Path, nameof(Organization), id, ct))
        {
            return Outcome<long>.NotFound("党组织");
        }
        if (org.ParentId is null || org.Path == await scope.PathAsync(ct))
        {
            return Outcome<long>.Conflict("不能撤销本级或最上级组织");
        }
        if (await db.Organizations.AnyAsync(o => o.ParentId == id && o.DissolvedAt == null, ct))
        {
            return Outcome<long>.Conflict("该组织还有下级组织，请先撤销或移走下级组织");
        }
        if (await db.Members.AnyAsync(m => m.OrganizationId == id && m.LeftAt == null, ct))
        {
            return Outcome<long>.Conflict("该组织还有党员，请先转出党员");
        }
        if (await db.Members.AnyAsync(m => m.PartyGroupId == id && m.LeftAt == null, ct))
        {
            return Outcome<long>.Conflict("该党小组还有党员，请先调整党员所在党小组");
        }
        if (await db.Transfers.AnyAsync(t => t.ToOrganizationId == id && t.Status == Transfers.TransferStatus.Pending, ct))
        {
            return Outcome<long>.Conflict("有转入该组织的组织关系尚未接收");
        }
        if (org.Dissolve(clock.GetUtcNow()) is { } refusal)
        {
            return Outcome<long>.Conflict(refusal);
        }
        await db.SaveChangesAsync(ct);
        return Outcome<long>.Ok(id);
    }
}
