using System.Text.RegularExpressions;
using Dangjian.BrowserTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.BrowserTests.Journeys;

public sealed class UnitJourney(BrowserApp app) : BrowserTest(app)
{
    [Fact]
    public async Task A_street_committee_registers_a_unit_and_sends_it_an_instructor()
    {
        const string unitName = "灞陵街道鑫源商贸有限公司";
        var balingId = await App.WithDbAsync(async (db, _) => await db.Organizations.Where(o => o.Name == "中共灞陵街道工作委员会").Select(o => o.Id).FirstAsync());

        var page = await NewPageAsync();
        await SignInAsync(page, "baling");
        await page.GetByRole(AriaRole.Link, new() { Name = "本级组织" }).ClickAsync();
        await WaitForPageAsync(page, new Regex($"/Organizations/Details\\?id={balingId}$"));
        var instructedBefore = int.Parse(await page.GetByTestId("coverage-instructed").InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture);
        var unitsBefore = int.Parse(await page.GetByTestId("coverage-units").InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture);
        await ShotBothAsync(page, "07-organization-units");

        // 1. Registering without a kind names the field; nothing is saved.
        await page.GetByRole(AriaRole.Link, new() { Name = "登记单位" }).ClickAsync();
        await WaitForPageAsync(page, new Regex("/Units/New"));
        await Assertions.Expect(page.GetByTestId("unit-area")).ToHaveTextAsync("中共灞陵街道工作委员会");
        await page.GetByLabel("单位名称 *").FillAsync(unitName);
        await page.GetByLabel("职工人数").FillAsync("-5");
        await page.GetByRole(AriaRole.Button, new() { Name = "登记", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-valmsg-for='Input.Kind']")).ToHaveTextAsync("单位类别不能为空");
        await Assertions.Expect(page.Locator("[data-valmsg-for='Input.EmployeeCount']")).ToHaveTextAsync("职工人数不能为负数");
        await Assertions.Expect(page.GetByLabel("单位名称 *")).ToHaveValueAsync(unitName);
        await ShotBothAsync(page, "07-unit-new-errors");

        await page.GetByLabel("单位类别 *").SelectOptionAsync(new SelectOptionValue { Label = "非公企业" });
        await page.GetByLabel("职工人数").FillAsync("26");
        await page.GetByLabel("党员人数").FillAsync("0");
        await page.GetByRole(AriaRole.Button, new() { Name = "登记", Exact = true }).ClickAsync();
        await WaitForPageAsync(page, new Regex("/Units/Details\\?id=\\d+$"));
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"已登记单位 {unitName}");
        await Assertions.Expect(page.GetByTestId("unit-name")).ToHaveTextAsync(unitName);
        await Assertions.Expect(page.GetByTestId("unit-covering")).ToContainTextAsync("尚未建立或被覆盖");

        // 2. The unit has no organization of its own: an instructor is sent to it.
        await page.GetByRole(AriaRole.Button, new() { Name = "派驻指导员" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-valmsg-for='Instructor.Name']")).ToHaveTextAsync("指导员姓名不能为空");
        await page.GetByLabel("指导员姓名 *").FillAsync("郭建华");
        await page.GetByLabel("选派日期").FillAsync("2026-10-15");
        await page.GetByRole(AriaRole.Button, new() { Name = "派驻指导员" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("已选派党建指导员 郭建华");
        await Assertions.Expect(page.GetByTestId("instructors")).ToContainTextAsync("郭建华");
        await Assertions.Expect(page.GetByTestId("instructors")).ToContainTextAsync("2026-10-15 选派");
        await ShotBothAsync(page, "07-unit-instructor");

        // 3. The uncovered units of the area list it, as cards on a phone.
        await page.GotoAsync("/Units?covered=false");
        await Assertions.Expect(page.GetByTestId("unit-table")).ToContainTextAsync(unitName);
        await Assertions.Expect(page.GetByTestId("unit-table")).ToContainTextAsync("郭建华");
        await ShotBothAsync(page, "07-units-uncovered");

        // 4. The organization's page counts it.
        await page.GotoAsync($"/Organizations/Details?id={balingId}");
        await Assertions.Expect(page.GetByTestId("coverage-units")).ToHaveTextAsync((unitsBefore + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Assertions.Expect(page.GetByTestId("coverage-instructed")).ToHaveTextAsync((instructedBefore + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        await ShotBothAsync(page, "07-organization-units-after");

        var phone = await NewPageAsync(PhoneWidth);
        await SignInAsync(phone, "baling");
        await phone.GotoAsync("/Units?covered=false");
        await Assertions.Expect(phone.GetByTestId("unit-cards")).ToContainTextAsync(unitName);
        await Assertions.Expect(phone.GetByTestId("unit-table")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task A_community_adds_a_part_time_committee_member_from_a_resident_unit()
    {
        var communityId = await App.WithDbAsync(async (db, _) => await db.Organizations.Where(o => o.Name == "林山寨街道第1社区党支部").Select(o => o.Id).FirstAsync());

        var page = await NewPageAsync(PhoneWidth);
        await SignInAsync(page, "zhongyuan");
        await page.GotoAsync($"/Organizations/Details?id={communityId}");
        await page.GetByRole(AriaRole.Button, new() { Name = "增加兼职委员" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-valmsg-for='PartTime.Name']")).ToHaveTextAsync("姓名不能为空");
        await Assertions.Expect(page.Locator("[data-valmsg-for='PartTime.UnitId']")).ToHaveTextAsync("驻区单位不能为空");
        await ShotAsync(page, "07-part-time-errors");

        await page.GetByLabel("姓名 *").FillAsync("周兼职");
        await page.GetByLabel("职务").FillAsync("党委副书记");
        await page.GetByLabel("驻区单位 *").SelectOptionAsync(new SelectOptionValue { Label = "郑州市污水净化有限公司" });
        await page.GetByRole(AriaRole.Button, new() { Name = "增加兼职委员" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("已增加兼职委员 周兼职");
        await Assertions.Expect(page.GetByTestId("part-time-members")).ToContainTextAsync("周兼职（党委副书记） · 郑州市污水净化有限公司");
        await ShotBothAsync(page, "07-part-time-added");
    }
}
