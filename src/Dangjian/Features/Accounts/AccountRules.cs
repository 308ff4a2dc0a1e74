using Dangjian.Features.Organizations;
using Dangjian.Platform.Data;
using Dangjian.Platform.Http;
using Dangjian.Platform.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Features.Accounts;

/// <summary>Checks that opening and changing an account share.</summary>
internal static class AccountRules
{
    /// <summary>
    /// A disabled account is locked out until this far-off date: Identity's lockout then refuses every sign-in, with
    /// no column of its own to keep in step. Any lockout ending after it is a disabling, not a wrong-password lockout.
    /// </summary>
    public static readonly DateTimeOffset DisabledUntil = new(9000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static bool IsDisabled(DateTimeOffset? lockoutEnd) => lockoutEnd is { } end && end >= DisabledUntil;

    /// <summary>A role is required and never above the caller's own (no one hands out more than they hold).</summary>
    public static void CheckRole(AppRole? role, CurrentUser.Account caller, FieldErrors errors)
    {
        // No default role: a missing one must not quietly become the most powerful.
        if (role is not { } r)
        {
            errors.Add("role", "角色不能为空");
        }
        else if (!Enum.IsDefined(r))
        {
            errors.Add("role", "角色无效");
        }
        else if (r.Outranks(caller.Role))
        {
            errors.Add("role", "不能创建比自己权限更高的账号");
        }
    }

    /// <summary>An account the caller may administer, with its organization's path, or the refusal.</summary>
    public sealed record Manageable(AppUser? Account, string? Path, Outcome<bool>? Refusal);

    /// <summary>
    /// The account with this id when the caller may administer it: in the caller's subtree (else absent, and the probe
    /// audited), not the caller's own, and not of a role above the caller's.
    /// </summary>
    public static async Task<Manageable> FindManageableAsync(string id, CurrentUser.Account caller, Scope scope, AppDb db, UserManager<AppUser> users,
        CancellationToken ct)
    {
        var account = await users.FindByIdAsync(id);
        var path = account is null ? null
            : await db.Organizations.Where(o => o.Id == account.OrganizationId).Select(o => o.Path).FirstOrDefaultAsync(ct);
        if (account is null || !await scope.AllowsAsync(path, nameof(Organization), account.OrganizationId, ct))
        {
            return new(null, null, Outcome<bool>.NotFound("账号"));
        }
        if (account.Id == caller.UserId)
        {
            // Otherwise the last administrator of an area could lock everyone, themselves included, out of it.
            return new(null, null, Outcome<bool>.Conflict("不能修改自己的账号，请联系上级管理员"));
        }
        if (account.Role.Outranks(caller.Role))
        {
            return new(null, null, Outcome<bool>.Invalid("role", "不能修改比自己权限更高的账号"));
        }
        return new(account, path, null);
    }
}
