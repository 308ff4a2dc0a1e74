using System.Net;
using System.Text.RegularExpressions;
using Dangjian.Tests.Infrastructure;

namespace Dangjian.Tests.Members;

/// <summary>The import page: template link, upload form with its antiforgery token, error table, success message.</summary>
public partial class ExcelImportPageTests(AppFactory app) : ExcelApiTest(app)
{
    private const string First = "延中社区第一党支部";

    [Fact]
    public async Task The_page_offers_the_template_and_an_upload_form()
    {
        var html = await (await As("yanzhong")).GetStringAsync("/Members/Import");

        html.ShouldContain("href=\"/api/v1/members/import-template.xlsx\"");
        html.ShouldContain("enctype=\"multipart/form-data\"");
        Token().IsMatch(html).ShouldBeTrue();
    }

    [Fact]
    public async Task A_bad_sheet_shows_every_error_in_a_table_with_markup_escaped()
    {
        var client = await As("yanzhong");
        var before = await MemberCount();
        var sheet = ExcelBooks.Sheet([
            ExcelBooks.Person("页面良好", First),
            ExcelBooks.Person("页面组织", "<script>alert('x')</script>"),
            ExcelBooks.Person("页面日期", First) with { JoinedOn = "去年" },
        ]);

        var response = await Post(client, sheet);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var raw = await response.Content.ReadAsStringAsync();
        var html = WebUtility.HtmlDecode(raw);
        html.ShouldContain("未导入任何党员");
        html.ShouldContain("<th scope=\"col\" class=\"text-nowrap\">行号</th>");
        html.ShouldContain("<th scope=\"col\">原因</th>");
        html.ShouldContain("<td>3</td>");
        html.ShouldContain("<td>4</td>");
        html.ShouldContain("入党日期");
        html.ShouldContain("所在党组织“<script>alert('x')</script>”不存在或不在您的管辖范围内");
        raw.ShouldNotContain("<script>", Case.Insensitive, "the name typed into the sheet is shown as text, not run");
        (await MemberCount()).ShouldBe(before);
    }

    [Fact]
    public async Task A_file_that_is_not_a_workbook_shows_one_message()
    {
        var html = WebUtility.HtmlDecode(await (await Post(await As("yanzhong"), "不是Excel文件"u8.ToArray())).Content.ReadAsStringAsync());

        html.ShouldContain("文件不是有效的Excel工作簿（.xlsx）");
        html.ShouldNotContain("<th scope=\"col\">原因</th>");
    }

    [Fact]
    public async Task A_good_sheet_is_imported_and_the_count_shown_after_a_redirect()
    {
        var client = await As("yanzhong");
        var person = ExcelBooks.Person("页面导入", First);

        var response = await Post(client, ExcelBooks.Sheet([person]));

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.OriginalString.ShouldBe("/Members/Import");
        var html = WebUtility.HtmlDecode(await client.GetStringAsync("/Members/Import"));
        html.ShouldContain("已成功导入 <strong>1</strong> 名党员");
        (await FindByIdNumber(client, person.IdNumber)).ShouldNotBeNull();
    }

    [Fact]
    public async Task The_form_needs_its_antiforgery_token_and_the_permission()
    {
        var client = await As("yanzhong");
        var withoutToken = await client.PostAsync("/Members/Import", ExcelBooks.Upload(ExcelBooks.Sheet([ExcelBooks.Person("无令牌", First)]), field: "Upload"));
        withoutToken.StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        (await (await As("wangge")).GetAsync("/Members/Import")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    private static async Task<HttpResponseMessage> Post(HttpClient client, byte[] xlsx)
    {
        var page = await client.GetStringAsync("/Members/Import");
        var form = ExcelBooks.Upload(xlsx, field: "Upload");
        form.Add(new StringContent(Token().Match(page).Groups[1].Value), "__RequestVerificationToken");
        return await client.PostAsync("/Members/Import", form);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
