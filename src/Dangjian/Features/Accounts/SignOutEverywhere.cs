using Dangjian.Platform.Audit;
using Dangjian.Platform.Data;
using Dangjian.Platform.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Features.Accounts;

/// <summary>
/// Signing out ends every session of the account, not only the one that asks: a cookie or token copied from it
/// (on a shared office computer, from a stolen phone) must stop working too.
/// </summary>
public static class SignOutEverywhere
{
    public static async Task Handle(CurrentUser user, UserManager<AppUser> users, AppDb db, string channel, CancellationToken ct)
    {
        if (await user.GetAsync(ct) is not { } signedIn || await users.FindByIdAsync(signedIn.UserId) is not { } account)
        {
            return;
        }
        await Sessions.EndAllAsync(users, account);
        var path = await db.Organizations.Where(o => o.Id == account.OrganizationId).Select(o => o.Path).FirstAsync(ct);
        db.Audit(AuditActions.SignedOut, nameof(AppUser), account.Id, path, $"退出登录，已登录的会话全部失效（{channel}）");
        await db.SaveChangesAsync(ct);
    }
}
