using System.Net;
using System.Security.Claims;
using Dangjian.Platform.Security;
using Dangjian.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;

namespace Dangjian.Tests.Accounts;

/// <summary>Authorization fails closed, and privilege follows the explicit rank of roles.</summary>
public class AuthorizationTests(AppFactory app) : DemoApiTest(app)
{
    [Fact]
    public async Task A_route_that_declares_no_access_rule_is_closed_even_to_the_top_administrator()
    {
        await using var scope = App.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var fallback = await services.GetRequiredService<IAuthorizationPolicyProvider>().GetFallbackPolicyAsync();
        fallback.ShouldNotBeNull("without a fallback policy an undeclared route is open");
        var http = new DefaultHttpContext { RequestServices = services };
        http.SetEndpoint(new RouteEndpoint(_ => Task.CompletedTask, RoutePatternFactory.Parse("/undeclared"), 0, EndpointMetadataCollection.Empty, "undeclared"));
        var admin = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, "someone")], "test"));

        (await services.GetRequiredService<IAuthorizationService>().AuthorizeAsync(admin, http, fallback)).Succeeded.ShouldBeFalse();
    }

    [Fact]
    public void Every_route_declares_who_may_call_it()
    {
        var undeclared = App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IAuthorizeData>() is null && e.Metadata.GetMetadata<IAllowAnonymous>() is null)
            .Select(e => e.RoutePattern.RawText).ToList();

        undeclared.ShouldBeEmpty();
    }

    [Fact]
    public async Task An_unknown_address_is_still_404_for_a_signed_in_account_and_an_anonymous_one()
    {
        (await (await As("admin")).GetAsync("/api/v1/no-such-route")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await App.AnonymousClient().GetAsync("/api/v1/no-such-route")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public void Role_rank_is_explicit_and_every_role_has_one()
    {
        var ranks = Enum.GetValues<AppRole>().Select(r => r.Rank()).ToList();
        ranks.ShouldBeUnique();
        ranks.ShouldAllBe(r => r > 0);
        AppRole.OrganizationDepartment.Outranks(AppRole.CommitteeSecretary).ShouldBeTrue();
        AppRole.CommitteeSecretary.Outranks(AppRole.BranchSecretary).ShouldBeTrue();
        AppRole.BranchSecretary.Outranks(AppRole.GridWorker).ShouldBeTrue();
        AppRole.Member.Outranks(AppRole.Resident).ShouldBeTrue();
        AppRole.Resident.Outranks(AppRole.Resident).ShouldBeFalse();
    }

    [Fact]
    public async Task The_units_routes_are_closed_to_a_resident()
    {
        (await (await As("jumin")).GetAsync("/api/v1/units")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await App.AnonymousClient().GetAsync("/api/v1/units")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }
}
