using System.Security.Claims;
using Dangjian.Platform.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Dangjian.Platform.Security;

/// <summary>
/// The signed-in account and its scope (the materialized path of its organization), loaded once per request.
/// A cookie or bearer token whose security stamp is no longer the account's (the password changed, the account signed
/// out, was locked, disabled, or given another role or organization) is no account at all.
/// </summary>
public sealed class CurrentUser(IHttpContextAccessor accessor, IServiceProvider services, IConfiguration configuration,
    IOptions<IdentityOptions> identity, TimeProvider clock)
{
    private Account? _account;
    private bool _loaded;

    public sealed record Account(string UserId, string UserName, string DisplayName, AppRole Role, long OrganizationId, string ScopePath, long? MemberId, bool MustChangePassword)
    {
        /// <summary>
        /// May this account do <paramref name="permission"/>? The one answer to that question: authorization policies,
        /// pages and the menu all ask here. An account that must still change its password may do nothing yet.
        /// </summary>
        public bool Can(Permission permission) => !MustChangePassword && PermissionCatalog.Has(Role, permission);
    }

    public string? UserId => accessor.HttpContext?.User.FindFirstValue(ClaimTypes.NameIdentifier);

    public async Task<Account?> GetAsync(CancellationToken ct = default)
    {
        if (_loaded)
        {
            return _account;
        }
        _loaded = true;
        var principal = accessor.HttpContext?.User;
        var id = UserId;
        if (id is null || principal is null)
        {
            return null;
        }
        var stamp = principal.FindFirstValue(identity.Value.ClaimsIdentity.SecurityStampClaimType);
        var db = services.GetRequiredService<AppDb>();
        var demoMode = configuration.GetValue<bool>("Demo:Enabled");
        var found = await (
            from u in db.Users.AsNoTracking()
            join o in db.Organizations.AsNoTracking() on u.OrganizationId equals o.Id
            where u.Id == id
            select new
            {
                // A resident's community is where their requests go, not a subtree they may read.
                Account = new Account(u.Id, u.UserName!, u.DisplayName, u.Role, u.OrganizationId, u.Role == AppRole.Resident ? Scope.NoSubtree : o.Path, u.MemberId,
                    u.MustChangePassword && !(u.IsDemo && demoMode)),
                u.SecurityStamp,
                u.LockoutEnd,
            })
            // Named in the SQL: the one look-up every signed-in request makes, which a write's budget of round trips
            // (docs/performance.md, "Writes") counts apart.
            .TagWith("account")
            .FirstOrDefaultAsync(ct);
        var revoked = found is null || stamp is null || stamp != found.SecurityStamp
            || (found.LockoutEnd is { } end && end > clock.GetUtcNow());
        _account = revoked ? null : found!.Account;
        return _account;
    }

    /// <summary>The account; endpoints behind an authorization policy can rely on it.</summary>
    public async Task<Account> RequireAsync(CancellationToken ct = default) =>
        await GetAsync(ct) ?? throw new InvalidOperationException("No signed-in account.");

    /// <summary>Name recorded in the audit log for the current request.</summary>
    public string AuditName => accessor.HttpContext?.User.Identity?.Name ?? "system";
}
