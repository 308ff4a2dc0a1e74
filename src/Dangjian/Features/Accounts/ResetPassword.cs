using System.Security.Cryptography;
using Dangjian.Platform.Audit;
using Dangjian.Platform.Data;
using Dangjian.Platform.Http;
using Dangjian.Platform.Security;
using Microsoft.AspNetCore.Identity;

namespace Dangjian.Features.Accounts;

/// <summary>
/// A forgotten password: the administrator gets a one-time password to hand over in person or by phone. The account
/// must change it at its next sign-in, its sessions end at once, and a lockout from wrong passwords is lifted (that is
/// usually why the reset was asked for). The password itself is shown once and never stored or audited in clear.
/// </summary>
public static class ResetPassword
{
    public sealed record Response(string UserName, string OneTimePassword);

    // No 0/o, 1/l/i: the password is read out over the phone.
    private const string Letters = "abcdefghjkmnpqrstuvwxyz";
    private const string Digits = "23456789";

    public static async Task<Outcome<Response>> Handle(string id, CurrentUser user, Scope scope, AppDb db, UserManager<AppUser> users,
        CancellationToken ct)
    {
        var caller = await user.RequireAsync(ct);
        var (account, path, refusal) = await AccountRules.FindManageableAsync(id, caller, scope, db, users, ct);
        if (refusal is not null)
        {
            return refusal.Refusal<Response>();
        }
        if (AccountRules.IsDisabled(account!.LockoutEnd))
        {
            return Outcome<Response>.Conflict("该账号已停用，请先启用");
        }
        var password = OneTimePassword();
        account.PasswordHash = users.PasswordHasher.HashPassword(account, password);
        account.MustChangePassword = true;
        account.LockoutEnd = null;
        account.AccessFailedCount = 0;
        // The new stamp is saved with the new hash in one write, and every session of the account ends with it.
        var result = await Sessions.EndAllAsync(users, account);
        if (!result.Succeeded)
        {
            return Outcome<Response>.Conflict("账号已被他人修改，请刷新后重试");
        }
        db.Audit(AuditActions.Updated, nameof(AppUser), account.Id, path!, $"重置密码 {account.UserName}：发放一次性密码，首次登录须修改；已登录的会话全部失效");
        await db.SaveChangesAsync(ct);
        return Outcome<Response>.Ok(new Response(account.UserName!, password));
    }

    /// <summary>Twelve characters in three groups (e.g. "kp4m-x7wq-2dhs"): at least one digit and one letter in each.</summary>
    public static string OneTimePassword()
    {
        var groups = new string[3];
        for (var g = 0; g < groups.Length; g++)
        {
            var chars = new char[4];
            chars[0] = Digits[RandomNumberGenerator.GetInt32(Digits.Length)];
            for (var i = 1; i < chars.Length; i++)
            {
                chars[i] = Letters[RandomNumberGenerator.GetInt32(Letters.Length)];
            }
            RandomNumberGenerator.Shuffle(chars.AsSpan());
            groups[g] = new string(chars);
        }
        return string.Join('-', groups);
    }
}
