using System.Text.RegularExpressions;
using Dangjian.BrowserTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

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
        await WaitForPageAsync(page, new Regex("/Transfers/New"));

        // Submitting without a target or letter number shows the reasons next to the fields.
        await page.GetByLabel("党费交至").FillAsync("2026-10");
        await page.GetByRole(AriaRole.Button, new() { Name = "开具介绍信" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-valmsg-for='Input.LetterNumber']")).ToHaveTextAsync("介绍信编号不能为空");
        await Assertions.Expect(page.Locator("[data-valmsg-for='Input.ToOrganizationId']")).ToContainTextAsync("请选择转入党组织");
        await ShotBothAsync(page, "03-transfer-errors");

        await page.GetByLabel("查找转入党组织").PressSequentiallyAsync("光明社区", new() { Delay = 60 });
        await page.GetByLabel(new Regex("民警路街道光明社区党支部")).CheckAsync();
        await page.GetByLabel("介绍信编号").FillAsync(letter);
        await ShotBothAsync(page, "03-transfer-new");
        await page.GetByRole(AriaRole.Button, new() { Name = "开具介绍信" }).ClickAsync();
        await WaitForPageAsync(page, new Regex($"/Members/Details\\?id={member.Id}"));
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
        await WaitForPageAsync(page, new Regex("/Transfers$"));
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
        // Reopened from a bookmark, the page says where the member went rather than "not found".
        await page.GotoAsync($"/Members/Details?id={member.Id}");
        await Assertions.Expect(page.GetByTestId("transferred-away")).ToContainTextAsync("民警路街道光明社区党支部");
        await ShotAsync(page, "03-member-transferred-away", fullPage: false);
    }

    [Fact]
    public async Task A_destination_chosen_while_a_search_is_on_its_way_stays_chosen()
    {
        var memberId = await App.WithDbAsync(async (db, _) => await db.Members
            .Where(m => db.Organizations.Any(o => o.Id == m.OrganizationId && o.Name == "延中社区第一党支部"))
            .OrderBy(m => m.Id).Skip(5).Select(m => m.Id).FirstAsync());
        var page = await NewPageAsync();
        await SignInAsync(page, "yanzhong");
        await page.GotoAsync($"/Transfers/New?memberId={memberId}");
        var box = page.GetByLabel("查找转入党组织");
        await box.PressSequentiallyAsync("光明", new() { Delay = 60 });
        var destination = page.GetByRole(AriaRole.Radio, new() { Name = "民警路街道光明社区党支部" });
        await Assertions.Expect(destination).ToBeVisibleAsync();

        // The next search is held on its way, as on a slow network, while the destination is chosen from the list shown.
        var asked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await page.RouteAsync("**/Organizations/Pick**", async route =>
        {
            asked.TrySetResult();
            await release.Task;
            await route.ContinueAsync();
        });
        await box.PressSequentiallyAsync("社区");
        await asked.Task.WaitAsync(TimeSpan.FromMilliseconds(ConditionTimeoutMs));
        await destination.CheckAsync();
        release.SetResult();

        // The late answer, built without the choice, is not swapped in: the same search is asked again with it.
        await Assertions.Expect(page.Locator(".org-option-chosen")).ToContainTextAsync("民警路街道光明社区党支部");
        await Assertions.Expect(destination).ToBeCheckedAsync();
        await Assertions.Expect(box).ToHaveValueAsync("光明社区");
    }

    [Fact]
    public async Task A_member_arriving_from_another_city_is_registered_with_the_receipt()
    {
        var (existingId, newId) = await App.WithDbAsync(async (db, services) =>
        {
            var protector = services.GetRequiredService<Dangjian.Platform.PersonalData.PersonalDataProtector>();
            var cipher = await db.Members.Where(m => db.Organizations.Any(o => o.Id == m.OrganizationId && o.Name == "民警路街道友谊社区党支部"))
                .Select(m => m.IdNumberCipher).FirstAsync();
            return (protector.Decrypt(cipher), Dangjian.Platform.Text.ChineseIdNumber.Compose("150205", new DateOnly(1979, 12, 1), 331, Dangjian.Platform.Text.Sex.Male));
        });

        var page = await NewPageAsync(PhoneWidth);
        await SignInAsync(page, "minjing");
        await page.GotoAsync("/Transfers/Incoming");
        await page.GetByLabel("转出单位 *").FillAsync("中共呼和浩特市新城区某某社区委员会");
        await page.GetByLabel("介绍信编号 *").FillAsync("呼新组转〔2026〕55号");
        await page.GetByLabel("回执编号 *").FillAsync("包高民回〔2026〕9号");
        await page.GetByLabel("姓名 *").FillAsync("巴特尔");
        await page.GetByLabel("身份证号 *").FillAsync(existingId);
        // A branch secretary's only organization is chosen already.
        await Assertions.Expect(page.GetByLabel(new Regex("民警路街道光明社区党支部"))).ToBeCheckedAsync();
        await page.GetByLabel("民族").FillAsync("蒙古族");
        await page.GetByLabel("学历 *").SelectOptionAsync(new SelectOptionValue { Label = "大学专科" });
        await page.GetByLabel("入党日期 *").FillAsync("2005-06-20");
        await page.GetByLabel("转正日期").FillAsync("2006-06-20");
        await page.GetByRole(AriaRole.Button, new() { Name = "接收并登记" }).ClickAsync();

        // Someone already registered here must come by an in-system transfer: said next to the ID box.
        await Assertions.Expect(page.Locator("[data-valmsg-for='Input.IdNumber']")).ToContainTextAsync("已登记为本系统党员");
        await ShotBothAsync(page, "03-incoming-errors");

        await page.GetByLabel("身份证号 *").FillAsync(newId);
        await page.GetByRole(AriaRole.Button, new() { Name = "接收并登记" }).ClickAsync();
        await WaitForPageAsync(page, new Regex("/Members/Details"));
        await Assertions.Expect(page.GetByTestId("member-name")).ToHaveTextAsync("巴特尔");
        await Assertions.Expect(page.GetByText("中共呼和浩特市新城区某某社区委员会 → 民警路街道光明社区党支部")).ToBeVisibleAsync();
        await ShotAsync(page, "03-incoming-registered");
    }
}
