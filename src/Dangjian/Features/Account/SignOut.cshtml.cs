using Dangjian.Platform.Data;
using Dangjian.Platform.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Dangjian.Features.Account;

/// <summary>
/// Signing out is a POST (with the antiforgery token), so that a link on another site cannot sign anyone out. It ends
/// every session of the account, so a copy of this browser's cookie stops working as well.
/// </summary>
[AllowAnonymous]
public class SignOutModel(SignInManager<AppUser> signIn, UserManager<AppUser> users, CurrentUser user, AppDb db) : PageModel
{
    public IActionResult OnGet() => Redirect("/");

    public async Task<IActionResult> OnPostAsync()
    {
        await Accounts.SignOutEverywhere.Handle(user, users, db, "网页", HttpContext.RequestAborted);
        await signIn.SignOutAsync();
        return Redirect("/Account/SignIn");
    }
}
