using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Dangjian.Features.Accounts;
using Dangjian.Platform.Security;
using Dangjian.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Dangjian.Tests.Accounts;

/// <summary>The app with three sign-in attempts per account name, and a password hasher that counts its work.</summary>
public sealed class ThrottledPerAccountApp : AppFactory
{
    public CountingHasher Hasher { get; } = new();

    protected override void ConfigureMore(IWebHostBuilder builder)
    {
        builder.UseSetting("Auth:SignInsPerAccount", "3");
        builder.UseSetting("Auth:SignInsPerAddress", "1000");
        builder.UseSetting("Auth:SignInWindowSeconds", "3600");
        builder.ConfigureServices(s => s.AddSingleton<IPasswordHasher<AppUser>>(Hasher));
    }
}

/// <summary>Identity's hasher, counting the hashes it checks.</summary>
public sealed class CountingHasher : IPasswordHasher<AppUser>
{
    private readonly PasswordHasher<AppUser> _inner = new();
    private int _verified;

    public int Verified => Volatile.Read(ref _verified);

    public string HashPassword(AppUser user, string password) => _inner.HashPassword(user, password);

    public PasswordVerificationResult VerifyHashedPassword(AppUser user, string hashedPassword, string providedPassword)
    {
        Interlocked.Increment(ref _verified);
        return _inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
    }
}

/// <summary>The app with three sign-in attempts per client address.</summary>
public sealed class ThrottledPerAddressApp : AppFactory
{
    protected override void ConfigureMore(IWebHostBuilder builder)
    {
        builder.UseSetting("Auth:SignInsPerAccount", "1000");
        builder.UseSetting("Auth:SignInsPerAddress", "3");
        builder.UseSetting("Auth:SignInWindowSeconds", "3600");
    }
}

public partial class SignInThrottlePerAccountTests(ThrottledPerAccountApp app) : ApiTest<ThrottledPerAccountApp>(app)
{
    [Fact]
    public async Task The_fourth_attempt_on_one_name_is_refused_with_429_on_the_api_and_on_the_page_while_other_names_still_sign_in()
    {
        var client = App.AnonymousClient();
        for (var i = 0; i < 3; i++)
        {
            (await client.PostAsJsonAsync("/api/v1/auth/token", new { userName = "wangge", password = "wrong-password1" })).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }

        var refused = await client.PostAsJsonAsync("/api/v1/auth/token", new { userName = " wangge", password = "dangjian2026" });
        var problem = await Read<ProblemBody>(refused, HttpStatusCode.TooManyRequests);
        problem.Detail.ShouldBe(SignIn.ThrottledMessage);
        refused.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        refused.Headers.RetryAfter.ShouldNotBeNull();

        var browser = App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var form = await browser.GetStringAsync("/Account/SignIn");
        var page = await browser.PostAsync("/Account/SignIn", new FormUrlEncodedContent(
        [
            new("Input.UserName", "WANGGE"), new("Input.Password", "dangjian2026"),
            new("__RequestVerificationToken", AntiforgeryField().Match(form).Groups[1].Value),
        ]));
        page.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        (await page.Content.ReadAsStringAsync()).ShouldContain(SignIn.ThrottledMessage);

        (await client.PostAsJsonAsync("/api/v1/auth/token", new { userName = "jumin", password = "dangjian2026" })).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task An_unknown_name_costs_the_same_password_check_as_a_wrong_password()
    {
        var hasher = App.Hasher;
        var client = App.AnonymousClient();

        var before = hasher.Verified;
        (await client.PostAsJsonAsync("/api/v1/auth/token", new { userName = "no-such-account", password = "wrong-password1" })).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var unknown = hasher.Verified - before;

        before = hasher.Verified;
        (await client.PostAsJsonAsync("/api/v1/auth/token", new { userName = "baling", password = "wrong-password1" })).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var wrong = hasher.Verified - before;

        unknown.ShouldBe(1);
        wrong.ShouldBe(1);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}

public class SignInThrottlePerAddressTests(ThrottledPerAddressApp app) : ApiTest<ThrottledPerAddressApp>(app)
{
    [Fact]
    public async Task The_fourth_attempt_from_one_address_is_refused_whichever_name_it_tries()
    {
        var client = App.AnonymousClient();
        foreach (var name in new[] { "guess1", "guess2", "guess3" })
        {
            (await client.PostAsJsonAsync("/api/v1/auth/token", new { userName = name, password = "wrong-password1" })).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }

        var refused = await client.PostAsJsonAsync("/api/v1/auth/token", new { userName = "admin", password = "dangjian2026" });

        (await Read<ProblemBody>(refused, HttpStatusCode.TooManyRequests)).Detail.ShouldBe(SignIn.ThrottledMessage);
    }
}
