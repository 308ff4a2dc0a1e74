using System.Net;
using Dangjian.Features.Members;
using Dangjian.Features.Transfers;
using Dangjian.Platform.Audit;
using Dangjian.Tests.Infrastructure;

namespace Dangjian.Tests.Transfers;

/// <summary>
/// Membership transfers (组织关系转接): 延中社区第一党支部 (account yanzhong) sends members to 民警路街道光明社区党支部
/// (account minjing), to another city's system, and receives them from one.
/// </summary>
public class TransferTests(AppFactory app) : DemoApiTest(app)
{
    private DateOnly Today => App.Today;

    private async Task<List<SearchMembers.Row>> Listed(string user, long organizationId)
    {
        var rows = new List<SearchMembers.Row>();
        for (var page = 1; ; page++)
        {
            var result = await Read<SearchMembers.Response>(await (await As(user)).GetAsync($"/api/v1/members?organizationId={organizationId}&pageSize=100&page={page}"));
            rows.AddRange(result.Items);
            if (result.Items.Count < 100)
            {
                return rows;
            }
        }
    }

    private async Task<ListTransfers.Row> Letter(string user, long id) =>
        await Read<ListTransfers.Row>(await (await As(user)).GetAsync($"/api/v1/transfers/{id}"));

    private async Task<long> Total(long organizationId) =>
        (await Read<MemberStats.Response>(await (await As("admin")).GetAsync($"/api/v1/members/stats?organizationId={organizationId}"))).Total;

    private async Task<long> Issue(string user, object body) =>
        (await Read<Created>(await PostJson(await As(user), "/api/v1/transfers", body), HttpStatusCode.Created)).Id;

    private async Task<(long First, long Guangming, long Member)> MemberInFirst(string name)
    {
        var first = await OrgId(DemoOrgs.First);
        return (first, await OrgId(DemoOrgs.Guangming), await CreateMember(first, name));
    }

    [Fact]
    public async Task A_pending_letter_leaves_the_member_listed_at_the_source_only_and_marked_as_leaving()
    {
        var (first, guangming, member) = await MemberInFirst("待转甲");
        var totals = (await Total(first), await Total(guangming));

        var id = await Issue("yanzhong", new { memberId = member, toOrganizationId = guangming, letterNumber = NewLetterNumber(), duesPaidThrough = "2026-10", note = "退休后随子女居住" });

        (await Listed("yanzhong", first)).Single(r => r.Id == member).IsLeaving.ShouldBeTrue();
        (await Listed("minjing", guangming)).ShouldNotContain(r => r.Id == member);
        (await Total(first), await Total(guangming)).ShouldBe(totals);

        var details = await Read<GetMember.Response>(await (await As("yanzhong")).GetAsync($"/api/v1/members/{member}"));
        details.IsLeaving.ShouldBeTrue();
        var history = details.Transfers.ShouldHaveSingleItem();
        (history.From, history.To, history.Status).ShouldBe((DemoOrgs.First, DemoOrgs.Guangming, TransferStatus.Pending));

        var outgoing = await Letter("yanzhong", id);
        (outgoing.Outgoing, outgoing.Incoming, outgoing.CanCancel, outgoing.CanReceive).ShouldBe((true, false, true, false));
        outgoing.ValidUntil.ShouldBe(outgoing.IssuedOn.AddDays(30));
        outgoing.StatusName.ShouldBe("待接收");
        var incoming = await Letter("minjing", id);
        (incoming.Outgoing, incoming.Incoming, incoming.CanCancel, incoming.CanReceive).ShouldBe((false, true, false, true));
        (await AllLetters(await As("minjing"), "direction=out")).ShouldNotContain(t => t.Id == id);

        var audit = (await AuditRows(AuditActions.Created, nameof(Transfer), id.ToString())).ShouldHaveSingleItem();
        audit.UserName.ShouldBe("yanzhong");
        audit.After!.ShouldContain("退休后随子女居住");
    }

    [Fact]
    public async Task Receiving_moves_the_member_to_the_target_list_and_moves_the_tallies_of_both_sides()
    {
        var (first, guangming, member) = await MemberInFirst("待转乙");
        var id = await IssueTransfer(member, guangming);
        var sideOrgs = new[] { first, await OrgId(DemoOrgs.Baling), await OrgId(DemoOrgs.Xuchang), guangming, await OrgId(DemoOrgs.Minjing), await OrgId(DemoOrgs.Baotou), await OrgId(DemoOrgs.Root) };
        var before = new Dictionary<long, long>();
        foreach (var org in sideOrgs)
        {
            before[org] = await Total(org);
        }

        var response = await PostJson(await As("minjing"), $"/api/v1/transfers/{id}/receive", new { receiptNumber = "HZ-2026-0001" });
        response.StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await Listed("yanzhong", first)).ShouldNotContain(r => r.Id == member);
        (await Listed("minjing", guangming)).Single(r => r.Id == member).IsLeaving.ShouldBeFalse();
        (await (await As("yanzhong")).GetAsync($"/api/v1/members/{member}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var details = await Read<GetMember.Response>(await (await As("minjing")).GetAsync($"/api/v1/members/{member}"));
        details.OrganizationName.ShouldBe(DemoOrgs.Guangming);
        details.Transfers.ShouldHaveSingleItem().Status.ShouldBe(TransferStatus.Received);

        (await Total(first)).ShouldBe(before[first] - 1);
        (await Total(sideOrgs[1])).ShouldBe(before[sideOrgs[1]] - 1);
        (await Total(sideOrgs[2])).ShouldBe(before[sideOrgs[2]] - 1);
        (await Total(guangming)).ShouldBe(before[guangming] + 1);
        (await Total(sideOrgs[4])).ShouldBe(before[sideOrgs[4]] + 1);
        (await Total(sideOrgs[5])).ShouldBe(before[sideOrgs[5]] + 1);
        (await Total(sideOrgs[6])).ShouldBe(before[sideOrgs[6]]);
        await AssertDerivedRowsMatchMembers();
        await AssertPathsAgreeWithTree();

        var letter = await Letter("minjing", id);
        (letter.Status, letter.ReceiptNumber, letter.CanReceive).ShouldBe((TransferStatus.Received, "HZ-2026-0001", false));
        var memberAudit = (await AuditRows(AuditActions.Updated, nameof(Member), member.ToString())).ShouldHaveSingleItem();
        memberAudit.UserName.ShouldBe("minjing");
        memberAudit.Before!.ShouldContain((await Org(first)).Path);
        memberAudit.After!.ShouldContain((await Org(guangming)).Path);
    }

    [Fact]
    public async Task A_letter_can_be_received_only_once()
    {
        var (_, guangming, member) = await MemberInFirst("待转丙");
        var id = await IssueTransfer(member, guangming);
        var client = await As("minjing");
        (await PostJson(client, $"/api/v1/transfers/{id}/receive", new { receiptNumber = "HZ-1" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var counts = await RowCounts();

        var again = await PostJson(client, $"/api/v1/transfers/{id}/receive", new { receiptNumber = "HZ-2" });
        (await Read<ProblemBody>(again, HttpStatusCode.Conflict)).Detail.ShouldBe("该转接已接收，不能重复接收");
        (await PostJson(await As("yanzhong"), $"/api/v1/transfers/{id}/cancel", new { })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await Letter("minjing", id)).ReceiptNumber.ShouldBe("HZ-1");
        (await RowCounts()).ShouldBe(counts);
    }

    [Fact]
    public async Task Only_the_receiving_side_receives_and_only_the_issuing_side_cancels()
    {
        var (_, guangming, member) = await MemberInFirst("待转丁");
        var id = await IssueTransfer(member, guangming);
        var denied = (await AuditRows(AuditActions.AccessDenied, nameof(Transfer), id.ToString())).Count;

        (await PostJson(await As("yanzhong"), $"/api/v1/transfers/{id}/receive", new { receiptNumber = "HZ-3" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await PostJson(await As("minjing"), $"/api/v1/transfers/{id}/cancel", new { reason = "不想要" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var lines = await AuditRows(AuditActions.AccessDenied, nameof(Transfer), id.ToString());
        lines.Count.ShouldBe(denied + 2);
        lines.TakeLast(2).Select(l => l.UserName).ShouldBe(["yanzhong", "minjing"]);
        (await Letter("admin", id)).Status.ShouldBe(TransferStatus.Pending);
        (await MemberRow(member)).OrganizationId.ShouldBe(await OrgId(DemoOrgs.First));
    }

    [Fact]
    public async Task A_cancelled_letter_leaves_the_member_where_they_are_and_a_new_letter_can_be_issued()
    {
        var (first, guangming, member) = await MemberInFirst("撤销甲");
        var id = await IssueTransfer(member, guangming);
        var client = await As("yanzhong");

        (await PostJson(client, $"/api/v1/transfers/{id}/cancel", new { reason = "介绍信信息有误" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var letter = await Letter("yanzhong", id);
        (letter.Status, letter.StatusName, letter.CanCancel).ShouldBe((TransferStatus.Cancelled, "已撤销", false));
        (await Listed("yanzhong", first)).Single(r => r.Id == member).IsLeaving.ShouldBeFalse();
        (await PostJson(client, $"/api/v1/transfers/{id}/cancel", new { })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var receive = await PostJson(await As("minjing"), $"/api/v1/transfers/{id}/receive", new { receiptNumber = "HZ-4" });
        (await Read<ProblemBody>(receive, HttpStatusCode.Conflict)).Detail.ShouldBe("该转接已撤销，不能接收");

        var again = await IssueTransfer(member, guangming);
        again.ShouldNotBe(id);
        (await AuditRows(AuditActions.Updated, nameof(Transfer), id.ToString())).ShouldHaveSingleItem().After!.ShouldContain("介绍信信息有误");
    }

    [Fact]
    public async Task A_letter_past_its_validity_is_flagged_expired()
    {
        var (_, guangming, member) = await MemberInFirst("过期甲");
        var issuedOn = Today.AddDays(-10);
        var id = await Issue("yanzhong", new { memberId = member, toOrganizationId = guangming, letterNumber = NewLetterNumber(), duesPaidThrough = "2026-10", issuedOn, validityDays = 1 });

        var letter = await Letter("minjing", id);
        letter.ValidUntil.ShouldBe(issuedOn.AddDays(1));
        letter.IsExpired.ShouldBeTrue();
        letter.CanReceive.ShouldBeFalse("an expired letter is extended by its issuer before it is received");
        var issued = await Letter("yanzhong", id);
        (issued.IsExpired, issued.CanExtend, issued.CanCancel).ShouldBe((true, true, true), "the issuer extends or withdraws it");

        var (_, _, fresh) = await MemberInFirst("未过期甲");
        (await Letter("minjing", await IssueTransfer(fresh, guangming))).IsExpired.ShouldBeFalse();
    }

    [Fact]
    public async Task A_letter_to_another_system_takes_the_member_out_of_every_list_once_its_receipt_is_recorded_and_keeps_the_history()
    {
        var first = await OrgId(DemoOrgs.First);
        var input = People.Full(first, "外转甲");
        var member = await CreateMember(input);
        var firstTotal = await Total(first);
        var id = await Issue("yanzhong", new { memberId = member, toExternal = "北京市朝阳区某街道党工委", letterNumber = NewLetterNumber(), duesPaidThrough = "2026-10" });
        var outgoing = await Letter("yanzhong", id);
        (outgoing.To, outgoing.CanReceive, outgoing.CanCancel).ShouldBe(("北京市朝阳区某街道党工委", true, true));

        (await PostJson(await As("yanzhong"), $"/api/v1/transfers/{id}/receive", new { receiptNumber = "BJ-HZ-77" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await Total(first)).ShouldBe(firstTotal - 1);
        foreach (var q in new[] { "外转甲", input.IdNumber!, input.Phone! })
        {
            (await Read<SearchMembers.Response>(await (await As("admin")).GetAsync($"/api/v1/members?q={q}"))).Items.ShouldBeEmpty();
        }
        (await Listed("yanzhong", first)).ShouldNotContain(r => r.Id == member);
        (await (await As("admin")).GetAsync($"/api/v1/members/{member}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await MemberRow(member)).LeftAt.ShouldNotBeNull();
        var kept = await Letter("yanzhong", id);
        (kept.Status, kept.ReceiptNumber, kept.MemberName).ShouldBe((TransferStatus.Received, "BJ-HZ-77", "外转甲"));
        await AssertDerivedRowsMatchMembers();
    }

    [Fact]
    public async Task A_letter_from_another_system_registers_the_member_on_arrival()
    {
        var guangming = await OrgId(DemoOrgs.Guangming);
        var total = await Total(guangming);
        var input = People.Full(guangming, "外来甲");

        var response = await PostJson(await As("minjing"), "/api/v1/transfers/incoming", new
        {
            member = input,
            fromExternal = "内蒙古呼和浩特市某党支部",
            letterNumber = NewLetterNumber("NM"),
            duesPaidThrough = "2026-09",
            receiptNumber = "BT-HZ-1",
        });
        var member = (await Read<Created>(response, HttpStatusCode.Created)).Id;

        (await Total(guangming)).ShouldBe(total + 1);
        (await Listed("minjing", guangming)).ShouldContain(r => r.Id == member && !r.IsLeaving);
        var details = await Read<GetMember.Response>(await (await As("minjing")).GetAsync($"/api/v1/members/{member}"));
        var history = details.Transfers.ShouldHaveSingleItem();
        (history.From, history.To, history.Status).ShouldBe(("内蒙古呼和浩特市某党支部", DemoOrgs.Guangming, TransferStatus.Received));
        (await Read<SearchMembers.Response>(await (await As("minjing")).GetAsync("/api/v1/members?q=外来甲"))).Items.ShouldHaveSingleItem();

        var twice = await Problem(await PostJson(await As("minjing"), "/api/v1/transfers/incoming", new
        {
            member = input with { Name = "外来乙" },
            fromExternal = "内蒙古呼和浩特市某党支部",
            letterNumber = NewLetterNumber("NM"),
            duesPaidThrough = "2026-09",
            receiptNumber = "BT-HZ-2",
        }));
        twice["member.idNumber"].ShouldBe(["该身份证号已登记为本系统党员，请使用系统内转接"]);
        await AssertDerivedRowsMatchMembers();
    }

    [Fact]
    public async Task A_letter_from_another_system_names_the_bad_member_fields_under_member()
    {
        var errors = await Problem(await PostJson(await As("minjing"), "/api/v1/transfers/incoming", new
        {
            member = People.Full(await OrgId(DemoOrgs.Guangming), "") with { Education = null },
            fromExternal = "外市",
            letterNumber = NewLetterNumber("NM"),
            duesPaidThrough = "2026-09",
            receiptNumber = "",
        }));
        errors.Keys.ShouldBe(["member.name", "member.education", "receiptNumber"], ignoreOrder: true);
        errors["member.name"].ShouldBe(["姓名不能为空"]);
    }

    [Fact]
    public async Task Issuing_refuses_bad_letters_and_writes_nothing()
    {
        var (first, guangming, member) = await MemberInFirst("拒开甲");
        var existing = NewLetterNumber();
        var (_, _, other) = await MemberInFirst("拒开乙");
        await IssueTransfer(other, guangming, existing);
        var client = await As("yanzhong");
        var counts = await RowCounts();

        async Task<Dictionary<string, string[]>> Refused(object body) => await Problem(await PostJson(client, "/api/v1/transfers", body));

        (await Refused(new { memberId = member, toOrganizationId = first, letterNumber = NewLetterNumber(), duesPaidThrough = "2026-10" }))["toOrganizationId"]
            .ShouldBe(["转入党组织与当前所在党组织相同"]);
        (await Refused(new { memberId = member, toOrganizationId = await OrgId(DemoOrgs.CorridorOne), letterNumber = NewLetterNumber(), duesPaidThrough = "2026-10" }))["toOrganizationId"]
            .ShouldBe(["组织关系应转入党支部，不能转入党小组"]);
        (await Refused(new { memberId = member, toOrganizationId = guangming, toExternal = "外市", letterNumber = NewLetterNumber(), duesPaidThrough = "2026-10" }))["toExternal"]
            .ShouldBe(["系统内转入组织和系统外转入单位只能填一个"]);
        (await Refused(new { memberId = member, letterNumber = NewLetterNumber(), duesPaidThrough = "2026-10" }))["toOrganizationId"]
            .ShouldBe(["请选择转入党组织，或填写系统外的转入单位"]);
        (await Refused(new { memberId = member, toOrganizationId = guangming, letterNumber = existing, duesPaidThrough = "2026-10" }))["letterNumber"]
            .ShouldBe(["介绍信编号已存在"]);
        (await Refused(new { memberId = member, toOrganizationId = guangming, letterNumber = NewLetterNumber(), duesPaidThrough = "2026年10月" }))["duesPaidThrough"]
            .ShouldBe(["党费交至月份应为“年-月”格式，如 2026-10"]);
        (await Refused(new { memberId = member, toOrganizationId = guangming, letterNumber = NewLetterNumber(), duesPaidThrough = "2026-10", validityDays = 91 }))["validityDays"]
            .ShouldBe(["介绍信有效期应在1到90天之间"]);
        (await Refused(new { memberId = member, toOrganizationId = guangming, letterNumber = NewLetterNumber(), duesPaidThrough = "2026-10", issuedOn = Today.AddDays(1) }))["issuedOn"]
            .ShouldBe(["开具日期不能晚于今天"]);
        (await Refused(new { memberId = 999999, toOrganizationId = guangming, letterNumber = NewLetterNumber(), duesPaidThrough = "2026-10" }))["memberId"]
            .ShouldBe(["党员不存在或不在您的管辖范围内"]);

        var pending = await PostJson(client, "/api/v1/transfers", new { memberId = other, toOrganizationId = guangming, letterNumber = NewLetterNumber(), duesPaidThrough = "2026-10" });
        pending.StatusCode.ShouldBe(HttpStatusCode.Conflict, "a member has at most one pending letter");

        (await RowCounts()).ShouldBe(counts);
    }

    [Fact]
    public async Task A_receipt_needs_a_number_and_a_party_group_of_the_receiving_branch()
    {
        var (_, guangming, member) = await MemberInFirst("回执甲");
        var id = await IssueTransfer(member, guangming);
        var client = await As("minjing");
        var counts = await RowCounts();

        (await Problem(await PostJson(client, $"/api/v1/transfers/{id}/receive", new { receiptNumber = " " })))["receiptNumber"].ShouldBe(["回执编号不能为空"]);
        (await Problem(await PostJson(client, $"/api/v1/transfers/{id}/receive", new { receiptNumber = "HZ-9", partyGroupId = await OrgId(DemoOrgs.CorridorOne) })))["partyGroupId"]
            .ShouldBe(["所选党小组不属于转入党组织"]);

        (await RowCounts()).ShouldBe(counts);
        (await Letter("minjing", id)).Status.ShouldBe(TransferStatus.Pending);
    }
}
