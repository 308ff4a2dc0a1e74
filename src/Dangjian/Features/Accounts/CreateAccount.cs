using System.ComponentModel.DataAnnotations;
using Dangjian.Features.Organizations;
using Dangjian.Platform.Data;
using Dangjian.Platform.Http;
using Dangjian.Platform.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Features.Accounts;

/// <summary>An administrator opens an account in their subtree, never with a role above their own; it must change its password first.</summary>
public static class CreateAccount
{
    public sealed record Request([property: MaxLength(50)] string? UserName, [property: MaxLength(50)] string? DisplayName, AppRole? Role, long OrganizationId,
        [property: MaxLength(200)] string? InitialPassword, long? MemberId);

    public static async Task<Outcome<string>> Handle(Request request, CurrentUser user, Scope scope, AppDb db, UserManager<AppUser> users, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var userName = errors.Text("userName", "用户名", request.UserName, 50);
        var displayName = errors.Text("displayName", "姓名", request.DisplayName, 50);
        errors.Text("initialPassword", "初始密码", request.InitialPassword, 200);
        var caller = await user.RequireAsync(ct);
        AccountRules.CheckRole(request.Role, caller, errors);
        var org = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == request.OrganizationId && o.DissolvedAt == null, ct);
        if (org is null || !await scope.AllowsAsync(org.Path, nameof(Organization), request.OrganizationId, ct))
        {
            errors.Add("organizationId", "所属党组织不存在或不在您的管辖范围内");
        }
        else if (request.MemberId is { } memberId)
        {
            // A member account shows that member's own data: the member must be in the account's organization.
            var member = await scope.FindAsync(db.Members.AsNoTracking().Where(m => m.LeftAt == null), memberId, ct);
            if (member is null || !OrgPath.IsWithin(member.OrgPath, org.Path))
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
                if (e.Code.StartsWith("Password", StringComparison.Ordinal))
                {
                    errors.Add("initialPassword", PasswordMessages.Naming("初始密码", e.Description));
                }
                else
                {
                    errors.Add("userName", e.Description);
                }
            }
            return Outcome<string>.Invalid(errors);
        }
        db.Audit(Platform.Audit.AuditActions.Created, nameof(AppUser), account.Id, org!.Path, $"创建账号 {userName}（{request.Role!.Value.Chinese()}）");
        await db.SaveChangesAsync(ct);
        return Outcome<string>.Ok(account.Id);
    }
}
