using Dangjian.BrowserTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.BrowserTests.Journeys;

/// <summary>The browser is a Chinese user's: dates are entered year first and the browser's own messages are Chinese.</summary>
public sealed class ChineseBrowserJourney(BrowserApp app) : BrowserTest(app)
{
    [Fact]
    public async Task A_date_is_typed_year_month_day_and_the_browser_speaks_chinese()
    {
        var parentId = await App.WithDbAsync(async (db, _) => await db.Organizations.Where(o => o.Name == "中共延中社区委员会").Select(o => o.Id).FirstAsync());
        var page = await NewPageAsync();
        await SignInAsync(page, "baling");
        await page.GotoAsync($"/Organizations/Edit?parentId={parentId}");

        // Keys fill the fields in their on-screen order: 年/月/日 in Chinese, mm/dd/yyyy in American English. A year
        // takes up to six digits, so the keyboard moves on from it by hand; month and day move on by themselves.
        var established = page.GetByLabel("成立日期");
        await established.FocusAsync();
        await established.PressSequentiallyAsync("2026");
        await established.PressAsync("ArrowRight");
        await established.PressSequentiallyAsync("0701");
        await Assertions.Expect(established).ToHaveValueAsync("2026-07-01");

        var browserMessage = await page.EvaluateAsync<string>("() => { const i = document.createElement('input'); i.required = true; return i.validationMessage; }");
        browserMessage.ShouldMatch(@"\p{IsCJKUnifiedIdeographs}", "the browser's own wording (\"Please fill out this field.\" in English)");

        await established.FillAsync("");
        await established.BlurAsync();
        await ShotAsync(page, "07-date-input-empty", fullPage: false);
        await established.FillAsync("2026-07-01");
        await established.BlurAsync();
        await ShotAsync(page, "07-date-input-filled", fullPage: false);
    }
}
