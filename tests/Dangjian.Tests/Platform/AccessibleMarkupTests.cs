using System.Net;
using System.Text.RegularExpressions;
using Dangjian.Tests.Infrastructure;

namespace Dangjian.Tests.Platform;

/// <summary>
/// What the pages' markup promises screen readers and old readers, on the server's side: a refused field is tied to its
/// message, members and residents get the plain style, every page has the skip link to its main content.
/// </summary>
public partial class AccessibleMarkupTests(AppFactory app) : DemoApiTest(app)
{
    [Fact]
    public async Task A_refused_sign_in_marks_each_empty_field_invalid_and_points_it_to_its_message()
    {
        var client = App.AnonymousClient();
        var form = await client.GetStringAsync("/Account/SignIn");
        form.ShouldNotContain("aria-invalid");

        var refused = await client.PostAsync("/Account/SignIn", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.UserName"] = "", ["Input.Password"] = "", ["__RequestVerificationToken"] = Token().Match(form).Groups[1].Value,
        }));

        refused.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await refused.Content.ReadAsStringAsync();
        foreach (var field in new[] { "Input_UserName", "Input_Password" })
        {
            var input = Regex.Match(html, $"<input[^>]*id=\"{field}\"[^>]*>").Value;
            input.ShouldContain("aria-invalid=\"true\"");
            input.ShouldContain($"aria-describedby=\"{field}-error\"");
            Regex.IsMatch(html, $"<span[^>]*id=\"{field}-error\"[^>]*>[^<]+</span>").ShouldBeTrue($"{field}'s message carries the id its field names");
        }
    }

    [Fact]
    public async Task A_field_refused_on_a_form_of_its_own_is_invalid_and_the_others_are_not()
    {
        var client = await As("admin");
        var first = await OrgId(DemoOrgs.First);
        var form = await client.GetStringAsync($"/Organizations/Edit?id={first}");

        var refused = await client.PostAsync($"/Organizations/Edit?id={first}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Name"] = "", ["Input.Kind"] = "Branch", ["Input.CommitteeSize"] = "5", ["__RequestVerificationToken"] = Token().Match(form).Groups[1].Value,
        }));

        var html = await refused.Content.ReadAsStringAsync();
        Regex.Match(html, "<input[^>]*id=\"Input_Name\"[^>]*>").Value.ShouldContain("aria-describedby=\"Input_Name-error\"");
        Regex.Match(html, "<input[^>]*id=\"Input_CommitteeSize\"[^>]*>").Value.ShouldNotContain("aria-invalid");
    }

    [Theory]
    [InlineData("dangyuan", true)]
    [InlineData("jumin", true)]
    [InlineData("wangge", false)]
    [InlineData("weidu", false)]
    public async Task Members_and_residents_get_the_plain_style_on_every_page(string user, bool plain)
    {
        var client = await As(user);
        foreach (var url in new[] { "/", "/Account/ChangePassword" })
        {
            var html = await client.GetStringAsync(url);
            Body().Match(html).Groups["class"].Value.Contains("plain").ShouldBe(plain, url);
            html.ShouldContain("<a class=\"visually-hidden-focusable skip-link\" href=\"#main\">跳到主要内容</a>");
            html.ShouldContain("id=\"main\" tabindex=\"-1\"");
        }
    }

    [Fact]
    public async Task Signing_in_is_in_the_plain_style_for_everyone()
    {
        var html = await App.AnonymousClient().GetStringAsync("/Account/SignIn");
        Body().Match(html).Groups["class"].Value.ShouldContain("plain");
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    [GeneratedRegex("<body(?: class=\"(?<class>[^\"]*)\")?>")]
    private static partial Regex Body();
}
