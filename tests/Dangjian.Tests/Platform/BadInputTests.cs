using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dangjian.Features.Organizations;
using Dangjian.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Tests.Platform;

/// <summary>
/// Malformed and oversized requests: each is refused with 400 and RFC 9457 problem details naming the field in
/// Chinese, and nothing is written.
/// </summary>
public class BadInputTests(AppFactory app) : DemoApiTest(app)
{
    /// <summary>Ids the request templates refer to, resolved once against the demo data.</summary>
    private sealed record Ids(long First, long Guangming, long Member, long Unit, long Transfer);

    private Ids? _ids;

    private async Task<Ids> Known()
    {
        if (_ids is not null)
        {
            return _ids;
        }
        var first = await OrgId(DemoOrgs.First);
        var guangming = await OrgId(DemoOrgs.Guangming);
        var member = await SomeMemberOf(first);
        var unit = await App.WithDbAsync(db => db.Units.OrderBy(u => u.Id).Select(u => u.Id).FirstAsync());
        var transfer = await App.WithDbAsync(db => db.Transfers.Where(t => t.Status == Dangjian.Features.Transfers.TransferStatus.Pending).Select(t => (long?)t.Id).FirstOrDefaultAsync());
        transfer ??= await IssueTransfer(await SomeMemberOf(await OrgId(DemoOrgs.Second)), guangming);
        return _ids = new Ids(first, guangming, member, unit, transfer.Value);
    }

    /// <summary>A valid body for each route; the cases below spoil one field of it.</summary>
    private async Task<(string Method, string Url, JsonObject Body)> Valid(string route)
    {
        var ids = await Known();
        var member = JsonSerializer.SerializeToNode(People.Full(ids.First, "合法甲"), Json)!.AsObject();
        return route switch
        {
            "organization" => ("POST", "/api/v1/organizations", new JsonObject { ["parentId"] = ids.First, ["name"] = "合法党小组", ["kind"] = "PartyGroup" }),
            "organization-update" => ("PUT", $"/api/v1/organizations/{ids.First}", new JsonObject { ["name"] = DemoOrgs.First, ["kind"] = "Branch", ["committeeSize"] = 5 }),
            "move" => ("POST", $"/api/v1/organizations/{ids.First}/move", new JsonObject { ["newParentId"] = ids.Guangming }),
            "part-time" => ("POST", $"/api/v1/organizations/{ids.First}/part-time-committee-members", new JsonObject { ["name"] = "合法委员", ["post"] = "委员", ["unitId"] = ids.Unit }),
            "unit" => ("POST", "/api/v1/units", new JsonObject { ["name"] = "合法单位", ["kind"] = "Market", ["isAboveScale"] = false, ["areaOrganizationId"] = ids.First, ["partyMemberCount"] = 0, ["employeeCount"] = 3 }),
            "instructor" => ("POST", $"/api/v1/units/{ids.Unit}/instructors", new JsonObject { ["name"] = "合法指导员" }),
            "member" => ("POST", "/api/v1/members", member),
            "member-update" => ("PUT", $"/api/v1/members/{ids.Member}", member),
            "transfer" => ("POST", "/api/v1/transfers", new JsonObject { ["memberId"] = ids.Member, ["toOrganizationId"] = ids.Guangming, ["letterNumber"] = "HF-1", ["duesPaidThrough"] = "2026-10" }),
            "receive" => ("POST", $"/api/v1/transfers/{ids.Transfer}/receive", new JsonObject { ["receiptNumber"] = "HZ-1" }),
            "cancel" => ("POST", $"/api/v1/transfers/{ids.Transfer}/cancel", new JsonObject { ["reason"] = "撤销" }),
            "incoming" => ("POST", "/api/v1/transfers/incoming", new JsonObject { ["member"] = member, ["fromExternal"] = "外市", ["letterNumber"] = "WS-1", ["duesPaidThrough"] = "2026-10", ["receiptNumber"] = "HZ-1" }),
            "rule" => ("PUT", "/api/v1/rules/overrides", new JsonObject { ["ruleKey"] = "transfer.letter-validity-days", ["organizationId"] = ids.First, ["value"] = 30, ["reason"] = "依据" }),
            "account" => ("POST", "/api/v1/accounts", new JsonObject { ["userName"] = "legal1", ["displayName"] = "合法", ["role"] = "BranchSecretary", ["organizationId"] = ids.First, ["initialPassword"] = "chushimima2026" }),
            "password" => ("POST", "/api/v1/me/password", new JsonObject { ["currentPassword"] = "dangjian2026", ["newPassword"] = "xinmima2026ab" }),
            "token" => ("POST", "/api/v1/auth/token", new JsonObject { ["userName"] = "admin", ["password"] = "dangjian2026" }),
            _ => throw new ArgumentOutOfRangeException(nameof(route)),
        };
    }

    private async Task<HttpResponseMessage> Send(string method, string url, string? body, string user = "admin")
    {
        var client = await As(user);
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        request.Content = new StringContent(body ?? "", Encoding.UTF8, "application/json");
        return await client.SendAsync(request);
    }

    /// <summary>Sends a bad request and checks the refusal names <paramref name="field"/>, in Chinese, and wrote nothing.</summary>
    private async Task<string[]> Refused(string method, string url, string? body, string field)
    {
        var before = await RowCounts();
        var errors = await Problem(await Send(method, url, body));
        errors.Keys.ShouldContain(field, $"errors were: {string.Join("; ", errors.Select(e => e.Key + "=" + string.Join(",", e.Value)))}");
        errors[field].ShouldAllBe(m => m.Any(c => c >= 0x4E00 && c <= 0x9FFF), "the message is in Chinese");
        (await RowCounts()).ShouldBe(before, "a refused request writes nothing");
        return errors[field];
    }

    public static TheoryData<string> BodyRoutes => new()
    {
        "organization", "organization-update", "move", "part-time", "unit", "instructor", "member", "member-update",
        "transfer", "receive", "cancel", "incoming", "rule", "account", "password", "token",
    };

    [Theory]
    [InlineData("\\u0000")]
    [InlineData("\\ud800")]
    public async Task Text_no_database_can_store_is_refused_naming_the_field_in_a_body_a_nested_body_and_a_query(string escaped)
    {
        var admin = await As("admin");
        var first = await OrgId(DemoOrgs.First);
        var before = await RowCounts();
        var body = new StringContent($$"""{"parentId":{{first}},"name":"支部{{escaped}}","kind":"Branch"}""", Encoding.UTF8, "application/json");
        (await Problem(await admin.PostAsync("/api/v1/organizations", body))).Keys.ShouldBe(["name"]);
        var incoming = new StringContent($$"""{"member":{"name":"张{{escaped}}","organizationId":{{first}}},"fromExternal":"外市"}""", Encoding.UTF8, "application/json");
        (await Problem(await admin.PostAsync("/api/v1/transfers/incoming", incoming))).Keys.ShouldContain("member.name");
        var query = escaped == "\\u0000" ? "%00" : "%ED%A0%80";
        (await admin.GetAsync($"/api/v1/audit?entityId=1{query}")).StatusCode.ShouldBeOneOf(HttpStatusCode.BadRequest, HttpStatusCode.OK);
        (await Problem(await admin.GetAsync("/api/v1/members?q=%E5%BC%A0%00"))).Keys.ShouldBe(["q"]);
        (await RowCounts()).ShouldBe(before);
    }

    [Theory]
    [MemberData(nameof(BodyRoutes))]
    public async Task An_empty_body_is_refused_with_a_problem_naming_the_body(string route)
    {
        var (method, url, _) = await Valid(route);
        (await Refused(method, url, "", "body")).ShouldBe(["请求格式不正确"]);
    }

    [Theory]
    [MemberData(nameof(BodyRoutes))]
    public async Task A_body_that_is_not_json_is_refused(string route)
    {
        var (method, url, _) = await Valid(route);
        (await Refused(method, url, "name=张三&kind=Branch", "body")).ShouldBe(["请求内容不是有效的JSON"]);
    }

    [Theory]
    [MemberData(nameof(BodyRoutes))]
    public async Task A_json_null_body_is_refused(string route)
    {
        var (method, url, _) = await Valid(route);
        (await Refused(method, url, "null", "body")).ShouldNotBeEmpty();
    }

    [Theory]
    [InlineData("organization", "parentId", "\"abc\"")]
    [InlineData("organization", "parentId", "\"12\"")]
    [InlineData("unit", "employeeCount", "\"3\"")]
    [InlineData("organization", "parentId", "null")]
    [InlineData("organization", "kind", "3")]
    [InlineData("organization", "kind", "\"Village\"")]
    [InlineData("organization", "committeeSize", "2.5")]
    [InlineData("organization-update", "kind", "\"branch office\"")]
    [InlineData("move", "newParentId", "true")]
    [InlineData("unit", "kind", "1")]
    [InlineData("unit", "isAboveScale", "\"yes\"")]
    [InlineData("unit", "partyMemberCount", "99999999999")]
    [InlineData("member", "category", "\"Regular\"")]
    [InlineData("member", "category", "1")]
    [InlineData("member", "sex", "\"M\"")]
    [InlineData("member", "isMobile", "\"yes\"")]
    [InlineData("member", "joinedOn", "\"2020-13-45\"")]
    [InlineData("member", "households", "\"延中小区1号\"")]
    [InlineData("member", "organizationId", "{}")]
    [InlineData("member-update", "education", "\"PhD\"")]
    [InlineData("transfer", "validityDays", "\"thirty\"")]
    [InlineData("transfer", "issuedOn", "\"yesterday\"")]
    [InlineData("rule", "value", "\"many\"")]
    [InlineData("account", "role", "\"Admin\"")]
    [InlineData("account", "role", "0")]
    [InlineData("token", "password", "123")]
    public async Task A_value_of_the_wrong_json_type_is_refused_naming_the_field(string route, string field, string json)
    {
        var (method, url, body) = await Valid(route);
        body[field] = JsonNode.Parse(json);
        (await Refused(method, url, body.ToJsonString(), field)).ShouldBe([$"字段“{field}”的类型或格式不正确"]);
    }

    [Fact]
    public async Task A_wrong_type_inside_the_incoming_member_is_named_by_its_path()
    {
        var (method, url, body) = await Valid("incoming");
        body["member"]!["sex"] = "M";
        (await Refused(method, url, body.ToJsonString(), "member.sex")).ShouldBe(["字段“member.sex”的类型或格式不正确"]);
    }

    [Theory]
    [InlineData("/api/v1/members?page=abc", "page")]
    [InlineData("/api/v1/members?category=Regular", "category")]
    [InlineData("/api/v1/members?organizationId=x", "organizationId")]
    [InlineData("/api/v1/members/stats?organizationId=1.5", "organizationId")]
    [InlineData("/api/v1/organizations?parentId=root", "parentId")]
    [InlineData("/api/v1/transfers?status=Done", "status")]
    [InlineData("/api/v1/units?kind=Farm", "kind")]
    [InlineData("/api/v1/units?covered=maybe", "covered")]
    [InlineData("/api/v1/audit?page=first", "page")]
    [InlineData("/api/v1/rules?organizationId=abc", "organizationId")]
    public async Task A_query_value_of_the_wrong_type_is_refused_naming_the_parameter(string url, string field)
    {
        var errors = await Problem(await (await As("admin")).GetAsync(url));
        errors.Keys.ShouldBe([field]);
        errors[field].ShouldHaveSingleItem().ShouldStartWith($"参数“{field}”");
    }

    [Theory]
    [InlineData("/api/v1/members?category=1", "category")]
    [InlineData("/api/v1/members?category=0&pageSize=5", "category")]
    [InlineData("/api/v1/members?status=0", "status")]
    [InlineData("/api/v1/members?category=Full,Probationary", "category")]
    [InlineData("/api/v1/members/export.xlsx?category=1", "category")]
    [InlineData("/api/v1/members/export.xlsx?status=-1", "status")]
    [InlineData("/api/v1/transfers?status=0", "status")]
    [InlineData("/api/v1/units?kind=2", "kind")]
    [InlineData("/api/v1/units?kind=+2", "kind")]
    public async Task A_query_enum_given_as_a_number_is_refused_naming_the_parameter(string url, string field)
    {
        var errors = await Problem(await (await As("admin")).GetAsync(url));
        errors.Keys.ShouldBe([field]);
        errors[field].ShouldHaveSingleItem().ShouldStartWith($"参数“{field}”的取值无效，应为以下名称之一：");
    }

    [Theory]
    [InlineData("/api/v1/members?category=Full&status=Normal")]
    [InlineData("/api/v1/members/export.xlsx?category=Probationary")]
    [InlineData("/api/v1/transfers?status=Pending")]
    [InlineData("/api/v1/units?kind=PrivateEnterprise")]
    public async Task A_query_enum_given_by_name_is_accepted(string url)
    {
        var response = await (await As("admin")).GetAsync(url);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    public static TheoryData<string, string, string?, string?, HttpStatusCode, string> FrameworkRefusals => new()
    {
        // The Excel import takes a form with a file: JSON, or no body at all, is refused before the endpoint runs.
        { "POST", "/api/v1/members/import", "{}", null, HttpStatusCode.UnsupportedMediaType, "不支持的内容类型" },
        { "POST", "/api/v1/members/import", "{}", "text/html", HttpStatusCode.UnsupportedMediaType, "不支持的内容类型" },
        { "POST", "/api/v1/organizations", "name=x", "application/xml", HttpStatusCode.UnsupportedMediaType, "不支持的内容类型" },
        { "DELETE", "/api/v1/audit", null, null, HttpStatusCode.MethodNotAllowed, "不支持该请求方法" },
        { "DELETE", "/api/v1/audit", null, "text/plain", HttpStatusCode.MethodNotAllowed, "不支持该请求方法" },
        { "GET", "/api/v1/no-such-route", null, null, HttpStatusCode.NotFound, "未找到" },
        { "GET", "/api/v1/no-such-route", null, "text/html", HttpStatusCode.NotFound, "未找到" },
    };

    /// <summary>
    /// Refusals the framework answers with a bare status code get Chinese problem details like every other refusal,
    /// whatever the client's Accept header (the framework's own fallback is English plain text).
    /// </summary>
    [Theory]
    [MemberData(nameof(FrameworkRefusals))]
    public async Task A_refusal_by_the_framework_is_a_chinese_problem(string method, string url, string? body, string? accept, HttpStatusCode status, string title)
    {
        var client = await As("admin");
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, body.StartsWith('{') ? "application/json" : "text/plain");
        }
        if (accept is not null)
        {
            request.Headers.Accept.ParseAdd(accept);
        }

        var response = await client.SendAsync(request);

        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(status, text);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json", text);
        var problem = JsonSerializer.Deserialize<ProblemBody>(text, Json)!;
        problem.Status.ShouldBe((int)status);
        problem.Title.ShouldBe(title);
        problem.Detail.ShouldNotBeNull().ShouldMatch(@"\p{IsCJKUnifiedIdeographs}");
    }

    [Fact]
    public async Task The_415_of_the_excel_import_says_which_content_type_to_use()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/members/import") { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
        var response = await (await As("admin")).SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
        var problem = JsonSerializer.Deserialize<ProblemBody>(await response.Content.ReadAsStringAsync(), Json)!;
        problem.Title.ShouldBe("不支持的内容类型");
        problem.Detail.ShouldNotBeNull().ShouldContain("multipart/form-data");
    }

    public static TheoryData<string, string, int, string> Limits => new()
    {
        { "organization", "name", 100, "组织名称不能超过100个字符" },
        { "organization-update", "name", 100, "组织名称不能超过100个字符" },
        { "part-time", "name", 50, "姓名不能超过50个字符" },
        { "part-time", "post", 50, "职务不能超过50个字符" },
        { "unit", "name", 100, "单位名称不能超过100个字符" },
        { "instructor", "name", 50, "指导员姓名不能超过50个字符" },
        { "member", "name", 50, "姓名不能超过50个字符" },
        { "member", "jobPost", 100, "工作岗位不能超过100个字符" },
        { "member", "address", 200, "家庭住址不能超过200个字符" },
        { "member", "identityPostTitle", 100, "岗位名称不能超过100个字符" },
        { "member", "contactRoad", 100, "联系路段不能超过100个字符" },
        { "member-update", "name", 50, "姓名不能超过50个字符" },
        { "member-update", "address", 200, "家庭住址不能超过200个字符" },
        { "transfer", "letterNumber", 50, "介绍信编号不能超过50个字符" },
        { "transfer", "note", 500, "备注不能超过500个字符" },
        { "receive", "receiptNumber", 50, "回执编号不能超过50个字符" },
        { "cancel", "reason", 500, "撤销原因不能超过500个字符" },
        { "incoming", "fromExternal", 100, "转出单位不能超过100个字符" },
        { "incoming", "letterNumber", 50, "介绍信编号不能超过50个字符" },
        { "incoming", "receiptNumber", 50, "回执编号不能超过50个字符" },
        { "rule", "reason", 500, "依据不能超过500个字符" },
        { "account", "userName", 50, "用户名不能超过50个字符" },
        { "account", "displayName", 50, "姓名不能超过50个字符" },
        { "account", "initialPassword", 200, "初始密码不能超过200个字符" },
        { "password", "newPassword", 200, "新密码不能超过200个字符" },
    };

    [Theory]
    [MemberData(nameof(Limits))]
    public async Task A_text_one_character_over_its_limit_is_refused(string route, string field, int limit, string message)
    {
        var (method, url, body) = await Valid(route);
        body[field] = new string('党', limit + 1);
        (await Refused(method, url, body.ToJsonString(), field)).ShouldBe([message]);
    }

    [Fact]
    public async Task Limits_that_are_not_plain_lengths_are_refused_too()
    {
        var (method, url, body) = await Valid("member");
        body["mobileDestination"] = new string('广', 101);
        body["isMobile"] = true;
        (await Refused(method, url, body.ToJsonString(), "mobileDestination")).ShouldBe(["流向不能超过100个字符"]);

        (method, url, body) = await Valid("member");
        body["households"] = new JsonArray(JsonValue.Create(new string('户', 201)));
        (await Refused(method, url, body.ToJsonString(), "households")).ShouldBe(["联系户地址不能超过200个字符"]);

        (method, url, body) = await Valid("member");
        body["phone"] = "1380000000012";
        (await Refused(method, url, body.ToJsonString(), "phone")).ShouldBe(["联系电话应为7到12位数字"]);

        (method, url, body) = await Valid("member");
        body["idNumber"] = body["idNumber"]!.GetValue<string>() + "1";
        (await Refused(method, url, body.ToJsonString(), "idNumber")).ShouldBe(["身份证号应为18位，当前为19位"]);

        (method, url, body) = await Valid("member");
        body["ethnicity"] = new string('族', 21);
        (await Refused(method, url, body.ToJsonString(), "ethnicity")).ShouldHaveSingleItem().ShouldEndWith("不在国家标准民族名称中");

        (method, url, body) = await Valid("transfer");
        body["toOrganizationId"] = null;
        body["toExternal"] = new string('外', 101);
        (await Refused(method, url, body.ToJsonString(), "toExternal")).ShouldBe(["转入单位（系统外）不能超过100个字符"]);

        (method, url, body) = await Valid("incoming");
        body["member"]!["name"] = new string('名', 51);
        (await Refused(method, url, body.ToJsonString(), "member.name")).ShouldBe(["姓名不能超过50个字符"]);
    }

    [Fact]
    public async Task Texts_exactly_at_their_limit_are_stored_whole_on_every_database()
    {
        var first = await OrgId(DemoOrgs.First);
        var orgName = new string('党', 100);
        var org = await Read<Created>(await PostJson(await As("admin"), "/api/v1/organizations", new { parentId = first, name = orgName, kind = "PartyGroup" }), HttpStatusCode.Created);
        (await Org(org.Id)).Name.ShouldBe(orgName);

        // Fifty characters of the longest pinyin syllables: the search keys must still fit their columns.
        var longName = new string('庄', 25) + new string('双', 25);
        var member = await CreateMember(People.Full(first, longName) with { Address = new string('址', 200), JobPost = new string('岗', 100) });
        var row = await MemberRow(member);
        row.Name.ShouldBe(longName);
        row.Address!.Length.ShouldBe(200);
        var found = await Read<Dangjian.Features.Members.SearchMembers.Response>(await (await As("admin")).GetAsync($"/api/v1/members?q={new string('庄', 25)}"));
        found.Items.ShouldHaveSingleItem().Id.ShouldBe(member);
    }

    [Fact]
    public async Task A_script_in_a_name_is_stored_as_typed_and_returned_json_escaped()
    {
        const string script = "<script>alert(1)</script>";
        var client = await As("admin");
        var id = (await Read<Created>(await PostJson(client, "/api/v1/organizations",
            new { parentId = await OrgId(DemoOrgs.Hancheng), name = script, kind = "Branch" }), HttpStatusCode.Created)).Id;

        (await Org(id)).Name.ShouldBe(script);
        var raw = await (await client.GetAsync($"/api/v1/organizations/{id}")).Content.ReadAsStringAsync();
        raw.ShouldNotContain("<script>");
        raw.ShouldContain("\\u003Cscript\\u003Ealert(1)\\u003C/script\\u003E");
        (await Read<GetOrganization.Response>(await client.GetAsync($"/api/v1/organizations/{id}"))).Name.ShouldBe(script);

        var directory = await (await client.GetAsync("/api/v1/organizations/directory?q=script")).Content.ReadAsStringAsync();
        directory.ShouldNotContain("<script>");
        directory.ShouldContain("\\u003Cscript\\u003E");
        var audit = await (await client.GetAsync($"/api/v1/audit?entityType=Organization&entityId={id}")).Content.ReadAsStringAsync();
        audit.ShouldNotContain("<script>");
        var unit = await CreateUnit(await OrgId(DemoOrgs.Hancheng), script);
        var units = await (await client.GetAsync("/api/v1/units")).Content.ReadAsStringAsync();
        units.ShouldNotContain("<script>");
        (await App.WithDbAsync(db => db.Units.SingleAsync(u => u.Id == unit))).Name.ShouldBe(script);
    }
}
