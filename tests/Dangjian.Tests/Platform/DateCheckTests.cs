using System.Net;
using Dangjian.Features.Organizations;
using Dangjian.Tests.Infrastructure;

namespace Dangjian.Tests.Platform;

/// <summary>Dates that cannot be true (2999-01-01, 1800-01-01) are refused everywhere, with the field named, and nothing is written.</summary>
public class DateCheckTests(AppFactory app) : DemoApiTest(app)
{
    private static readonly DateOnly Future = new(2999, 1, 1);
    private static readonly DateOnly Ancient = new(1800, 1, 1);

    [Fact]
    public async Task An_organization_founded_in_the_future_or_before_the_party_is_refused()
    {
        var counts = await RowCounts();
        var parent = await OrgId(DemoOrgs.Yanzhong);
        async Task<Dictionary<string, string[]>> Create(DateOnly establishedOn) => await Problem(await PostJson(await As("admin"), "/api/v1/organizations",
            new { parentId = parent, name = "日期检查党支部", kind = OrganizationKind.Branch, establishedOn }));
        (await Create(Future))["establishedOn"].ShouldBe(["成立日期不能晚于今天"]);
        (await Create(Ancient))["establishedOn"].ShouldBe(["成立日期不能早于1921-07-01"]);
        (await RowCounts()).ShouldBe(counts);
    }

    [Fact]
    public async Task An_instructor_assigned_in_the_future_is_refused()
    {
        var unit = await CreateUnit(await OrgId(DemoOrgs.Baling), "日期检查公司");
        var counts = await RowCounts();
        (await Problem(await PostJson(await As("admin"), $"/api/v1/units/{unit}/instructors", new { name = "指导员甲", assignedOn = Future })))["assignedOn"]
            .ShouldBe(["选派日期不能晚于今天"]);
        (await RowCounts()).ShouldBe(counts);
    }

    [Fact]
    public async Task A_member_admitted_in_the_future_or_before_the_party_is_refused()
    {
        var first = await OrgId(DemoOrgs.First);
        var counts = await RowCounts();
        (await Problem(await PostJson(await As("admin"), "/api/v1/members", People.Full(first, "日期甲") with { JoinedOn = Future })))["joinedOn"]
            .ShouldContain("入党日期不能晚于今天");
        (await Problem(await PostJson(await As("admin"), "/api/v1/members", People.Full(first, "日期乙") with { LostContact = true, LostContactSince = Future })))["lostContactSince"]
            .ShouldBe(["失联日期不能晚于今天"]);
        (await Problem(await PostJson(await As("admin"), "/api/v1/members", People.Full(first, "日期丙") with { JoinedOn = Ancient })))["joinedOn"]
            .ShouldContain("入党日期不能早于1921-07-01");
        (await RowCounts()).ShouldBe(counts);
    }

    [Fact]
    public async Task A_letter_issued_in_the_future_is_refused()
    {
        var member = await CreateMember(await OrgId(DemoOrgs.First), "日期丁");
        var counts = await RowCounts();
        var errors = await Problem(await PostJson(await As("admin"), "/api/v1/transfers",
            new { memberId = member, toExternal = "外市", letterNumber = NewLetterNumber("RQ"), duesPaidThrough = "2026-10", issuedOn = Future }));
        errors["issuedOn"].ShouldBe(["开具日期不能晚于今天"]);
        (await RowCounts()).ShouldBe(counts);
    }
}
