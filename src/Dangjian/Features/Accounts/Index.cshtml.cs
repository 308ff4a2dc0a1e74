using Dangjian.Features.Members;
using Dangjian.Features.Organizations;
using Dangjian.Features.Shared;
using Dangjian.Platform.Data;
using Dangjian.Platform.Http;
using Dangjian.Platform.PersonalData;
using Dangjian.Platform.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Dangjian.Features.Accounts;

/// <summary>The accounts of the caller's subtree, a form to open one (it must change its password at first sign-in),
/// and per account: unlock, a password reset, and a form to change its role or organization or to disable it.</summary>
[RequirePermission(Permission.ManageAccounts)]
public class IndexModel(AppDb db, Scope scope, CurrentUser user, UserManager<AppUser> users, TimeProvider clock, PersonalDataProtector protector) : AppPageModel
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

    public sealed class ChangeForm
    {
        public string? Id { get; set; }
        public AppRole Role { get; set; }
        public long OrganizationId { get; set; }
        public bool Disabled { get; set; }
    }

    [BindProperty]
    public AccountForm Input { get; set; } = new();

    [BindProperty]
    public ChangeForm Change { get; set; } = new();

    [BindProperty(SupportsGet = true, Name = "pageNo")]
    public int? PageNumber { get; set; }

    public Page<ListAccounts.Row> Accounts { get; private set; } = new([], 1, PageRequest.DefaultSize, 0);
    public OrganizationPicker OrganizationPicker { get; private set; } = new() { Field = "Input.OrganizationId", Label = "所属党组织 *" };

    /// <summary>Each account's change form has its own picker, starting at the account's organization.</summary>
    public OrganizationPicker ChangePicker(ListAccounts.Row account) => new()
    {
        Field = "Change.OrganizationId",
        Label = "所属党组织",
        Key = account.Id.Replace("-", "", StringComparison.Ordinal),
        Selected = SearchOrganizations.Found.Named(account.OrganizationId, account.OrganizationName),
        Help = "",
    };
    public IReadOnlyList<AppRole> Roles { get; private set; } = [];
    public string? CallerId { get; private set; }
    public IReadOnlyList<string> ChangeErrors { get; private set; } = [];

    /// <summary>The one-time password just issued: shown in this answer only, never carried over a redirect.</summary>
    public ResetPassword.Response? Issued { get; private set; }

    /// <summary>From a member's page ("创建账号"): the form is filled in for that member's own account.</summary>
    [BindProperty(SupportsGet = true, Name = "memberId")]
    public long? ForMemberId { get; set; }

    /// <summary>The member the new account is tied to, shown checked above the search.</summary>
    public (long Id, string Name, string OrganizationName)? ChosenMember { get; private set; }

    public string? MemberSearched { get; private set; }
    public IReadOnlyList<SearchMembers.Row> MemberChoices { get; private set; } = [];

    public async Task OnGetAsync()
    {
        if (ForMemberId is { } memberId && await GetMember.Handle(memberId, db, scope, protector, clock, Aborted) is { Succeeded: true } found)
        {
            var m = found.Value!;
            Input = new AccountForm { DisplayName = m.Name, Role = AppRole.Member, OrganizationId = m.OrganizationId, MemberId = m.Id };
            ChosenMember = (m.Id, m.Name, m.OrganizationName);
        }
        await LoadAsync();
    }

    /// <summary>The members matching the search box, by name or pinyin, within the caller's subtree.</summary>
    public async Task<IActionResult> OnGetMemberChoicesAsync(string? mq)
    {
        MemberSearched = mq?.Trim();
        if (!string.IsNullOrEmpty(MemberSearched))
        {
            var outcome = await SearchMembers.Handle(new SearchMembers.Query(Q: MemberSearched, PageSize: 10), db, scope, user, protector, Aborted);
            MemberChoices = outcome.Value?.Items ?? [];
        }
        return Partial("_MemberChoices", this);
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (ModelState.IsValid)
        {
            var request = new CreateAccount.Request(Input.UserName, Input.DisplayName, Input.Role, Input.OrganizationId, Input.InitialPassword, Input.MemberId);
            var outcome = await CreateAccount.Handle(request, user, scope, db, users, Aborted);
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

    public async Task<IActionResult> OnPostChangeAsync()
    {
        var outcome = await ChangeAccount.Handle(Change.Id ?? "", new ChangeAccount.Request(Change.Role, Change.OrganizationId, Change.Disabled),
            user, scope, db, users, Aborted);
        if (outcome.Succeeded)
        {
            Flash = outcome.Value ? "账号已修改，该账号需重新登录" : "账号没有变化";
            return Redirect(PageUrl(PageNumber ?? 1));
        }
        // The list shows no field boxes for these messages: they go above it, each naming its field.
        ChangeErrors = outcome.Messages().Select(m => m.Message).ToList();
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostUnlockAsync()
    {
        var outcome = await UnlockAccount.Handle(Change.Id ?? "", user, scope, db, users, clock, Aborted);
        if (outcome.Succeeded)
        {
            Flash = outcome.Value ? "已解除锁定，该账号可以重新登录" : "该账号没有被锁定";
            return Redirect(PageUrl(PageNumber ?? 1));
        }
        ChangeErrors = outcome.Messages().Select(m => m.Message).ToList();
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostResetPasswordAsync()
    {
        var outcome = await ResetPassword.Handle(Change.Id ?? "", user, scope, db, users, Aborted);
        if (outcome.Succeeded)
        {
            Issued = outcome.Value;
        }
        else
        {
            ChangeErrors = outcome.Messages().Select(m => m.Message).ToList();
        }
        await LoadAsync();
        // The answer holds a password: no cache may keep it.
        Response.Headers.CacheControl = "no-store";
        return Page();
    }

    public string PageUrl(int page) => page <= 1 ? "/Accounts" : $"/Accounts?pageNo={page}";

    private async Task LoadAsync()
    {
        var listed = await ListAccounts.Handle(PageNumber is >= 1 ? PageNumber : 1, null, scope, db, clock, Aborted);
        Accounts = listed.Value!;
        await OrganizationPicker.LoadAsync(Input.OrganizationId, db, scope, Aborted, preselectOwn: true);
        if (ChosenMember is null && Input.MemberId is { } chosen
            && await GetMember.Handle(chosen, db, scope, protector, clock, Aborted) is { Succeeded: true } member)
        {
            ChosenMember = (member.Value!.Id, member.Value.Name, member.Value.OrganizationName);
        }
        var caller = await user.RequireAsync(Aborted);
        CallerId = caller.UserId;
        // No account above one's own role (the use case refuses it too); listing only these avoids the refusal.
        Roles = Enum.GetValues<AppRole>().Where(r => !r.Outranks(caller.Role)).OrderByDescending(r => r.Rank()).ToList();
    }
}
