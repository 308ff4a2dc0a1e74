using System.Text.RegularExpressions;
using Dangjian.BrowserTests.Infrastructure;

namespace Dangjian.BrowserTests.Journeys;

public sealed class ExportJobJourney(BrowserApp app) : BrowserTest(app)
{
    [Fact]
    public async Task Yanzhong_starts_a_background_export_watches_it_finish_on_a_phone_and_downloads_the_roll()
    {
        var page = await NewPageAsync(PhoneWidth);
        await SignInAsync(page, "yanzhong");

        // The list's button starts a job only above the request limit, which the demo's few members never reach: the
        // same form is posted here as the button would post it, with the page's own cookie and antiforgery token.
        await page.GotoAsync("/Members/Import");
        var token = await page.Locator("input[name='__RequestVerificationToken']").First.GetAttributeAsync("value");
        var started = await page.Context.APIRequest.PostAsync("/Members/Export", new()
        {
            Form = page.Context.APIRequest.CreateFormData().Append("__RequestVerificationToken", token!).Append("category", "Full"),
            MaxRedirects = 0,
        });
        started.Status.ShouldBe(302);
        var jobPage = started.Headers["location"];
        jobPage.ShouldStartWith("/Jobs/Details?id=");

        await page.GotoAsync(jobPage);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("导出党员名册");
        // The status block polls until the job has finished, then shows the download.
        var download = page.GetByTestId("job-download");
        await Assertions.Expect(download).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("job-state")).ToHaveTextAsync("已完成");
        await Assertions.Expect(page.GetByTestId("job-message")).ToHaveTextAsync(new Regex(@"已导出\d+名党员"));
        await ShotAsync(page, "12-export-job");
        // Nothing on the job's page needs sideways scrolling at phone width (the SHA-256 breaks inside its box).
        (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth")).ShouldBeLessThanOrEqualTo(0);

        var file = await page.RunAndWaitForDownloadAsync(() => download.ClickAsync());
        file.SuggestedFilename.ShouldStartWith("党员名册_");
        (await File.ReadAllBytesAsync((await file.PathAsync())!))[..2].ShouldBe("PK"u8.ToArray());

        // The menu leads to the list of one's jobs.
        await page.Locator(".navbar-toggler").ClickAsync();
        await page.Locator("#main-nav").GetByRole(AriaRole.Link, new() { Name = "后台任务" }).ClickAsync();
        await WaitForPageAsync(page, new Regex("/Jobs$"));
        await Assertions.Expect(page.GetByTestId("job-list")).ToContainTextAsync("导出党员名册");
        await ShotAsync(page, "12-jobs");
    }
}
