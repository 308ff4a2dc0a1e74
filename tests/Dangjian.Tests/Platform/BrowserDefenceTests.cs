using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Dangjian.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Dangjian.Tests.Platform;

/// <summary>What every response tells the browser, and what a page on another site cannot make a signed-in browser do.</summary>
public partial class BrowserDefenceTests(AppFactory app) : DemoApiTest(app)
{
    /// <summary>A browser signed in as <paramref name="user"/> through the page, with its cookies and the page's antiforgery token.</summary>
    private async Task<(HttpClient Browser, string Token)> Browser(string user, string baseAddress = "http://localhost")
    {
        var browser = App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri(baseAddress) });
        var form = await browser.GetStringAsync("/Account/SignIn");
        var signIn = await browser.PostAsync("/Account/SignIn", new FormUrlEncodedContent(
            [new("Input.UserName", user), new("Input.Password", "dangjian2026"), new("__RequestVerificationToken", Token(form))]));
        signIn.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var home = await browser.GetStringAsync("/");
        return (browser, CsrfMeta().Match(home).Groups[1].Value);
    }

    private static string Token(string html) => AntiforgeryField().Match(html).Groups[1].Value;

    [Fact]
    public async Task A_text_plain_post_that_carries_only_the_cookie_is_refused_and_changes_nothing()
    {
        var (browser, _) = await Browser("weidu");
        var target = await OrgId(DemoOrgs.CorridorOne);
        var before = await RowCounts();

        var forged = await browser.PostAsync($"/api/v1/organizations/{target}/dissolve", new StringContent("x", Encoding.UTF8, "text/plain"));
        var revealed = await browser.PostAsync("/api/v1/members/1/reveal", new StringContent("", Encoding.UTF8, "text/plain"));

        (await Read<ProblemBody>(forged, HttpStatusCode.Forbidden)).Title.ShouldBe("缺少防伪令牌");
        revealed.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await RowCounts()).ShouldBe(before);
    }

    [Fact]
    public async Task A_cookie_authenticated_api_write_with_the_pages_antiforgery_header_is_let_through()
    {
        var (browser, token) = await Browser("weidu");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/organizations") { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
        request.Headers.Add("RequestVerificationToken", token);

        var response = await browser.SendAsync(request);

        // Past the antiforgery check, the use case itself refuses the empty body, naming the fields.
        (await Problem(response)).ShouldContainKey("name");
    }

    [Theory]
    [InlineData("/Account/SignIn")]
    [InlineData("/api/v1/me")]
    [InlineData("/no-such-page")]
    [InlineData("/css/site.css")]
    public async Task Every_response_carries_the_security_headers(string url)
    {
        var response = await App.AnonymousClient().GetAsync(url);

        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        csp.ShouldContain("script-src 'self' 'nonce-");
        csp.ShouldContain("frame-ancestors 'none'");
        csp.ShouldContain("object-src 'none'");
        csp.ShouldNotContain("unsafe-inline");
        csp.ShouldNotContain("unsafe-eval");
        response.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"]);
        response.Headers.GetValues("X-Frame-Options").ShouldBe(["DENY"]);
        response.Headers.GetValues("Referrer-Policy").ShouldBe(["same-origin"]);
        response.Headers.GetValues("Permissions-Policy").Single().ShouldContain("camera=()");
    }

    [Fact]
    public async Task Api_answers_pages_and_exports_are_never_cached_but_static_files_may_be()
    {
        var admin = await As("admin");

        (await admin.GetAsync("/api/v1/me")).Headers.CacheControl!.NoStore.ShouldBeTrue();
        (await admin.GetAsync("/api/v1/members")).Headers.CacheControl!.NoStore.ShouldBeTrue();
        (await admin.GetAsync("/api/v1/members/export.xlsx")).Headers.CacheControl!.NoStore.ShouldBeTrue();
        (await admin.GetAsync("/api/v1/no-such-route")).Headers.CacheControl!.NoStore.ShouldBeTrue();
        (await admin.GetAsync("/Members")).Headers.CacheControl!.NoStore.ShouldBeTrue();
        (await admin.GetAsync("/css/site.css")).Headers.CacheControl?.NoStore.ShouldNotBe(true);
    }

    [Fact]
    public async Task The_page_gives_htmx_the_nonce_of_its_own_policy_and_has_no_inline_script()
    {
        var (browser, _) = await Browser("baling");
        var response = await browser.GetAsync("/");
        var html = await response.Content.ReadAsStringAsync();

        var nonce = Regex.Match(response.Headers.GetValues("Content-Security-Policy").Single(), "'nonce-([^']+)'").Groups[1].Value;
        nonce.Length.ShouldBeGreaterThan(10);
        var config = System.Text.Json.JsonDocument.Parse(WebUtility.HtmlDecode(Regex.Match(html, "name=\"htmx-config\" content=\"([^\"]+)\"").Groups[1].Value));
        config.RootElement.GetProperty("inlineScriptNonce").GetString().ShouldBe(nonce);
        Regex.Count(html, "<script(?![^>]*\\ssrc=)").ShouldBe(0, "every script is a file");
        Regex.IsMatch(html, "\\son[a-z]+=", RegexOptions.IgnoreCase).ShouldBeFalse("no inline event handlers");
        Regex.IsMatch(html, "\\sstyle=", RegexOptions.IgnoreCase).ShouldBeFalse("no inline styles");
        // The framework's validation summary writes an inline style unless it is rewritten.
        var members = await browser.GetStringAsync("/Members");
        members.ShouldContain("validation-summary");
        Regex.IsMatch(members, "\\sstyle=", RegexOptions.IgnoreCase).ShouldBeFalse("no inline styles on a page with a validation summary");
    }

    [Fact]
    public async Task Cookies_are_secure_when_served_over_https()
    {
        var browser = App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri("https://localhost") });
        var form = await browser.GetAsync("/Account/SignIn");
        form.Headers.GetValues("Set-Cookie").ShouldAllBe(c => c.Contains("secure", StringComparison.OrdinalIgnoreCase));
        var signIn = await browser.PostAsync("/Account/SignIn", new FormUrlEncodedContent(
            [new("Input.UserName", "wangge"), new("Input.Password", "dangjian2026"), new("__RequestVerificationToken", Token(await form.Content.ReadAsStringAsync()))]));

        var session = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("dangjian=", StringComparison.Ordinal));
        session.ShouldContain("secure", Case.Insensitive);
        session.ShouldContain("httponly", Case.Insensitive);
        session.ShouldContain("samesite=strict", Case.Insensitive);
    }

    [Fact]
    public async Task A_browser_gets_a_chinese_page_for_an_unknown_address_and_a_refusal_while_programs_get_problem_details()
    {
        var anonymous = App.AnonymousClient();
        using var page = new HttpRequestMessage(HttpMethod.Get, "/no-such-page");
        page.Headers.Accept.ParseAdd("text/html,application/xhtml+xml");
        var notFound = await anonymous.SendAsync(page);
        notFound.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        notFound.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        (await notFound.Content.ReadAsStringAsync()).ShouldContain("页面不存在");

        using var forbidden = new HttpRequestMessage(HttpMethod.Get, "/Members");
        forbidden.Headers.Accept.ParseAdd("text/html");
        var refused = await (await As("jumin")).SendAsync(forbidden);
        refused.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        refused.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        (await refused.Content.ReadAsStringAsync()).ShouldContain("没有权限");

        var program = await anonymous.GetAsync("/no-such-page");
        program.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        program.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    [GeneratedRegex("name=\"csrf-token\" content=\"([^\"]+)\"")]
    private static partial Regex CsrfMeta();
}
