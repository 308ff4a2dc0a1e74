using System.Text.RegularExpressions;
using Dangjian.BrowserTests.Infrastructure;

namespace Dangjian.BrowserTests.Journeys;

public sealed class ReportInJourney(BrowserApp app) : BrowserTest(app)
{
    [Fact]
    public async Task A_member_reports_in_to_a_community_and_logs_two_hours_that_the_community_verifies()
    {
        // 1. The member, on the phone: finds the community where they live and reports in.
        var member = await NewPageAsync(PhoneWidth);
        await SignInAsync(member, "dangyuan");
        await member.GetByTestId("home-report-in").ClickAsync();
        await WaitForPageAsync(member, new Regex("/ReportIn$"));
        await member.GetByLabel("您住在哪个社区（村）").FillAsync("延中");
        await member.GetByRole(AriaRole.Button, new() { Name = "查找社区" }).ClickAsync();
        await member.GetByText("中共延中社区委员会").First.ClickAsync();
        await member.GetByLabel("您能为社区做什么（可以不写）").FillAsync("周末辅导孩子作业");
        await ShotAsync(member, "26-report-in");
        await member.GetByTestId("report-in").ClickAsync();
        await Assertions.Expect(member.GetByTestId("registration-state")).ToHaveTextAsync("待社区确认");

        // 2. The street's secretary confirms it at the community's desk.
        var street = await NewPageAsync();
        await SignInAsync(street, "baling");
        await street.GetByRole(AriaRole.Link, new() { Name = "双报到" }).ClickAsync();
        await WaitForPageAsync(street, new Regex("/ReportIn/Manage"));
        var pending = street.Locator("[data-testid^='confirm-']").First;
        await pending.ClickAsync();
        await Assertions.Expect(street.GetByRole(AriaRole.Status)).ToContainTextAsync("已确认报到");

        // 3. The member logs two hours served yesterday evening …
        await member.ReloadAsync();
        await Assertions.Expect(member.GetByTestId("registration-state")).ToHaveTextAsync("已报到");
        var yesterday = Dangjian.Platform.Time.BeijingDay.Of(DateTimeOffset.UtcNow).AddDays(-1);
        await member.GetByLabel("哪一天").FillAsync(yesterday.ToString("yyyy-MM-dd"));
        await member.GetByLabel("从").FillAsync("19:00");
        await member.GetByLabel("到", new() { Exact = true }).FillAsync("21:00");
        await member.GetByLabel("做了什么").FillAsync("给楼里三个孩子辅导数学作业");
        await ShotAsync(member, "26-report-hours");
        await member.GetByTestId("report-hours").ClickAsync();
        await Assertions.Expect(member.GetByRole(AriaRole.Status)).ToContainTextAsync("等待社区核实");
        await Assertions.Expect(member.GetByText("2.0小时（8小时外2.0）").First).ToBeVisibleAsync();

        // 4. … which the community verifies; the member sees them counted.
        await street.ReloadAsync();
        await street.Locator("[data-testid^='verify-row-']", new() { HasText = "给楼里三个孩子辅导数学作业" }).GetByRole(AriaRole.Button, new() { Name = "核实" }).ClickAsync();
        await Assertions.Expect(street.GetByRole(AriaRole.Status)).ToContainTextAsync("服务时长已核实");
        await ShotAsync(street, "26-report-in-desk");
        await member.ReloadAsync();
        await Assertions.Expect(member.GetByText("已核实").First).ToBeVisibleAsync();
        await ShotAsync(member, "26-report-in-verified");
    }
}
