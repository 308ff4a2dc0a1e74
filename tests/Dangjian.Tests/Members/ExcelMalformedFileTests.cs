using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Dangjian.Tests.Infrastructure;

namespace Dangjian.Tests.Members;

/// <summary>Whatever is uploaded, a file that cannot be imported gets one clear Chinese message, a 400, and nothing is written.</summary>
public partial class ExcelMalformedFileTests(AppFactory app) : ExcelApiTest(app)
{
    private const string NotAWorkbook = "文件不是有效的Excel工作簿（.xlsx）";

    public static TheoryData<string, string> Files => new()
    {
        { "random bytes", NotAWorkbook },
        { "a text file renamed", NotAWorkbook },
        { "a zip that is not a workbook", NotAWorkbook },
        { "a truncated workbook", NotAWorkbook },
        { "an empty file", "上传的文件是空的" },
        { "an old .xls file", "旧版Excel（.xls）" },
        { "a sheet without a header row", "没有找到表头行" },
        { "swapped columns", "第1行表头的C列应为“身份证号”，实际为“性别”" },
        { "an added column", "第1行表头的V列“备注”不是模板中的列" },
        { "an added column after the older 16", "第1行表头的Q列“备注”不是模板中的列" },
        { "the added columns out of order", "第1行表头的R列应为“工作状态”，实际为“协管党员”" },
        { "only some of the added columns", "第1行表头的S列应为“协管党员”，实际为空白" },
        { "a header without data", "表头下方没有党员数据" },
        { "a workbook without sheets", "文件中没有工作表" },
    };

    [Theory]
    [MemberData(nameof(Files))]
    public async Task A_file_that_is_not_a_usable_workbook_is_refused_with_one_clear_message(string file, string message)
    {
        var client = await As("baling");
        var before = await MemberCount();

        var problem = await Refused(await PostSheet(client, Content(file)));

        var error = problem.Errors!.ShouldHaveSingleItem();
        error.Row.ShouldBe(0);
        error.Message.ShouldContain(message);
        problem.Detail.ShouldBe(error.Message);
        Chinese().IsMatch(problem.Detail!).ShouldBeTrue();
        (await MemberCount()).ShouldBe(before);
    }

    [Fact]
    public async Task A_file_over_40_MB_is_refused_before_it_is_read()
    {
        var client = await As("baling");
        var big = new byte[(40 * 1024 * 1024) + 1];
        "PK\u0003\u0004"u8.CopyTo(big);

        var problem = await Refused(await PostSheet(client, big));

        problem.Errors!.ShouldHaveSingleItem().Message.ShouldStartWith("文件超过40 MB");
    }

    [Fact]
    public async Task A_sheet_of_more_than_100000_rows_is_refused()
    {
        var client = await As("baling");
        var before = await MemberCount();
        var rows = Enumerable.Range(0, 100_001).Select(i => (IReadOnlyList<object?>)[$"党员{i}", "延中社区第一党支部"]);

        var problem = await Refused(await PostSheet(client, ExcelBooks.Build([ExcelBooks.Headers, .. rows])));

        problem.Errors!.ShouldHaveSingleItem().Message.ShouldStartWith("数据超过100000行");
        (await MemberCount()).ShouldBe(before);
    }

    [Fact]
    public async Task A_request_without_the_file_field_is_told_how_to_send_it()
    {
        var client = await As("baling");

        var problem = await Refused(await client.PostAsync("/api/v1/members/import", ExcelBooks.Upload(Content("a header without data"), field: "upload")));

        problem.Errors!.ShouldHaveSingleItem().Message.ShouldContain("字段名为 file");

        // A body that is not a form at all is refused by the framework before the endpoint runs.
        var raw = new ByteArrayContent(ExcelBooks.Sheet([ExcelBooks.Person("非表单", "延中社区第一党支部")]));
        raw.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(ExcelBooks.ContentType);
        (await client.PostAsync("/api/v1/members/import", raw)).StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType);
    }

    private static byte[] Content(string file) => file switch
    {
        "random bytes" => RandomBytes(4096, seed: 7),
        "a text file renamed" => Encoding.UTF8.GetBytes("姓名,所在党组织,身份证号\n张三,延中社区第一党支部,110105198003120011\n"),
        "a zip that is not a workbook" => Zip(("readme.txt", "这不是工作簿")),
        "a truncated workbook" => FirstHalf(ExcelBooks.Sheet([ExcelBooks.Person("截断", "延中社区第一党支部")])),
        "an empty file" => [],
        "an old .xls file" => [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, .. RandomBytes(1024, seed: 3)],
        "a sheet without a header row" => ExcelBooks.Build([ExcelBooks.Person("无表头", "延中社区第一党支部").Cells()]),
        "swapped columns" => ExcelBooks.Build([[.. ExcelBooks.Headers[..2], "性别", "身份证号", .. ExcelBooks.Headers[4..]]]),
        "an added column" => ExcelBooks.Build([[.. ExcelBooks.Headers, "备注"]]),
        "an added column after the older 16" => ExcelBooks.Build([[.. ExcelBooks.NationalHeaders, "备注"]]),
        "the added columns out of order" => ExcelBooks.Build([[.. ExcelBooks.NationalHeaders, "所在党小组", "协管党员", "工作状态", "身份岗位", "联系户"]]),
        "only some of the added columns" => ExcelBooks.Build([[.. ExcelBooks.NationalHeaders, "所在党小组", "工作状态"]]),
        "a header without data" => ExcelBooks.Build([ExcelBooks.Headers]),
        "a workbook without sheets" => Zip(
            ("[Content_Types].xml", """<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>"""),
            ("_rels/.rels", """<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"""),
            ("xl/workbook.xml", """<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets/></workbook>""")),
        _ => throw new ArgumentOutOfRangeException(nameof(file)),
    };

    private static byte[] FirstHalf(byte[] whole) => whole[..(whole.Length / 2)];

    private static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static byte[] Zip(params (string Name, string Text)[] entries)
    {
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, text) in entries)
            {
                using var writer = new StreamWriter(zip.CreateEntry(name).Open(), new UTF8Encoding(false));
                writer.Write(text);
            }
        }
        return output.ToArray();
    }

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}")]
    private static partial Regex Chinese();
}
