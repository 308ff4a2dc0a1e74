using Dangjian.Features.Shared;
using Dangjian.Platform.Data;
using Dangjian.Platform.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Dangjian.Features.Accounts;

/// <summary>The accounts of the caller's subtree, and a form to open one (it must change its password at first sign-in).</summary>
[RequirePermission(Permission.ManageAccounts)]
public class IndexModel(AppDb db, Scope scope, CurrentUser user, UserManager<AppUser> users) : AppPageModel
{
    public sealed class AccountForm
    {
        public string? UserName { get; set; }
        public string? DisplayName { get; set; }
        public AppRole Role { get; set; } = AppRole.BranchSecretary;
        public long OrganizationId { get; set; }
        public string? InitialPassword { get; set; }
        public long? MemberId { get; set; }
    }

    [BindProperty]
    public AccountForm Input { get; set; } = new();

    public IReadOnlyList<AccountUseCases.AccountRow> Accounts { get; private set; } = [];
    public IReadOnlyList<OrganizationChoices.Choice> Organizations { get; private set; } = [];
    public IReadOnlyList<AppRole> Roles { get; private set; } = [];

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostAsync()
    {
        if (ModelState.IsValid)
        {
            var request = new AccountUseCases.CreateRequest(Input.UserName, Input.DisplayName, Input.Role, Input.OrganizationId, Input.InitialPassword, Input.MemberId);
            var outcome = await AccountUseCases.Create(request, user, scope, db, users, Aborted);
            if (outcome.Succeeded)
            {
                Flash = $"账号 {Input.UserName?.Trim()} 已创建，首次登录须修改初始密码";
                return Redirect("/Accounts");
            }
            ShowRefusal(outcome);
        }
        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync()
    {
        Accounts = await AccountUseCases.List(scope, db, Aborted);
        Organizations = await OrganizationChoices.LoadAsync(db, scope, Aborted, levels: 4);
        var caller = await user.RequireAsync(Aborted);
        // No account above one's own role (the use case refuses it too); listing only these avoids the refusal.
        Roles = Enum.GetValues<AppRole>().Where(r => r >= caller.Role).ToList();
    }
}
