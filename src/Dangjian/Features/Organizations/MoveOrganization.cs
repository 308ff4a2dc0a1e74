using Dangjian.Features.Members;
using Dangjian.Platform.Audit;
using Dangjian.Platform.Data;
using Dangjian.Platform.Http;
using Dangjian.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Features.Organizations;

/// <summary>
/// Moves an organization with its whole subtree under a new parent. Every path below it, the members' copies
/// of those paths and the tallies of the old and new ancestors change in one transaction.
/// </summary>
public static class MoveOrganization
{
    public sealed record Request(long NewParentId);

    public static async Task<Outcome<long>> Handle(long id, Request request, AppDb db, Scope scope, CancellationToken ct)
    {
        var org = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == id && o.DissolvedAt == null, ct);
        if (org is null || !await scope.AllowsAsync(org.Path, nameof(Organization), id, ct))
        {
            return Outcome<long>.NotFound("党组织");
        }
        if (org.ParentId is null || org.Path == await scope.PathAsync(ct))
        {
            return Outcome<long>.Invalid("newParentId", "不能移动本级或最上级组织");
        }
        var parent = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == request.NewParentId && o.DissolvedAt == null, ct);
        if (parent is null || !await scope.AllowsAsync(parent.Path, nameof(Organization), request.NewParentId, ct))
        {
            return Outcome<long>.Invalid("newParentId", "新的上级组织不存在或不在您的管辖范围内");
        }
        if (OrgPath.IsWithin(parent.Path, org.Path))
        {
            return Outcome<long>.Invalid("newParentId", "不能把组织移动到它自己或它的下级组织之下");
        }
        if (parent.Kind == OrganizationKind.PartyGroup)
        {
            return Outcome<long>.Invalid("newParentId", "党小组下不能再设组织");
        }
        if (parent.Id == org.ParentId)
        {
            return Outcome<long>.Ok(id);
        }
        if (await db.Organizations.AnyAsync(o => o.ParentId == parent.Id && o.Name == org.Name && o.DissolvedAt == null, ct))
        {
            return Outcome<long>.Invalid("newParentId", $"新的上级组织下已有名为“{org.Name}”的组织");
        }

        var oldPath = org.Path;
        var newPath = OrgPath.Child(parent.Path, org.Id);
        var lo = oldPath;
        var hi = OrgPath.UpperBound(oldPath);
        var depthShift = parent.Depth + 1 - org.Depth;

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // The subtree's own tally row holds everything that moves: take it off the old ancestors, add it to the new.
        var moving = await db.MemberTallies.AsNoTracking().Where(t => t.OrganizationId == id).ToListAsync(ct);
        var deltas = new Dictionary<TallyWriter.Key, long>();
        var oldAncestors = OrgPath.Ids(oldPath)[..^1];
        var newAncestors = OrgPath.Ids(parent.Path);
        foreach (var t in moving)
        {
            foreach (var a in oldAncestors)
            {
                var k = new TallyWriter.Key(a, t.Category, t.Status);
                deltas[k] = deltas.GetValueOrDefault(k) - t.Count;
            }
            foreach (var a in newAncestors)
            {
                var k = new TallyWriter.Key(a, t.Category, t.Status);
                deltas[k] = deltas.GetValueOrDefault(k) + t.Count;
            }
        }
        await TallyWriter.ApplyAsync(db, deltas.Where(d => d.Value != 0).ToDictionary(), ct);

        var prefixLength = oldPath.Length;
        await db.Organizations.Where(o => string.Compare(o.Path, lo) >= 0 && string.Compare(o.Path, hi) < 0)
            .ExecuteUpdateAsync(s => s
                .SetProperty(o => o.Path, o => newPath + o.Path.Substring(prefixLength))
                .SetProperty(o => o.Depth, o => o.Depth + depthShift)
                .SetProperty(o => o.Version, o => o.Version + 1), ct);
        try
        {
            await db.Organizations.Where(o => o.Id == id).ExecuteUpdateAsync(s => s.SetProperty(o => o.ParentId, parent.Id), ct);
        }
        catch (Exception e) when (e.IsUniqueViolationError())
        {
            // One of the same name arrived under the new parent since the check above: nothing has been committed.
            return Outcome<long>.Invalid("newParentId", $"新的上级组织下已有名为“{org.Name}”的组织");
        }
        // Name grams carry their member's path; they are reached through the members' ids (the gram table has no
        // index that starts with the path).
        var movedMembers = db.Members.Where(m => string.Compare(m.OrgPath, lo) >= 0 && string.Compare(m.OrgPath, hi) < 0).Select(m => m.Id);
        await db.MemberNameGrams.Where(g => movedMembers.Contains(g.MemberId))
            .ExecuteUpdateAsync(s => s.SetProperty(g => g.OrgPath, g => newPath + g.OrgPath.Substring(prefixLength)), ct);
        await db.Members.Where(m => string.Compare(m.OrgPath, lo) >= 0 && string.Compare(m.OrgPath, hi) < 0)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.OrgPath, m => newPath + m.OrgPath.Substring(prefixLength)), ct);
        await db.Units.Where(u => string.Compare(u.AreaPath, lo) >= 0 && string.Compare(u.AreaPath, hi) < 0)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.AreaPath, u => newPath + u.AreaPath.Substring(prefixLength)), ct);
        await db.Instructors.Where(u => string.Compare(u.AreaPath, lo) >= 0 && string.Compare(u.AreaPath, hi) < 0)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.AreaPath, u => newPath + u.AreaPath.Substring(prefixLength)), ct);
        await db.PartTimeCommitteeMembers.Where(u => string.Compare(u.OrganizationPath, lo) >= 0 && string.Compare(u.OrganizationPath, hi) < 0)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.OrganizationPath, u => newPath + u.OrganizationPath.Substring(prefixLength)), ct);
        await db.Transfers.Where(t => string.Compare(t.FromPath, lo) >= 0 && string.Compare(t.FromPath, hi) < 0)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.FromPath, t => newPath + t.FromPath!.Substring(prefixLength)), ct);
        await db.Transfers.Where(t => string.Compare(t.ToPath, lo) >= 0 && string.Compare(t.ToPath, hi) < 0)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.ToPath, t => newPath + t.ToPath!.Substring(prefixLength)), ct);
        await db.RuleOverrides.Where(r => string.Compare(r.OrganizationPath, lo) >= 0 && string.Compare(r.OrganizationPath, hi) < 0)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.OrganizationPath, r => newPath + r.OrganizationPath.Substring(prefixLength)), ct);

        db.AuditEntries.Add(new AuditEntry
        {
            At = DateTimeOffset.UtcNow,
            UserName = db.Actor,
            Action = AuditActions.Updated,
            EntityType = nameof(Organization),
            EntityId = id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ScopePath = newPath,
            Before = $"{{\"Path\":\"{oldPath}\",\"ParentId\":{org.ParentId}}}",
            After = $"{{\"Path\":\"{newPath}\",\"ParentId\":{parent.Id}}}",
            Note = "整体移动组织及其下级",
        });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Outcome<long>.Ok(id);
    }
}
