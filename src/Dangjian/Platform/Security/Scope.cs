using Dangjian.Platform.Audit;
using Dangjian.Platform.Data;

namespace Dangjian.Platform.Security;

/// <summary>
/// The caller's subtree. Lists filter by it in the query itself; single records are checked with
/// <see cref="AllowsAsync"/>, which answers "not found" for records outside it and audits the attempt.
/// </summary>
public sealed class Scope(CurrentUser currentUser, AppDb db)
{
    public async Task<string> PathAsync(CancellationToken ct = default) => (await currentUser.RequireAsync(ct)).ScopePath;

    public async Task<bool> ContainsAsync(string path, CancellationToken ct = default) => OrgPath.IsWithin(path, await PathAsync(ct));

    /// <summary>
    /// True when the record at <paramref name="path"/> is inside the caller's subtree. A record outside it is reported
    /// as absent, so that its existence is not revealed, and the attempt is written to the audit log.
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
        db.Audit(AuditActions.AccessDenied, entityType, id.ToString(System.Globalization.CultureInfo.InvariantCulture), path,
            $"越权访问：调用者范围 {scope}");
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        return false;
    }
}
