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
        group.MapGet("/", async (long? organizationId, DateOnly? on, CurrentUser user, AppDb db, Scope scope, RuleBook rules, TimeProvider clock, CancellationToken ct) =>
                (await ListRules.Handle(organizationId, on, user, db, scope, rules, clock, ct)).ToHttp(Results.Ok))
            .RequirePermission(Permission.ViewOrganizations).Produces<ListRules.Response>()
            .WithSummary("某组织在某日适用的规则（默认本组织、今天）：取值、依据、生效日期、允许范围，以及本组织和上级地区设置的各版本本地取值");
        group.MapPut("/overrides", async (SetRuleOverride.Request request, AppDb db, Scope scope, TimeProvider clock, CancellationToken ct) =>
                (await SetRuleOverride.Handle(request, db, scope, clock, ct)).ToHttp(_ => Results.NoContent()))
            .RequirePermission(Permission.ManageRules).Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("为本地区（可限某类单位）自某日起设置规则取值，或以 withdraw 撤销本地取值（须注明依据，且在规定允许的范围内；同一天再设置即替换当天的版本）");
    }
}
