using System.Net;
using System.Text.Json;
using Dangjian.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Dangjian.Tests.Platform;

public class HealthAndOpenApiTests(AppFactory app) : ApiTest(app)
{
    [Fact]
    public async Task Health_answers_200_when_ready()
    {
        var response = await App.AnonymousClient().GetAsync("/healthz");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_every_api_route()
    {
        var body = await App.AnonymousClient().GetStringAsync("/openapi/v1.json");
        using var doc = JsonDocument.Parse(body);
        var paths = doc.RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        var routes = App.Services.GetRequiredService<Microsoft.AspNetCore.Routing.EndpointDataSource>().Endpoints
            .OfType<Microsoft.AspNetCore.Routing.RouteEndpoint>()
            .Select(e => "/" + e.RoutePattern.RawText!.TrimStart('/'))
            .Where(r => r.StartsWith("/api/", StringComparison.Ordinal))
            .Select(r => System.Text.RegularExpressions.Regex.Replace(r, ":[a-z]+}", "}").TrimEnd('/'))
            .Distinct().ToList();
        routes.Count.ShouldBeGreaterThan(15);
        foreach (var route in routes)
        {
            paths.Select(p => p.TrimEnd('/')).ShouldContain(route, $"{route} is not in the OpenAPI document");
        }
    }

    [Fact]
    public async Task The_document_names_its_server_without_echoing_the_callers_Host_header()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/openapi/v1.json");
        request.Headers.Host = "evil.example";
        var response = await App.AnonymousClient().SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        body.ShouldNotContain("evil.example");
        using var doc = JsonDocument.Parse(body);
        doc.RootElement.GetProperty("servers").EnumerateArray().Select(s => s.GetProperty("url").GetString()).ShouldBe(["/"]);
    }

    [Fact]
    public async Task Every_operation_has_a_unique_id_a_success_answer_and_the_refusals_its_route_can_give()
    {
        var contract = await App.ContractAsync();
        var ids = contract.Operations.Select(o => o.Id).ToList();
        ids.ShouldBeUnique();
        foreach (var operation in contract.Operations)
        {
            var statuses = operation.Responses.Select(r => r.Key).ToList();
            statuses.ShouldContain(s => s.StartsWith('2'), $"{operation.Id} documents no success");
            foreach (var (status, response) in operation.Responses.Where(r => r.Key is "200" or "201"))
            {
                response!["content"].ShouldNotBeNull($"{operation.Id} {status} documents no body");
            }
            var anonymous = operation.Node["security"] is System.Text.Json.Nodes.JsonArray { Count: 0 };
            if (!anonymous)
            {
                statuses.ShouldContain("401", operation.Id);
            }
            if (operation.Path.Contains('{', StringComparison.Ordinal))
            {
                statuses.ShouldContain("404", operation.Id);
            }
            if (operation.Node["requestBody"] is not null)
            {
                statuses.ShouldContain("400", operation.Id);
                statuses.ShouldContain("415", operation.Id);
            }
        }
        contract.Document["components"]!["securitySchemes"]!["bearer"]!["scheme"]!.GetValue<string>().ShouldBe("bearer");
    }

    [Fact]
    public async Task Each_request_record_has_its_own_schema_and_a_nullable_field_is_not_required()
    {
        var schemas = (await App.ContractAsync()).Document["components"]!["schemas"]!.AsObject();
        // Create, update and move organization once shared one schema named "Request", and the move's real field was lost.
        schemas["MoveOrganizationRequest"]!["properties"]!.AsObject().Select(p => p.Key).ShouldBe(["newParentId"]);
        schemas["CreateOrganizationRequest"]!["properties"]!.AsObject().Select(p => p.Key).ShouldContain("parentId");
        schemas["UpdateOrganizationRequest"]!["properties"]!.AsObject().Select(p => p.Key).ShouldNotContain("parentId");
        schemas.Select(s => s.Key).ShouldNotContain("Request");
        schemas["CreateOrganizationRequest"]!["required"]!.AsArray().Select(r => r!.GetValue<string>()).ShouldBe(["parentId"]);
        schemas["CreateOrganizationRequest"]!["properties"]!["name"]!["maxLength"]!.GetValue<int>().ShouldBe(100);
    }

    [Fact]
    public async Task The_member_lists_documented_limits_are_the_ones_it_enforces()
    {
        var contract = await App.ContractAsync();
        var parameters = contract.Operations.Single(o => o.Id == "getMembers").Node["parameters"]!.AsArray()
            .ToDictionary(p => p!["name"]!.GetValue<string>(), p => p!["schema"]!);
        parameters["pageSize"]!["maximum"]!.GetValue<int>().ShouldBe(Dangjian.Features.Members.SearchMembers.MaxPageSize);
        parameters["q"]!["maxLength"]!.GetValue<int>().ShouldBe(50);
        var flags = new System.Text.RegularExpressions.Regex(parameters["flags"]!["pattern"]!.GetValue<string>());
        foreach (var flag in Dangjian.Features.Members.SearchMembers.FlagNames.Keys)
        {
            flags.IsMatch(flag).ShouldBeTrue(flag);
        }
        flags.IsMatch(string.Join(',', Dangjian.Features.Members.SearchMembers.FlagNames.Keys)).ShouldBeTrue();
        flags.IsMatch("unknown").ShouldBeFalse();

        var admin = await As("admin");
        (await admin.GetAsync($"/api/v1/members?pageSize={Dangjian.Features.Members.SearchMembers.MaxPageSize}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Problem(await admin.GetAsync($"/api/v1/members?pageSize={Dangjian.Features.Members.SearchMembers.MaxPageSize + 1}"))).Keys.ShouldBe(["pageSize"]);
        (await admin.GetAsync("/api/v1/members?q=" + new string('张', 50))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Problem(await admin.GetAsync("/api/v1/members?q=" + new string('张', 51)))).Keys.ShouldBe(["q"]);
        (await Problem(await admin.GetAsync("/api/v1/members?flags=unknown"))).Keys.ShouldBe(["flags"]);
    }

    [Fact]
    public async Task The_api_refuses_anonymous_callers_with_401()
    {
        var response = await App.AnonymousClient().GetAsync("/api/v1/members");
        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }
}
