using System.Net;
using Dangjian.Features.Members;
using Dangjian.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Tests.Members;

/// <summary>Every way of searching, filtering, sorting and paging the member list.</summary>
public class MemberSearchTests(AppFactory app) : DemoApiTest(app)
{
    private const string BranchName = "检索测试党支部";

    /// <summary>A branch of its own with known names, made by the first test that needs it.</summary>
    private async Task<long> SearchBranch()
    {
        var existing = await App.WithDbAsync(db => db.Organizations.Where(o => o.Name == BranchName).Select(o => (long?)o.Id).FirstOrDefaultAsync());
        if (existing is { } id)
        {
            return id;
        }
        id = await CreateOrganization(await OrgId(DemoOrgs.Hancheng), BranchName);
        foreach (var name in new[] { "欧阳振华", "司徒雷", "诸葛明", "诸葛明远" })
        {
            await CreateMember(id, name);
        }
        await CreateMember(People.Full(id, "华振", Dangjian.Platform.Text.Sex.Female));
        return id;
    }

    private const string SortBranchName = "拼音排序测试党支部";

    /// <summary>Names in syllable order: run together, their pinyin would sort 陈国 after 程芳杰 and 李 after 刘.</summary>
    private static readonly string[] InSyllableOrder = ["陈超红", "陈德", "陈国", "陈国建新", "陈建新", "程超军", "程芳杰", "程建新", "李新华", "刘强玉"];

    /// <summary>A branch holding <see cref="InSyllableOrder"/>, created in another order by the first test that needs it.</summary>
    private async Task<long> SortBranch()
    {
        var existing = await App.WithDbAsync(db => db.Organizations.Where(o => o.Name == SortBranchName).Select(o => (long?)o.Id).FirstOrDefaultAsync());
        if (existing is { } id)
        {
            return id;
        }
        id = await CreateOrganization(await OrgId(DemoOrgs.Hancheng), SortBranchName);
        foreach (var name in new[] { "程芳杰", "陈国建新", "刘强玉", "陈国", "程建新", "陈超红", "李新华", "陈德", "程超军", "陈建新" })
        {
            await CreateMember(id, name);
        }
        return id;
    }

    private async Task<SearchMembers.Response> Search(string query, string user = "admin") =>
        await Read<SearchMembers.Response>(await (await As(user)).GetAsync("/api/v1/members?" + query));

    [Theory]
    [InlineData("振华", "infix", new[] { "欧阳振华" })]
    [InlineData("诸葛明", "exact", new[] { "诸葛明" })]
    [InlineData("葛明远", "infix", new[] { "诸葛明远" })]
    [InlineData("诸", "surname", new[] { "诸葛明", "诸葛明远" })]
    [InlineData("zgm", "initials", new[] { "诸葛明", "诸葛明远" })]
    [InlineData("ZGMY", "initials", new[] { "诸葛明远" })]
    [InlineData("situlei", "pinyin", new[] { "司徒雷" })]
    [InlineData("zhugemingyuan", "pinyin", new[] { "诸葛明远" })]
    [InlineData("cw", "initials", new string[0])] // no vowel: initials, even when none match
    [InlineData("sit", "pinyin", new[] { "司徒雷" })]
    [InlineData("139", "partialNumber", new string[0])]
    [InlineData("13912", "partialNumber", new string[0])]
    public async Task The_search_box_finds_members_by_name_or_pinyin(string q, string searchedBy, string[] expected)
    {
        var branch = await SearchBranch();
        var result = await Search($"organizationId={branch}&q={Uri.EscapeDataString(q)}");
        result.SearchedBy.ShouldBe(searchedBy);
        result.Items.Select(i => i.Name).ShouldBe(expected, ignoreOrder: true);
        result.Total.ShouldBe(expected.Length);
    }

    [Fact]
    public async Task The_list_sorts_by_syllable_both_ways_and_keeps_the_order_across_pages()
    {
        var branch = await SortBranch();
        async Task<string[]> Names(string query) => [.. (await Search($"organizationId={branch}&{query}")).Items.Select(i => i.Name)];

        (await Names("sort=name&pageSize=100")).ShouldBe(InSyllableOrder);
        (await Names("pageSize=100")).ShouldBe(InSyllableOrder);
        (await Names("sort=-name&pageSize=100")).ShouldBe(Enumerable.Reverse(InSyllableOrder));
        var paged = new List<string>();
        var reversed = new List<string>();
        for (var page = 1; page <= 4; page++)
        {
            paged.AddRange(await Names($"sort=name&pageSize=3&page={page}"));
            reversed.AddRange(await Names($"sort=-name&pageSize=3&page={page}"));
        }
        paged.ShouldBe(InSyllableOrder);
        reversed.ShouldBe(Enumerable.Reverse(InSyllableOrder));
    }

    [Theory]
    [InlineData("chenchao", new[] { "陈超红" })]
    [InlineData("chengchao", new[] { "程超军" })]
    [InlineData("lixin", new[] { "李新华" })]
    [InlineData("chenguo", new[] { "陈国", "陈国建新" })]
    [InlineData("chengjianx", new[] { "程建新" })]
    [InlineData("chenxyz", new string[0])]
    public async Task Full_pinyin_finds_the_members_whose_syllables_it_spells_in_syllable_order(string q, string[] expected)
    {
        var result = await Search($"organizationId={await SortBranch()}&q={q}");
        result.SearchedBy.ShouldBe("pinyin");
        result.Items.Select(i => i.Name).ShouldBe(expected);
        result.Total.ShouldBe(expected.Length);
    }

    [Theory]
    [InlineData("name")]
    [InlineData("-name")]
    public async Task A_two_character_name_pages_its_matches_in_syllable_order(string sort)
    {
        var branch = await SortBranch();
        string[] expected = ["陈国建新", "陈建新", "程建新"];
        var names = new List<string>();
        for (var page = 1; page <= 2; page++)
        {
            var result = await Search($"organizationId={branch}&q={Uri.EscapeDataString("建新")}&sort={sort}&pageSize=2&page={page}");
            result.SearchedBy.ShouldBe("infix");
            result.Total.ShouldBe(3);
            names.AddRange(result.Items.Select(i => i.Name));
        }
        names.ShouldBe(sort == "name" ? expected : Enumerable.Reverse(expected));
    }

    [Fact]
    public async Task The_search_box_finds_a_member_by_id_tail_full_id_or_phone()
    {
        var branch = await CreateOrganization(await OrgId(DemoOrgs.Hancheng), "号码检索党支部");
        var input = People.Full(branch, "端木号");
        var id = await CreateMember(input);

        var byTail = await Search($"organizationId={branch}&q={input.IdNumber![^4..]}");
        byTail.SearchedBy.ShouldBe("idTail");
        byTail.Items.ShouldHaveSingleItem().Id.ShouldBe(id);
        byTail.Items[0].IdNumberMasked.ShouldEndWith(input.IdNumber[^4..]);

        var byId = await Search($"q={input.IdNumber}");
        byId.SearchedBy.ShouldBe("idNumber");
        byId.Items.ShouldHaveSingleItem().Id.ShouldBe(id);

        var byPhone = await Search($"q={input.Phone}");
        byPhone.SearchedBy.ShouldBe("phone");
        byPhone.Items.ShouldHaveSingleItem().Id.ShouldBe(id);

        foreach (var q in new[] { input.IdNumber, input.Phone!, "端木号", "duanmuhao", input.IdNumber[^4..] })
        {
            (await Search($"q={Uri.EscapeDataString(q)}", "baling")).Items.ShouldNotContain(i => i.Id == id, $"searching {q} outside the subtree");
        }
    }

    [Fact]
    public async Task Filters_by_category_status_and_flags_return_exactly_the_matching_members()
    {
        var id = await CreateOrganization(await OrgId(DemoOrgs.Hancheng), "筛选测试党支部");
        var ids = new Dictionary<string, long>
        {
            ["serving"] = await CreateMember(People.Full(id, "在职甲")),
            ["retired"] = await CreateMember(People.Full(id, "退休甲") with { WorkStatus = WorkStatus.Retired }),
            ["assisting"] = await CreateMember(People.Full(id, "协管甲") with { WorkStatus = WorkStatus.Retired, IsAssisting = true }),
            ["mobile"] = await CreateMember(People.Full(id, "流动甲") with { IsMobile = true, MobileDestination = "北京市" }),
            ["lost"] = await CreateMember(People.Full(id, "失联甲") with { WorkStatus = WorkStatus.Other, LostContact = true, LostContactSince = new DateOnly(2025, 1, 1) }),
            ["probationary"] = await CreateMember(People.Probationary(id, "预备甲", App.Today)),
            ["reserved"] = await CreateMember(People.Full(id, "保留甲") with { WorkStatus = WorkStatus.Other, Status = MembershipStatus.Reserved }),
        };

        async Task<long[]> Ids(string filter)
        {
            var result = await Search($"organizationId={id}&pageSize=100&{filter}");
            result.Total.ShouldBe(result.Items.Count, filter);
            return [.. result.Items.Select(i => i.Id)];
        }

        (await Ids("flags=serving")).ShouldBe([ids["serving"], ids["mobile"], ids["probationary"]], ignoreOrder: true);
        (await Ids("flags=retired")).ShouldBe([ids["retired"], ids["assisting"]], ignoreOrder: true);
        (await Ids("flags=assisting")).ShouldBe([ids["assisting"]]);
        (await Ids("flags=mobile")).ShouldBe([ids["mobile"]]);
        (await Ids("flags=lost")).ShouldBe([ids["lost"]]);
        (await Ids("flags=retired,assisting")).ShouldBe([ids["assisting"]]);
        (await Ids("category=Probationary")).ShouldBe([ids["probationary"]]);
        (await Ids("status=Reserved")).ShouldBe([ids["reserved"]]);
        (await Ids("category=Full&status=Normal")).Length.ShouldBe(5);
        (await Ids("")).Length.ShouldBe(7);
        // Totals without a search come from the tallies: contradicting flags match nobody there too.
        (await Ids("flags=serving,retired")).ShouldBeEmpty();
        (await Ids("category=Full&flags=retired,assisting")).ShouldBe([ids["assisting"]]);

        var unknown = await Problem(await (await As("admin")).GetAsync($"/api/v1/members?organizationId={id}&flags=retired,vip"));
        unknown["flags"].ShouldBe(["未知的筛选条件“vip”"]);
    }

    [Theory]
    [InlineData("joinedOn")]
    [InlineData("-joinedOn")]
    [InlineData("birthDate")]
    [InlineData("-birthDate")]
    [InlineData("name")]
    [InlineData("-name")]
    public async Task The_list_is_sorted_as_asked(string sort)
    {
        var items = (await Search($"organizationId={await OrgId(DemoOrgs.First)}&pageSize=100&sort={sort}")).Items;
        items.Count.ShouldBeGreaterThan(10);
        var rows = new List<Member>();
        foreach (var item in items)
        {
            rows.Add(await MemberRow(item.Id));
        }
        IEnumerable<Member> expected = sort switch
        {
            "joinedOn" => rows.OrderBy(m => m.JoinedOn).ThenBy(m => m.Id),
            "-joinedOn" => rows.OrderByDescending(m => m.JoinedOn).ThenByDescending(m => m.Id),
            "birthDate" => rows.OrderBy(m => m.BirthDate).ThenBy(m => m.Id),
            "-birthDate" => rows.OrderByDescending(m => m.BirthDate).ThenByDescending(m => m.Id),
            "name" => rows.OrderBy(m => m.NamePinyin, StringComparer.Ordinal).ThenBy(m => m.Id),
            _ => rows.OrderByDescending(m => m.NamePinyin, StringComparer.Ordinal).ThenByDescending(m => m.Id),
        };
        items.Select(i => i.Id).ShouldBe(expected.Select(m => m.Id));
    }

    [Fact]
    public async Task Pages_differ_and_together_list_every_member_once_with_the_right_total()
    {
        var client = await As("baling");
        var stats = await Read<MemberStats.Response>(await client.GetAsync("/api/v1/members/stats"));
        var seen = new List<long>();
        SearchMembers.Response page;
        var number = 1;
        do
        {
            page = await Read<SearchMembers.Response>(await client.GetAsync($"/api/v1/members?page={number}&pageSize=37"));
            page.Total.ShouldBe(stats.Total);
            page.Page.ShouldBe(number);
            seen.AddRange(page.Items.Select(i => i.Id));
            number++;
        }
        while (page.Items.Count == 37);

        seen.Count.ShouldBe((int)stats.Total);
        seen.Distinct().Count().ShouldBe(seen.Count);
        var first = await Read<SearchMembers.Response>(await client.GetAsync("/api/v1/members?page=1&pageSize=10"));
        var second = await Read<SearchMembers.Response>(await client.GetAsync("/api/v1/members?page=2&pageSize=10"));
        second.Items.Select(i => i.Id).Intersect(first.Items.Select(i => i.Id)).ShouldBeEmpty();
        second.Items.Count.ShouldBe(10);
    }

    [Theory]
    [InlineData("page=0", "page")]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("pageSize=101", "pageSize")]
    public async Task A_page_outside_the_limits_is_refused(string query, string field)
    {
        var errors = await Problem(await (await As("admin")).GetAsync("/api/v1/members?" + query));
        errors.Keys.ShouldBe([field]);
    }

    [Fact]
    public async Task An_unknown_order_is_refused_with_the_orders_there_are()
    {
        var errors = await Problem(await (await As("admin")).GetAsync("/api/v1/members?sort=age"));
        errors["sort"].ShouldBe(["未知的排序方式“age”，可选：name、-name、joinedOn、-joinedOn、birthDate、-birthDate"]);
    }

    [Fact]
    public async Task A_search_longer_than_fifty_characters_is_refused()
    {
        var errors = await Problem(await (await As("admin")).GetAsync("/api/v1/members?q=" + new string('张', 51)));
        errors["q"].ShouldBe(["搜索内容不能超过50个字符"]);
    }

    [Fact]
    public async Task A_list_row_carries_the_organization_name_and_flags()
    {
        var branch = await SearchBranch();
        var row = (await Search($"organizationId={branch}&q=华振")).Items.ShouldHaveSingleItem();
        row.OrganizationName.ShouldBe(BranchName);
        row.SexName.ShouldBe("女");
        row.CategoryName.ShouldBe("正式党员");
        row.IsLeaving.ShouldBeFalse();
        (await Search($"organizationId={branch}&q=华振")).SearchedBy.ShouldBe("infix");
        (await (await As("admin")).GetAsync("/api/v1/members?organizationId=999999")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("name")]
    [InlineData("-name")]
    [InlineData("joinedOn")]
    [InlineData("-joinedOn")]
    [InlineData("birthDate")]
    [InlineData("-birthDate")]
    public async Task Members_found_by_exact_name_are_ordered_and_paged_as_asked(string sort)
    {
        // A name's few holders are ordered from their keys alone (not by walking an order's index): the order and the
        // pages must be exactly those of the list.
        var branch = await CreateOrganization(await OrgId(DemoOrgs.Hancheng), $"同名排序{sort}党支部");
        var ids = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await CreateMember(branch, "欧阳同名"));
        }
        var members = await App.WithDbAsync(db => db.Members.AsNoTracking().Where(m => ids.Contains(m.Id)).ToListAsync());
        IEnumerable<Member> expected = sort switch
        {
            "-name" => members.OrderByDescending(m => m.NamePinyin, StringComparer.Ordinal).ThenByDescending(m => m.Id),
            "joinedOn" => members.OrderBy(m => m.JoinedOn).ThenBy(m => m.Id),
            "-joinedOn" => members.OrderByDescending(m => m.JoinedOn).ThenByDescending(m => m.Id),
            "birthDate" => members.OrderBy(m => m.BirthDate).ThenBy(m => m.Id),
            "-birthDate" => members.OrderByDescending(m => m.BirthDate).ThenByDescending(m => m.Id),
            _ => members.OrderBy(m => m.NamePinyin, StringComparer.Ordinal).ThenBy(m => m.Id),
        };
        var seen = new List<long>();
        for (var page = 1; page <= 3; page++)
        {
            var result = await Search($"organizationId={branch}&q={Uri.EscapeDataString("欧阳同名")}&sort={sort}&pageSize=2&page={page}");
            result.SearchedBy.ShouldBe("exact");
            result.Total.ShouldBe(5);
            seen.AddRange(result.Items.Select(i => i.Id));
        }
        seen.ShouldBe(expected.Select(m => m.Id).ToList());
    }

    [Fact]
    public async Task A_two_character_search_with_a_filter_follows_an_edit_of_the_filtered_columns()
    {
        // The name windows copy the columns the list filters and orders by: an edit of any of them must move the member
        // in a filtered two-character search at once, in every order.
        var branch = await CreateOrganization(await OrgId(DemoOrgs.Hancheng), "窗口副本测试党支部");
        var input = People.Full(branch, "甲栋材");
        var id = await CreateMember(input);
        var otherInput = People.Full(branch, "乙栋材") with { IsMobile = true, MobileDestination = "郑州市" };
        var other = await CreateMember(otherInput);
        var q = $"organizationId={branch}&q={Uri.EscapeDataString("栋材")}";

        async Task<long[]> Ids(string more)
        {
            var result = await Search($"{q}&pageSize=10{more}");
            result.SearchedBy.ShouldBe("infix");
            result.Total.ShouldBe(result.Items.Count, more);
            return [.. result.Items.Select(i => i.Id)];
        }

        (await Ids("&flags=mobile")).ShouldBe([other]);
        (await Ids("&flags=retired")).ShouldBeEmpty();
        // Joined after the other member, whichever joined first before.
        var joinedOn = new[] { input.JoinedOn!.Value, otherInput.JoinedOn!.Value }.Max().AddDays(1);
        var edited = input with
        {
            IsMobile = true, MobileDestination = "北京市", WorkStatus = WorkStatus.Retired, JoinedOn = joinedOn,
            FullMemberOn = joinedOn.AddYears(1),
        };
        (await PutJson(await As("admin"), $"/api/v1/members/{id}", edited)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await Ids("&flags=mobile&sort=joinedOn")).ShouldBe([other, id]);
        (await Ids("&flags=mobile&sort=-joinedOn")).ShouldBe([id, other]);
        (await Ids("&flags=retired")).ShouldBe([id]);
        (await Ids("&flags=mobile,retired&category=Full&status=Normal")).ShouldBe([id]);
        (await Ids("&flags=serving,retired")).ShouldBeEmpty();
        (await Ids("&category=Probationary")).ShouldBeEmpty();
        await AssertDerivedRowsMatchMembers();
    }

    [Theory]
    [InlineData("joinedOn")]
    [InlineData("-joinedOn")]
    [InlineData("birthDate")]
    [InlineData("-birthDate")]
    public async Task An_initials_search_sorted_by_a_date_pages_through_its_matches_in_that_order(string sort)
    {
        var branch = await OrgId(DemoOrgs.Second);
        if (!await App.WithDbAsync(db => db.Members.AnyAsync(m => m.Name == "邬雪岚")))
        {
            foreach (var (name, i) in new[] { "邬雪岚", "吴晓琳", "魏秀兰", "武欣蕾" }.Select((n, i) => (n, i)))
            {
                // Each joined some years before the sample's own date (25 years after birth), so every joining is after 18.
                var input = People.Full(branch, name);
                var joined = input.JoinedOn!.Value.AddYears(-i).AddDays(-37 * i);
                await CreateMember(input with { JoinedOn = joined, FullMemberOn = joined.AddYears(1) });
            }
        }
        var expected = (await App.WithDbAsync(db => db.Members.AsNoTracking().Where(m => m.LeftAt == null && m.NameInitials.StartsWith("wxl")).ToListAsync()))
            .Select(m => (m.Id, Key: sort.TrimStart('-') == "joinedOn" ? m.JoinedOn : m.BirthDate)).ToList();
        var ordered = (sort.StartsWith('-') ? expected.OrderByDescending(e => e.Key).ThenByDescending(e => e.Id) : expected.OrderBy(e => e.Key).ThenBy(e => e.Id))
            .Select(e => e.Id).ToList();
        ordered.Count.ShouldBeGreaterThanOrEqualTo(4);

        var seen = new List<long>();
        for (var page = 1; page <= ordered.Count; page++)
        {
            var result = await Search($"q=wxl&sort={sort}&pageSize=1&page={page}", "admin");
            result.SearchedBy.ShouldBe("initials");
            seen.AddRange(result.Items.Select(i => i.Id));
        }
        seen.ShouldBe(ordered);
    }

    [Theory]
    [InlineData("baling", "")]
    [InlineData("baling", "&sort=-name")]
    [InlineData("baling", "&category=Probationary")]
    [InlineData("baling", "&sort=joinedOn")]
    [InlineData("admin", "")]
    [InlineData("admin", "&sort=-name&flags=serving")]
    [InlineData("zhongyuan", "")]
    public async Task A_two_character_name_finds_exactly_the_matches_inside_the_scope_page_by_page(string user, string more)
    {
        // Holders of 栋梁 on both sides of the tree, one of them transferred out of the street (so no longer its
        // member) and one with a three-character name containing it.
        var first = await OrgId(DemoOrgs.First);
        var linshanzhai = await OrgId(DemoOrgs.LinshanzhaiFirst);
        if (!await App.WithDbAsync(db => db.Members.AnyAsync(m => m.Name == "甲栋梁")))
        {
            foreach (var name in new[] { "甲栋梁", "栋梁乙", "丙栋梁丁", "戊栋梁" })
            {
                await CreateMember(first, name);
            }
            await CreateMember(People.Probationary(first, "己栋梁", App.Today));
            await CreateMember(People.Probationary(first, "栋梁癸", App.Today));
            await CreateMember(linshanzhai, "庚栋梁");
            await CreateMember(linshanzhai, "辛栋梁");
            var leaving = await CreateMember(first, "壬栋梁");
            var admin = await As("admin");
            var letter = await Read<Created>(await PostJson(admin, "/api/v1/transfers",
                new { memberId = leaving, toOrganizationId = linshanzhai, letterNumber = "DL-2026-0001", duesPaidThrough = "2026-10" }), HttpStatusCode.Created);
            (await PostJson(admin, $"/api/v1/transfers/{letter.Id}/receive", new { receiptNumber = "DL-HZ-0001" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
            await AssertDerivedRowsMatchMembers();
        }

        var scopePath = await App.WithDbAsync(db => db.Users.Where(u => u.UserName == user)
            .Join(db.Organizations, u => u.OrganizationId, o => o.Id, (u, o) => o.Path).SingleAsync());
        var expected = (await App.WithDbAsync(db => db.Members.AsNoTracking().Where(m => m.LeftAt == null && m.Name.Contains("栋梁")).ToListAsync()))
            .Where(m => m.OrgPath.StartsWith(scopePath, StringComparison.Ordinal))
            .Where(m => !more.Contains("category=Probationary", StringComparison.Ordinal) || m.Category == MemberCategory.Probationary)
            .Where(m => !more.Contains("flags=serving", StringComparison.Ordinal) || m.WorkStatus == WorkStatus.Serving)
            .ToList();
        IEnumerable<Member> ordered = more.Contains("sort=-name", StringComparison.Ordinal)
            ? expected.OrderByDescending(m => m.NamePinyin, StringComparer.Ordinal).ThenByDescending(m => m.Id)
            : more.Contains("sort=joinedOn", StringComparison.Ordinal)
                ? expected.OrderBy(m => m.JoinedOn).ThenBy(m => m.Id)
                : expected.OrderBy(m => m.NamePinyin, StringComparer.Ordinal).ThenBy(m => m.Id);
        expected.Count.ShouldBeGreaterThan(1, "the scope holds several matches, so paging is exercised");

        var seen = new List<long>();
        for (var page = 1; ; page++)
        {
            var result = await Search($"q={Uri.EscapeDataString("栋梁")}&pageSize=2&page={page}{more}", user);
            result.SearchedBy.ShouldBe("infix");
            result.Total.ShouldBe(expected.Count);
            result.TotalIsAtLeast.ShouldBeFalse();
            if (result.Items.Count == 0)
            {
                break;
            }
            seen.AddRange(result.Items.Select(i => i.Id));
        }
        seen.ShouldBe(ordered.Select(m => m.Id).ToList());
    }
}
