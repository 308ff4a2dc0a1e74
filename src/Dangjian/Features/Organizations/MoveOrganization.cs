using Dangjian.Platform.Audit;
using Dangjian.Platform.Data;
using Dangjian.Platform.Http;
using Dangjian.Platform.Jobs;
using Dangjian.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Features.Organizations;

/// <summary>
/// Moves an organization with its whole subtree under a new parent. Every path below it, every copy of those paths
/// (<see cref="PathCopies"/>) and the tallies of the ancestors it loses and gains change in one transaction of
/// set-based statements, which readers never wait for: they see the old tree until the commit. A subtree of more than
/// <see cref="MoveOptions.InRequestMembers"/> members is moved by a background job (<see cref="OrganizationMoveJob"/>)
/// in the same single transaction, its progress shown as it goes (docs/adr/0007-subtree-moves.md).
/// </summary>
public static class MoveOrganization
{
    public sealed record Request(long? NewParentId);

    /// <summary>What came of a move request: done at once (no job), or queued as <see cref="Job"/>.</summary>
    public sealed record Started(long Id, BackgroundJob? Job);

    /// <summary>A move that passed the checks made before its transaction.</summary>
    private sealed record Checked(Organization Org, Organization Parent, string ScopePath);

    /// <summary>A move's progress: steps done, steps in all, and what it is doing now, in Chinese.</summary>
    public delegate void Progress(int done, int total, string message);

    /// <summary>The key of the PostgreSQL advisory lock that lets one move run at a time (SQLite has one writer anyway).</summary>
    public const long MoveLock = 0x6D6F7665; // "move"

    private static string NameTaken(string name) => $"新的上级组织下已有名为“{name}”的组织";
    private const string IntoItself = "不能把组织移动到它自己或它的下级组织之下";

    /// <summary>
    /// Checks the move and does it, or, when the subtree holds more than <see cref="MoveOptions.InRequestMembers"/>
    /// active members, queues it as a background job for the caller; the job checks everything again when it runs.
    /// </summary>
    public static async Task<Outcome<Started>> StartAsync(long id, Request request, AppDb db, Scope scope, JobQueue jobs, MoveOptions options,
        CancellationToken ct)
    {
        var check = await CheckAsync(id, request, db, scope, ct);
        if (check.Value is not { } move)
        {
            return check.Refusal<Started>();
        }
        var members = await db.MemberTallies.Where(t => t.OrganizationId == id).SumAsync(t => t.Count, ct);
        if (members > options.InRequestMembers && move.Parent.Id != move.Org.ParentId)
        {
            var job = await jobs.EnqueueAsync(OrganizationMoveJob.KindName, new OrganizationMoveJob.Parameters(id, move.Parent.Id),
                $"“{move.Org.Name}”（{members}名党员）等待移到“{move.Parent.Name}”之下", ct);
            return Outcome<Started>.Ok(new Started(id, job));
        }
        var moved = await MoveAsync(move, db, null, ct);
        return moved.Succeeded ? Outcome<Started>.Ok(new Started(id, null)) : moved.Refusal<Started>();
    }

    /// <summary>Checks the move and does it now, reporting each step to <paramref name="progress"/>.</summary>
    public static async Task<Outcome<long>> Handle(long id, Request request, AppDb db, Scope scope, CancellationToken ct, Progress? progress = null)
    {
        var check = await CheckAsync(id, request, db, scope, ct);
        return check.Value is { } move ? await MoveAsync(move, db, progress, ct) : check.Refusal<long>();
    }

    /// <summary>
    /// The steps a move reports: locking (the organizations and the parent), one per path copy, the tallies, the units,
    /// and the audit line with the commit.
    /// </summary>
    public static int Steps => PathCopies.All.Count + 4;

    private static async Task<Outcome<Checked>> CheckAsync(long id, Request request, AppDb db, Scope scope, CancellationToken ct)
    {
        // The ids the request names are resolved before the transaction: a refused one writes its audit line in a unit
        // of work of its own.
        var org = await scope.FindAsync(db.Organizations.AsNoTracking().Where(o => o.DissolvedAt == null), id, ct);
        if (org is null)
        {
            return Outcome<Checked>.NotFound("党组织");
        }
        var scopePath = await scope.PathAsync(ct);
        if (org.ParentId is null || org.Path == scopePath)
        {
            return Outcome<Checked>.Invalid("newParentId", "不能移动本级或最上级组织");
        }
        if (request.NewParentId is not { } newParentId)
        {
            return Outcome<Checked>.Invalid("newParentId", "请选择新的上级组织");
        }
        var parent = await scope.FindAsync(db.Organizations.AsNoTracking().Where(o => o.DissolvedAt == null), newParentId, ct);
        if (parent is null)
        {
            return Outcome<Checked>.Invalid("newParentId", "新的上级组织不存在或不在您的管辖范围内");
        }
        if (OrgPath.IsWithin(parent.Path, org.Path))
        {
            return Outcome<Checked>.Invalid("newParentId", IntoItself);
        }
        if (PlacementRules.RefusalOf(parent.Kind, org.Kind) is { } refusal)
        {
            return Outcome<Checked>.Invalid("newParentId", refusal);
        }
        return Outcome<Checked>.Ok(new Checked(org, parent, scopePath));
    }

    private static async Task<Outcome<long>> MoveAsync(Checked move, AppDb db, Progress? progress, CancellationToken ct)
    {
        var (org, parent, scopePath) = move;
        var (id, newParentId) = (org.Id, parent.Id);
        var step = 0;
        void Report(string message) => progress?.Invoke(step++, Steps, message);

        Report("正在锁定要移动的组织");
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
            Report($"正在更新{copy.Label}");
            await copy.ShiftAsync(db, shift, ct);
        }
        Report("正在更新上级组织的党员统计");

        // The moved subtree's own tallies do not change; its ancestors above the common one lose or gain its rows.
        var oldAncestors = OrgPath.Ids(shift.OldPath)[..^1];
        var newAncestors = OrgPath.Ids(target.Path);
        var lost = oldAncestors.Except(newAncestors).ToList();
        var gained = newAncestors.Except(oldAncestors).ToList();
        await SubtreeTallies.ShiftAsync(db, id, lost, gained, ct);
        Report("正在更新单位的党组织覆盖情况");
        // Those ancestors' members changed: a unit they cover may have members now, or none any more.
        await UnitTallyWriter.RefreshCoveredByAsync(db, lost.Concat(gained), ct);

        Report("正在记录审计日志并提交");
        // Last, so that the audit chain's head, which every audited write takes, is held only for the commit.
        db.Audit(AuditActions.Updated, nameof(Organization), id.ToString(System.Globalization.CultureInfo.InvariantCulture), shift.NewPath,
            "整体移动组织及其下级",
            before: $"{{\"Path\":\"{shift.OldPath}\",\"ParentId\":{moved.ParentId}}}",
            after: $"{{\"Path\":\"{shift.NewPath}\",\"ParentId\":{target.Id}}}");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        progress?.Invoke(Steps, Steps, $"已把“{org.Name}”连同其全部下级移到“{parent.Name}”之下");
        return Outcome<long>.Ok(id);
    }
}
