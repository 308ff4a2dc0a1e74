using System.Net;
using System.Text.RegularExpressions;
using Dangjian.Features.Members;
using Dangjian.Platform.Audit;
using Dangjian.Platform.Text;
using Dangjian.Tests.Infrastructure;

namespace Dangjian.Tests.Members;

public partial class MemberTests(AppFactory app) : DemoApiTest(app)
{
    private async Task<GetMember.Response> Details(long id, string user = "admin") =>
        await Read<GetMember.Response>(await (await As(user)).GetAsync($"/api/v1/members/{id}"));

    private DateOnly Today => App.Today;

    [GeneratedRegex(@"^\d{4}\*{10}[\dX]{4}$")]
    private static partial Regex MaskedId();

    [Fact]
    public async Task A_member_gets_birth_date_and_sex_from_the_id_number()
    {
        var input = People.Full(await OrgId(DemoOrgs.Second), "柳如烟", Sex.Female) with { Sex = null, BirthDate = null };
        var parsed = ChineseIdNumber.Parse(input.IdNumber, Today).Value!;

        var response = await PostJson(await As("yanzhong"), "/api/v1/members", input with { OrganizationId = await OrgId(DemoOrgs.First) });
        var id = (await Read<Created>(response, HttpStatusCode.Created)).Id;
        response.Headers.Location!.ToString().ShouldBe($"/api/v1/members/{id}");

        var details = await Details(id, "yanzhong");
        details.Name.ShouldBe("柳如烟");
        details.Sex.ShouldBe(Sex.Female);
        details.SexName.ShouldBe("女");
        details.BirthDate.ShouldBe(parsed.BirthDate);
        details.OrganizationName.ShouldBe(DemoOrgs.First);
        details.Ethnicity.ShouldBe("汉族");
        details.Status.ShouldBe(MembershipStatus.Normal);
        details.Version.ShouldBe(0);

        var audit = (await AuditRows(AuditActions.Created, nameof(Member), id.ToString())).ShouldHaveSingleItem();
        audit.UserName.ShouldBe("yanzhong");
        audit.After!.ShouldContain("柳如烟");
        audit.After!.ShouldContain("\"IdNumber\":\"(已加密)\"");
        audit.After!.ShouldNotContain(input.IdNumber!);
        audit.After!.ShouldNotContain(input.Phone!);
        await AssertDerivedRowsMatchMembers();
    }

    [Fact]
    public async Task A_sex_or_birth_date_that_disagrees_with_the_id_number_is_refused_and_nothing_is_written()
    {
        var male = People.Full(await OrgId(DemoOrgs.First), "错性别", Sex.Male);
        var parsed = ChineseIdNumber.Parse(male.IdNumber, Today).Value!;
        var client = await As("yanzhong");
        var counts = await RowCounts();

        var wrongSex = await Problem(await PostJson(client, "/api/v1/members", male with { Sex = Sex.Female }));
        wrongSex["sex"].ShouldBe(["性别与身份证号不符（身份证号显示为男）"]);
        var wrongBirth = await Problem(await PostJson(client, "/api/v1/members", male with { BirthDate = parsed.BirthDate.AddDays(1) }));
        wrongBirth["birthDate"].ShouldBe([$"出生日期与身份证号不符（身份证号显示为{parsed.BirthDate:yyyy-MM-dd}）"]);
        var badCheckDigit = await Problem(await PostJson(client, "/api/v1/members", male with { IdNumber = male.IdNumber![..17] + (male.IdNumber[17] == '0' ? "1" : "0") }));
        badCheckDigit["idNumber"].ShouldBe(["身份证号校验位不正确，请核对"]);
        var tooYoung = await Problem(await PostJson(client, "/api/v1/members", male with { JoinedOn = parsed.BirthDate.AddYears(17), FullMemberOn = parsed.BirthDate.AddYears(18) }));
        tooYoung["joinedOn"].ShouldBe(["入党时应年满18岁"]);

        (await RowCounts()).ShouldBe(counts);
    }

    [Fact]
    public async Task An_id_number_already_registered_is_refused_even_in_lower_case()
    {
        var first = await OrgId(DemoOrgs.First);
        var input = People.Full(first, "重复甲");
        await CreateMember(input);
        var counts = await RowCounts();

        var errors = await Problem(await PostJson(await As("admin"), "/api/v1/members", input with { Name = "重复乙", Phone = null, IdNumber = " " + input.IdNumber!.ToLowerInvariant() + " " }));
        errors["idNumber"].ShouldBe(["该身份证号已登记为党员，如需调入请办理组织关系转接"]);
        (await RowCounts()).ShouldBe(counts);
    }

    [Fact]
    public async Task A_registered_id_number_is_reported_together_with_the_other_mistakes()
    {
        var input = People.Full(await OrgId(DemoOrgs.First), "重复丙");
        await CreateMember(input);

        var errors = await Problem(await PostJson(await As("admin"), "/api/v1/members", input with { Name = "", Education = null }));

        errors.Keys.ShouldBe(["name", "education", "idNumber"], ignoreOrder: true);
        errors["idNumber"].ShouldBe(["该身份证号已登记为党员，如需调入请办理组织关系转接"]);
    }

    [Fact]
    public async Task Details_and_lists_show_masked_numbers_and_a_reveal_shows_them_in_full_and_is_audited()
    {
        var input = People.Full(await OrgId(DemoOrgs.First), "揭示甲");
        var id = await CreateMember(input);
        var client = await As("yanzhong");

        var details = await Details(id, "yanzhong");
        details.IdNumberMasked.ShouldBe(input.IdNumber![..4] + "**********" + input.IdNumber[^4..]);
        details.PhoneMasked.ShouldBe(input.Phone![..3] + "****" + input.Phone[^4..]);
        var body = await (await client.GetAsync($"/api/v1/members/{id}")).Content.ReadAsStringAsync();
        body.ShouldNotContain(input.IdNumber);
        body.ShouldNotContain(input.Phone);

        var list = await (await client.GetAsync("/api/v1/members?q=揭示甲")).Content.ReadAsStringAsync();
        list.ShouldNotContain(input.IdNumber);
        var rows = await Read<SearchMembers.Response>(await client.GetAsync("/api/v1/members?pageSize=100"));
        rows.Items.ShouldAllBe(r => MaskedId().IsMatch(r.IdNumberMasked));

        var revealsBefore = (await AuditRows(AuditActions.Revealed, nameof(Member), id.ToString())).Count;
        var revealed = await Read<GetMember.Revealed>(await client.PostAsync($"/api/v1/members/{id}/reveal", null));
        revealed.IdNumber.ShouldBe(input.IdNumber);
        revealed.Phone.ShouldBe(input.Phone);
        var reveals = await AuditRows(AuditActions.Revealed, nameof(Member), id.ToString());
        reveals.Count.ShouldBe(revealsBefore + 1);
        reveals[^1].UserName.ShouldBe("yanzhong");
        reveals[^1].Note.ShouldNotBeNull().ShouldNotContain(input.IdNumber);

        (await (await As("wangge")).PostAsync($"/api/v1/members/{id}/reveal", null)).StatusCode.ShouldBe(HttpStatusCode.Forbidden, "a grid worker sees no full numbers");
    }

    [Fact]
    public async Task An_update_with_the_current_version_is_saved_and_a_stale_version_is_refused_with_409()
    {
        var input = People.Full(await OrgId(DemoOrgs.First), "版本甲");
        var id = await CreateMember(input);
        var client = await As("yanzhong");
        var version = (await Details(id)).Version;

        var saved = await PutJson(client, $"/api/v1/members/{id}?version={version}", input with { Name = "版本乙", Address = "延中小区3号楼" });
        saved.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var details = await Details(id);
        details.Name.ShouldBe("版本乙");
        details.Address.ShouldBe("延中小区3号楼");
        details.Version.ShouldBe(version + 1);

        var stale = await PutJson(client, $"/api/v1/members/{id}?version={version}", input with { Name = "版本丙" });
        (await Read<ProblemBody>(stale, HttpStatusCode.Conflict)).Detail.ShouldBe("该党员信息刚被他人修改，请刷新后重试");
        (await Details(id)).Name.ShouldBe("版本乙");

        var audit = (await AuditRows(AuditActions.Updated, nameof(Member), id.ToString())).ShouldHaveSingleItem();
        audit.UserName.ShouldBe("yanzhong");
        audit.Before!.ShouldContain("版本甲");
        audit.After!.ShouldContain("版本乙");
        audit.After!.ShouldContain("延中小区3号楼");

        var search = await Read<SearchMembers.Response>(await client.GetAsync("/api/v1/members?q=版本乙"));
        search.Items.ShouldHaveSingleItem().Id.ShouldBe(id);
        (await Read<SearchMembers.Response>(await client.GetAsync("/api/v1/members?q=版本甲"))).Items.ShouldBeEmpty();
        await AssertDerivedRowsMatchMembers();
    }

    [Fact]
    public async Task An_update_cannot_move_a_member_to_another_organization()
    {
        var input = People.Full(await OrgId(DemoOrgs.First), "不许调动");
        var id = await CreateMember(input);
        var errors = await Problem(await PutJson(await As("admin"), $"/api/v1/members/{id}", input with { OrganizationId = await OrgId(DemoOrgs.Second) }));
        errors["organizationId"].ShouldBe(["变更所在党组织请办理组织关系转接"]);
        (await Details(id)).OrganizationName.ShouldBe(DemoOrgs.First);
    }

    [Fact]
    public async Task Years_of_membership_count_from_the_day_the_member_became_full()
    {
        var first = await OrgId(DemoOrgs.First);
        var fullOn = Today.AddYears(-50).AddDays(-1);
        var old = People.Full(first, "老党员") with
        {
            IdNumber = ChineseIdNumber.Compose("410102", new DateOnly(1940, 3, 5), 777, Sex.Male),
            JoinedOn = fullOn.AddYears(-1),
            FullMemberOn = fullOn,
        };
        var justShort = People.Full(first, "差一天") with { FullMemberOn = Today.AddYears(-10).AddDays(1), JoinedOn = Today.AddYears(-11) };
        var probationary = People.Probationary(first, "预备甲", App.Today);

        (await Details(await CreateMember(old))).YearsOfMembership.ShouldBe(50);
        (await Details(await CreateMember(justShort))).YearsOfMembership.ShouldBe(9);
        var p = await Details(await CreateMember(probationary));
        p.YearsOfMembership.ShouldBe(0);
        p.CategoryName.ShouldBe("预备党员");
    }

    [Fact]
    public async Task A_member_keeps_in_touch_with_at_most_five_households_or_one_road_but_not_both()
    {
        var first = await OrgId(DemoOrgs.First);
        var client = await As("yanzhong");
        var five = Enumerable.Range(1, 5).Select(i => $"延中小区2号楼{i}单元101").ToList();
        var counts = await RowCounts();

        var six = await Problem(await PostJson(client, "/api/v1/members", People.Full(first, "联系六户") with { Households = [.. five, "延中小区2号楼6单元101"] }));
        six["households"].ShouldBe(["每名党员联系3到5户居民，最多5户"]);
        var both = await Problem(await PostJson(client, "/api/v1/members", People.Full(first, "户和路") with { Households = five, ContactRoad = "延中路" }));
        both["contactRoad"].ShouldBe(["联系户和联系路段只能选一种"]);
        (await RowCounts()).ShouldBe(counts);

        var withFive = await Details(await CreateMember(People.Full(first, "联系五户") with { Households = five }));
        withFive.Households.ShouldBe(five, ignoreOrder: true);
        var withRoad = await Details(await CreateMember(People.Full(first, "联系路段") with { ContactRoad = "延中路北段" }));
        withRoad.ContactRoad.ShouldBe("延中路北段");
        withRoad.Households.ShouldBeEmpty();

        var input = People.Full(first, "改联系户") with { Households = five };
        var id = await CreateMember(input);
        (await PutJson(client, $"/api/v1/members/{id}", input with { Households = [five[0], "新地址1号"] })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await Details(id)).Households.ShouldBe([five[0], "新地址1号"], ignoreOrder: true);
    }

    [Fact]
    public async Task A_party_group_must_belong_to_the_members_own_branch()
    {
        var corridor = await OrgId(DemoOrgs.CorridorOne);
        var client = await As("admin");

        var wrong = await Problem(await PostJson(client, "/api/v1/members", People.Full(await OrgId(DemoOrgs.First), "错小组") with { PartyGroupId = corridor }));
        wrong["partyGroupId"].ShouldBe(["所选党小组不属于该党组织"]);
        var inGroup = await Problem(await PostJson(client, "/api/v1/members", People.Full(corridor, "直接入小组")));
        inGroup["organizationId"].ShouldBe(["党员应编入党支部，党小组请在“所在党小组”中选择"]);

        var id = await CreateMember(People.Full(await OrgId(DemoOrgs.Compound), "一号楼甲") with { PartyGroupId = corridor });
        var details = await Details(id);
        details.PartyGroupId.ShouldBe(corridor);
        details.PartyGroupName.ShouldBe(DemoOrgs.CorridorOne);
    }

    [Fact]
    public async Task A_mobile_member_needs_a_destination_and_a_lost_member_a_date()
    {
        var first = await OrgId(DemoOrgs.First);
        var errors = await Problem(await PostJson(await As("admin"), "/api/v1/members", People.Full(first, "流动甲") with { IsMobile = true, LostContact = true }));
        errors["mobileDestination"].ShouldBe(["流动党员应填写流向"]);
        errors["lostContactSince"].ShouldBe(["失联党员应填写失联日期"]);

        var id = await CreateMember(People.Full(first, "流动乙") with { IsMobile = true, MobileDestination = "广东省深圳市", LostContact = true, LostContactSince = Today.AddMonths(-7) });
        var details = await Details(id);
        details.IsMobile.ShouldBeTrue();
        details.MobileDestination.ShouldBe("广东省深圳市");
        details.LostContactSince.ShouldBe(Today.AddMonths(-7));
    }

    [Fact]
    public async Task A_new_member_is_counted_in_the_stats_of_the_branch_and_every_ancestor()
    {
        var client = await As("admin");
        var ids = new[] { await OrgId(DemoOrgs.First), await OrgId(DemoOrgs.Yanzhong), await OrgId(DemoOrgs.Baling), await OrgId(DemoOrgs.Root) };
        var before = new List<MemberStats.Response>();
        foreach (var id in ids)
        {
            before.Add(await Read<MemberStats.Response>(await client.GetAsync($"/api/v1/members/stats?organizationId={id}")));
        }

        await CreateMember(People.Probationary(ids[0], "统计甲", App.Today));

        for (var i = 0; i < ids.Length; i++)
        {
            var after = await Read<MemberStats.Response>(await client.GetAsync($"/api/v1/members/stats?organizationId={ids[i]}"));
            after.Total.ShouldBe(before[i].Total + 1);
            Cell(after).ShouldBe(Cell(before[i]) + 1);
        }
        await AssertDerivedRowsMatchMembers();

        static long Cell(MemberStats.Response r) => r.Cells.Single(c => c.Category == MemberCategory.Probationary && c.Status == MembershipStatus.Normal).Count;
    }

    [Fact]
    public async Task Changing_category_and_status_moves_the_member_between_tally_cells()
    {
        var first = await OrgId(DemoOrgs.First);
        var input = People.Probationary(first, "转正甲", App.Today);
        var id = await CreateMember(input);
        var client = await As("yanzhong");

        var updated = input with { Category = MemberCategory.Full, FullMemberOn = Today, Status = MembershipStatus.Reserved };
        (await PutJson(client, $"/api/v1/members/{id}", updated)).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var details = await Details(id);
        details.CategoryName.ShouldBe("正式党员");
        details.StatusName.ShouldBe("保留党籍");
        await AssertDerivedRowsMatchMembers();
    }

    [Fact]
    public async Task A_name_with_markup_is_refused()
    {
        var errors = await Problem(await PostJson(await As("admin"), "/api/v1/members", People.Full(await OrgId(DemoOrgs.First), "<script>alert(1)</script>")));
        errors["name"].ShouldBe(["姓名不能包含特殊字符"]);
    }
}
