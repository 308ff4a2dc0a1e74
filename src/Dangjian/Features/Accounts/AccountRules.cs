using Dangjian.Platform.Http;
using Dangjian.Platform.Security;

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
}
