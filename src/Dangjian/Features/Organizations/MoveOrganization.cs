using Dangjian.Platform.Audit;
using Dangjian.Platform.Data;
using Dangjian.Platform.Http;
using Dangjian.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Features.Organizations;

/// <summary>
/// Moves an organization with its whole subtree under a new parent. Every path below it, every copy of those paths
/// (<see cref="PathCopies"/>) and the tallies of the ancestors it loses and gains change in one transaction of
/// set-based statements, which readers never wait for: they see the old tree until the commit (docs/adr/0007-subtree-moves.md).
/// </summary>
public static class MoveOrganization
{
    public sealed record Request(long? NewParentId);

    /// <summary>The key of the PostgreSQL advisory lock that lets one move run at a time (SQLite has one writer anyway).</summary>
    public const long MoveLock = 0x6D6F7665; // "move"

    private static string NameTaken(string name) => $"新的上级组织下已有名为“{name}”的组织";
    private const string IntoItself = "不能把组织移动到它自己或它的下级组织之下";

    public static async Task<Outcome<long>> Handle(long id, Request request, AppDb db, Scope scope, CancellationToken ct)
    {
        // The ids the request names are resolved before the transaction: a refused one writes its audit line in a unit
        // of work of its own.
        var org = await scope.FindAsync(db.Organizations.AsNoTracking().Where(o => o.DissolvedAt == null), id, ct);
        if (org is null)
        {
            return Outcome<long>.NotFound("党组织");
        }
        var scopePath = await scope.PathAsync(ct);
        if (org.ParentId is null || org.Path == scopePath)
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
            return Outcome<long>.Invalid("newParentId", IntoItself);
        }
        if (PlacementRules.RefusalOf(parent.Kind, org.Kind) is { } refusal)
        {
            return Outcome<long>.Invalid("newParentId", refusal);
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Moves run one at a time, and the paths are read again once this one holds the lock: a move committed since
        // the reads above may have put the new parent inside the moved subtree, or either of them outside the caller's.
        // On SQLite the transaction already holds the database's only write lock (BEGIN IMMEDIATE).
        if (db is PostgresAppDb)
        {
            await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock({0})", [MoveLock], ct);
        }
        var current = await db.Organizations.AsNoTracking().Where(o => (o.Id == id || o.Id == newParentId) && o.DissolvedAt == null)
            .Select(o => new { o.Id, o.Path, o.Depth, o.ParentId }).ToDictionaryAsync(o => o.Id, ct);
        if (!current.TryGetValue(id, out var moved) || !OrgPath.IsWithin(moved.Path, scopePath))
        {
            return Outcome<long>.NotFound("党组织");
        }
        if (!current.TryGetValue(newParentId, out var target) || !OrgPath.IsWithin(target.Path, scopePath))
        {
            return Outcome<long>.Invalid("newParentId", "新的上级组织不存在或不在您的管辖范围内");
        }
        if (OrgPath.IsWithin(target.Path, moved.Path))
        {
            return Outcome<long>.Invalid("newParentId", IntoItself);
        }
        if (target.Id == moved.ParentId)
        {
            return Outcome<long>.Ok(id);
        }
        if (await db.Organizations.AnyAsync(o => o.ParentId == target.Id && o.Name == org.Name && o.DissolvedAt == null, ct))
        {
            return Outcome<long>.Invalid("newParentId", NameTaken(org.Name));
        }

        var shift = new PathShift(moved.Path, OrgPath.Child(target.Path, id));
        var depthShift = target.Depth + 1 - moved.Depth;
        const string Reason = "a subtree move writes its own audit line below";
        // The organizations first: their row locks are what every write of a path copy waits on (PathGuardStep), so
        // from here on no write can put a row with the old path into the subtree, and the statements below see
        // every one committed before.
        await db.Organizations.Where(o => string.Compare(o.Path, shift.Lo) >= 0 && string.Compare(o.Path, shift.Hi) < 0)
            .BypassingSaveSteps(Reason)
            .ExecuteUpdateAsync(s => s
                .SetProperty(o => o.Path, o => shift.NewPath + o.Path.Substring(shift.PrefixLength))
                .SetProperty(o => o.Depth, o => o.Depth + depthShift)
                .SetProperty(o => o.Version, o => o.Version + 1), ct);
        try
        {
            await db.Organizations.Where(o => o.Id == id).BypassingSaveSteps(Reason)
                .ExecuteUpdateAsync(s => s.SetProperty(o => o.ParentId, target.Id), ct);
        }
        catch (Exception e) when (e.IsUniqueViolationError())
        {
            // One of the same name arrived under the new parent since the check above: nothing has been committed.
            return Outcome<long>.Invalid("newParentId", NameTaken(org.Name));
        }
        foreach (var copy in PathCopies.All)
        {
            await copy.ShiftAsync(db, shift, ct);
        }

        // The moved subtree's own tallies do not change; its ancestors above the common one lose or gain its rows.
        var oldAncestors = OrgPath.Ids(shift.OldPath)[..^1];
        var newAncestors = OrgPath.Ids(target.Path);
        var lost = oldAncestors.Except(newAncestors).ToList();
        var gained = newAncestors.Except(oldAncestors).ToList();
        await SubtreeTallies.ShiftAsync(db, id, lost, gained, ct);
        // Those ancestors' members changed: a unit they cover may have members now, or none any more.
        await UnitTallyWriter.RefreshCoveredByAsync(db, lost.Concat(gained), ct);

        // Last, so that the audit chain's head, which every audited write takes, is held only for the commit.
        db.Audit(AuditActions.Updated, nameof(Organization), id.ToString(System.Globalization.CultureInfo.InvariantCulture), shift.NewPath,
            "整体移动组织及其下级",
            before: $"{{\"Path\":\"{shift.OldPath}\",\"ParentId\":{moved.ParentId}}}",
            after: $"{{\"Path\":\"{shift.NewPath}\",\"ParentId\":{target.Id}}}");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Outcome<long>.Ok(id);
    }
}
