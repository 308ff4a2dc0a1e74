using System.Text.RegularExpressions;
using Dangjian.BrowserTests.Infrastructure;
using Dangjian.Platform.Text;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.BrowserTests.Journeys;

public sealed class MemberEditJourney(BrowserApp app) : BrowserTest(app)
{
    [Fact]
    public async Task A_wrong_ID_number_is_named_next_to_its_box_and_sex_and_birth_date_come_from_the_right_one()
    {
        var branchId = await App.WithDbAsync(async (db, _) => await db.Organizations.Where(o => o.Name == "延中社区第二党支部").Select(o => o.Id).FirstAsync());
        var id = ChineseIdNumber.Compose("411002", new DateOnly(1988, 3, 9), 907, Sex.Female);
        var wrongCheckDigit = id[..17] + (id[17] == '1' ? '2' : '1');

        var page = await NewPageAsync();
        await SignInAsync(page, "baling");
        await page.GotoAsync($"/Members/Edit?organizationId={branchId}");
        await page.GetByLabel("姓名 *").FillAsync("欧阳晓梅");
        await page.GetByLabel("身份证号 *").FillAsync(wrongCheckDigit);
        await page.GetByLabel("学历 *").SelectOptionAsync(new SelectOptionValue { Label = "大学本科" });
        await page.GetByLabel("入党日期 *").FillAsync("2012-07-01");
        await page.GetByLabel("转正日期").FillAsync("2013-07-01");
        await page.GetByLabel("联系电话").FillAsync("12ab");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();

        await Assertions.Expect(page.Locator("[data-valmsg-for='Input.IdNumber']")).ToHaveTextAsync("身份证号校验位不正确，请核对");
        await Assertions.Expect(page.Locator("[data-valmsg-for='Input.Phone']")).ToHaveTextAsync("联系电话应为7到12位数字");
        await ShotBothAsync(page, "05-member-edit-errors");

        await page.GetByLabel("身份证号 *").FillAsync(id);
        await page.GetByLabel("联系电话").FillAsync("13800001111");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await WaitForPageAsync(page, new Regex("/Members/Details"));
        await Assertions.Expect(page.GetByTestId("member-name")).ToHaveTextAsync("欧阳晓梅");
        await Assertions.Expect(page.Locator("dd", new() { HasText = "1988-03-09" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("dt:has-text('性别') + dd")).ToHaveTextAsync("女");
        await ShotBothAsync(page, "05-member-created");
    }
}
