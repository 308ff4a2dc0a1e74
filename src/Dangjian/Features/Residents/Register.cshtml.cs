using Dangjian.Features.Shared;
using Dangjian.Platform.Data;
using Dangjian.Platform.Notifications;
using Dangjian.Platform.PersonalData;
using Dangjian.Platform.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Dangjian.Features.Residents;

/// <summary>
/// A resident registers on their phone, one step per screen: the number and a code sent to it, then their name, a
/// password and their community (found by typing part of its name). Signed in at the end, on their wishes page.
/// </summary>
[AllowAnonymous]
public class RegisterModel(AppDb db, PersonalDataProtector protector, IOutgoingChannel channel, UserManager<AppUser> users, SignInManager<AppUser> signIn)
    : AppPageModel
{
    public sealed class RegisterInput
    {
        public string? Phone { get; set; }
        public string? Code { get; set; }
        public string? Name { get; set; }
        public string? Password { get; set; }
        public long? CommunityId { get; set; }
        public string? CommunityName { get; set; }
    }

    [BindProperty]
    public RegisterInput Input { get; set; } = new();

    /// <summary>Whether the code was sent: the second screen.</summary>
    public bool CodeSent { get; private set; }

    public IReadOnlyList<Communities.Choice> Choices { get; private set; } = [];

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostCodeAsync()
    {
        var outcome = await SendVerificationCode.Handle(new SendVerificationCode.Request(Input.Phone), db, protector, channel, Aborted);
        ShowRefusal(outcome);
        // A code already on its way still lets the resident go on to type it.
        CodeSent = outcome.Succeeded || outcome.ConflictReason?.StartsWith("验证码已发送", StringComparison.Ordinal) == true;
        return Page();
    }

    /// <summary>The communities whose name holds what was typed (htmx, as the resident types; a full page without script).</summary>
    public async Task<IActionResult> OnGetCommunitiesAsync([FromQuery(Name = "Input.CommunityName")] string? q)
    {
        Input.CommunityName = q;
        CodeSent = true;
        Choices = await Communities.SearchAsync(q, db, Aborted);
        return Request.Headers.ContainsKey("HX-Request") ? Partial("_CommunityChoices", this) : Page();
    }

    public async Task<IActionResult> OnPostFindAsync()
    {
        CodeSent = true;
        ModelState.Clear();
        Choices = await Communities.SearchAsync(Input.CommunityName, db, Aborted);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        CodeSent = true;
        var outcome = await RegisterResident.Handle(new RegisterResident.Request(Input.Phone, Input.Code, Input.Name, Input.Password, Input.CommunityId),
            db, protector, users, Aborted);
        if (!outcome.Succeeded)
        {
            ShowRefusal(outcome);
            Choices = await Communities.SearchAsync(Input.CommunityName, db, Aborted);
            return Page();
        }
        var account = await users.FindByNameAsync(outcome.Value!.UserName);
        await signIn.SignInAsync(account!, isPersistent: false);
        return LocalRedirect("/Wishes/Mine");
    }
}
