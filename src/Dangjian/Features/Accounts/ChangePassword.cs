using System.ComponentModel.DataAnnotations;
using Dangjian.Platform.Http;
using Dangjian.Platform.Security;
using Microsoft.AspNetCore.Identity;

namespace Dangjian.Features.Accounts;

/// <summary>
/// The signed-in account chooses a new password. Identity renews the security stamp with it, which ends every other
/// session of the account (a token or cookie copied before the change stops working).
/// </summary>
public static class ChangePassword
{
    public sealed record Request([property: MaxLength(200)] string? CurrentPassword, [property: MaxLength(200)] string? NewPassword);

    public static async Task<Outcome<AppUser>> Handle(Request request, CurrentUser user, UserManager<AppUser> users, CancellationToken ct)
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
            return Outcome<AppUser>.Invalid(errors);
        }
        var account = await user.RequireAsync(ct);
        var appUser = await users.FindByIdAsync(account.UserId);
        if (appUser is null)
        {
            return Outcome<AppUser>.NotFound("账号");
        }
        var result = await users.ChangePasswordAsync(appUser, request.CurrentPassword!, request.NewPassword!);
        if (!result.Succeeded)
        {
            foreach (var e in result.Errors)
            {
                if (e.Code == nameof(IdentityErrorDescriber.PasswordMismatch))
                {
                    errors.Add("currentPassword", e.Description);
                }
                else
                {
                    errors.Add("newPassword", PasswordMessages.Naming("新密码", e.Description));
                }
            }
            return Outcome<AppUser>.Invalid(errors);
        }
        appUser.MustChangePassword = false;
        appUser.IsDemo = false;
        await users.UpdateAsync(appUser);
        return Outcome<AppUser>.Ok(appUser);
    }
}
