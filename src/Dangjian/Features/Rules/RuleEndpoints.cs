using Dangjian.Platform.Data;
using Dangjian.Platform.Rules;
using Dangjian.Platform.Security;

namespace Dangjian.Features.Rules;

/// <summary>The rules in force for an organization, each with its source, and regional overrides.</summary>
public static class RuleEndpoints
{
    public static void MapRuleEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/rules").WithTags("规则");
        group.MapGet("/", async (long? organizationId, CurrentUser user, AppDb db, Scope scope, RuleBook rules, CancellationToken ct) =>
                (await ListRules.Handle(organizationId, user, db, scope, rules, ct)).ToHttp(Results.Ok))
            .RequirePermission(Permission.ViewOrganizations).Produces<IReadOnlyList<ListRules.RuleView>>()
            .WithSummary("适用于某组织的规则及其依据和允许范围");
        group.MapPut("/overrides", async (SetRuleOverride.Request request, AppDb db, Scope scope, CancellationToken ct) =>
                (await SetRuleOverride.Handle(request, db, scope, ct)).ToHttp(_ => Results.NoContent()))
            .RequirePermission(Permission.ManageRules).Produces(StatusCodes.Status204NoContent)
            .WithSummary("为本地区设置规则取值（须注明依据，且在规定允许的范围内）");
    }
}
