using System.Net;
using Dangjian.Features.Members;
using Dangjian.Tests.Infrastructure;

namespace Dangjian.Tests.Home;

/// <summary>Small things a new user meets on the first pages.</summary>
public class RoughEdgeTests(AppFactory app) : DemoApiTest(app)
{
    [Fact]
    public async Task Every_page_names_its_icon_and_the_icon_is_served()
    {
        var client = await As("admin");
        var page = await client.GetStringAsync("/");
        // The layout links the icon by its fingerprinted name (MapStaticAssets), cached for a year.
        var linked = System.Text.RegularExpressions.Regex.Match(page, "rel=\"icon\" href=\"(/favicon\\.[0-9a-z]+\\.svg)\"");
        linked.Success.ShouldBeTrue("the page links its SVG icon");
        (await App.AnonymousClient().GetAsync(linked.Groups[1].Value)).Content.Headers.ContentType!.MediaType.ShouldBe("image/svg+xml");
        var ico = await App.AnonymousClient().GetAsync("/favicon.ico");
        ico.StatusCode.ShouldBe(HttpStatusCode.OK);
        ico.Content.Headers.ContentType!.MediaType.ShouldBe("image/x-icon");
        (await ico.Content.ReadAsByteArrayAsync())[..4].ShouldBe(new byte[] { 0, 0, 1, 0 }, "an ICO header");
        (await App.AnonymousClient().GetAsync("/favicon.svg")).Content.Headers.ContentType!.MediaType.ShouldBe("image/svg+xml");
    }

    [Fact]
    public async Task A_post_whose_title_is_its_kind_is_named_once_on_the_member_page()
    {
        var first = await OrgId(DemoOrgs.First);
        var plain = await CreateMember(People.Full(first, "岗位甲") with { IdentityPost = IdentityPostKind.PioneerPost, IdentityPostTitle = "党员先锋岗" });
        var titled = await CreateMember(People.Full(first, "岗位乙") with { IdentityPost = IdentityPostKind.PioneerPost, IdentityPostTitle = "便民服务岗" });
        var client = await As("admin");
        var plainPage = await client.GetStringAsync($"/Members/Details?id={plain}");
        plainPage.ShouldContain("<dd>党员先锋岗</dd>");
        plainPage.ShouldNotContain("党员先锋岗：党员先锋岗");
        (await client.GetStringAsync($"/Members/Details?id={titled}")).ShouldContain("<dd>党员先锋岗：便民服务岗</dd>");
    }
}
