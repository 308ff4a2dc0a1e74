using System.Net;
using System.Text.RegularExpressions;
using Dangjian.Features.Organizations;
using Dangjian.Platform.Audit;
using Dangjian.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Tests.Organizations;

/// <summary>The pages of units, instructors and part-time committee members: the same use cases as the API, from forms.</summary>
public partial class UnitPageTests(AppFactory app) : DemoApiTest(app)
{
    private static int _sequence;

    private static string Unique(string prefix) => $"{prefix}{Interlocked.Increment(ref _sequence)}";

    [Fact]
    public async Task A_unit_registered_on_its_page_is_shown_and_counted_in_its_organizations_coverage()
    {
        var baling = await OrgId(DemoOrgs.Baling);
        var client = await As("baling");
        var before = CoverageUnits(await client.GetStringAsync($"/Organizations/Details?id={baling}"));
        var form = await client.GetStringAsync($"/Units/New?organizationId={baling}");
        form.ShouldContain(DemoOrgs.Baling);
        var name = Unique("灞陵页面登记商行");

        var posted = await PostForm(client, $"/Units/New?organizationId={baling}", form, new()
        {
            ["OrganizationId"] = baling.ToString(), ["Input.Name"] = name, ["Input.Kind"] = "PrivateEnterprise",
            ["Input.PartyMemberCount"] = "0", ["Input.EmployeeCount"] = "8",
        });

        posted.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var unit = await App.WithDbAsync(db => db.Units.AsNoTracking().SingleAsync(u => u.Name == name));
        (unit.AreaOrganizationId, unit.CoveringOrganizationId, unit.Kind, unit.EmployeeCount).ShouldBe((baling, null, UnitKind.PrivateEnterprise, 8));
        posted.Headers.Location!.OriginalString.ShouldBe($"/Units/Details?id={unit.Id}");
        var details = Decode(await client.GetStringAsync($"/Units/Details?id={unit.Id}"));
        details.ShouldContain(name);
        details.ShouldContain("尚未建立或被覆盖");
        CoverageUnits(await client.GetStringAsync($"/Organizations/Details?id={baling}")).ShouldBe(before + 1);
        Decode(await client.GetStringAsync($"/Units?organizationId={baling}&covered=false")).ShouldContain(name);
        (await AuditRows(AuditActions.Created, nameof(Unit), unit.Id.ToString())).ShouldHaveSingleItem().UserName.ShouldBe("baling");
    }

    [Fact]
    public async Task A_unit_registered_as_covered_by_the_pages_organization_is_listed_among_its_covered_units()
    {
        var joint = await OrgId("韩城街道非公企业联合党支部");
        var client = await As("admin");
        var form = await client.GetStringAsync($"/Units/New?organizationId={joint}");
        var name = Unique("韩城联合覆盖小店");

        (await PostForm(client, $"/Units/New?organizationId={joint}", form, new()
        {
            ["OrganizationId"] = joint.ToString(), ["Input.Name"] = name, ["Input.Kind"] = "SmallBusiness", ["Input.PartyMemberCount"] = "1",
            ["Input.CoveredByThisOrganization"] = "true", ["Input.PairedWithThisOrganization"] = "true",
        })).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var unit = await App.WithDbAsync(db => db.Units.AsNoTracking().SingleAsync(u => u.Name == name));
        (unit.CoveringOrganizationId, unit.PairedOrganizationId).ShouldBe((joint, joint));
        var page = Decode(await client.GetStringAsync($"/Organizations/Details?id={joint}"));
        CoveredUnitsList().Match(page).Value.ShouldContain(name);
        var covered = await App.WithDbAsync(db => db.Units.CountAsync(u => u.CoveringOrganizationId == joint));
        page.ShouldContain($"覆盖单位 {covered} 个，其中单独建立党组织 0 个、联合党支部覆盖 {covered} 个");
    }

    [Fact]
    public async Task A_unit_form_with_bad_input_names_each_field_and_writes_nothing()
    {
        var baling = await OrgId(DemoOrgs.Baling);
        var client = await As("baling");
        var form = await client.GetStringAsync($"/Units/New?organizationId={baling}");
        var counts = await RowCounts();

        var refused = await PostForm(client, $"/Units/New?organizationId={baling}", form, new()
        {
            ["OrganizationId"] = baling.ToString(), ["Input.Name"] = " ", ["Input.Kind"] = "", ["Input.PartyMemberCount"] = "-1", ["Input.EmployeeCount"] = "-3",
        });

        refused.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = Decode(await refused.Content.ReadAsStringAsync());
        FieldMessage(html, "Input.Name").ShouldBe("单位名称不能为空");
        FieldMessage(html, "Input.Kind").ShouldBe("单位类别不能为空");
        FieldMessage(html, "Input.PartyMemberCount").ShouldBe("党员人数不能为负数");
        FieldMessage(html, "Input.EmployeeCount").ShouldBe("职工人数不能为负数");
        (await RowCounts()).ShouldBe(counts);
    }

    [Fact]
    public async Task An_instructor_sent_from_the_units_page_is_listed_there_and_counted_on_the_organizations_page()
    {
        var baling = await OrgId(DemoOrgs.Baling);
        var unit = await CreateUnit(baling, Unique("灞陵待指导企业"));
        var client = await As("baling");
        var page = await client.GetStringAsync($"/Units/Details?id={unit}");
        page.ShouldContain("派驻指导员");
        var instructed = CoverageInstructed(await client.GetStringAsync($"/Organizations/Details?id={baling}"));

        var posted = await PostForm(client, $"/Units/Details?handler=Instructor&id={unit}", page, new()
        {
            ["Instructor.Name"] = "页面指导员", ["Instructor.AssignedOn"] = "2026-09-01",
        });

        posted.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var shown = Decode(await client.GetStringAsync(posted.Headers.Location!.OriginalString));
        shown.ShouldContain("已选派党建指导员 页面指导员");
        InstructorList().Match(shown).Value.ShouldContain("页面指导员");
        InstructorList().Match(shown).Value.ShouldContain("2026-09-01 选派");
        var row = await App.WithDbAsync(db => db.Instructors.AsNoTracking().SingleAsync(i => i.UnitId == unit));
        (row.Name, row.AssignedOn).ShouldBe(("页面指导员", new DateOnly(2026, 9, 1)));
        CoverageInstructed(await client.GetStringAsync($"/Organizations/Details?id={baling}")).ShouldBe(instructed + 1);
    }

    [Fact]
    public async Task An_instructor_form_with_bad_input_names_the_field_and_writes_nothing()
    {
        var unit = await CreateUnit(await OrgId(DemoOrgs.Baling), Unique("灞陵指导表单企业"));
        var client = await As("baling");
        var page = await client.GetStringAsync($"/Units/Details?id={unit}");
        var counts = await RowCounts();

        var blank = Decode(await (await PostForm(client, $"/Units/Details?handler=Instructor&id={unit}", page, new() { ["Instructor.Name"] = "" })).Content.ReadAsStringAsync());
        FieldMessage(blank, "Instructor.Name").ShouldBe("指导员姓名不能为空");
        var future = App.Today.AddDays(3).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var later = Decode(await (await PostForm(client, $"/Units/Details?handler=Instructor&id={unit}", page, new() { ["Instructor.Name"] = "未来指导员", ["Instructor.AssignedOn"] = future })).Content.ReadAsStringAsync());
        FieldMessage(later, "Instructor.AssignedOn").ShouldContain("选派日期");
        later.ShouldContain("value=\"未来指导员\"");

        (await RowCounts()).ShouldBe(counts);
    }

    [Fact]
    public async Task Units_outside_the_callers_subtree_are_not_found_on_any_page_and_nothing_is_written()
    {
        var guangming = await OrgId(DemoOrgs.Guangming);
        var foreignUnit = await CreateUnit(guangming, Unique("光明社区外区企业"));
        var client = await As("baling");
        var token = await client.GetStringAsync($"/Units/New?organizationId={await OrgId(DemoOrgs.Baling)}");
        var counts = await RowCounts();

        foreach (var url in new[] { $"/Units/New?organizationId={guangming}", $"/Units/Details?id={foreignUnit}", $"/Units?organizationId={guangming}" })
        {
            var response = await client.GetAsync(url);
            response.StatusCode.ShouldBe(HttpStatusCode.NotFound, url);
            Decode(await response.Content.ReadAsStringAsync()).ShouldContain("不存在或不在您的管辖范围内");
        }
        (await PostForm(client, $"/Units/New?organizationId={guangming}", token, new() { ["OrganizationId"] = guangming.ToString(), ["Input.Name"] = "越界页面单位", ["Input.Kind"] = "Market" }))
            .StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await PostForm(client, $"/Units/Details?handler=Instructor&id={foreignUnit}", token, new() { ["Instructor.Name"] = "越界页面指导员" }))
            .StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await PostForm(client, $"/Organizations/Details?handler=PartTime&id={guangming}", token, new() { ["PartTime.Name"] = "越界兼职", ["PartTime.UnitId"] = foreignUnit.ToString() }))
            .StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var after = await RowCounts();
        (after["Units"], after["Instructors"], after["PartTimeCommitteeMembers"]).ShouldBe((counts["Units"], counts["Instructors"], counts["PartTimeCommitteeMembers"]));
        (await App.WithDbAsync(db => db.Units.AnyAsync(u => u.Name == "越界页面单位"))).ShouldBeFalse();
    }

    [Fact]
    public async Task A_branch_secretary_sees_units_but_registers_none_and_sends_no_instructor()
    {
        var first = await OrgId(DemoOrgs.First);
        var unit = await CreateUnit(first, Unique("延中支部辖区小店"));
        var client = await As("yanzhong");
        var page = await client.GetStringAsync($"/Units/Details?id={unit}");
        page.ShouldNotContain("name=\"Instructor.Name\"");
        (await client.GetStringAsync($"/Organizations/Details?id={first}")).ShouldNotContain("name=\"PartTime.Name\"");
        var counts = await RowCounts();

        Refused(await client.GetAsync($"/Units/New?organizationId={first}")).ShouldBeTrue();
        Refused(await PostForm(client, $"/Units/Details?handler=Instructor&id={unit}", page, new() { ["Instructor.Name"] = "无权指导员" })).ShouldBeTrue();
        Refused(await PostForm(client, $"/Organizations/Details?handler=PartTime&id={first}", page, new() { ["PartTime.Name"] = "无权兼职", ["PartTime.UnitId"] = unit.ToString() })).ShouldBeTrue();
        (await RowCounts()).ShouldBe(counts);
    }

    [Fact]
    public async Task A_part_time_committee_member_added_on_the_organizations_page_is_listed_there()
    {
        var community = await OrgId(DemoOrgs.LinshanzhaiFirst);
        var sewage = await App.WithDbAsync(db => db.Units.Where(u => u.Name == "郑州市污水净化有限公司").Select(u => u.Id).SingleAsync());
        var client = await As("zhongyuan");
        var page = await client.GetStringAsync($"/Organizations/Details?id={community}");
        Decode(page).ShouldContain($"<option value=\"{sewage}\">郑州市污水净化有限公司</option>", Case.Sensitive, "the resident unit of the street the community lies in is offered");

        var posted = await PostForm(client, $"/Organizations/Details?handler=PartTime&id={community}", page, new()
        {
            ["PartTime.Name"] = "页面兼职委员", ["PartTime.Post"] = "副书记", ["PartTime.UnitId"] = sewage.ToString(),
        });

        posted.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var shown = Decode(await client.GetStringAsync($"/Organizations/Details?id={community}"));
        PartTimeList().Match(shown).Value.ShouldContain("页面兼职委员<span class=\"text-secondary\">（副书记） · 郑州市污水净化有限公司</span>");
        (await App.WithDbAsync(db => db.PartTimeCommitteeMembers.CountAsync(p => p.Name == "页面兼职委员" && p.OrganizationId == community && p.UnitId == sewage))).ShouldBe(1);
    }

    [Fact]
    public async Task A_part_time_form_with_bad_input_names_the_fields_and_writes_nothing()
    {
        var community = await OrgId(DemoOrgs.LinshanzhaiFirst);
        var client = await As("zhongyuan");
        var page = await client.GetStringAsync($"/Organizations/Details?id={community}");
        var counts = await RowCounts();

        var refused = await PostForm(client, $"/Organizations/Details?handler=PartTime&id={community}", page, new()
        {
            ["PartTime.Name"] = "", ["PartTime.Post"] = new string('职', 51), ["PartTime.UnitId"] = "",
        });

        refused.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = Decode(await refused.Content.ReadAsStringAsync());
        FieldMessage(html, "PartTime.Name").ShouldBe("姓名不能为空");
        FieldMessage(html, "PartTime.Post").ShouldBe("职务不能超过50个字符");
        FieldMessage(html, "PartTime.UnitId").ShouldBe("驻区单位不能为空");
        (await RowCounts()).ShouldBe(counts);
    }

    [Fact]
    public async Task The_units_list_filters_by_kind_and_coverage_and_pages()
    {
        var client = await As("zhongyuan");
        var stateOwned = Decode(await client.GetStringAsync("/Units?kind=StateEnterprise"));
        stateOwned.ShouldContain("郑州市污水净化有限公司");
        stateOwned.ShouldNotContain("圆方集团");
        var uncovered = Decode(await client.GetStringAsync("/Units?covered=false"));
        uncovered.ShouldContain("圆方集团");
        uncovered.ShouldNotContain(">林山寨街道第1社区</a>");

        var admin = await As("admin");
        var total = await App.WithDbAsync(db => db.Units.CountAsync());
        total.ShouldBeGreaterThan(20, "the demo has more units than one page holds");
        var pages = (total + 19) / 20;
        var first = Decode(await admin.GetStringAsync("/Units"));
        first.ShouldContain($"共 {total} 个单位");
        first.ShouldContain($"第 1 / {pages} 页");
        var second = Decode(await admin.GetStringAsync("/Units?pageNo=2"));
        second.ShouldContain($"第 2 / {pages} 页");
        var names = await App.WithDbAsync(db => db.Units.OrderBy(u => u.Name).ThenBy(u => u.Id).Select(u => u.Name).ToListAsync());
        second.ShouldContain($">{names[20]}</a>");
        second.ShouldNotContain($">{names[0]}</a>");
    }

    [Fact]
    public async Task A_covered_unit_registered_above_the_callers_subtree_is_named_but_not_linked()
    {
        var baling = await OrgId(DemoOrgs.Baling);
        var yanzhong = await OrgId(DemoOrgs.Yanzhong);
        var name = Unique("灞陵登记延中覆盖商店");
        var unit = await CreateUnit(baling, name, coveringOrganizationId: yanzhong);
        var link = $"href=\"/Units/Details?id={unit}\"";

        // The grid worker's area is the community: the unit is theirs to know of, its record the street's.
        var worker = await As("wangge");
        var page = Decode(await worker.GetStringAsync($"/Organizations/Details?id={yanzhong}"));
        page.ShouldContain(name);
        page.ShouldNotContain(link);
        (await worker.GetAsync($"/Units/Details?id={unit}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var street = await As("baling");
        Decode(await street.GetStringAsync($"/Organizations/Details?id={yanzhong}")).ShouldContain(link);
        (await street.GetAsync($"/Units/Details?id={unit}")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    private static bool Refused(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.Forbidden
        || (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.OriginalString.Contains("/Account/Denied", StringComparison.Ordinal));

    private static string Decode(string html) => WebUtility.HtmlDecode(html);

    private static int CoverageUnits(string html) => int.Parse(Tile("coverage-units").Match(html).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

    private static int CoverageInstructed(string html) => int.Parse(Tile("coverage-instructed").Match(html).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

    private static Regex Tile(string testId) => new($"data-testid=\"{testId}\">(\\d+)<");

    /// <summary>The message the form shows next to a field (empty when none).</summary>
    private static string FieldMessage(string html, string key) =>
        Regex.Match(html, $"data-valmsg-for=\"{Regex.Escape(key)}\"[^>]*>([^<]*)<").Groups[1].Value;

    private static Task<HttpResponseMessage> PostForm(HttpClient client, string url, string page, Dictionary<string, string> fields)
    {
        // A page without a form of its own still carries the token for scripts in its head.
        var token = Token().Match(page) is { Success: true } field ? field : HeadToken().Match(page);
        fields["__RequestVerificationToken"] = token.Groups[1].Value;
        return client.PostAsync(url, new FormUrlEncodedContent(fields));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    [GeneratedRegex("<meta name=\"csrf-token\" content=\"([^\"]+)\"")]
    private static partial Regex HeadToken();

    [GeneratedRegex("data-testid=\"covered-units\">.*?</ul>", RegexOptions.Singleline)]
    private static partial Regex CoveredUnitsList();

    [GeneratedRegex("data-testid=\"instructors\">.*?</ul>", RegexOptions.Singleline)]
    private static partial Regex InstructorList();

    [GeneratedRegex("data-testid=\"part-time-members\">.*?</ul>", RegexOptions.Singleline)]
    private static partial Regex PartTimeList();
}
