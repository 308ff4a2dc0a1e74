using System.ComponentModel.DataAnnotations;
using System.Net;
using Dangjian.Platform.Audit;
using Dangjian.Platform.Data;
using Dangjian.Platform.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Features.Accounts;

/// <summary>
/// Checks a user name and password, for the sign-in page and the token route alike. Every attempt is counted by the
/// throttle, every failure is audited, and an unknown name costs the same password hashing as a known one, so that
/// neither the answer nor its timing tells which names exist.
/// </summary>
public static class SignIn
{
    public sealed record Request([property: MaxLength(256)] string? UserName, [property: MaxLength(200)] string? Password);

    public enum Status { Succeeded, Missing, Failed, LockedOut, Disabled, Throttled }

    /// <summary>The verdict; <see cref="Account"/> is set only when <see cref="Status"/> is Succeeded.</summary>
    public sealed record Result(Status Status, AppUser? Account = null);

    /// <summary>The user name as every channel reads it: surrounding spaces are a typing slip, not part of the name.</summary>
    public static string? Clean(string? userName) => string.IsNullOrWhiteSpace(userName) ? null : userName.Trim();

    public const string FailedMessage = "用户名或密码不正确";
    public const string LockedMessage = "密码错误次数过多，账号已暂时锁定，请15分钟后再试";
    public const string DisabledMessage = "账号已停用，如需恢复请联系上级党组织的管理员";
    public const string ThrottledMessage = "登录尝试过于频繁，请稍后再试";

    // The hash an unknown name is checked against, made once with the app's own hasher and work factor.
    private static string? _dummyHash;

    /// <param name="channel">How the attempt came in, for the audit line ("网页", "访问令牌").</param>
    public static async Task<Result> Handle(Request request, string channel, IPAddress? address, UserManager<AppUser> users,
        SignInThrottle throttle, AppDb db, Platform.PersonalData.PersonalDataProtector protector, CancellationToken ct)
    {
        // A resident signs in with the phone number; the account's name is derived from it, never the number itself.
        var userName = Residents.RegisterResident.AccountNameFor(request.UserName, protector) ?? Clean(request.UserName);
        if (userName is null || string.IsNullOrEmpty(request.Password) || userName.Length > 256 || request.Password.Length > 200)
        {
            return new Result(Status.Missing);
        }
        if (!throttle.TryAcquire(users.NormalizeName(userName), address))
        {
            return new Result(Status.Throttled);
        }
        var account = await users.FindByNameAsync(userName);
        if (account is null)
        {
            var dummy = _dummyHash ??= users.PasswordHasher.HashPassword(new AppUser { DisplayName = "" }, Guid.NewGuid().ToString());
            users.PasswordHasher.VerifyHashedPassword(new AppUser { DisplayName = "" }, dummy, request.Password);
            await AuditAsync(db, userName, AuditActions.SignInFailed, null, await TopPathAsync(db, ct), $"登录失败：账号不存在（{channel}）", ct);
            return new Result(Status.Failed);
        }
        var path = await db.Organizations.Where(o => o.Id == account.OrganizationId).Select(o => o.Path).FirstAsync(ct);
        if (AccountRules.IsDisabled(account.LockoutEnd))
        {
            users.PasswordHasher.VerifyHashedPassword(account, account.PasswordHash ?? "", request.Password);
            await AuditAsync(db, account.UserName!, AuditActions.SignInFailed, account.Id, path, $"登录失败：账号已停用（{channel}）", ct);
            return new Result(Status.Disabled);
        }
        if (await users.IsLockedOutAsync(account))
        {
            // The hash is checked all the same: a locked account must not answer faster than an open one.
            users.PasswordHasher.VerifyHashedPassword(account, account.PasswordHash ?? "", request.Password);
            await AuditAsync(db, account.UserName!, AuditActions.SignInFailed, account.Id, path, $"登录失败：账号已锁定（{channel}）", ct);
            return new Result(Status.LockedOut);
        }
        if (!await users.CheckPasswordAsync(account, request.Password))
        {
            await users.AccessFailedAsync(account);
            if (await users.IsLockedOutAsync(account))
            {
                await Sessions.EndAllAsync(users, account);
                await AuditAsync(db, account.UserName!, AuditActions.LockedOut, account.Id, path,
                    $"密码连续错误{users.Options.Lockout.MaxFailedAccessAttempts}次，账号锁定{users.Options.Lockout.DefaultLockoutTimeSpan.TotalMinutes:0}分钟，已登录的会话全部失效（{channel}）", ct);
                return new Result(Status.LockedOut);
            }
            var count = await users.GetAccessFailedCountAsync(account);
            await AuditAsync(db, account.UserName!, AuditActions.SignInFailed, account.Id, path, $"登录失败：密码错误，第{count}次（{channel}）", ct);
            return new Result(Status.Failed);
        }
        await users.ResetAccessFailedCountAsync(account);
        await AuditAsync(db, account.UserName!, AuditActions.SignedIn, account.Id, path, $"登录成功（{channel}）", ct);
        return new Result(Status.Succeeded, account);
    }

    /// <summary>An attempt on a name no account has is filed at the top of the tree, where the top administrators read it.</summary>
    private static async Task<string> TopPathAsync(AppDb db, CancellationToken ct) =>
        await db.Organizations.Where(o => o.ParentId == null).OrderBy(o => o.Path).Select(o => o.Path).FirstOrDefaultAsync(ct) ?? OrgPath.Root;

    private static async Task AuditAsync(AppDb db, string actor, string action, string? accountId, string path, string note, CancellationToken ct)
    {
        // Nobody is signed in yet: the line names the account the attempt was made for.
        db.ActorOverride = actor.Length > 100 ? actor[..100] : actor;
        db.Audit(action, nameof(AppUser), accountId, path, note);
        await db.SaveChangesAsync(ct);
        db.ActorOverride = null;
    }
}
