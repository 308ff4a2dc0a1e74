using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Dangjian.Features.Accounts;
using Dangjian.Platform.Http;
using Dangjian.Platform.Security;
using Dangjian.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Dangjian.Tests.Accounts;

/// <summary>Sessions end when they should: a token or cookie copied before the event stops working after it.</summary>
public partial class SessionTests(AppFactory app) : DemoApiTest(app)
{
    private const string Password = "chushimima2026";
    private static int _sequence;

    private sealed record TokenBody(string TokenType, string AccessToken, long ExpiresIn);

    private async Task<(string Id, string UserName)> NewAccount()
    {
        var userName = $"session{Interlocked.Increment(ref _sequence)}";
        var response = await PostJson(await As("admin"), "/api/v1/accounts", new
        {
            userName, displayName = "会话测试", role = "BranchSecretary", organizationId = await OrgId(DemoOrgs.First), initialPassword = Password,
        });
        var created = await Read<IdBody>(response, HttpStatusCode.Created);
        return (created.Id, userName);
    }

    private sealed record IdBody(string Id);

    private async Task<HttpClient> Bearer(string userName, string password = Password)
    {
        var token = await Read<TokenBody>(await App.AnonymousClient().PostAsJsonAsync("/api/v1/auth/token", new { userName, password }));
        var client = App.AnonymousClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.AccessToken);
        return client;
    }

    private static async Task<HttpStatusCode> Me(HttpClient client) => (await client.GetAsync("/api/v1/me")).StatusCode;

    [Fact]
    public async Task The_token_route_issues_no_refresh_token()
    {
        var (_, user) = await NewAccount();
        var body = await (await App.AnonymousClient().PostAsJsonAsync("/api/v1/auth/token", new { userName = user, password = Password })).Content.ReadAsStringAsync();

        body.ShouldNotContain("refresh", Case.Insensitive);
        body.ShouldContain("accessToken");
    }

    [Fact]
    public async Task The_token_route_and_the_page_trim_the_user_name_alike()
    {
        var (_, user) = await NewAccount();

        (await App.AnonymousClient().PostAsJsonAsync("/api/v1/auth/token", new { userName = $"  {user} ", password = Password })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await CookieSignIn($"  {user} ")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task A_bearer_token_stops_working_after_a_password_change()
    {
        var (_, user) = await NewAccount();
        var client = await Bearer(user);
        var copy = await Bearer(user);

        (await PostJson(client, "/api/v1/me/password", new { currentPassword = Password, newPassword = "xinmima2026ab" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await Me(client)).ShouldBe(HttpStatusCode.Unauthorized);
        (await Me(copy)).ShouldBe(HttpStatusCode.Unauthorized);
        (await Me(await Bearer(user, "xinmima2026ab"))).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_bearer_token_stops_working_after_a_lockout()
    {
        var (_, user) = await NewAccount();
        var client = await Bearer(user);
        (await Me(client)).ShouldBe(HttpStatusCode.OK);

        for (var i = 0; i < 5; i++)
        {
            await App.AnonymousClient().PostAsJsonAsync("/api/v1/auth/token", new { userName = user, password = "wrong-password1" });
        }

        (await Me(client)).ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_bearer_token_stops_working_after_sign_out_and_so_do_the_accounts_other_sessions()
    {
        var (_, user) = await NewAccount();
        var client = await Bearer(user);
        var other = await Bearer(user);

        (await client.PostAsync("/api/v1/auth/sign-out", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await Me(client)).ShouldBe(HttpStatusCode.Unauthorized);
        (await Me(other)).ShouldBe(HttpStatusCode.Unauthorized);
        (await AuditRows(Dangjian.Platform.Audit.AuditActions.SignedOut)).ShouldContain(a => a.UserName == user);
    }

    [Fact]
    public async Task A_copied_cookie_stops_working_after_sign_out()
    {
        var (_, user) = await NewAccount();
        var signIn = await CookieSignIn(user);
        signIn.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var cookie = SessionCookie(signIn);
        var copy = CookieOnly(cookie);
        (await Me(copy)).ShouldBe(HttpStatusCode.OK);

        // Sign out in the browser that signed in: the form on every page carries the antiforgery token.
        var browser = _lastBrowser!;
        var home = await browser.GetStringAsync("/Account/ChangePassword");
        var form = new FormUrlEncodedContent([new("__RequestVerificationToken", Token(home))]);
        (await browser.PostAsync("/Account/SignOut", form)).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        (await Me(copy)).ShouldBe(HttpStatusCode.Unauthorized);
        (await copy.GetAsync("/Account/ChangePassword")).Headers.Location!.ToString().ShouldContain("/Account/SignIn");
    }

    [Fact]
    public async Task A_role_change_ends_the_accounts_sessions_and_the_next_sign_in_has_the_new_role()
    {
        var (id, user) = await NewAccount();
        var client = await Bearer(user);
        var cookie = CookieOnly(SessionCookie(await CookieSignIn(user)));

        (await PutJson(await As("admin"), $"/api/v1/accounts/{id}", new { role = "GridWorker", organizationId = await OrgId(DemoOrgs.First), disabled = false }))
            .StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await Me(client)).ShouldBe(HttpStatusCode.Unauthorized);
        (await Me(cookie)).ShouldBe(HttpStatusCode.Unauthorized);
        (await Read<GetMe.Me>(await (await Bearer(user)).GetAsync("/api/v1/me"))).Role.ShouldBe(AppRole.GridWorker);
    }

    [Fact]
    public async Task An_organization_change_ends_the_accounts_sessions()
    {
        var (id, user) = await NewAccount();
        var client = await Bearer(user);

        (await PutJson(await As("admin"), $"/api/v1/accounts/{id}", new { role = "BranchSecretary", organizationId = await OrgId(DemoOrgs.Second), disabled = false }))
            .StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await Me(client)).ShouldBe(HttpStatusCode.Unauthorized);
        (await Read<GetMe.Me>(await (await Bearer(user)).GetAsync("/api/v1/me"))).OrganizationName.ShouldBe(DemoOrgs.Second);
    }

    [Fact]
    public async Task Disabling_ends_the_sessions_and_refuses_sign_in_until_enabled_again()
    {
        var (id, user) = await NewAccount();
        var client = await Bearer(user);
        var first = await OrgId(DemoOrgs.First);
        var admin = await As("admin");

        (await PutJson(admin, $"/api/v1/accounts/{id}", new { role = "BranchSecretary", organizationId = first, disabled = true })).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await Me(client)).ShouldBe(HttpStatusCode.Unauthorized);
        var refused = await Read<ProblemBody>(await App.AnonymousClient().PostAsJsonAsync("/api/v1/auth/token", new { userName = user, password = Password }), HttpStatusCode.Forbidden);
        refused.Detail.ShouldBe(SignIn.DisabledMessage);
        var listed = (await Read<Page<ListAccounts.Row>>(await admin.GetAsync("/api/v1/accounts?pageSize=100"))).Items;
        listed.Single(a => a.UserName == user).Disabled.ShouldBeTrue();

        (await PutJson(admin, $"/api/v1/accounts/{id}", new { role = "BranchSecretary", organizationId = first, disabled = false })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await Me(await Bearer(user))).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task An_account_change_is_refused_outside_the_subtree_above_ones_rank_and_for_oneself()
    {
        var (id, _) = await NewAccount();
        var first = await OrgId(DemoOrgs.First);

        // 中原区 (another city) cannot see the account: absent, as any record outside its subtree.
        (await PutJson(await As("zhongyuan"), $"/api/v1/accounts/{id}", new { role = "BranchSecretary", organizationId = first, disabled = true }))
            .StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var before = await RowCounts();
        var higher = await Problem(await PutJson(await As("baling"), $"/api/v1/accounts/{id}", new { role = "OrganizationDepartment", organizationId = first, disabled = false }));
        higher["role"].ShouldBe(["不能创建比自己权限更高的账号"]);
        var missing = await Problem(await PutJson(await As("baling"), $"/api/v1/accounts/{id}", new { organizationId = 0 }));
        missing.Keys.ShouldBe(["role", "disabled", "organizationId"], ignoreOrder: true);
        var adminId = await App.WithDbAsync(db => Task.FromResult(db.Users.Single(u => u.UserName == "admin").Id));
        (await PutJson(await As("admin"), $"/api/v1/accounts/{adminId}", new { role = "Member", organizationId = first, disabled = true }))
            .StatusCode.ShouldBe(HttpStatusCode.Conflict);

        (await RowCounts()).ShouldBe(before);
    }

    [Fact]
    public async Task The_accounts_page_changes_a_role_and_ends_the_accounts_sessions()
    {
        var (id, user) = await NewAccount();
        var client = await Bearer(user);
        var admin = await As("admin");
        var page = await admin.GetStringAsync("/Accounts");

        var posted = await admin.PostAsync("/Accounts?handler=Change", new FormUrlEncodedContent(
        [
            new("Change.Id", id), new("Change.Role", "GridWorker"), new("Change.OrganizationId", (await OrgId(DemoOrgs.First)).ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("__RequestVerificationToken", Token(page)),
        ]));

        posted.StatusCode.ShouldBe(HttpStatusCode.Redirect, await posted.Content.ReadAsStringAsync());
        (await Me(client)).ShouldBe(HttpStatusCode.Unauthorized);
        (await App.WithDbAsync(db => Task.FromResult(db.Users.Single(u => u.Id == id).Role))).ShouldBe(AppRole.GridWorker);
    }

    [Fact]
    public async Task The_accounts_page_shows_a_refused_change_above_the_list_and_changes_nothing()
    {
        var admin = await As("admin");
        var page = await admin.GetStringAsync("/Accounts");
        var adminId = await App.WithDbAsync(db => Task.FromResult(db.Users.Single(u => u.UserName == "admin").Id));

        var posted = await admin.PostAsync("/Accounts?handler=Change", new FormUrlEncodedContent(
            [new("Change.Id", adminId), new("Change.Role", "Member"), new("Change.OrganizationId", "0"), new("__RequestVerificationToken", Token(page))]));

        posted.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await posted.Content.ReadAsStringAsync()).ShouldContain("不能修改自己的账号");
        (await App.WithDbAsync(db => Task.FromResult(db.Users.Single(u => u.Id == adminId).Role))).ShouldBe(AppRole.OrganizationDepartment);
    }

    private HttpClient? _lastBrowser;

    /// <summary>Signs in through the page, as a browser does (antiforgery token from the form, cookies kept).</summary>
    private async Task<HttpResponseMessage> CookieSignIn(string userName, string password = Password)
    {
        var browser = App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        _lastBrowser = browser;
        var page = await browser.GetStringAsync("/Account/SignIn");
        return await browser.PostAsync("/Account/SignIn", new FormUrlEncodedContent(
        [
            new("Input.UserName", userName), new("Input.Password", password), new("__RequestVerificationToken", Token(page)),
        ]));
    }

    private static string Token(string html) => AntiforgeryField().Match(html).Groups[1].Value;

    private static string SessionCookie(HttpResponseMessage response) =>
        response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("dangjian=", StringComparison.Ordinal)).Split(';')[0];

    /// <summary>A client that sends nothing but a copy of the session cookie, as a thief would.</summary>
    private HttpClient CookieOnly(string cookie)
    {
        var client = App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Add("Cookie", cookie);
        return client;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
