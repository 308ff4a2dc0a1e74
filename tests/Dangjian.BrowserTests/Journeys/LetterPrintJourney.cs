using System.Text.RegularExpressions;
using Dangjian.BrowserTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.BrowserTests.Journeys;

/// <summary>
/// A branch secretary prints the introduction letter of a pending transfer (on screen, as the printer sees it, and as a
/// PDF) and the blank receipt; the receiving branch opens the address of the letter's QR code.
/// </summary>
public sealed class LetterPrintJourney(BrowserApp app) : BrowserTest(app)
{
    private const int A4Width = 794;
    private const int A4Height = 1123;

    [Fact]
    public async Task Yanzhong_prints_a_letter_and_minjing_opens_its_qr_address()
    {
        var member = await App.WithDbAsync(async (db, _) => await db.Members
            .Where(m => db.Organizations.Any(o => o.Id == m.OrganizationId && o.Name == "延中社区第一党支部"))
            .OrderBy(m => m.Id).Skip(5).Select(m => new { m.Id, m.Name }).FirstAsync());
        const string letter = "许魏组转〔2026〕21号";

        // 1. A pending transfer: yanzhong issues the letter to 民警路街道光明社区党支部.
        var page = await NewPageAsync();
        await SignInAsync(page, "yanzhong");
        await page.GotoAsync($"/Transfers/New?memberId={member.Id}");
        await page.GetByLabel("查找转入党组织").PressSequentiallyAsync("光明社区", new() { Delay = 60 });
        await page.GetByLabel(new Regex("民警路街道光明社区党支部")).CheckAsync();
        await page.GetByLabel("介绍信编号").FillAsync(letter);
        await page.GetByLabel("党费交至").FillAsync("2026-10");
        await page.GetByRole(AriaRole.Button, new() { Name = "开具介绍信" }).ClickAsync();
        await WaitForPageAsync(page, new Regex($"/Members/Details\\?id={member.Id}"));

        // 2. From the list of letters to the print page.
        await page.GotoAsync("/Transfers?direction=out");
        var card = page.GetByTestId($"transfer-{letter}");
        await Assertions.Expect(card).ToContainTextAsync("待接收");
        await card.GetByRole(AriaRole.Link, new() { Name = "打印介绍信" }).ClickAsync();
        await WaitForPageAsync(page, new Regex("/Transfers/Letter\\?id=\\d+"));
        var sheet = page.GetByTestId("letter");
        await Assertions.Expect(sheet).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("letter-number")).ToHaveTextAsync(letter);
        await Assertions.Expect(page.GetByTestId("letter-member")).ToHaveTextAsync(member.Name);
        await Assertions.Expect(page.GetByTestId("letter-dues")).ToHaveTextAsync(new Regex("党费已交到\\s*2026\\s*年\\s*10\\s*月"));
        await Assertions.Expect(page.GetByTestId("letter-validity")).ToContainTextAsync("有效期");
        // A branch secretary may reveal ID numbers: the letter carries the full number, as the paper form does.
        await Assertions.Expect(page.GetByTestId("letter-id-number")).ToHaveTextAsync(new Regex(@"^\d{17}[\dX]$"));
        var qr = page.GetByTestId("letter-qr");
        await Assertions.Expect(qr.Locator("svg")).ToBeVisibleAsync();
        var qrUrl = await qr.GetAttributeAsync("data-qr-url");
        var id = Regex.Match(page.Url, "id=(\\d+)").Groups[1].Value;
        qrUrl.ShouldBe(new Uri(App.BaseAddress, $"/Transfers/Details?id={id}").ToString());

        // The 打印 button opens the browser's print dialog (replaced here by a counter: headless Chromium has no dialog).
        await page.EvaluateAsync("() => { window.printed = 0; window.print = () => { window.printed++; }; }");
        await page.GetByRole(AriaRole.Button, new() { Name = "打印", Exact = true }).ClickAsync();
        await page.WaitForFunctionAsync("() => window.printed === 1");

        await ShotBothAsync(page, "07-letter");
        await page.SetViewportSizeAsync(PhoneWidth, 812);
        await page.WaitForFunctionAsync("w => window.innerWidth === w", PhoneWidth);
        (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth")).ShouldBeLessThanOrEqualTo(0, "nothing is wider than a phone");
        await page.SetViewportSizeAsync(DesktopWidth, 900);
        await page.WaitForFunctionAsync("w => window.innerWidth === w", DesktopWidth);

        // 3. As the printer sees it, on a window as wide as A4 at 96 dpi: no menu, no buttons; and as a PDF.
        await page.SetViewportSizeAsync(A4Width, A4Height);
        await page.WaitForFunctionAsync("w => window.innerWidth === w", A4Width);
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        await Assertions.Expect(page.Locator("header.app-bar")).ToBeHiddenAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "打印", Exact = true })).ToBeHiddenAsync();
        await Assertions.Expect(sheet).ToBeVisibleAsync();
        await ShotAsync(page, "07-letter-print-media");
        var pdf = await page.PdfAsync(new() { Format = "A4", PrintBackground = true, PreferCSSPageSize = true });
        System.Text.Encoding.ASCII.GetString(pdf, 0, 5).ShouldBe("%PDF-");
        pdf.Length.ShouldBeGreaterThan(10_000, "a page with text and a QR code");
        await File.WriteAllBytesAsync(Path.Combine(ScreenshotDirectory, "07-letter.pdf"), pdf);
        await page.EmulateMediaAsync(new() { Media = Media.Screen });
        await page.SetViewportSizeAsync(DesktopWidth, 900);

        // 4. The blank receipt that goes with the letter.
        await page.GetByRole(AriaRole.Link, new() { Name = "打印回执" }).ClickAsync();
        await WaitForPageAsync(page, new Regex("/Transfers/Receipt\\?id=\\d+"));
        await Assertions.Expect(page.GetByTestId("receipt-member")).ToHaveTextAsync(member.Name);
        await Assertions.Expect(page.GetByTestId("receipt-blank")).ToBeVisibleAsync();
        await ShotBothAsync(page, "07-receipt-blank");
        await SignOutAsync(page);

        // 5. The receiving branch opens the QR code's address and finds the letter waiting for it.
        await SignInAsync(page, "minjing");
        await page.GotoAsync(qrUrl!);
        await Assertions.Expect(page.GetByTestId("transfer-status")).ToHaveTextAsync("待接收");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "接收", Exact = true })).ToBeVisibleAsync();
        await ShotBothAsync(page, "07-letter-status");
    }
}
