using System.ComponentModel.DataAnnotations;
using Dangjian.Features.Organizations;
using Dangjian.Platform.Data;
using Dangjian.Platform.Http;
using Dangjian.Platform.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Features.Accounts;

public static class AccountUseCases
{
    public sealed record Me(string UserName, string DisplayName, AppRole Role, string RoleName, long OrganizationId, string OrganizationName,
        long? MemberId, bool MustChangePassword, IReadOnlyList<Permission> Permissions);

    public static async Task<Me?> GetMe(CurrentUser user, AppDb db, CancellationToken ct)
    {
        var account = await user.GetAsync(ct);
        if (account is null)
        {
            return null;
        }
        var orgName = await db.Organizations.Where(o => o.Id == account.OrganizationId).Select(o => o.Name).FirstAsync(ct);
        return new Me(account.UserName, account.DisplayName, account.Role, account.Role.Chinese(), account.OrganizationId, orgName,
            account.MemberId, account.MustChangePassword, PermissionCatalog.For(account.Role));
    }

    /// <summary>Writes who signed in (or was locked out), by page or by token, to the audit log of their organization.</summary>
    public static async Task RecordSignInAsync(string userName, bool lockedOut, string channel, AppDb db, CancellationToken ct)
    {
        var account = await (from u in db.Users.AsNoTracking()
                             join o in db.Organizations on u.OrganizationId equals o.Id
                             where u.UserName == userName
                             select new { u.Id, o.Path }).FirstOrDefaultAsync(ct);
        if (account is null)
        {
            return;
        }
        db.ActorOverride = userName;
        db.Audit(Platform.Audit.AuditActions.SignedIn, nameof(AppUser), account.Id, account.Path,
            lockedOut ? $"密码错误次数过多，账号被锁定（{channel}）" : $"登录成功（{channel}）");
        await db.SaveChangesAsync(ct);
        db.ActorOverride = null;
    }

    public sealed record ChangePasswordRequest([property: MaxLength(200)] string? CurrentPassword, [property: MaxLength(200)] string? NewPassword);

    public static async Task<Outcome<bool>> ChangePassword(ChangePasswordRequest request, CurrentUser user, UserManager<AppUser> users, CancellationToken ct)
    {
        var errors = new FieldErrors();
        errors.Text("currentPassword", "原密码", request.CurrentPassword, 200);
        errors.Text("newPassword", "新密码", request.NewPassword, 200);
        if (request.NewPassword is not null && request.NewPassword == request.CurrentPassword)
        {
            errors.Add("newPassword", "新密码不能与原密码相同");
        }
        if (errors.Any)
        {
            return Outcome<bool>.Invalid(errors);
        }
        var account = await user.RequireAsync(ct);
        var appUser = await users.FindByIdAsync(account.UserId);
        if (appUser is null)
        {
            return Outcome<bool>.NotFound("账号");
        }
        var result = await users.ChangePasswordAsync(appUser, request.CurrentPassword!, request.NewPassword!);
        if (!result.Succeeded)
        {
            foreach (var e in result.Errors)
            {
                errors.Add(e.Code == nameof(IdentityErrorDescriber.PasswordMismatch) ? "currentPassword" : "newPassword", e.Description);
            }
            return Outcome<bool>.Invalid(errors);
        }
        appUser.MustChangePassword = false;
        appUser.IsDemo = false;
        await users.UpdateAsync(appUser);
        return Outcome<bool>.Ok(true);
    }

    public sealed record CreateRequest([property: MaxLength(50)] string? UserName, [property: MaxLength(50)] string? DisplayName, AppRole? Role, long OrganizationId,
        [property: MaxLength(200)] string? InitialPassword, long? MemberId);

    /// <summary>An administrator opens an account in their subtree, never with a role above their own; it must change its password first.</summary>
    public static async Task<Outcome<string>> Create(CreateRequest request, CurrentUser user, Scope scope, AppDb db, UserManager<AppUser> users, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var userName = errors.Text("userName", "用户名", request.UserName, 50);
        var displayName = errors.Text("displayName", "姓名", request.DisplayName, 50);
        errors.Text("initialPassword", "初始密码", request.InitialPassword, 200);
        var caller = await user.RequireAsync(ct);
        // No default role: a missing one must not quietly become the most powerful.
        if (request.Role is not { } role)
        {
            errors.Add("role", "角色不能为空");
        }
        else if (!Enum.IsDefined(role))
        {
            errors.Add("role", "角色无效");
        }
        else if (role < caller.Role)
        {
            errors.Add("role", "不能创建比自己权限更高的账号");
        }
        var org = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == request.OrganizationId && o.DissolvedAt == null, ct);
        if (org is null || !await scope.AllowsAsync(org.Path, nameof(Organization), request.OrganizationId, ct))
        {
            errors.Add("organizationId", "所属党组织不存在或不在您的管辖范围内");
        }
        else if (request.MemberId is { } memberId)
        {
            // A member account shows that member's own data: the member must be in the account's organization.
            var hi = OrgPath.UpperBound(org.Path);
            if (!await db.Members.AnyAsync(m => m.Id == memberId && m.LeftAt == null
                    && string.Compare(m.OrgPath, org.Path) >= 0 && string.Compare(m.OrgPath, hi) < 0, ct))
            {
                errors.Add("memberId", "党员不存在或不在该账号所属党组织内");
            }
        }
        if (errors.Any)
        {
            return Outcome<string>.Invalid(errors);
        }
        var account = new AppUser
        {
            UserName = userName,
            DisplayName = displayName!,
            Role = request.Role!.Value,
            OrganizationId = request.OrganizationId,
            MemberId = request.MemberId,
            MustChangePassword = true,
        };
        var result = await users.CreateAsync(account, request.InitialPassword!);
        if (!result.Succeeded)
        {
            foreach (var e in result.Errors)
            {
                errors.Add(e.Code.StartsWith("Password", StringComparison.Ordinal) ? "initialPassword" : "userName", e.Description);
            }
            return Outcome<string>.Invalid(errors);
        }
        db.Audit(Platform.Audit.AuditActions.Created, nameof(AppUser), account.Id, org!.Path, $"创建账号 {userName}（{request.Role!.Value.Chinese()}）");
        await db.SaveChangesAsync(ct);
        return Outcome<string>.Ok(account.Id);
    }

    public sealed record AccountRow(string Id, string UserName, string DisplayName, string RoleName, string OrganizationName, bool MustChangePassword, bool LockedOut);

    public static async Task<IReadOnlyList<AccountRow>> List(Scope scope, AppDb db, CancellationToken ct)
    {
        var path = await scope.PathAsync(ct);
        var hi = OrgPath.UpperBound(path);
        var rows = await (from u in db.Users.AsNoTracking()
                          join o in db.Organizations on u.OrganizationId equals o.Id
                          where string.Compare(o.Path, path) >= 0 && string.Compare(o.Path, hi) < 0
                          orderby o.Path, u.UserName
                          select new { u.Id, u.UserName, u.DisplayName, u.Role, o.Name, u.MustChangePassword, u.LockoutEnd }).Take(500).ToListAsync(ct);
        return rows.Select(r => new AccountRow(r.Id, r.UserName!, r.DisplayName, r.Role.Chinese(), r.Name, r.MustChangePassword,
            r.LockoutEnd is { } end && end > DateTimeOffset.UtcNow)).ToList();
    }
}
