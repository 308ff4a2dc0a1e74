using Dangjian.Features.Members;
using Dangjian.Platform.Audit;
using Dangjian.Platform.Data;
using Dangjian.Platform.Http;
using Dangjian.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Features.Organizations;

/// <summary>
/// Moves an organization with its whole subtree under a new parent. Every path below it, the members' copies
/// of those paths (<see cref="PathCopies"/>) and the tallies of the old and new ancestors change in one transaction.
/// </summary>
public static class MoveOrganization
{
    public sealed record Request(long? NewParentId);

    public static async Task<Outcome<long>> Handle(long id, Request request, AppDb db, Scope scope, CancellationToken ct)
    {
        var org = await scope.FindAsync(db.Organizations.AsNoTracking().Where(o => o.DissolvedAt == null), id, ct);
        if (org is null)
        {
            return Outcome<long>.NotFound("党组织");
        }
        if (org.ParentId is null || org.Path == await scope.PathAsync(ct))
        {
            return Outcome<long>.Invalid("newParentId", "不能移动本级或最上级组织");
        }
        if (request.NewParentId is not { } newParentId)
        {
            return Outcome<long>.Invalid("newParentId", "请选择新的上级组织");
        }
        var parent = await scope.FindAsync(db.Organizations.AsNoTracking().Where(o => o.DissolvedAt == null), newParentId, ct);
        if (parent is null)
        {
            return Outcome<long>.Invalid("newParentId", "新的上级组织不存在或不在您的管辖范围内");
        }
        if (OrgPath.IsWithin(parent.Path, org.Path))
        {
            return Outcome<long>.Invalid("newParentId", "不能把组织移动到它自己或它的下级组织之下");
        }
        if (PlacementRules.RefusalOf(parent.Kind, org.Kind) is { } refusal)
        {
            return Outcome<long>.Invalid("newParentId", refusal);
        }
        if (parent.Id == org.ParentId)
        {
            return Outcome<long>.Ok(id);
        }
        if (await db.Organizations.AnyAsync(o => o.ParentId == parent.Id && o.Name == org.Name && o.DissolvedAt == null, ct))
        {
            return Outcome<long>.Invalid("newParentId", $"新的上级组织下已有名为“{org.Name}”的组织");
        }

        var shift = new PathShift(org.Path, OrgPath.Child(parent.Path, org.Id));
        var depthShift = parent.Depth + 1 - org.Depth;

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // The subtree's own tally row holds everything that moves: take it off the old ancestors, add it to the new.
        var moving = await db.MemberTallies.AsNoTracking().Where(t => t.OrganizationId == id).ToListAsync(ct);
        var deltas = new Dictionary<TallyWriter.Key, long>();
        var oldAncestors = OrgPath.Ids(shift.OldPath)[..^1];
        var newAncestors = OrgPath.Ids(parent.Path);
        foreach (var t in moving)
        {
            foreach (var a in oldAncestors)
            {
                var k = new TallyWriter.Key(a, t.Category, t.Status, t.Flags);
                deltas[k] = deltas.GetValueOrDefault(k) - t.Count;
            }
            foreach (var a in newAncestors)
            {
                var k = new TallyWriter.Key(a, t.Category, t.Status, t.Flags);
                deltas[k] = deltas.GetValueOrDefault(k) + t.Count;
            }
        }
        await TallyWriter.ApplyAsync(db, deltas.Where(d => d.Value != 0).ToDictionary(), ct);

        const string Reason = "a subtree move writes its own audit line below";
        await db.Organizations.Where(o => string.Compare(o.Path, shift.Lo) >= 0 && string.Compare(o.Path, shift.Hi) < 0)
            .BypassingSaveSteps(Reason)
            .ExecuteUpdateAsync(s => s
                .SetProperty(o => o.Path, o => shift.NewPath + o.Path.Substring(shift.PrefixLength))
                .SetProperty(o => o.Depth, o => o.Depth + depthShift)
                .SetProperty(o => o.Version, o => o.Version + 1), ct);
        try
        {
            await db.Organizations.Where(o => o.Id == id).BypassingSaveSteps(Reason)
                .ExecuteUpdateAsync(s => s.SetProperty(o => o.ParentId, parent.Id), ct);
        }
        catch (Exception e) when (e.IsUniqueViolationError())
        {
            // One of the same name arrived under the new parent since the check above: nothing has been committed.
            return Outcome<long>.Invalid("newParentId", $"新的上级组织下已有名为“{org.Name}”的组织");
        }
        foreach (var copy in PathCopies.All)
        {
            await copy.ShiftAsync(db, shift, ct);
        }

        db.Audit(AuditActions.Updated, nameof(Organization), id.ToString(System.Globalization.CultureInfo.InvariantCulture), shift.NewPath,
            "整体移动组织及其下级",
            before: $"{{\"Path\":\"{shift.OldPath}\",\"ParentId\":{org.ParentId}}}",
            after: $"{{\"Path\":\"{shift.NewPath}\",\"ParentId\":{parent.Id}}}");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Outcome<long>.Ok(id);
    }
}
