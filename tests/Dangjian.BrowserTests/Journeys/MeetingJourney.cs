using System.Text.RegularExpressions;
using Dangjian.BrowserTests.Infrastructure;

namespace Dangjian.BrowserTests.Journeys;

public sealed class MeetingJourney(BrowserApp app) : BrowserTest(app)
{
    [Fact]
    public async Task Yanzhong_enters_last_months_themed_Party_day_with_its_attendance_and_sees_the_month_turn_from_overdue_to_done()
    {
        var page = await NewPageAsync();
        await SignInAsync(page, "yanzhong");
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        var lastMonth = new DateOnly(today.Year, today.Month, 1).AddMonths(-1);
        var monthLabel = $"{lastMonth.Month}月";

        // 1. The compliance page: last month's themed Party day was never held.
        await page.GotoAsync("/Meetings");
        await page.GetByRole(AriaRole.Link, new() { Name = "落实情况" }).ClickAsync();
        await WaitForPageAsync(page, new Regex("/Meetings/Compliance$"));
        var themedDay = page.GetByTestId("kind-ThemedPartyDay");
        var month = themedDay.Locator("a[data-state]", new() { HasText = monthLabel });
        if (lastMonth.Year == today.Year)
        {
            await Assertions.Expect(month).ToHaveAttributeAsync("data-state", "Overdue");
        }
        await Assertions.Expect(page.GetByTestId("kind-BranchCommitteeMeeting")).ToContainTextAsync("支委会");
        await ShotBothAsync(page, "20-compliance-before");

        // 2. Enter the meeting afterwards, on the 15th of last month.
        await page.GotoAsync("/Meetings/New");
        await page.GetByLabel("查找召开会议的党组织").PressSequentiallyAsync("第一党支部", new() { Delay = 60 });
        await page.GetByLabel(new Regex("延中社区第一党支部")).First.CheckAsync();
        await page.GetByLabel("会议类型").SelectOptionAsync(new SelectOptionValue { Label = "主题党日" });
        await page.GetByLabel("会议主题").FillAsync("重温入党誓词，清理小区楼道杂物");
        await page.GetByLabel("日期").FillAsync(lastMonth.AddDays(14).ToString("yyyy-MM-dd"));
        await page.GetByLabel("开始时间（北京时间）").FillAsync("09:30");
        await page.GetByLabel("地点").FillAsync("延中社区党群服务中心");
        await page.GetByLabel("主持人").FillAsync("王书记");
        await page.GetByLabel("记录人").FillAsync("李委员");
        await ShotBothAsync(page, "20-meeting-new");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await WaitForPageAsync(page, new Regex(@"/Meetings/Details\?id=\d+$"));
        await Assertions.Expect(page.GetByTestId("meeting-status")).ToHaveTextAsync("已计划");

        // 3. Attendance: everyone present but one on sick leave, whose reason is asked for.
        var selects = page.Locator("select[name$='.Attendance']");
        var count = await selects.CountAsync();
        count.ShouldBeGreaterThan(1);
        for (var i = 0; i < count; i++)
        {
            await selects.Nth(i).SelectOptionAsync(new SelectOptionValue { Label = i == count - 1 ? "病假" : "出席" });
        }
        await page.GetByRole(AriaRole.Button, new() { Name = "保存出席情况" }).ClickAsync();
        await Assertions.Expect(page.Locator(".validation-summary-errors, [role=alert]").First).ToContainTextAsync("病假原因不能为空");
        await ShotBothAsync(page, "20-meeting-attendance-refused");
        await page.Locator("input[name$='.Reason']").Nth(count - 1).FillAsync("住院");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存出席情况" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("出席情况已保存");
        await Assertions.Expect(page.GetByTestId("attendance-summary")).ToContainTextAsync($"应到 {count} 人，实到 {count - 1} 人");

        // 3b. A photo of the day: uploaded, shown as its thumbnail.
        using (var picture = new ImageMagick.MagickImage(ImageMagick.MagickColors.SteelBlue, 1200, 800))
        {
            picture.Draw(new ImageMagick.Drawing.Drawables().FillColor(ImageMagick.MagickColors.Gold).Rectangle(100, 100, 700, 500));
            await page.GetByLabel("添加照片或文件").SetInputFilesAsync(new FilePayload { Name = "清理楼道合影.png", MimeType = "image/png", Buffer = picture.ToByteArray(ImageMagick.MagickFormat.Png) });
        }
        await page.GetByRole(AriaRole.Button, new() { Name = "上传" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("附件已上传");
        var thumbnail = page.GetByTestId("attachments").Locator("img");
        await Assertions.Expect(thumbnail).ToHaveCountAsync(1);
        await Assertions.Expect(thumbnail).ToHaveJSPropertyAsync("complete", true);
        (await thumbnail.EvaluateAsync<int>("img => img.naturalWidth")).ShouldBe(320);

        // 4. Closing before the minutes are approved is refused; then the minutes, the approval and the close.
        await page.GetByRole(AriaRole.Button, new() { Name = "归档会议" }).ClickAsync();
        await Assertions.Expect(page.Locator(".validation-summary-errors, [role=alert]").First).ToContainTextAsync("会议记录尚未经主持人审定");
        await page.GetByLabel("会议记录", new() { Exact = true }).FillAsync("全体党员重温入党誓词；分三组清理3号楼、5号楼楼道杂物，共清出杂物12袋。");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存记录" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "主持人审定记录" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("minutes-approved")).ToContainTextAsync("已由");
        await ShotBothAsync(page, "20-meeting-ready");
        await page.GetByRole(AriaRole.Button, new() { Name = "归档会议" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("meeting-status")).ToHaveTextAsync("已归档");
        await Assertions.Expect(page.GetByTestId("attendance-list")).ToContainTextAsync("病假（住院）");
        await ShotBothAsync(page, "20-meeting-closed");

        // 5. The compliance page now counts last month as done, in the organization's year and in the grid.
        await page.GotoAsync("/Meetings/Compliance?kind=ThemedPartyDay" + (lastMonth.Year == today.Year ? "" : $"&year={lastMonth.Year}"));
        await Assertions.Expect(month).ToHaveAttributeAsync("data-state", "Done");
        var row = page.GetByTestId("compliance-grid").Locator("tr", new() { HasText = "延中社区第一党支部" });
        await Assertions.Expect(row.Locator("td").Nth(lastMonth.Month - 1)).ToHaveAttributeAsync("data-state", "Done");
        await ShotBothAsync(page, "20-compliance-after");

        // 6. The calendar of last month shows the meeting on its day.
        await page.GotoAsync($"/Meetings/Calendar?day={lastMonth.AddDays(14):yyyy-MM-dd}");
        await Assertions.Expect(page.Locator($"[data-day='{lastMonth.AddDays(14):yyyy-MM-dd}']")).ToContainTextAsync("主题党日");
        await ShotBothAsync(page, "20-meeting-calendar");
    }
}
