using System.Net;
using System.Text;
using Dangjian.Features.Transfers;
using Dangjian.Platform.Audit;
using Dangjian.Platform.Http;
using Dangjian.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Tests.Transfers;

/// <summary>
/// Expired letters, their extension by the issuer, incoming letters' validity from the rule book, the paged list,
/// and bodies that must never reach a server error.
/// </summary>
public class TransferExpiryTests(AppFactory app) : DemoApiTest(app)
{
    private DateOnly Today => App.Today;

    private async Task<long> ExpiredLetter(string name)
    {
        var member = await CreateMember(await OrgId(DemoOrgs.First), name);
        var body = new { memberId = member, toOrganizationId = await OrgId(DemoOrgs.Guangming), letterNumber = NewLetterNumber("GQ"), duesPaidThrough = "2026-10",
            issuedOn = Today.AddDays(-40), validityDays = 30 };
        return (await Read<Created>(await PostJson(await As("yanzhong"), "/api/v1/transfers", body), HttpStatusCode.Created)).Id;
    }

    [Fact]
    public async Task An_expired_letter_is_refused_until_the_issuer_extends_it_and_the_extension_is_audited()
    {
        var id = await ExpiredLetter("过期甲");
        var letter = await Read<ListTransfers.Row>(await (await As("minjing")).GetAsync($"/api/v1/transfers/{id}"));
        (letter.IsExpired, letter.CanReceive, letter.CanExtend).ShouldBe((true, false, false));

        var refused = await PostJson(await As("minjing"), $"/api/v1/transfers/{id}/receive", new { receiptNumber = "GQ-HZ-1" });
        var problem = await Read<ProblemBody>(refused, HttpStatusCode.Conflict);
        problem.Detail.ShouldBe($"介绍信已于{Today.AddDays(-10):yyyy-MM-dd}过期，请转出党组织延期后再接收");
        (await Read<ListTransfers.Row>(await (await As("minjing")).GetAsync($"/api/v1/transfers/{id}"))).Status.ShouldBe(TransferStatus.Pending);

        (await PostJson(await As("minjing"), $"/api/v1/transfers/{id}/extend", new { })).StatusCode
            .ShouldBe(HttpStatusCode.NotFound, "only the issuing organization extends its letter");
        (await Problem(await PostJson(await As("yanzhong"), $"/api/v1/transfers/{id}/extend", new { validityDays = 120 })))["validityDays"]
            .ShouldBe(["介绍信有效期应在1到90天之间"]);

        var auditMark = await LastAuditId();
        var extended = await Read<ExtendedBody>(await PostJson(await As("yanzhong"), $"/api/v1/transfers/{id}/extend", new { }));
        extended.ValidUntil.ShouldBe(Today.AddDays(30), "the validity in force, counted from today");
        var line = (await AuditRows(AuditActions.Updated, nameof(Transfer), id.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .Where(a => a.Id > auditMark).ShouldHaveSingleItem();
        line.UserName.ShouldBe("yanzhong");
        line.Before!.ShouldContain(Today.AddDays(-10).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        line.After!.ShouldContain(Today.AddDays(30).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));

        (await PostJson(await As("minjing"), $"/api/v1/transfers/{id}/receive", new { receiptNumber = "GQ-HZ-1" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await PostJson(await As("yanzhong"), $"/api/v1/transfers/{id}/extend", new { })).StatusCode.ShouldBe(HttpStatusCode.Conflict, "a received letter is not extended");
        await AssertDerivedRowsMatchMembers();
    }

    [Fact]
    public async Task The_expired_filter_lists_exactly_the_pending_letters_past_their_validity()
    {
        var expired = await ExpiredLetter("过期筛甲");
        var current = await IssueTransfer(await CreateMember(await OrgId(DemoOrgs.First), "过期筛乙"), await OrgId(DemoOrgs.Guangming));
        var client = await As("yanzhong");
        var all = (await Read<Page<ListTransfers.Row>>(await client.GetAsync("/api/v1/transfers?pageSize=100"))).Items;
        var onlyExpired = (await Read<Page<ListTransfers.Row>>(await client.GetAsync("/api/v1/transfers?expired=true&pageSize=100"))).Items;
        onlyExpired.Select(r => r.Id).ShouldBe(all.Where(r => r.IsExpired).Select(r => r.Id));
        onlyExpired.ShouldContain(r => r.Id == expired);
        onlyExpired.ShouldNotContain(r => r.Id == current);
        var rest = (await Read<Page<ListTransfers.Row>>(await client.GetAsync("/api/v1/transfers?expired=false&pageSize=100"))).Items;
        rest.Select(r => r.Id).ShouldBe(all.Where(r => !r.IsExpired).Select(r => r.Id));

        var page = await client.GetStringAsync("/Transfers?expired=true");
        page.ShouldContain("过期筛甲");
        page.ShouldNotContain("过期筛乙");
        (await client.GetStringAsync("/")).ShouldContain("href=\"/Transfers?expired=true\"");
    }

    [Fact]
    public async Task The_pages_show_an_expired_letter_with_what_to_do_and_let_the_issuer_extend_it()
    {
        var id = await ExpiredLetter("过期乙");
        var receive = await (await (await As("minjing")).GetAsync($"/Transfers/Receive?id={id}")).Content.ReadAsStringAsync();
        receive.ShouldContain("介绍信已过期，不能接收");
        receive.ShouldNotContain("确认接收");
        var list = await (await (await As("yanzhong")).GetAsync("/Transfers?status=Pending")).Content.ReadAsStringAsync();
        list.ShouldContain("延期");
    }

    [Fact]
    public async Task An_incoming_letter_takes_its_validity_from_the_rule_book_and_refuses_dates_that_cannot_be_true()
    {
        var guangming = await OrgId(DemoOrgs.Guangming);
        (await PutJson(await As("admin"), "/api/v1/rules/overrides", new { ruleKey = "transfer.letter-validity-days", organizationId = await OrgId(DemoOrgs.Minjing), value = 60, reason = "民警路街道规定" }))
            .StatusCode.ShouldBe(HttpStatusCode.NoContent);
        object Body(string name, DateOnly issuedOn) => new
        {
            member = People.Full(guangming, name),
            fromExternal = "外市某党支部",
            letterNumber = NewLetterNumber("WL"),
            duesPaidThrough = "2026-09",
            issuedOn,
            receiptNumber = "WL-HZ-1",
        };
        var counts = await RowCounts();
        (await Problem(await PostJson(await As("minjing"), "/api/v1/transfers/incoming", Body("外期甲", new DateOnly(2999, 1, 1)))))["issuedOn"]
            .ShouldBe(["开具日期不能晚于今天"]);
        (await Problem(await PostJson(await As("minjing"), "/api/v1/transfers/incoming", Body("外期甲", new DateOnly(1800, 1, 1)))))["issuedOn"]
            .ShouldBe(["开具日期不能早于1921-07-01"]);
        (await Problem(await PostJson(await As("minjing"), "/api/v1/transfers/incoming", Body("外期甲", Today.AddDays(-61)))))["issuedOn"].ShouldHaveSingleItem()
            .ShouldStartWith($"介绍信已于{Today.AddDays(-1):yyyy-MM-dd}过期（有效期60天）");
        (await RowCounts()).ShouldBe(counts);

        var member = (await Read<Created>(await PostJson(await As("minjing"), "/api/v1/transfers/incoming", Body("外期乙", Today.AddDays(-50))), HttpStatusCode.Created)).Id;
        var letter = await App.WithDbAsync(db => db.Transfers.AsNoTracking().SingleAsync(t => t.MemberId == member));
        letter.ValidUntil.ShouldBe(Today.AddDays(10), "60 days, the rule in force for the receiving organization");
    }

    [Fact]
    public async Task The_letter_list_is_paged_with_a_total_from_a_count()
    {
        for (var i = 0; i < 3; i++)
        {
            await IssueTransfer(await CreateMember(await OrgId(DemoOrgs.First), $"分页{"甲乙丙"[i]}"), null);
        }
        var client = await As("yanzhong");
        var all = await AllLetters(client);
        var page = await Read<Page<ListTransfers.Row>>(await client.GetAsync("/api/v1/transfers?pageSize=2"));
        page.Items.Count.ShouldBe(2);
        page.Total.ShouldBe(all.Count);
        page.Items.Select(r => r.Id).ShouldBe(all.Take(2).Select(r => r.Id));
        var second = await Read<Page<ListTransfers.Row>>(await client.GetAsync("/api/v1/transfers?pageSize=2&page=2"));
        second.Items.Select(r => r.Id).ShouldBe(all.Skip(2).Take(2).Select(r => r.Id));

        var errors = await Problem(await client.GetAsync("/api/v1/transfers?pageSize=101&page=0&direction=sideways"));
        errors.Keys.ShouldBe(["pageSize", "page", "direction"], ignoreOrder: true);
        (await client.GetAsync("/api/v1/transfers/999999")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    public static TheoryData<string> Routes => new()
    {
        "/api/v1/transfers", "/api/v1/transfers/incoming", "/api/v1/transfers/1/receive", "/api/v1/transfers/1/cancel",
        "/api/v1/transfers/1/extend", "PUT /api/v1/rules/overrides",
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task No_body_makes_a_server_error(string route)
    {
        var method = route.StartsWith("PUT ", StringComparison.Ordinal) ? HttpMethod.Put : HttpMethod.Post;
        var url = route.Replace("PUT ", "", StringComparison.Ordinal);
        var client = await As("admin");
        foreach (var body in new[] { "{}", "null", "[]", "1", "\"x\"", "{\"member\":null}", "{\"member\":{}}", "{\"memberId\":null}", "{\"value\":1e30}", "{", "" })
        {
            using var request = new HttpRequestMessage(method, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            var response = await client.SendAsync(request);
            ((int)response.StatusCode).ShouldBeLessThan(500, $"{route} with {body}: {await response.Content.ReadAsStringAsync()}");
        }
        var empty = await client.SendAsync(new HttpRequestMessage(method, url));
        ((int)empty.StatusCode).ShouldBeLessThan(500, $"{route} without a body");
    }

    [Fact]
    public async Task An_empty_incoming_letter_names_every_missing_field()
    {
        var errors = await Problem(await PostJson(await As("minjing"), "/api/v1/transfers/incoming", new { }));
        errors.Keys.ShouldBe(["member", "fromExternal", "letterNumber", "receiptNumber", "duesPaidThrough"], ignoreOrder: true);
        errors["member"].ShouldBe(["党员信息不能为空"]);
    }

    private sealed record ExtendedBody(DateOnly ValidUntil);
}
