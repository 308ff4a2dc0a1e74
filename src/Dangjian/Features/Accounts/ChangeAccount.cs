using Dangjian.Features.Organizations;
using Dangjian.Platform.Audit;
using Dangjian.Platform.Data;
using Dangjian.Platform.Http;
using Dangjian.Platform.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Features.Accounts;

/// <summary>
/// An administrator gives an account of their subtree another role or organization, or disables or re-enables it.
/// Any such change ends the account's sessions: what it may do and where is read from the account at sign-in, and a
/// session opened under the old role must not outlive it.
/// </summary>
public static class ChangeAccount
{
    public sealed record Request(AppRole? Role, long OrganizationId, bool? Disabled);

    public static async Task<Outcome<bool>> Handle(string id, Request request, CurrentUser user, Scope scope, AppDb db, UserManager<AppUser> users,
        CancellationToken ct)
    {
        var caller = await user.RequireAsync(ct);
        var (account, _, refusal) = await AccountRules.FindManageableAsync(id, caller, scope, db, users, ct);
        if (refusal is not null)
        {
            return refusal;
        }
        var errors = new FieldErrors();
        AccountRules.CheckRole(request.Role, caller, errors);
        if (request.Disabled is null)
        {
            errors.Add("disabled", "是否停用不能为空");
        }
        var org = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == request.OrganizationId && o.DissolvedAt == null, ct);
        if (org is null || !await scope.AllowsAsync(org.Path, nameof(Organization), request.OrganizationId, ct))
        {
            errors.Add("organizationId", "所属党组织不存在或不在您的管辖范围内");
        }
        if (errors.Any)
        {
            return Outcome<bool>.Invalid(errors);
        }
        var wasDisabled = AccountRules.IsDisabled(account!.LockoutEnd);
        var changes = new List<string>();
        if (account.Role != request.Role)
        {
            changes.Add($"角色 {account.Role.Chinese()} → {request.Role!.Value.Chinese()}");
            account.Role = request.Role!.Value;
        }
        if (account.OrganizationId != org!.Id)
        {
            changes.Add($"所属党组织改为 {org.Name}");
            account.OrganizationId = org.Id;
            // A member account shows one member's data; in another organization that member is no longer its own.
            account.MemberId = null;
        }
        if (wasDisabled != request.Disabled)
        {
            changes.Add(request.Disabled!.Value ? "停用" : "启用");
            account.LockoutEnabled = true;
            account.LockoutEnd = request.Disabled.Value ? AccountRules.DisabledUntil : null;
            account.AccessFailedCount = 0;
        }
        if (changes.Count == 0)
        {
            return Outcome<bool>.Ok(false);
        }
        // UpdateSecurityStampAsync saves the account with its new stamp: one write, and every session ends with it.
        var result = await Sessions.EndAllAsync(users, account);
        if (!result.Succeeded)
        {
            return Outcome<bool>.Conflict("账号已被他人修改，请刷新后重试");
        }
        db.Audit(AuditActions.Updated, nameof(AppUser), account.Id, org.Path, $"修改账号 {account.UserName}：{string.Join("，", changes)}；已登录的会话全部失效");
        await db.SaveChangesAsync(ct);
        return Outcome<bool>.Ok(true);
    }
}
