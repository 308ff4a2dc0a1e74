using System.Text.RegularExpressions;
using Dangjian.BrowserTests.Infrastructure;
using Dangjian.Platform.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Dangjian.BrowserTests.Journeys;

public sealed class ImportJourney(BrowserApp app) : BrowserTest(app)
{
    private const string Branch = "延中社区第一党支部";
    private const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>Three people of Zhengzhou's Zhongyuan district (area 410102, unlike the demo data's 411002), with the initials one types to find them.</summary>
    private static readonly (string Name, string Initials, string IdNumber)[] People =
    [
        ("欧阳晓峰", "oyxf", ChineseIdNumber.Compose("410102", new DateOnly(1978, 4, 9), 211, Sex.Male)),
        ("司徒文静", "stwj", ChineseIdNumber.Compose("410102", new DateOnly(1986, 11, 23), 342, Sex.Female)),
        ("慕容海波", "mrhb", ChineseIdNumber.Compose("410102", new DateOnly(1969, 2, 17), 455, Sex.Male)),
    ];

    [Fact]
    public async Task Yanzhong_reads_the_report_of_a_sheet_with_one_bad_row_then_imports_the_corrected_sheet()
    {
        var page = await NewPageAsync();
        await SignInAsync(page, "yanzhong");

        // 1. From the member list to the import page.
        await page.GotoAsync("/Members");
        await ShotBothAsync(page, "07-members-before-import");
        await page.GetByRole(AriaRole.Link, new() { Name = "导入", Exact = true }).ClickAsync();
        await WaitForPageAsync(page, new Regex("/Members/Import$"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("从Excel导入党员");
        await ShotBothAsync(page, "07-import");

        // 2. The template link downloads a workbook; its header row is what the sheet below is built on.
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "下载导入模板" }).ClickAsync());
        download.SuggestedFilename.ShouldBe("党员信息导入模板.xlsx");
        var template = await File.ReadAllBytesAsync((await download.PathAsync())!);
        var response = await page.Context.APIRequest.GetAsync("/api/v1/members/import-template.xlsx");
        response.Status.ShouldBe(200);
        response.Headers["content-type"].ShouldBe(ContentType);
        // An .xlsx is a zip package: both copies start with its "PK" signature (they differ in the zip's timestamps).
        (await response.BodyAsync())[..2].ShouldBe("PK"u8.ToArray());
        template[..2].ShouldBe("PK"u8.ToArray());
        var headers = TemplateHeaders(template);
        headers.Count.ShouldBe(21);
        headers[2].ShouldBe("身份证号");

        // 3. A sheet whose Excel row 3 has a wrong check digit: the report names the row, the column and the reason.
        var (badName, _, goodId) = People[1];
        var badId = goodId[..17] + (goodId[17] == '0' ? '1' : '0');
        await UploadAsync(page, "党员名单.xlsx", Sheet(headers, People.Select(p => p.Name == badName ? p with { IdNumber = badId } : p)));
        var failed = page.GetByTestId("import-failed");
        await Assertions.Expect(failed.GetByRole(AriaRole.Alert)).ToContainTextAsync("未导入任何党员");
        await Assertions.Expect(failed.GetByRole(AriaRole.Alert)).ToContainTextAsync("共有 1 行数据有误（1 处）");
        var errorRows = failed.Locator("table tbody tr");
        await Assertions.Expect(errorRows).ToHaveCountAsync(1);
        await Assertions.Expect(errorRows.Locator("td")).ToHaveTextAsync(["3", "身份证号", "身份证号校验位不正确，请核对"]);
        await Assertions.Expect(failed.GetByRole(AriaRole.Columnheader)).ToHaveTextAsync(["行号", "列", "原因"]);
        await ShotBothAsync(page, "07-import-report");
        await ShouldFitAPhoneAsync(page);

        // Nothing was written: not even the two good rows.
        foreach (var (name, _, _) in People.Where(p => p.Name != badName))
        {
            await page.GotoAsync("/Members?q=" + Uri.EscapeDataString(name));
            await Assertions.Expect(page.GetByTestId("result-count")).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("#member-results a[href^='/Members/Details']", new() { HasText = name })).ToHaveCountAsync(0);
        }
        await ShotBothAsync(page, "07-members-not-imported");

        // 4. The corrected sheet goes in whole; the page says how many after its redirect.
        await page.GetByRole(AriaRole.Link, new() { Name = "导入", Exact = true }).ClickAsync();
        await WaitForPageAsync(page, new Regex("/Members/Import$"));
        await UploadAsync(page, "党员名单（改正）.xlsx", Sheet(headers, People));
        await WaitForPageAsync(page, new Regex("/Members/Import$"));
        await Assertions.Expect(page.GetByTestId("import-success")).ToHaveTextAsync(new Regex(@"已成功导入\s*3\s*名党员"));
        await Assertions.Expect(page.GetByTestId("import-failed")).ToHaveCountAsync(0);
        await ShotBothAsync(page, "07-import-success");

        // 5. Each newcomer is found in the list by the initials of the name, typed as one would.
        await page.GetByRole(AriaRole.Link, new() { Name = "查看党员列表" }).ClickAsync();
        await WaitForPageAsync(page, new Regex("/Members$"));
        foreach (var (name, initials, _) in People)
        {
            await page.Locator("#q").FillAsync("");
            await page.Locator("#q").PressSequentiallyAsync(initials, new() { Delay = 60 });
            await Assertions.Expect(page).ToHaveURLAsync(new Regex("q=" + initials));
            var link = page.Locator("#member-results a[href^='/Members/Details']", new() { HasText = name }).Filter(new() { Visible = true });
            await Assertions.Expect(link).ToHaveCountAsync(1);
            await Assertions.Expect(page.Locator("#member-results tr", new() { HasText = name })).ToContainTextAsync(Branch);
        }
        await ShotBothAsync(page, "07-members-imported");
    }

    [Fact]
    public async Task Yanzhong_uploads_a_large_sheet_watches_the_background_import_on_a_phone_and_finds_its_people()
    {
        var page = await NewPageAsync(PhoneWidth);
        await SignInAsync(page, "yanzhong");
        await page.GotoAsync("/Members/Import");
        var template = await (await page.Context.APIRequest.GetAsync("/api/v1/members/import-template.xlsx")).BodyAsync();

        // 2,500 people of one new residential compound: sequence codes 001–999 on three birthdays keep every ID number valid and distinct.
        var people = Enumerable.Range(0, 2500).Select(i =>
        {
            var name = "后台" + "甲乙丙丁戊己庚辛壬癸"[i % 10] + "子丑寅卯辰巳午未申酉戌亥"[i / 10 % 12] + (i >= 120 ? "天地玄黄宇宙洪荒日月"[i / 120 % 10].ToString() : "");
            var id = ChineseIdNumber.Compose("410102", new DateOnly(1960 + i / 999, 5, 1 + i / 999), i % 999 + 1, (i % 999) % 2 == 0 ? Sex.Male : Sex.Female);
            return (name, "", id);
        }).ToList();
        var sheet = Sheet(TemplateHeaders(template), people);
        sheet.Length.ShouldBeGreaterThan(32768, "the sheet must be larger than the in-request limit this app is set to");

        await UploadAsync(page, "新小区党员名单.xlsx", sheet);
        await WaitForPageAsync(page, new Regex(@"/Jobs/Details\?id=\d+$"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("导入");
        await Assertions.Expect(page.GetByRole(AriaRole.Status).Or(page.Locator(".alert")).First).ToContainTextAsync("已转入后台导入");
        // The status block polls until the job has finished.
        await Assertions.Expect(page.GetByTestId("job-state")).ToHaveTextAsync("已完成", new() { Timeout = 120_000 });
        await Assertions.Expect(page.GetByTestId("job-message")).ToHaveTextAsync("已导入2500名党员");
        await ShotAsync(page, "07-import-job");
        (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth")).ShouldBeLessThanOrEqualTo(0);

        await page.GotoAsync("/Members?q=" + Uri.EscapeDataString(people[2499].name));
        await Assertions.Expect(page.Locator("#member-results a[href^='/Members/Details']", new() { HasText = people[2499].name }).Filter(new() { Visible = true }))
            .Not.ToHaveCountAsync(0);
        await ShotAsync(page, "07-import-job-members");
    }

    /// <summary>At phone width neither the page nor the error table needs sideways scrolling.</summary>
    private static async Task ShouldFitAPhoneAsync(IPage page)
    {
        var original = page.ViewportSize!;
        await page.SetViewportSizeAsync(PhoneWidth, 812);
        var overflow = await page.EvaluateAsync<int[]>(
            "() => [document.documentElement.scrollWidth - window.innerWidth, ...[...document.querySelectorAll('.table-responsive')].map(e => e.scrollWidth - e.clientWidth)]");
        overflow.ShouldAllBe(pixels => pixels <= 0, "wider than the phone, in pixels (page first, then each table)");
        // The outcome of the upload is the first thing on the screen, not below the form.
        await Assertions.Expect(page.GetByTestId("import-failed").Locator("table")).ToBeInViewportAsync(new() { Ratio = 1 });
        await page.SetViewportSizeAsync(original.Width, original.Height);
    }

    private static async Task UploadAsync(IPage page, string fileName, byte[] xlsx)
    {
        await page.GetByLabel(new Regex("^Excel文件")).SetInputFilesAsync(new FilePayload { Name = fileName, MimeType = ContentType, Buffer = xlsx });
        await page.GetByRole(AriaRole.Button, new() { Name = "开始导入" }).ClickAsync();
        await page.WaitForLoadStateAsync();
    }

    /// <summary>The first row of the template's first sheet, read with the Open XML SDK independently of the app's reader.</summary>
    private static List<string> TemplateHeaders(byte[] xlsx)
    {
        using var document = SpreadsheetDocument.Open(new MemoryStream(xlsx), false);
        var book = document.WorkbookPart!;
        var first = book.Workbook.Sheets!.Elements<Sheet>().First();
        first.Name!.Value.ShouldBe("党员信息");
        var shared = book.SharedStringTablePart?.SharedStringTable.Elements<SharedStringItem>().Select(i => i.InnerText).ToList() ?? [];
        var header = ((WorksheetPart)book.GetPartById(first.Id!.Value!)).Worksheet.Descendants<Row>().First();
        return header.Elements<Cell>().Select(cell =>
            cell.DataType?.Value == CellValues.SharedString ? shared[int.Parse(cell.CellValue!.Text, System.Globalization.CultureInfo.InvariantCulture)]
            : cell.DataType?.Value == CellValues.InlineString ? cell.InlineString!.InnerText
            : cell.CellValue?.Text ?? "").ToList();
    }

    /// <summary>A workbook as someone fills in the template: the header row, then one person a row, every cell typed as text.</summary>
    private static byte[] Sheet(IReadOnlyList<string> headers, IEnumerable<(string Name, string Initials, string IdNumber)> people)
    {
        var rows = new List<string?[]> { headers.ToArray() };
        rows.AddRange(people.Select(p => new string?[]
        {
            p.Name, Branch, p.IdNumber, null, "汉族", null, "大学本科", "正式党员", "2008-07-01", "2009-07-01", "社区工作者", "13912345678",
            "延中小区2号楼1单元302", "正常", null, null,
        }));
        using var output = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(output, SpreadsheetDocumentType.Workbook))
        {
            var book = document.AddWorkbookPart();
            book.Workbook = new Workbook();
            var data = new SheetData();
            for (var r = 0; r < rows.Count; r++)
            {
                var row = new Row { RowIndex = (uint)(r + 1) };
                for (var c = 0; c < rows[r].Length; c++)
                {
                    if (rows[r][c] is { } text)
                    {
                        row.Append(new Cell
                        {
                            CellReference = $"{(char)('A' + c)}{r + 1}",
                            DataType = CellValues.InlineString,
                            InlineString = new InlineString(new Text(text)),
                        });
                    }
                }
                data.Append(row);
            }
            var sheet = book.AddNewPart<WorksheetPart>();
            sheet.Worksheet = new Worksheet(data);
            book.Workbook.AppendChild(new Sheets(new Sheet { Name = "党员信息", SheetId = 1, Id = book.GetIdOfPart(sheet) }));
        }
        return output.ToArray();
    }
}
