using System.Security.Claims;
using Dangjian.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Platform.Security;

/// <summary>The signed-in account and its scope (the materialized path of its organization), loaded once per request.</summary>
public sealed class CurrentUser(IHttpContextAccessor accessor, IServiceProvider services, IConfiguration configuration)
{
    private Account? _account;
    private bool _loaded;

    public sealed record Account(string UserId, string UserName, string DisplayName, AppRole Role, long OrganizationId, string ScopePath, long? MemberId, bool MustChangePassword);

    public string? UserId => accessor.HttpContext?.User.FindFirstValue(ClaimTypes.NameIdentifier);

    public async Task<Account?> GetAsync(CancellationToken ct = default)
    {
        if (_loaded)
        {
            return _account;
        }
        _loaded = true;
        var id = UserId;
        if (id is null)
        {
            return null;
        }
        var db = services.GetRequiredService<AppDb>();
        var demoMode = configuration.GetValue<bool>("Demo:Enabled");
        _account = await (
            from u in db.Users.AsNoTracking()
            join o in db.Organizations.AsNoTracking() on u.OrganizationId equals o.Id
            where u.Id == id
            select new Account(u.Id, u.UserName!, u.DisplayName, u.Role, u.OrganizationId, o.Path, u.MemberId,
                u.MustChangePassword && !(u.IsDemo && demoMode)))
            .FirstOrDefaultAsync(ct);
        return _account;
    }

    /// <summary>The account; endpoints behind an authorization policy can rely on it.</summary>
    public async Task<Account> RequireAsync(CancellationToken ct = default) =>
        await GetAsync(ct) ?? throw new InvalidOperationException("No signed-in account.");

    /// <summary>Name recorded in the audit log for the current request.</summary>
    public string AuditName => accessor.HttpContext?.User.Identity?.Name ?? "system";
}
