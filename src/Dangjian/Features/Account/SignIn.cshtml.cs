using Dangjian.Features.Demo;
using Dangjian.Features.Shared;
using Dangjian.Platform.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Dangjian.Features.Account;

[AllowAnonymous]
public class SignInModel(SignInManager<AppUser> signIn, UserManager<AppUser> users, SignInThrottle throttle, IConfiguration configuration,
    Dangjian.Platform.Data.AppDb db, Dangjian.Platform.PersonalData.PersonalDataProtector protector) : AppPageModel
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
        var result = await Accounts.SignIn.Handle(new Accounts.SignIn.Request(Input.UserName, Input.Password), "网页",
            HttpContext.Connection.RemoteIpAddress, users, throttle, db, protector, Aborted);
        switch (result.Status)
        {
            case Accounts.SignIn.Status.Missing:
                if (Accounts.SignIn.Clean(Input.UserName) is null)
                {
                    ModelState.AddModelError("Input.UserName", "请输入用户名");
                }
                if (string.IsNullOrEmpty(Input.Password))
                {
                    ModelState.AddModelError("Input.Password", "请输入密码");
                }
                if (ModelState.IsValid)
                {
                    ModelState.AddModelError("", Accounts.SignIn.FailedMessage);
                }
                return Page();
            case Accounts.SignIn.Status.Throttled:
                Response.StatusCode = StatusCodes.Status429TooManyRequests;
                ModelState.AddModelError("", Accounts.SignIn.ThrottledMessage);
                return Page();
            case Accounts.SignIn.Status.LockedOut:
                ModelState.AddModelError("", Accounts.SignIn.LockedMessage);
                return Page();
            case Accounts.SignIn.Status.Disabled:
                ModelState.AddModelError("", Accounts.SignIn.DisabledMessage);
                return Page();
            case Accounts.SignIn.Status.Failed:
                ModelState.AddModelError("", Accounts.SignIn.FailedMessage);
                return Page();
            default:
                await signIn.SignInAsync(result.Account!, isPersistent: false);
                return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
        }
    }
}
