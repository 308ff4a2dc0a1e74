using Dangjian.Platform.Audit;
using Dangjian.Platform.Data;
using Dangjian.Platform.Http;
using Dangjian.Platform.Security;
using Microsoft.AspNetCore.Identity;

namespace Dangjian.Features.Accounts;

/// <summary>
/// Lifts the lockout that repeated wrong passwords put on an account, before it runs out by itself. A disabled account
/// stays disabled: enabling it is a change of the account (<see cref="ChangeAccount"/>), decided as such.
/// </summary>
public static class UnlockAccount
{
    public static async Task<Outcome<bool>> Handle(string id, CurrentUser user, Scope scope, AppDb db, UserManager<AppUser> users,
        TimeProvider clock, CancellationToken ct)
    {
        var caller = await user.RequireAsync(ct);
        var (account, path, refusal) = await AccountRules.FindManageableAsync(id, caller, scope, db, users, ct);
        if (refusal is not null)
        {
            return refusal;
        }
        if (AccountRules.IsDisabled(account!.LockoutEnd))
        {
            return Outcome<bool>.Conflict("该账号已停用，请先启用");
        }
        if (account.LockoutEnd is not { } end || end <= clock.GetUtcNow())
        {
            return Outcome<bool>.Ok(false);
        }
        account.LockoutEnd = null;
        account.AccessFailedCount = 0;
        var result = await users.UpdateAsync(account);
        if (!result.Succeeded)
        {
            return Outcome<bool>.Conflict("账号已被他人修改，请刷新后重试");
        }
        db.Audit(AuditActions.Updated, nameof(AppUser), account.Id, path!, $"解除锁定 {account.UserName}");
        await db.SaveChangesAsync(ct);
        return Outcome<bool>.Ok(true);
    }
}
