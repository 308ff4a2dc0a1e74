using System.Globalization;
using Dangjian.Platform.Audit;
using Dangjian.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Platform.Security;

/// <summary>A record that belongs to a place in the organization tree, and that requests name by its id.</summary>
public interface IScoped
{
    long Id { get; }

    /// <summary>
    /// The paths whose subtrees may see the record: one for most records, two for a letter (its issuing and its
    /// receiving side). Null entries are ignored.
    /// </summary>
    IEnumerable<string?> ScopePaths { get; }
}

/// <summary>
/// The caller's subtree. Lists filter by it in the query itself. Every id a request names (in the route, the query or
/// the body) is resolved through <see cref="FindAsync{T}"/>, which answers null both for an id that does not exist and
/// for a record outside the subtree, so that a caller cannot tell the two apart; the second is written to the audit log.
/// </summary>
public sealed class Scope(CurrentUser currentUser, AppDb db, IServiceScopeFactory services)
{
    /// <summary>
    /// The scope of an account that may read no part of the tree (a resident): a prefix no path has, so every lookup
    /// through the scope answers absent. A resident's own requests are found by ownership instead.
    /// </summary>
    public const string NoSubtree = "~none~";

    public async Task<string> PathAsync(CancellationToken ct = default) => (await currentUser.RequireAsync(ct)).ScopePath;

    /// <summary>
    /// The record with this id among <paramref name="candidates"/> (which may narrow by state, e.g. not dissolved, and
    /// choose tracking), or null when there is none or it lies outside the caller's subtree.
    /// </summary>
    public async Task<T?> FindAsync<T>(IQueryable<T> candidates, long? id, CancellationToken ct) where T : class, IScoped
    {
        if (id is not { } key)
        {
            return null;
        }
        return await AdmitAsync(await candidates.FirstOrDefaultAsync(r => r.Id == key, ct), ct);
    }

    /// <summary>
    /// As <see cref="FindAsync{T}"/>, for a record the caller has loaded itself (with other look-ups in the same query):
    /// the record, or null when there is none or it lies outside the caller's subtree (then audited).
    /// </summary>
    public async Task<T?> AdmitAsync<T>(T? record, CancellationToken ct) where T : class, IScoped
    {
        if (record is null)
        {
            return null;
        }
        var key = record.Id;
        var scope = await PathAsync(ct);
        var paths = record.ScopePaths.OfType<string>().ToList();
        if (paths.Any(p => OrgPath.IsWithin(p, scope)))
        {
            return record;
        }
        await RecordDeniedAsync(typeof(T).Name, key, paths.FirstOrDefault() ?? OrgPath.Root, scope);
        return null;
    }

    /// <summary>
    /// As <see cref="FindAsync{T}"/>, for a record that belongs to one account (a background job): answered only when
    /// it is inside the caller's subtree and <paramref name="isCallers"/> holds for it. Another account's record is
    /// absent too, and the attempt audited the same way.
    /// </summary>
    public async Task<T?> FindOwnAsync<T>(IQueryable<T> candidates, long? id, Func<T, bool> isCallers, CancellationToken ct) where T : class, IScoped
    {
        var record = await FindAsync(candidates, id, ct);
        if (record is null || isCallers(record))
        {
            return record;
        }
        await RecordDeniedAsync(typeof(T).Name, record.Id, record.ScopePaths.OfType<string>().FirstOrDefault() ?? OrgPath.Root, await PathAsync(ct));
        return null;
    }

    /// <summary>
    /// True when the record at <paramref name="path"/> is inside the caller's subtree. For checks that a record's usual
    /// paths do not decide (only the receiving side of a letter may receive it); otherwise use <see cref="FindAsync{T}"/>.
    /// A record outside is reported as absent and the attempt audited.
    /// </summary>
    public async Task<bool> AllowsAsync(string? path, string entityType, long id, CancellationToken ct = default)
    {
        if (path is null)
        {
            return false;
        }
        var scope = await PathAsync(ct);
        if (OrgPath.IsWithin(path, scope))
        {
            return true;
        }
        await RecordDeniedAsync(entityType, id, path, scope);
        return false;
    }

    /// <summary>
    /// True when a record offered to a whole subtree (a county's contest for every member in the county) is offered to
    /// the caller's own place, <paramref name="callerPath"/> (their member record's organization), which may lie below the
    /// caller's subtree or, for a member, be all of it. A record not offered to them is reported as absent and audited.
    /// </summary>
    public async Task<bool> OffersAsync(string recordPath, string callerPath, string entityType, long id, CancellationToken ct = default)
    {
        if (OrgPath.IsWithin(callerPath, recordPath))
        {
            return true;
        }
        await RecordDeniedAsync(entityType, id, recordPath, await PathAsync(ct));
        return false;
    }

    /// <summary>
    /// True when the caller serves the place at <paramref name="recordPath"/> (a community and its residents' requests):
    /// it lies in the caller's subtree (the community, the street above it), or the caller's own organization lies below
    /// it (a member of one of the community's branches). Otherwise reported as absent and audited.
    /// </summary>
    public async Task<bool> ServesAsync(string recordPath, string entityType, long id, CancellationToken ct = default)
    {
        var scope = await PathAsync(ct);
        if (OrgPath.IsWithin(recordPath, scope) || (scope != NoSubtree && OrgPath.IsWithin(scope, recordPath)))
        {
            return true;
        }
        await RecordDeniedAsync(entityType, id, recordPath, scope);
        return false;
    }

    /// <summary>
    /// Reports a record that the caller may not reach by its ownership (a resident naming another resident's request):
    /// answered as absent by the caller, audited here like any other probe.
    /// </summary>
    public async Task DeniedAsync(string entityType, long id, string targetPath, CancellationToken ct = default) =>
        await RecordDeniedAsync(entityType, id, targetPath, await PathAsync(ct));

    /// <summary>
    /// Writes the access-denied line in a unit of work of its own: the caller's change tracker may hold changes the
    /// request has not decided to save, which must be neither saved nor dropped here. The line still goes through
    /// AppDb's save, like every audit line.
    /// </summary>
    /// <remarks>
    /// Where it is filed: one line under the target's organization, so that the probed organization and everyone above
    /// it see who tried; and, when the prober's superiors cannot see that line (the target lies outside the subtree of
    /// the prober's parent organization), a second line under the prober's parent organization, so that those who
    /// supervise the prober see it too. Not under the prober's own organization: an account that may read the audit
    /// log could then tell an existing record from a missing one by the line its probe left. Not only under the
    /// deepest common ancestor: neither side's nearer superiors would see it.
    /// </remarks>
    private async Task RecordDeniedAsync(string entityType, long id, string targetPath, string callerPath)
    {
        if (db.Database.CurrentTransaction is not null)
        {
            // A second connection could wait on the caller's write lock (SQLite has one writer at a time).
            throw new InvalidOperationException("Resolve the ids a request names before opening a transaction.");
        }
        await using var own = services.CreateAsyncScope();
        var auditDb = own.ServiceProvider.GetRequiredService<AppDb>();
        auditDb.ActorOverride = db.Actor;
        var key = id.ToString(CultureInfo.InvariantCulture);
        var note = $"越权访问：调用者范围 {callerPath}";
        auditDb.Audit(AuditActions.AccessDenied, entityType, key, targetPath, note);
        var superiors = ParentOf(callerPath);
        if (superiors is not null && !OrgPath.IsWithin(targetPath, superiors))
        {
            auditDb.Audit(AuditActions.AccessDenied, entityType, key, superiors, note);
        }
        // Recorded even when the caller has gone: an attempt is worth keeping whether or not its answer was read.
        await auditDb.SaveChangesAsync(CancellationToken.None);
    }

    private static string? ParentOf(string path)
    {
        if (path == OrgPath.Root)
        {
            return null;
        }
        var trimmed = path[..^1];
        return trimmed[..(trimmed.LastIndexOf('/') + 1)];
    }
}
