using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Dangjian.Features.Accounts;
using Dangjian.Platform.Audit;
using Dangjian.Platform.Http;
using Dangjian.Platform.Security;
using Dangjian.Tests.Infrastructure;

namespace Dangjian.Tests.Accounts;

public class AccountTests(AppFactory app) : DemoApiTest(app)
{
    private const string InitialPassword = "chushimima2026";
    private static int _sequence;

    private sealed record TokenBody(string TokenType, string AccessToken, long ExpiresIn);

    private Task<HttpResponseMessage> SignIn(string userName, string password) =>
        App.AnonymousClient().PostAsJsonAsync("/api/v1/auth/token", new { userName, password });

    private async Task<HttpClient> Bearer(string userName, string password)
    {
        var token = await Read<TokenBody>(await SignIn(userName, password));
        var client = App.AnonymousClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.AccessToken);
        return client;
    }

    /// <summary>An account opened by an administrator, which still has to choose its own password.</summary>
    private async Task<string> NewAccount(string by = "admin", AppRole role = AppRole.BranchSecretary, string organization = DemoOrgs.First)
    {
        var userName = $"user{Interlocked.Increment(ref _sequence)}";
        var response = await PostJson(await As(by), "/api/v1/accounts", new
        {
            userName,
            displayName = "新开账号",
            role,
            organizationId = await OrgId(organization),
            initialPassword = InitialPassword,
        });
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return userName;
    }

    [Fact]
    public async Task A_demo_account_exchanges_its_password_for_a_bearer_token()
    {
        var token = await Read<TokenBody>(await SignIn("baling", "dangjian2026"));
        token.TokenType.ShouldBe("Bearer");
        token.AccessToken.ShouldNotBeNullOrWhiteSpace();
        token.ExpiresIn.ShouldBe(3600);
    }

    [Fact]
    public async Task A_wrong_password_is_answered_401_and_missing_credentials_400()
    {
        var wrong = await Read<ProblemBody>(await SignIn("zhongyuan", "wrong-password1"), HttpStatusCode.Unauthorized);
        wrong.Title.ShouldBe("登录失败");
        wrong.Detail.ShouldBe("用户名或密码不正确");
        (await Read<ProblemBody>(await SignIn("nobody", "dangjian2026"), HttpStatusCode.Unauthorized)).Detail.ShouldBe("用户名或密码不正确");
        (await Problem(await SignIn("", "")))["userName"].ShouldBe(["请输入用户名和密码"]);
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_and_then_even_the_right_password_is_refused_with_423()
    {
        var user = await NewAccount();
        for (var attempt = 1; attempt <= 4; attempt++)
        {
            (await SignIn(user, "wrong-password1")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized, $"attempt {attempt}");
        }

        var fifth = await Read<ProblemBody>(await SignIn(user, "wrong-password1"), (HttpStatusCode)423);
        fifth.Title.ShouldBe("账号已锁定");
        (await SignIn(user, InitialPassword)).StatusCode.ShouldBe((HttpStatusCode)423);

        var accounts = (await Read<Page<ListAccounts.Row>>(await (await As("admin")).GetAsync("/api/v1/accounts?pageSize=100"))).Items;
        accounts.Single(a => a.UserName == user).LockedOut.ShouldBeTrue();
    }

    [Fact]
    public async Task Me_tells_who_is_signed_in_where_and_with_which_permissions()
    {
        var me = await Read<GetMe.Me>(await (await As("baling")).GetAsync("/api/v1/me"));
        me.UserName.ShouldBe("baling");
        me.Role.ShouldBe(AppRole.CommitteeSecretary);
        me.RoleName.ShouldBe("党(工)委书记");
        me.OrganizationId.ShouldBe(await OrgId(DemoOrgs.Baling));
        me.OrganizationName.ShouldBe(DemoOrgs.Baling);
        me.MustChangePassword.ShouldBeFalse("demo accounts skip the forced change in demo mode");
        me.Permissions.ShouldBe(PermissionCatalog.For(AppRole.CommitteeSecretary));

        var member = await Read<GetMe.Me>(await (await As("dangyuan")).GetAsync("/api/v1/me"));
        member.MemberId.ShouldNotBeNull();
        (await MemberRow(member.MemberId.Value)).OrganizationId.ShouldBe(await OrgId(DemoOrgs.First));
        (await App.AnonymousClient().GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task An_account_made_by_an_administrator_must_change_its_password_before_anything_else()
    {
        var user = await NewAccount();
        var client = await Bearer(user, InitialPassword);

        var refused = await Read<ProblemBody>(await client.GetAsync("/api/v1/members"), HttpStatusCode.Forbidden);
        refused.Title.ShouldBe("必须先修改密码");
        refused.Detail!.ShouldContain("/api/v1/me/password");
        (await client.GetAsync($"/api/v1/organizations/{await OrgId(DemoOrgs.First)}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await Read<GetMe.Me>(await client.GetAsync("/api/v1/me"))).MustChangePassword.ShouldBeTrue();

        (await PostJson(client, "/api/v1/me/password", new { currentPassword = InitialPassword, newPassword = "xinmima2026ab" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var changed = await Bearer(user, "xinmima2026ab");
        (await changed.GetAsync("/api/v1/members")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Read<GetMe.Me>(await changed.GetAsync("/api/v1/me"))).MustChangePassword.ShouldBeFalse();
    }

    [Fact]
    public async Task A_new_password_must_follow_the_policy_and_the_reasons_are_in_chinese()
    {
        var user = await NewAccount();
        var client = await Bearer(user, InitialPassword);

        async Task<Dictionary<string, string[]>> Change(string current, string next) =>
            await Problem(await PostJson(client, "/api/v1/me/password", new { currentPassword = current, newPassword = next }));

        (await Change(InitialPassword, "short1"))["newPassword"].ShouldContain("新密码至少需要10个字符");
        (await Change(InitialPassword, "zhongguoren"))["newPassword"].ShouldBe(["新密码必须包含数字"]);
        (await Change(InitialPassword, "1111111111"))["newPassword"].ShouldBe(["新密码必须包含小写字母", "新密码至少需要5个不同的字符"], ignoreOrder: true);
        (await Change("wrong-password1", "xinmima2026ab"))["currentPassword"].ShouldBe(["原密码不正确"]);
        (await Change(InitialPassword, InitialPassword))["newPassword"].ShouldBe(["新密码不能与原密码相同"]);
        (await Change("", ""))!.Keys.ShouldBe(["currentPassword", "newPassword"], ignoreOrder: true);

        (await PostJson(client, "/api/v1/me/password", new { currentPassword = InitialPassword, newPassword = "xinmima2026cd" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await SignIn(user, "xinmima2026cd")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await SignIn(user, InitialPassword)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Common_and_keyboard_passwords_and_those_containing_the_user_name_are_refused_naming_the_field()
    {
        var user = await NewAccount();
        var client = await Bearer(user, InitialPassword);

        async Task<string[]> Change(string next) =>
            (await Problem(await PostJson(client, "/api/v1/me/password", new { currentPassword = InitialPassword, newPassword = next })))["newPassword"];

        (await Change("qwertyuiop1")).ShouldContain(m => m.StartsWith("新密码不能包含") && m.Contains("连续"));
        (await Change("zxcvbnm2026")).ShouldContain(m => m.StartsWith("新密码不能包含") && m.Contains("连续"));
        (await Change("1qaz2wsx3edc")).ShouldContain(m => m.Contains("连续"));
        (await Change("password12")).ShouldContain("新密码过于常见，容易被猜中，请换一个");
        (await Change("2026woaini1314")).ShouldContain("新密码过于常见，容易被猜中，请换一个");
        (await Change($"x{user.ToUpperInvariant()}2026")).ShouldContain("新密码不能包含用户名");

        var created = await Problem(await PostJson(await As("admin"), "/api/v1/accounts", new
        {
            userName = "weakling", displayName = "弱密码", role = "BranchSecretary", organizationId = await OrgId(DemoOrgs.First), initialPassword = "weakling2026",
        }));
        created["initialPassword"].ShouldBe(["初始密码不能包含用户名"]);
    }

    [Fact]
    public async Task Nobody_creates_an_account_with_a_role_above_their_own()
    {
        var counts = await RowCounts();
        var errors = await Problem(await PostJson(await As("baling"), "/api/v1/accounts", new
        {
            userName = "tooHigh", displayName = "越级", role = "OrganizationDepartment", organizationId = await OrgId(DemoOrgs.Baling), initialPassword = InitialPassword,
        }));
        errors["role"].ShouldBe(["不能创建比自己权限更高的账号"]);
        (await RowCounts()).ShouldBe(counts);

        await NewAccount("baling", AppRole.CommitteeSecretary, DemoOrgs.Yanzhong);
        await NewAccount("baling", AppRole.GridWorker, DemoOrgs.Yanzhong);
    }

    [Fact]
    public async Task An_account_without_a_role_is_refused_rather_than_given_the_highest()
    {
        var admin = await As("admin");
        var counts = await RowCounts();
        var errors = await Problem(await PostJson(admin, "/api/v1/accounts", new
        {
            userName = "noRole", displayName = "无角色", organizationId = await OrgId(DemoOrgs.Baling), initialPassword = InitialPassword,
        }));
        errors["role"].ShouldBe(["角色不能为空"]);
        (await RowCounts()).ShouldBe(counts);
    }

    [Fact]
    public async Task Nobody_creates_an_account_outside_their_own_subtree()
    {
        var counts = await RowCounts();
        var guangming = await OrgId(DemoOrgs.Guangming);
        var errors = await Problem(await PostJson(await As("baling"), "/api/v1/accounts", new
        {
            userName = "outside1", displayName = "越界", role = "BranchSecretary", organizationId = guangming, initialPassword = InitialPassword,
        }));
        errors["organizationId"].ShouldBe(["所属党组织不存在或不在您的管辖范围内"]);

        var after = await RowCounts();
        after["Users"].ShouldBe(counts["Users"]);
        (await AuditRows(AuditActions.AccessDenied, "Organization", guangming.ToString())).ShouldContain(a => a.UserName == "baling");
    }

    [Fact]
    public async Task A_member_account_must_be_tied_to_a_member_of_the_accounts_own_subtree()
    {
        var outsider = await SomeMemberOf(await OrgId(DemoOrgs.Guangming));
        var counts = await RowCounts();
        var errors = await Problem(await PostJson(await As("baling"), "/api/v1/accounts", new
        {
            userName = "member1", displayName = "党员账号", role = "Member", organizationId = await OrgId(DemoOrgs.First), initialPassword = InitialPassword, memberId = outsider,
        }));
        errors["memberId"].ShouldBe(["党员不存在或不在该账号所属党组织内"]);
        (await RowCounts())["Users"].ShouldBe(counts["Users"]);

        var own = await SomeMemberOf(await OrgId(DemoOrgs.Second));
        var created = await PostJson(await As("baling"), "/api/v1/accounts", new
        {
            userName = "member2", displayName = "党员账号", role = "Member", organizationId = await OrgId(DemoOrgs.Second), initialPassword = InitialPassword, memberId = own,
        });
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_taken_user_name_or_a_weak_initial_password_is_refused()
    {
        var errors = await Problem(await PostJson(await As("admin"), "/api/v1/accounts", new
        {
            userName = "baling", displayName = "重名", role = "BranchSecretary", organizationId = await OrgId(DemoOrgs.First), initialPassword = "weak",
        }));
        errors["initialPassword"].ShouldContain("初始密码至少需要10个字符");
        var taken = await Problem(await PostJson(await As("admin"), "/api/v1/accounts", new
        {
            userName = "baling", displayName = "重名", role = "BranchSecretary", organizationId = await OrgId(DemoOrgs.First), initialPassword = InitialPassword,
        }));
        taken["userName"].ShouldBe(["用户名“baling”已被使用"]);
    }

    [Fact]
    public async Task Opening_an_account_is_audited_without_its_password()
    {
        var user = await NewAccount("weidu", AppRole.BranchSecretary, DemoOrgs.Second);
        var line = (await AuditRows(AuditActions.Created, "AppUser")).Single(a => a.Note!.Contains(user));
        line.UserName.ShouldBe("weidu");
        line.ScopePath.ShouldBe((await Org(await OrgId(DemoOrgs.Second))).Path);
        (line.Note + line.After + line.Before).ShouldNotContain(InitialPassword);
    }
}
