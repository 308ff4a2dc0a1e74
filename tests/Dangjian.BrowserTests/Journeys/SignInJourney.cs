using System.Text.RegularExpressions;
using Dangjian.BrowserTests.Infrastructure;

namespace Dangjian.BrowserTests.Journeys;

public sealed class SignInJourney(BrowserApp app) : BrowserTest(app)
{
    [Theory]
    [InlineData(DesktopWidth)]
    [InlineData(PhoneWidth)]
    public async Task Wrong_password_is_refused_in_Chinese_then_the_right_one_opens_the_dashboard(int width)
    {
        var page = await NewPageAsync(width);
        await page.GotoAsync("/");
        await WaitForPageAsync(page, new Regex("/Account/SignIn"));
        (await page.GetByTestId("demo-hint").IsVisibleAsync()).ShouldBeTrue();
        await ShotAsync(page, "01-sign-in");

        await page.GetByLabel("用户名").FillAsync("baling");
        await page.GetByLabel("密码", new() { Exact = true }).FillAsync("not-the-password");
        await page.GetByRole(AriaRole.Button, new() { Name = "登录", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("用户名或密码不正确");
        await ShotAsync(page, "01-sign-in-wrong-password");

        await SignInAsync(page, "baling");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("中共灞陵街道工作委员会");
        (await page.GetByTestId("member-total").InnerTextAsync()).ShouldNotBe("0");
        await page.Locator(".chart svg").First.WaitForAsync();
        await ShotAsync(page, "01-dashboard");

        if (width == PhoneWidth)
        {
            // On a phone the menu folds into the hamburger button.
            var members = page.GetByRole(AriaRole.Link, new() { Name = "党员", Exact = true });
            (await members.IsVisibleAsync()).ShouldBeFalse();
            await page.Locator(".navbar-toggler").ClickAsync();
            await Assertions.Expect(members).ToBeVisibleAsync();
            await page.Locator("#main-nav.show").WaitForAsync(); // the folding animation has finished
            await ShotAsync(page, "01-menu-open");
        }
        await SignOutAsync(page);
    }

    [Fact]
    public async Task A_member_sees_a_simple_card_with_large_buttons()
    {
        var page = await NewPageAsync(PhoneWidth);
        await SignInAsync(page, "dangyuan");
        await Assertions.Expect(page.GetByTestId("my-info")).ToContainTextAsync("我的信息");
        await Assertions.Expect(page.GetByTestId("my-info")).ToContainTextAsync("延中社区第一党支部");
        await ShotBothAsync(page, "01-member-home");
    }
}
