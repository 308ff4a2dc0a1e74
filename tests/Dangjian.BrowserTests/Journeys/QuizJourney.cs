using System.Text.RegularExpressions;
using Dangjian.BrowserTests.Infrastructure;

namespace Dangjian.BrowserTests.Journeys;

public sealed class QuizJourney(BrowserApp app) : BrowserTest(app)
{
    [Fact]
    public async Task A_secretary_imports_a_bank_and_opens_a_contest_and_a_member_takes_it_on_a_phone()
    {
        // 1. The branch secretary makes a bank from the template's sheet and opens a contest for the branch.
        var page = await NewPageAsync();
        await SignInAsync(page, "yanzhong");
        await page.GotoAsync("/Study/Contests");
        var title = $"支部应知应会题库{Guid.NewGuid():N}"[..14];
        await page.GetByLabel("新题库名称").FillAsync(title);
        await page.GetByRole(AriaRole.Button, new() { Name = "新建题库" }).ClickAsync();
        await WaitForPageAsync(page, new Regex(@"/Study/Bank\?id=\d+$"));
        await page.GetByLabel("题库文件（.xlsx）").SetInputFilesAsync(new FilePayload
        {
            Name = "题库.xlsx", MimeType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Buffer = await Dangjian.Features.Study.QuestionSheet.TemplateAsync(CancellationToken.None),
        });
        await page.GetByRole(AriaRole.Button, new() { Name = "导入" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("已导入 3 道题");
        await ShotAsync(page, "23-question-bank");

        await page.GotoAsync("/Study/Contests");
        await page.GetByText("举办竞赛").ClickAsync();
        var contest = $"党章党规知识竞赛{Guid.NewGuid():N}"[..12];
        await page.GetByLabel("竞赛名称").FillAsync(contest);
        await page.GetByRole(AriaRole.Combobox, new() { Name = "题库", Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = $"{title}（3 题）" });
        await page.GetByLabel("单选题数").FillAsync("1");
        await page.GetByLabel("多选题数").FillAsync("1");
        await page.GetByLabel("判断题数").FillAsync("1");
        await page.GetByLabel("单选每题分").FillAsync("30");
        await page.GetByLabel("多选每题分").FillAsync("40");
        await page.GetByLabel("判断每题分").FillAsync("30");
        await page.GetByLabel("答题时限（分钟）").FillAsync("10");
        var beijing = DateTime.UtcNow.AddHours(8);
        await page.GetByLabel("开始时间").FillAsync(beijing.AddMinutes(-5).ToString("yyyy-MM-ddTHH:mm"));
        await page.GetByLabel("截止时间").FillAsync(beijing.AddDays(1).ToString("yyyy-MM-ddTHH:mm"));
        await page.GetByRole(AriaRole.Button, new() { Name = "发布竞赛" }).ClickAsync();
        await WaitForPageAsync(page, new Regex(@"/Study/Contest\?id=\d+$"));
        await Assertions.Expect(page.GetByTestId("contest-figures")).ToContainTextAsync("已交卷 0 人");
        var contestUrl = page.Url;

        // 2. A member finds it under 我的学习 on the phone, answers in large type and submits once.
        var phone = await NewPageAsync(PhoneWidth);
        await SignInAsync(phone, "dangyuan");
        await phone.GetByRole(AriaRole.Link, new() { Name = "我的学习" }).ClickAsync();
        await WaitForPageAsync(phone, new Regex("/Study/Mine$"));
        var card = phone.Locator("article").Filter(new() { HasText = contest });
        await card.GetByRole(AriaRole.Link, new() { Name = "开始答题" }).ClickAsync();
        await WaitForPageAsync(phone, new Regex(@"/Study/Quiz\?c=\d+$"));
        await phone.GetByTestId("start-quiz").ClickAsync();
        await Assertions.Expect(phone.GetByRole(AriaRole.Timer)).ToContainTextAsync("剩余时间");
        await Assertions.Expect(phone.Locator("fieldset.quiz-question")).ToHaveCountAsync(3);
        await phone.GetByLabel("A. 实现共产主义").CheckAsync();
        foreach (var option in new[] { "A. 支部党员大会", "B. 支部委员会", "C. 党小组会", "D. 按时上好党课" })
        {
            await phone.GetByLabel(option).CheckAsync();
        }
        await phone.GetByLabel("正确", new() { Exact = true }).CheckAsync();
        await ShotAsync(phone, "23-quiz");
        await phone.GetByTestId("submit-quiz").ClickAsync();
        await Assertions.Expect(phone.GetByTestId("quiz-score")).ToContainTextAsync("得分：100 / 100");
        await Assertions.Expect(phone.GetByTestId("my-rank")).ToContainTextAsync("第 1 名");
        await ShotAsync(phone, "23-quiz-result");

        // 3. Going back to the paper shows the result, not a second paper; the organizer sees the submission.
        await phone.GotoAsync("/Study/Mine");
        await Assertions.Expect(phone.Locator("article").Filter(new() { HasText = contest })).ToContainTextAsync("已交卷，得分 100");
        await page.GotoAsync(contestUrl);
        await Assertions.Expect(page.GetByTestId("contest-figures")).ToContainTextAsync("已交卷 1 人");
    }
}
