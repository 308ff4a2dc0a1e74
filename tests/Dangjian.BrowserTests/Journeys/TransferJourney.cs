using System.Text.RegularExpressions;
using Dangjian.BrowserTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.BrowserTests.Journeys;

public sealed class TransferJourney(BrowserApp app) : BrowserTest(app)
{
    [Fact]
    public async Task Yanzhong_transfers_a_member_out_and_minjing_receives_them_in()
    {
        var member = await App.WithDbAsync(async (db, _) => await db.Members
            .Where(m => db.Organizations.Any(o => o.Id == m.OrganizationId && o.Name == "延中社区第一党支部"))
            .OrderBy(m => m.Id).Skip(3).Select(m => new { m.Id, m.Name }).FirstAsync());
        var memberLink = $"#member-results a[href='/Members/Details?id={member.Id}']";
        const string letter = "许魏组转〔2026〕18号";

        // 1. The issuing branch opens the member and issues a letter to 民警路街道光明社区党支部.
        var page = await NewPageAsync();
        await SignInAsync(page, "yanzhong");
        await page.GotoAsync($"/Members/Details?id={member.Id}");
        await page.GetByRole(AriaRole.Link, new() { Name = "转出", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/Transfers/New"));

        // Submitting without a target or letter number shows the reasons next to the fields.
        await page.GetByLabel("党费交至").FillAsync("2026-10");
        await page.GetByRole(AriaRole.Button, new() { Name = "开具介绍信" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-valmsg-for='Input.LetterNumber']")).ToHaveTextAsync("介绍信编号不能为空");
        await Assertions.Expect(page.Locator("[data-valmsg-for='Input.ToOrganizationId']")).ToContainTextAsync("请选择转入党组织");
        await ShotBothAsync(page, "03-transfer-errors");

        await page.GetByLabel("查找系统内的党组织").PressSequentiallyAsync("光明社区", new() { Delay = 60 });
        await page.GetByLabel(new Regex("民警路街道光明社区党支部")).CheckAsync();
        await page.GetByLabel("介绍信编号").FillAsync(letter);
        await ShotBothAsync(page, "03-transfer-new");
        await page.GetByRole(AriaRole.Button, new() { Name = "开具介绍信" }).ClickAsync();
        await page.WaitForURLAsync(new Regex($"/Members/Details\\?id={member.Id}"));
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync(letter);
        await Assertions.Expect(page.GetByText("组织关系转出中")).ToBeVisibleAsync();
        await ShotBothAsync(page, "03-transfer-issued");
        await SignOutAsync(page);

        // 2. The receiving branch sees the pending letter and records the receipt.
        await SignInAsync(page, "minjing");
        await page.GotoAsync("/Transfers");
        var card = page.GetByTestId($"transfer-{letter}");
        await Assertions.Expect(card).ToContainTextAsync("待接收");
        await ShotBothAsync(page, "03-transfers-incoming");
        await card.GetByRole(AriaRole.Link, new() { Name = "接收" }).ClickAsync();
        await page.GetByLabel("回执编号").FillAsync("包高民回〔2026〕7号");
        await ShotBothAsync(page, "03-transfer-receive");
        await page.GetByRole(AriaRole.Button, new() { Name = "确认接收" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/Transfers$"));
        await Assertions.Expect(page.GetByTestId($"transfer-{letter}")).ToContainTextAsync("已接收");

        // 3. The member is now in minjing's list ...
        await page.GotoAsync("/Members?q=" + Uri.EscapeDataString(member.Name));
        await Assertions.Expect(page.Locator(memberLink).Filter(new() { Visible = true })).ToHaveTextAsync(member.Name);
        await ShotBothAsync(page, "03-minjing-members");
        await SignOutAsync(page);

        // ... and no longer in yanzhong's.
        await SignInAsync(page, "yanzhong");
        await page.GotoAsync("/Members?q=" + Uri.EscapeDataString(member.Name));
        await Assertions.Expect(page.GetByTestId("result-count")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(memberLink)).ToHaveCountAsync(0);
        await page.GotoAsync($"/Members/Details?id={member.Id}");
        await Assertions.Expect(page.GetByTestId("not-found")).ToBeVisibleAsync();
    }
}
