using System.Text.RegularExpressions;
using Dangjian.BrowserTests.Infrastructure;

namespace Dangjian.BrowserTests.Journeys;

public sealed class MeetingSignInJourney(BrowserApp app) : BrowserTest(app)
{
    [Fact]
    public async Task A_member_scans_the_hosts_code_on_a_phone_and_signs_in_with_one_tap()
    {
        // 1. The secretary plans today's themed Party day and holds up its sign-in code.
        var host = await NewPageAsync();
        await SignInAsync(host, "yanzhong");
        await host.GotoAsync("/Meetings/New");
        await host.GetByLabel("查找召开会议的党组织").PressSequentiallyAsync("第一党支部", new() { Delay = 60 });
        await host.GetByLabel(new Regex("延中社区第一党支部")).First.CheckAsync();
        await host.GetByLabel("会议类型").SelectOptionAsync(new SelectOptionValue { Label = "主题党日" });
        await host.GetByLabel("会议主题").FillAsync("学习新修订的《中国共产党纪律处分条例》");
        var beijing = DateTime.UtcNow.AddHours(8);
        await host.GetByLabel("日期").FillAsync(beijing.ToString("yyyy-MM-dd"));
        await host.GetByLabel("开始时间（北京时间）").FillAsync(beijing.AddMinutes(10).ToString("HH:mm"));
        await host.GetByLabel("地点").FillAsync("延中社区党群服务中心");
        await host.GetByLabel("主持人").FillAsync("王书记");
        await host.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await WaitForPageAsync(host, new Regex(@"/Meetings/Details\?id=\d+$"));
        await host.GetByRole(AriaRole.Link, new() { Name = "出示签到二维码" }).ClickAsync();
        await WaitForPageAsync(host, new Regex(@"/Meetings/Code\?id=\d+$"));
        var qr = host.GetByTestId("sign-in-qr");
        await Assertions.Expect(qr.Locator("svg")).ToBeVisibleAsync();
        await Assertions.Expect(host.GetByTestId("signed-count")).ToContainTextAsync("已签到 0 /");
        await ShotBothAsync(host, "21-sign-in-code");
        var meetingId = Regex.Match(host.Url, @"id=(\d+)").Groups[1].Value;
        var code = await qr.GetAttributeAsync("data-code");
        code.ShouldNotBeNull();
        code.ShouldMatch("^[0-9a-f]{20}$", "the code is a keyed hash: no name, no number");

        // 2. The member's phone opens the address in the code and signs in with the one large button.
        var phone = await NewPageAsync(PhoneWidth);
        await SignInAsync(phone, "dangyuan");
        await phone.GotoAsync($"/Meetings/Attend?m={meetingId}&code={code}");
        await Assertions.Expect(phone.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("主题党日");
        await ShotAsync(phone, "21-attend");
        await phone.GetByRole(AriaRole.Button, new() { Name = "签到" }).ClickAsync();
        await Assertions.Expect(phone.GetByTestId("signed")).ToContainTextAsync("签到成功");
        await ShotAsync(phone, "21-attend-done");

        // 3. The host's count follows (the block refreshes itself; a reload shows it at once).
        await host.ReloadAsync();
        await Assertions.Expect(host.GetByTestId("signed-count")).ToContainTextAsync("已签到 1 /");

        // 4. The member's own page lists the meeting as signed.
        await phone.GotoAsync("/");
        await phone.GetByRole(AriaRole.Link, new() { Name = "我的会议" }).ClickAsync();
        await WaitForPageAsync(phone, new Regex("/Meetings/Mine$"));
        await Assertions.Expect(phone.GetByTestId($"coming-{meetingId}")).ToContainTextAsync("已签到");
        await ShotAsync(phone, "21-my-meetings");
    }
}
