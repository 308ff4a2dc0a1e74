using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Dangjian.Features.Members;
using Dangjian.Features.Transfers;
using Dangjian.Platform.Audit;
using Dangjian.Platform.PersonalData;
using Dangjian.Platform.Text;
using Dangjian.Tests.Infrastructure;

namespace Dangjian.Tests.Transfers;

/// <summary>
/// The printed introduction letter (介绍信) and receipt (回执): 延中社区第一党支部 (yanzhong) issues letters to
/// 民警路街道光明社区党支部 (minjing); both ends may print them, nobody else may, and the full ID number is printed (and
/// audited) only for whoever may reveal it on the member's page.
/// </summary>
public partial class TransferLetterTests(AppFactory app) : DemoApiTest(app)
{
    private DateOnly Today => App.Today;

    private sealed record Issued(long Id, long Member, string LetterNumber, MemberInput Input);

    private async Task<Issued> IssueToGuangming(string name, MemberCategory category = MemberCategory.Full, int validityDays = 20)
    {
        var first = await OrgId(DemoOrgs.First);
        var input = category == MemberCategory.Probationary ? People.Probationary(first, name, Today) : People.Full(first, name, Sex.Female);
        var member = await CreateMember(input);
        var number = NewLetterNumber("DY");
        var response = await PostJson(await As("yanzhong"), "/api/v1/transfers", new
        {
            memberId = member, toOrganizationId = await OrgId(DemoOrgs.Guangming), letterNumber = number, duesPaidThrough = "2026-09", validityDays,
        });
        return new Issued((await Read<Created>(response, HttpStatusCode.Created)).Id, member, number, input);
    }

    /// <summary>The page as a reader sees it: the text without tags and spaces, so that underlined blanks read as one sentence.</summary>
    private static string Words(string html) => Whitespace().Replace(WebUtility.HtmlDecode(Tags().Replace(html, "")), "");

    private async Task<(HttpStatusCode Status, string Html)> Page(string user, string url)
    {
        var response = await (await As(user)).GetAsync(url);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static int AgeOn(DateOnly birth, DateOnly day) => day.Year - birth.Year - (birth.AddYears(day.Year - birth.Year) > day ? 1 : 0);

    [Fact]
    public async Task The_letter_prints_counterfoil_and_letter_with_the_member_the_dues_the_validity_and_a_qr_code_of_its_status_page()
    {
        var letter = await IssueToGuangming("打印甲");
        var birth = (await MemberRow(letter.Member)).BirthDate;

        var (status, html) = await Page("yanzhong", $"/Transfers/Letter?id={letter.Id}");

        status.ShouldBe(HttpStatusCode.OK);
        var words = Words(html);
        words.ShouldContain("中国共产党党员组织关系介绍信（存根）");
        words.ShouldContain("裁切线");
        words.ShouldContain($"字第{letter.LetterNumber}号");
        var person = $"打印甲同志（女，{AgeOn(birth, Today)}岁，汉族）系中共正式党员，身份证号码{letter.Input.IdNumber}，";
        words.ShouldContain(person + $"组织关系由{DemoOrgs.First}转到{DemoOrgs.Guangming}。党费已交到2026年9月，有效期20天。");
        words.ShouldContain($"{DemoOrgs.Guangming}：" + person + $"由{DemoOrgs.First}去{DemoOrgs.Guangming}，请转接组织关系。");
        words.ShouldContain("该同志党费已交到2026年9月。");
        words.ShouldContain($"（有效期20天，至{LetterText.Date(Today.AddDays(20))}）");
        words.ShouldContain($"{DemoOrgs.First}（盖章）{LetterText.Date(Today)}");
        html.ShouldContain("data-print");
        html.ShouldNotContain("onclick", Case.Insensitive);

        // The code is the code of the status page's address, which is printed beside it and carries no personal data.
        var url = $"http://localhost/Transfers/Details?id={letter.Id}";
        html.ShouldContain($"data-qr-url=\"{url}\"");
        var svg = Svg().Match(html);
        svg.Success.ShouldBeTrue("the letter carries an inline SVG");
        svg.Value.ShouldBe(LetterQrCode.Svg(url), "the SVG encodes the status page's address");
        words.ShouldContain(url);

        // A branch secretary may reveal the number on the member's page: printed in full, and the disclosure audited.
        var revealed = (await AuditRows(AuditActions.Revealed, nameof(Member), letter.Member.ToString(CultureInfo.InvariantCulture))).ShouldHaveSingleItem();
        revealed.UserName.ShouldBe("yanzhong");
        revealed.Note!.ShouldContain(letter.LetterNumber);
    }

    [Fact]
    public async Task The_status_page_behind_the_qr_code_opens_for_both_ends_and_leads_to_receiving()
    {
        var letter = await IssueToGuangming("打印乙");

        var (receiving, html) = await Page("minjing", $"/Transfers/Details?id={letter.Id}");
        receiving.ShouldBe(HttpStatusCode.OK);
        var words = Words(html);
        words.ShouldContain(letter.LetterNumber);
        words.ShouldContain("待接收");
        html.ShouldContain($"href=\"/Transfers/Receive?id={letter.Id}\"");
        html.ShouldContain($"href=\"/Transfers/Receipt?id={letter.Id}\"");
        var (issuing, issuerHtml) = await Page("yanzhong", $"/Transfers/Details?id={letter.Id}");
        issuing.ShouldBe(HttpStatusCode.OK);
        issuerHtml.ShouldNotContain($"href=\"/Transfers/Receive?id={letter.Id}\"");
        issuerHtml.ShouldContain($"href=\"/Transfers/Letter?id={letter.Id}\"");
    }

    [Fact]
    public async Task The_receiving_side_prints_the_letter_with_the_id_number_masked_and_reveals_nothing()
    {
        var letter = await IssueToGuangming("打印丙", MemberCategory.Probationary);

        var (status, html) = await Page("minjing", $"/Transfers/Letter?id={letter.Id}");

        status.ShouldBe(HttpStatusCode.OK);
        var words = Words(html);
        words.ShouldContain($"系中共预备党员，身份证号码{Mask.IdNumber(letter.Input.IdNumber!)}，");
        words.ShouldNotContain(letter.Input.IdNumber!);
        words.ShouldContain("身份证号码已脱敏");
        (await AuditRows(AuditActions.Revealed, nameof(Member), letter.Member.ToString(CultureInfo.InvariantCulture))).ShouldBeEmpty();
    }

    [Fact]
    public async Task The_receipt_is_blank_while_the_letter_is_pending_and_filled_in_once_it_is_received()
    {
        var letter = await IssueToGuangming("回执甲");

        var (status, blank) = await Page("minjing", $"/Transfers/Receipt?id={letter.Id}");
        status.ShouldBe(HttpStatusCode.OK);
        var words = Words(blank);
        words.ShouldContain("中国共产党党员组织关系介绍信（回执）");
        words.ShouldContain($"{DemoOrgs.First}：回执甲同志的党员组织关系已转达我处，特此回复。");
        words.ShouldContain($"原介绍信编号：字第{letter.LetterNumber}号");
        words.ShouldContain($"{DemoOrgs.Guangming}（盖章）年月日");
        words.ShouldContain("空白回执");
        blank.ShouldNotContain(letter.Input.IdNumber!);

        const string receipt = "光回〔2026〕3号";
        (await PostJson(await As("minjing"), $"/api/v1/transfers/{letter.Id}/receive", new { receiptNumber = receipt })).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        foreach (var user in new[] { "minjing", "yanzhong" })
        {
            var (filledStatus, filled) = await Page(user, $"/Transfers/Receipt?id={letter.Id}");
            filledStatus.ShouldBe(HttpStatusCode.OK, user);
            var filledWords = Words(filled);
            filledWords.ShouldContain(receipt, customMessage: user);
            filledWords.ShouldNotContain("号号", customMessage: "a number already ending in 号 is printed as it is");
            filledWords.ShouldContain($"{DemoOrgs.Guangming}（盖章）{LetterText.Date(Today)}", customMessage: user);
            filledWords.ShouldNotContain("空白回执", customMessage: user);
        }
    }

    [Fact]
    public async Task A_cancelled_letter_prints_as_void_and_has_no_receipt()
    {
        var letter = await IssueToGuangming("作废甲");
        (await PostJson(await As("yanzhong"), $"/api/v1/transfers/{letter.Id}/cancel", new { reason = "信息有误" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        Words((await Page("yanzhong", $"/Transfers/Letter?id={letter.Id}")).Html).ShouldContain("本介绍信已撤销，作废");
        var (status, receipt) = await Page("yanzhong", $"/Transfers/Receipt?id={letter.Id}");
        status.ShouldBe(HttpStatusCode.OK);
        Words(receipt).ShouldContain("这份介绍信已撤销，没有回执。");
        receipt.ShouldNotContain("data-testid=\"receipt\"");
    }

    [Fact]
    public async Task The_print_pages_and_the_letter_api_answer_outside_both_ends_as_missing_and_audit_the_attempt()
    {
        // A letter from 延中 to another city's system: 光明社区 is at neither end.
        var member = await CreateMember(await OrgId(DemoOrgs.First), "越界打印");
        var id = await IssueTransfer(member, null);

        foreach (var url in new[] { $"/Transfers/Letter?id={id}", $"/Transfers/Receipt?id={id}", $"/Transfers/Details?id={id}", $"/api/v1/transfers/{id}/letter" })
        {
            var mark = await LastAuditId();
            var (status, body) = await Page("minjing", url);
            status.ShouldBe(HttpStatusCode.NotFound, url);
            body.ShouldNotContain("越界打印", customMessage: url);
            (await AuditRows(AuditActions.AccessDenied, nameof(Transfer), id.ToString(CultureInfo.InvariantCulture)))
                .Where(a => a.Id > mark && a.UserName == "minjing").ShouldNotBeEmpty(url);
            (await Page("minjing", url.Replace(id.ToString(CultureInfo.InvariantCulture), "987654321", StringComparison.Ordinal))).Status
                .ShouldBe(HttpStatusCode.NotFound, url);
        }
        (await AuditRows(AuditActions.Revealed, nameof(Member), member.ToString(CultureInfo.InvariantCulture))).ShouldBeEmpty();
    }

    [Fact]
    public async Task The_letter_api_gives_what_the_print_carries_with_the_number_in_full_only_where_the_member_page_would_reveal_it()
    {
        var letter = await IssueToGuangming("接口甲");
        var birth = (await MemberRow(letter.Member)).BirthDate;

        var issuer = await Read<GetTransferLetter.Response>(await (await As("yanzhong")).GetAsync($"/api/v1/transfers/{letter.Id}/letter"));
        (issuer.Transfer.LetterNumber, issuer.Transfer.From, issuer.Transfer.To, issuer.Transfer.DuesPaidThrough, issuer.IssuedHere, issuer.ValidityDays, issuer.ReceivedOn)
            .ShouldBe((letter.LetterNumber, DemoOrgs.First, DemoOrgs.Guangming, "2026-09", true, 20, (DateOnly?)null));
        var person = issuer.Member.ShouldNotBeNull();
        (person.SexName, person.Age, person.Ethnicity, person.Category, person.IdNumber, person.IdNumberInFull)
            .ShouldBe(("女", AgeOn(birth, Today), "汉族", MemberCategory.Full, letter.Input.IdNumber!, true));
        (await AuditRows(AuditActions.Revealed, nameof(Member), letter.Member.ToString(CultureInfo.InvariantCulture))).Count.ShouldBe(1);

        var receiver = await Read<GetTransferLetter.Response>(await (await As("minjing")).GetAsync($"/api/v1/transfers/{letter.Id}/letter"));
        (receiver.Member!.IdNumber, receiver.Member.IdNumberInFull).ShouldBe((Mask.IdNumber(letter.Input.IdNumber!), false));
        (await AuditRows(AuditActions.Revealed, nameof(Member), letter.Member.ToString(CultureInfo.InvariantCulture))).Count.ShouldBe(1, "a masked print reveals nothing");

        // Once received the member is the receiving side's: the sides swap.
        (await PostJson(await As("minjing"), $"/api/v1/transfers/{letter.Id}/receive", new { receiptNumber = "光回-9" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var after = await Read<GetTransferLetter.Response>(await (await As("minjing")).GetAsync($"/api/v1/transfers/{letter.Id}/letter"));
        (after.Member!.IdNumberInFull, after.Transfer.ReceiptNumber, after.ReceivedOn).ShouldBe((true, "光回-9", (DateOnly?)Today));
        (await Read<GetTransferLetter.Response>(await (await As("yanzhong")).GetAsync($"/api/v1/transfers/{letter.Id}/letter"))).Member!.IdNumberInFull.ShouldBeFalse();
        var lines = await AuditRows(AuditActions.Revealed, nameof(Member), letter.Member.ToString(CultureInfo.InvariantCulture));
        lines.Select(l => l.UserName).ShouldBe(["yanzhong", "minjing"]);

        // A grid worker may not print letters at all.
        (await (await As("wangge")).GetAsync($"/api/v1/transfers/{letter.Id}/letter")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_letter_from_another_system_is_not_printed_here_but_its_receipt_is()
    {
        var guangming = await OrgId(DemoOrgs.Guangming);
        var number = NewLetterNumber("WS");
        var member = (await Read<Created>(await PostJson(await As("minjing"), "/api/v1/transfers/incoming", new
        {
            member = People.Full(guangming, "外来打印"), fromExternal = "内蒙古呼和浩特市某党支部", letterNumber = number, duesPaidThrough = "2026-08",
            receiptNumber = "光回-外1",
        }), HttpStatusCode.Created)).Id;
        var id = (await AllLetters(await As("minjing"))).Single(t => t.MemberId == member).Id;

        var letter = Words((await Page("minjing", $"/Transfers/Letter?id={id}")).Html);
        letter.ShouldContain("本系统不打印");
        letter.ShouldNotContain("裁切线");
        var receipt = Words((await Page("minjing", $"/Transfers/Receipt?id={id}")).Html);
        receipt.ShouldContain("内蒙古呼和浩特市某党支部：外来打印同志的党员组织关系已转达我处，特此回复。");
        receipt.ShouldContain("字第光回-外1号");
        (await AuditRows(AuditActions.Revealed, nameof(Member), member.ToString(CultureInfo.InvariantCulture))).ShouldBeEmpty();
        (await Page("minjing", "/Transfers")).Html.ShouldNotContain($"href=\"/Transfers/Letter?id={id}\"");
    }

    [Fact]
    public async Task The_list_and_the_receive_page_link_to_the_print_pages()
    {
        var letter = await IssueToGuangming("链接甲");

        var issuerList = (await Page("yanzhong", "/Transfers?direction=out")).Html;
        issuerList.ShouldContain($"href=\"/Transfers/Letter?id={letter.Id}\"");
        issuerList.ShouldContain($"href=\"/Transfers/Receipt?id={letter.Id}\"");
        var receiverList = (await Page("minjing", "/Transfers?direction=in")).Html;
        receiverList.ShouldContain($"href=\"/Transfers/Receipt?id={letter.Id}\"");
        receiverList.ShouldNotContain($"href=\"/Transfers/Letter?id={letter.Id}\"");
        var receive = (await Page("minjing", $"/Transfers/Receive?id={letter.Id}")).Html;
        receive.ShouldContain($"href=\"/Transfers/Letter?id={letter.Id}\"");
        receive.ShouldContain($"href=\"/Transfers/Receipt?id={letter.Id}\"");
    }

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();

    [GeneratedRegex("\\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex("<svg[\\s\\S]*?</svg>")]
    private static partial Regex Svg();
}
