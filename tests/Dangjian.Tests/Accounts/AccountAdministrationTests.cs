using System.Net;
using System.Net.Http.Json;
using Dangjian.Features.Accounts;
using Dangjian.Platform.Audit;
using Dangjian.Platform.Http;
using Dangjian.Platform.Security;
using Dangjian.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dangjian.Tests.Accounts;

/// <summary>Unlocking an account and resetting a forgotten password, each audited, each only within the administrator's reach.</summary>
public class AccountAdministrationTests(AppFactory app) : DemoApiTest(app)
{
    private const string InitialPassword = "chushimima2026";
    private static int _sequence;

    private Task<HttpResponseMessage> SignIn(string userName, string password) =>
        App.AnonymousClient().PostAsJsonAsync("/api/v1/auth/token", new { userName, password });

    private async Task<(string Id, string UserName)> NewAccount(string organization = DemoOrgs.First, AppRole role = AppRole.BranchSecretary)
    {
        var userName = $"admin{Interlocked.Increment(ref _sequence)}x";
        var created = await Read<AccountEndpoints.CreatedAccount>(await PostJson(await As("admin"), "/api/v1/accounts", new
        {
            userName, displayName = "管理测试", role, organizationId = await OrgId(organization), initialPassword = InitialPassword,
        }), HttpStatusCode.Created);
        return (created.Id, userName);
    }

    private async Task LockOut(string userName)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            await SignIn(userName, "wrong-password1");
        }
        (await SignIn(userName, InitialPassword)).StatusCode.ShouldBe((HttpStatusCode)423);
    }

    private async Task<ListAccounts.Row> Row(string userName) =>
        (await Read<Page<ListAccounts.Row>>(await (await As("admin")).GetAsync("/api/v1/accounts?pageSize=100"))).Items.Single(a => a.UserName == userName);

    [Fact]
    public async Task A_locked_account_is_unlocked_by_its_administrator_and_signs_in_again()
    {
        var (id, userName) = await NewAccount();
        await LockOut(userName);
        (await Row(userName)).LockedOut.ShouldBeTrue();

        (await PostJson(await As("weidu"), $"/api/v1/accounts/{id}/unlock", new { })).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await Row(userName)).LockedOut.ShouldBeFalse();
        (await SignIn(userName, InitialPassword)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await AuditRows(AuditActions.Updated, "AppUser", id)).ShouldContain(a => a.UserName == "weidu" && a.Note == $"解除锁定 {userName}");
    }

    [Fact]
    public async Task Unlocking_an_account_that_is_not_locked_changes_and_audits_nothing()
    {
        var (id, _) = await NewAccount();
        var lines = (await AuditRows(null, "AppUser", id)).Count;
        (await PostJson(await As("admin"), $"/api/v1/accounts/{id}/unlock", new { })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await AuditRows(null, "AppUser", id)).Count.ShouldBe(lines);
    }

    [Fact]
    public async Task A_disabled_account_is_neither_unlocked_nor_reset_until_it_is_enabled()
    {
        var (id, _) = await NewAccount();
        var admin = await As("admin");
        (await PutJson(admin, $"/api/v1/accounts/{id}", new { role = "BranchSecretary", organizationId = await OrgId(DemoOrgs.First), disabled = true })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await Read<ProblemBody>(await PostJson(admin, $"/api/v1/accounts/{id}/unlock", new { }), HttpStatusCode.Conflict)).Detail.ShouldBe("该账号已停用，请先启用");
        (await Read<ProblemBody>(await PostJson(admin, $"/api/v1/accounts/{id}/password-reset", new { }), HttpStatusCode.Conflict)).Detail.ShouldBe("该账号已停用，请先启用");
    }

    [Fact]
    public async Task A_reset_issues_a_one_time_password_that_must_be_changed_and_ends_every_session()
    {
        var (id, userName) = await NewAccount();
        var token = (await (await SignIn(userName, InitialPassword)).Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("accessToken").GetString();
        var old = App.AnonymousClient();
        old.DefaultRequestHeaders.Authorization = new("Bearer", token);
        (await old.GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
        await LockOut(userName);

        var reset = await Read<ResetPassword.Response>(await PostJson(await As("admin"), $"/api/v1/accounts/{id}/password-reset", new { }));

        reset.UserName.ShouldBe(userName);
        reset.OneTimePassword.ShouldMatch("^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$");
        (await old.GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized, "the session opened before the reset has ended");
        (await SignIn(userName, InitialPassword)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized, "the old password no longer works");
        (await SignIn(userName, reset.OneTimePassword)).StatusCode.ShouldBe(HttpStatusCode.OK, "the reset lifted the lockout");
        (await Row(userName)).MustChangePassword.ShouldBeTrue();
        var lines = await AuditRows(AuditActions.Updated, "AppUser", id);
        lines.ShouldContain(a => a.Note!.StartsWith($"重置密码 {userName}"));
        lines.ShouldAllBe(a => !(a.Note ?? "").Contains(reset.OneTimePassword) && !(a.After ?? "").Contains(reset.OneTimePassword));
    }

    [Fact]
    public async Task Every_one_time_password_differs_and_passes_the_password_rules()
    {
        var passwords = Enumerable.Range(0, 200).Select(_ => ResetPassword.OneTimePassword()).ToList();
        passwords.ShouldBeUnique();
        var (id, _) = await NewAccount();
        await using var scope = App.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<AppUser>>();
        var account = (await users.FindByIdAsync(id))!;
        // Checked as if the account chose it: Identity's rules and the list of refused passwords.
        foreach (var password in passwords)
        {
            foreach (var validator in users.PasswordValidators)
            {
                (await validator.ValidateAsync(users, account, password)).Succeeded.ShouldBeTrue(password);
            }
        }
    }

    [Fact]
    public async Task Accounts_outside_the_subtree_are_absent_ones_own_is_refused_and_a_higher_role_is_out_of_reach()
    {
        var (foreign, _) = await NewAccount(DemoOrgs.Guangming);
        (await PostJson(await As("weidu"), $"/api/v1/accounts/{foreign}/password-reset", new { })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await PostJson(await As("weidu"), $"/api/v1/accounts/{foreign}/unlock", new { })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await AuditRows(AuditActions.AccessDenied)).ShouldContain(a => a.UserName == "weidu");

        var weiduId = await App.WithDbAsync(db => db.Users.Where(u => u.UserName == "weidu").Select(u => u.Id).SingleAsync());
        (await Read<ProblemBody>(await PostJson(await As("weidu"), $"/api/v1/accounts/{weiduId}/password-reset", new { }), HttpStatusCode.Conflict))
            .Detail.ShouldBe("不能修改自己的账号，请联系上级管理员");

        var (department, _) = await NewAccount(DemoOrgs.Baling, AppRole.OrganizationDepartment);
        (await Problem(await PostJson(await As("baling"), $"/api/v1/accounts/{department}/password-reset", new { })))["role"]
            .ShouldBe(["不能修改比自己权限更高的账号"]);
    }

    [Fact]
    public async Task The_accounts_page_unlocks_and_shows_a_reset_password_once()
    {
        var (_, userName) = await NewAccount();
        await LockOut(userName);
        var admin = await As("admin");
        var page = await admin.GetStringAsync("/Accounts");
        page.ShouldContain("解除锁定");

        var id = (await Row(userName)).Id;
        var unlocked = await PostForm(admin, "/Accounts?handler=Unlock", page, new() { ["Change.Id"] = id });
        unlocked.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await Row(userName)).LockedOut.ShouldBeFalse();

        page = await admin.GetStringAsync("/Accounts");
        var reset = await PostForm(admin, "/Accounts?handler=ResetPassword", page, new() { ["Change.Id"] = id });
        reset.StatusCode.ShouldBe(HttpStatusCode.OK);
        reset.Headers.CacheControl!.NoStore.ShouldBeTrue();
        var body = await reset.Content.ReadAsStringAsync();
        var shown = System.Text.RegularExpressions.Regex.Match(body, "data-testid=\"one-time-password\"[\\s\\S]*?>([a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4})</div>").Groups[1].Value;
        shown.ShouldNotBeEmpty();
        (await SignIn(userName, shown)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await admin.GetStringAsync("/Accounts")).ShouldNotContain(shown, Case.Sensitive, "shown once, in the answer to the reset only");
    }

    [Fact]
    public async Task A_members_account_is_opened_from_the_members_page_by_picking_the_member_not_typing_an_id()
    {
        var member = await CreateMember(await OrgId(DemoOrgs.First), "开户党员甲");
        var admin = await As("admin");
        (await admin.GetStringAsync($"/Members/Details?id={member}")).ShouldContain($"href=\"/Accounts?memberId={member}#new-account\"");
        (await (await As("wangge")).GetStringAsync($"/Members/Details?id={member}")).ShouldNotContain("创建账号", Case.Sensitive, "a grid worker opens no accounts");

        var form = await admin.GetStringAsync($"/Accounts?memberId={member}");
        form.ShouldContain("value=\"开户党员甲\"");
        form.ShouldContain($"name=\"Input.MemberId\" id=\"member-{member}\" value=\"{member}\" checked");
        form.ShouldNotContain("id= 后面的数字");

        var choices = await admin.GetStringAsync($"/Accounts?handler=MemberChoices&mq={Uri.EscapeDataString("开户党员")}");
        choices.ShouldContain($"value=\"{member}\"");
        (await (await As("minjing")).GetAsync($"/Accounts?handler=MemberChoices&mq={Uri.EscapeDataString("开户党员")}")).StatusCode
            .ShouldBe(HttpStatusCode.Forbidden, "a branch secretary administers no accounts");

        var userName = $"kaihu{Interlocked.Increment(ref _sequence)}";
        var created = await PostForm(admin, "/Accounts", form, new()
        {
            ["Input.UserName"] = userName, ["Input.DisplayName"] = "开户党员甲", ["Input.Role"] = "Member",
            ["Input.OrganizationId"] = (await OrgId(DemoOrgs.First)).ToString(), ["Input.MemberId"] = member.ToString(), ["Input.InitialPassword"] = InitialPassword,
        });
        created.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await App.WithDbAsync(db => db.Users.Where(u => u.UserName == userName).Select(u => u.MemberId).SingleAsync())).ShouldBe(member);
    }

    [Fact]
    public async Task The_member_search_for_an_account_finds_no_one_outside_the_subtree()
    {
        var outsider = await CreateMember(await OrgId(DemoOrgs.Guangming), "外区开户乙");
        var weidu = await As("weidu");
        (await weidu.GetStringAsync($"/Accounts?handler=MemberChoices&mq={Uri.EscapeDataString("外区开户乙")}")).ShouldNotContain($"value=\"{outsider}\"");
        (await weidu.GetStringAsync($"/Accounts?memberId={outsider}")).ShouldNotContain("外区开户乙");
    }

    private static Task<HttpResponseMessage> PostForm(HttpClient client, string url, string page, Dictionary<string, string> fields)
    {
        fields["__RequestVerificationToken"] = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        return client.PostAsync(url, new FormUrlEncodedContent(fields));
    }
}
