using Dangjian.Features.Demo;
using Dangjian.Features.Shared;
using Dangjian.Platform.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Dangjian.Features.Account;

[AllowAnonymous]
public class SignInModel(SignInManager<AppUser> signIn, IConfiguration configuration, Dangjian.Platform.Data.AppDb db) : AppPageModel
{
    public sealed class SignInInput
    {
        public string? UserName { get; set; }
        public string? Password { get; set; }
    }

    [BindProperty]
    public SignInInput Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public bool DemoEnabled => configuration.GetValue<bool>("Demo:Enabled");

    public IReadOnlyList<DemoData.DemoAccount> DemoAccounts => DemoData.Accounts;

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (string.IsNullOrWhiteSpace(Input.UserName))
        {
            ModelState.AddModelError("Input.UserName", "请输入用户名");
        }
        if (string.IsNullOrEmpty(Input.Password))
        {
            ModelState.AddModelError("Input.Password", "请输入密码");
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var result = await signIn.PasswordSignInAsync(Input.UserName!.Trim(), Input.Password!, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded || result.IsLockedOut)
        {
            await Dangjian.Features.Accounts.AccountUseCases.RecordSignInAsync(Input.UserName!.Trim(), result.IsLockedOut, "网页", db, HttpContext.RequestAborted);
        }
        if (result.IsLockedOut)
        {
            ModelState.AddModelError("", "密码错误次数过多，账号已暂时锁定，请15分钟后再试");
            return Page();
        }
        if (!result.Succeeded)
        {
            ModelState.AddModelError("", "用户名或密码不正确");
            return Page();
        }
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
    }
}
