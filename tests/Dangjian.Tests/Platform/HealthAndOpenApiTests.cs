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
    public async Task The_api_refuses_anonymous_callers_with_401()
    {
        var response = await App.AnonymousClient().GetAsync("/api/v1/members");
        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }
}
