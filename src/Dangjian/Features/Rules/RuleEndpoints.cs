using System.ComponentModel.DataAnnotations;
using Dangjian.Features.Organizations;
using Dangjian.Platform.Data;
using Dangjian.Platform.Http;
using Dangjian.Platform.Rules;
using Dangjian.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Features.Rules;

/// <summary>The rules in force for an organization, each with its source, and regional overrides.</summary>
public static class RuleEndpoints
{
    public sealed record RuleView(string Key, string Title, decimal DefaultValue, decimal Value, string Source);
    public sealed record OverrideRequest(string? RuleKey, long OrganizationId, [property: Range(0, 100_000)] decimal Value, [property: MaxLength(500)] string? Reason);

    public static void MapRuleEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/rules").WithTags("规则");
        group.MapGet("/", async (long? organizationId, CurrentUser user, AppDb db, Scope scope, RuleBook rules, CancellationToken ct) =>
            {
                var account = await user.RequireAsync(ct);
                var path = account.ScopePath;
                if (organizationId is { } id && id != account.OrganizationId)
                {
                    path = await db.Organizations.Where(o => o.Id == id).Select(o => o.Path).FirstOrDefaultAsync(ct);
                    if (!await scope.AllowsAsync(path, nameof(Organization), id, ct))
                    {
                        return Problems.NotFound("党组织");
                    }
                }
                var resolved = await rules.ResolveAllAsync(path!, ct);
                return Results.Ok(resolved.Values.Select(r => new RuleView(r.Rule.Key, r.Rule.Title, r.Rule.DefaultValue, r.Value, r.Source)));
            })
            .RequirePermission(Permission.ViewOrganizations).Produces<IEnumerable<RuleView>>().WithSummary("适用于某组织的规则及其依据");
        group.MapPut("/overrides", async (OverrideRequest request, AppDb db, Scope scope, CancellationToken ct) =>
            {
                var errors = new FieldErrors();
                var rule = RuleCatalog.Find(request.RuleKey ?? "");
                if (rule is null)
                {
                    errors.Add("ruleKey", "规则不存在");
                }
                var reason = errors.Text("reason", "依据", request.Reason, 500);
                if (request.Value is < 0 or > 100_000)
                {
                    errors.Add("value", "取值应在0到100000之间");
                }
                var org = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == request.OrganizationId, ct);
                if (org is null || !await scope.AllowsAsync(org.Path, nameof(Organization), request.OrganizationId, ct))
                {
                    errors.Add("organizationId", "党组织不存在或不在您的管辖范围内");
                }
                if (errors.Any)
                {
                    return errors.ToProblem();
                }
                var existing = await db.RuleOverrides.FirstOrDefaultAsync(r => r.RuleKey == rule!.Key && r.OrganizationId == org!.Id, ct);
                if (existing is null)
                {
                    db.RuleOverrides.Add(new RuleOverride { RuleKey = rule!.Key, OrganizationId = org!.Id, OrganizationPath = org.Path, Value = request.Value, Reason = reason! });
                }
                else
                {
                    existing.Value = request.Value;
                    existing.Reason = reason!;
                }
                await db.SaveChangesAsync(ct);
                return Results.NoContent();
            })
            .RequirePermission(Permission.ManageRules).Produces(StatusCodes.Status204NoContent).WithSummary("为本地区设置规则取值（须注明依据）");
    }
}
