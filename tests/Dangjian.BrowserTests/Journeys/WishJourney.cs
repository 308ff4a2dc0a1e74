using System.Text.RegularExpressions;
using Dangjian.BrowserTests.Infrastructure;
using Dangjian.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Dangjian.BrowserTests.Journeys;

public sealed class WishJourney(BrowserApp app) : BrowserTest(app)
{
    [Fact]
    public async Task A_resident_registers_and_sends_a_wish_a_member_claims_and_fulfils_it_and_the_resident_rates_it()
    {
        // 1. A resident registers on the phone: the number, the code the message carried, name, password, community.
        var resident = await NewPageAsync(PhoneWidth);
        await resident.GotoAsync("/Account/SignIn");
        await resident.GetByRole(AriaRole.Link, new() { Name = "居民用手机号注册" }).ClickAsync();
        await WaitForPageAsync(resident, new Regex("/Residents/Register$"));
        var number = $"1391234{Random.Shared.Next(10000):0000}";
        await resident.GetByLabel("手机号码").FillAsync(number);
        await resident.GetByTestId("send-code").ClickAsync();
        await Assertions.Expect(resident.GetByLabel("验证码")).ToBeVisibleAsync();
        var code = App.Services.GetRequiredService<SentMessages>().LastCodeTo(number)!;
        await resident.GetByLabel("验证码").FillAsync(code);
        await resident.GetByLabel("您的姓名").FillAsync("刘桂香");
        await resident.GetByLabel("设置登录密码").FillAsync("Lgx#2026-wish");
        await resident.GetByLabel("您住在哪个社区（村）").FillAsync("延中");
        await resident.GetByLabel("中共延中社区委员会").CheckAsync();
        await ShotAsync(resident, "24-resident-register");
        await resident.GetByTestId("register").ClickAsync();
        await WaitForPageAsync(resident, new Regex("/Wishes/Mine$"));

        // 2. … and sends a wish in large type, one screen.
        await resident.GetByTestId("new-wish").ClickAsync();
        await WaitForPageAsync(resident, new Regex("/Wishes/Send$"));
        var title = $"帮忙修一下漏水的水龙头{Random.Shared.Next(1000)}";
        await resident.GetByLabel("想要什么帮助").FillAsync(title);
        await resident.GetByLabel("为谁许愿").FillAsync("本人");
        await resident.GetByText("维修帮忙").ClickAsync();
        await resident.GetByLabel("大概要花多少钱（元，可以不填）").FillAsync("30");
        await ShotAsync(resident, "24-wish-send");
        await resident.GetByTestId("send-wish").ClickAsync();
        await WaitForPageAsync(resident, new Regex(@"/Wishes/Mine\?id=\d+$"));
        await Assertions.Expect(resident.GetByTestId("wish-state")).ToHaveTextAsync("待审核");
        var wishUrl = resident.Url;
        var id = wishUrl[(wishUrl.LastIndexOf('=') + 1)..];

        // 3. The street accepts it onto the wall.
        var street = await NewPageAsync();
        await SignInAsync(street, "baling");
        await street.GotoAsync($"/Wishes/Details?id={id}");
        await street.GetByTestId("accept").ClickAsync();
        await Assertions.Expect(street.GetByTestId("wish-state")).ToContainTextAsync("待认领");

        // 4. A member finds it on the wall of the community on the phone, claims it, and records it done.
        var member = await NewPageAsync(PhoneWidth);
        await SignInAsync(member, "dangyuan");
        await member.GetByRole(AriaRole.Link, new() { Name = "心愿墙" }).ClickAsync();
        await WaitForPageAsync(member, new Regex("/Wishes$"));
        await member.GetByTestId($"wall-wish-{id}").GetByRole(AriaRole.Link).ClickAsync();
        await WaitForPageAsync(member, new Regex(@"/Wishes/Details\?id=\d+$"));
        await member.GetByTestId("claim").ClickAsync();
        await Assertions.Expect(member.GetByRole(AriaRole.Status)).ToContainTextAsync("认领成功");
        await member.GetByLabel("做了什么").FillAsync("上门换了新的水龙头垫片，不漏了");
        await ShotAsync(member, "24-wish-claimed");
        await member.GetByTestId("fulfil").ClickAsync();
        await Assertions.Expect(member.GetByTestId("wish-state")).ToContainTextAsync("已完成，待评价");

        // 5. The resident rates it: five stars, once.
        await resident.GotoAsync(wishUrl);
        await Assertions.Expect(resident.GetByTestId("wish-state")).ToHaveTextAsync("已完成，待评价");
        await resident.GetByText("★★★★★ 5 分（非常满意）").ClickAsync();
        await ShotAsync(resident, "24-wish-rate");
        await resident.GetByTestId("rate").ClickAsync();
        await Assertions.Expect(resident.GetByTestId("wish-state")).ToHaveTextAsync("已评价");
        await Assertions.Expect(resident.GetByRole(AriaRole.Status)).ToContainTextAsync("谢谢您的评价");
        await ShotAsync(resident, "24-wish-done");
    }
}
