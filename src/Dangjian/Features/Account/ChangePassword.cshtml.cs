using Dangjian.Features.Shared;
using Dangjian.Platform.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Dangjian.Features.Account;

[Authorize]
public class ChangePasswordModel(CurrentUser user, UserManager<AppUser> users, SignInManager<AppUser> signIn) : AppPageModel
{
    public sealed class PasswordInput
    {
        public string? CurrentPassword { get; set; }
        public string? NewPassword { get; set; }
        public string? ConfirmPassword { get; set; }
    }

    [BindProperty]
    public PasswordInput Input { get; set; } = new();

    public bool MustChange { get; private set; }

    public async Task OnGetAsync() => MustChange = (await user.RequireAsync(Aborted)).MustChangePassword;

    public async Task<IActionResult> OnPostAsync()
    {
        MustChange = (await user.RequireAsync(Aborted)).MustChangePassword;
        if (Input.NewPassword != Input.ConfirmPassword)
        {
            ModelState.AddModelError("Input.ConfirmPassword", "两次输入的新密码不一致");
            return Page();
        }
        var outcome = await Accounts.ChangePassword.Handle(new Accounts.ChangePassword.Request(Input.CurrentPassword, Input.NewPassword), user, users, Aborted);
        if (!outcome.Succeeded)
        {
            ShowRefusal(outcome);
            return Page();
        }
        // The password change renewed the security stamp, ending every session; this browser gets a new one.
        await signIn.SignInAsync(outcome.Value!, isPersistent: false);
        Flash = "密码已修改";
        return Redirect("/");
    }
}
