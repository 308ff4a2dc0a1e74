using System.ComponentModel.DataAnnotations;
using Dangjian.Features.Organizations;
using Dangjian.Platform.Data;
using Dangjian.Platform.Http;
using Dangjian.Platform.Rules;
using Dangjian.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Features.Rules;

/// <summary>
/// A region sets its own value of a rule, with the local text it rests on. The value must lie in the range the rule's
/// source allows: an override outside it (a letter valid for 120 days where the source allows 3 months) would make every
/// later decision in the region wrong, so it is refused here rather than at each use.
/// </summary>
public static class SetRuleOverride
{
    public sealed record Request(string? RuleKey, long OrganizationId, [property: Range(0, 100_000)] decimal Value, [property: MaxLength(500)] string? Reason);

    public static async Task<Outcome<long>> Handle(Request request, AppDb db, Scope scope, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var rule = RuleCatalog.Find(request.RuleKey ?? "");
        if (rule is null)
        {
            errors.Add("ruleKey", "规则不存在");
        }
        var reason = errors.Text("reason", "依据", request.Reason, 500);
        if (rule is null)
        {
            if (request.Value is < 0 or > 100_000)
            {
                errors.Add("value", "取值应在0到100000之间");
            }
        }
        else if (rule.RefusalOf(request.Value) is { } refusal)
        {
            errors.Add("value", refusal);
        }
        var org = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == request.OrganizationId, ct);
        if (org is null || !await scope.AllowsAsync(org.Path, nameof(Organization), request.OrganizationId, ct))
        {
            errors.Add("organizationId", "党组织不存在或不在您的管辖范围内");
        }
        if (errors.Any || rule is null || org is null)
        {
            return Outcome<long>.Invalid(errors);
        }
        var existing = await db.RuleOverrides.FirstOrDefaultAsync(r => r.RuleKey == rule.Key && r.OrganizationId == org.Id, ct);
        if (existing is null)
        {
            existing = new RuleOverride { RuleKey = rule.Key, OrganizationId = org.Id, OrganizationPath = org.Path, Value = request.Value, Reason = reason! };
            db.RuleOverrides.Add(existing);
        }
        else
        {
            existing.Value = request.Value;
            existing.Reason = reason!;
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            // Two first overrides of one rule at one organization at the same moment: one rule, one value.
            return Outcome<long>.Conflict("该规则的本地取值刚被他人设置，请刷新后查看");
        }
        return Outcome<long>.Ok(existing.Id);
    }
}
