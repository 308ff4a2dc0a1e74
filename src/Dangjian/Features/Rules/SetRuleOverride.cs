using System.ComponentModel.DataAnnotations;
using Dangjian.Features.Organizations;
using Dangjian.Platform.Data;
using Dangjian.Platform.Http;
using Dangjian.Platform.Rules;
using Dangjian.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Features.Rules;

/// <summary>
/// A region sets its own value of a rule, with the local text it rests on, from a day on (today unless a later day is
/// given), for its whole subtree or only for the organizations of one kind of unit. The value must lie in the range the
/// rule's source allows: an override outside it (a letter valid for 120 days where the source allows 3 months) would
/// make every later decision in the region wrong, so it is refused here rather than at each use. A day already past
/// cannot be chosen: periods already judged stay judged by the rule then in force. <c>withdraw</c> ends the region's
/// own value from that day, and the value of the region above applies again.
/// </summary>
public static class SetRuleOverride
{
    public sealed record Request(
        string? RuleKey,
        long OrganizationId,
        [property: Range(0, 100_000)] decimal? Value,
        [property: MaxLength(500)] string? Reason,
        UnitKind? UnitKind = null,
        DateOnly? EffectiveFrom = null,
        bool Withdraw = false);

    public static async Task<Outcome<long>> Handle(Request request, AppDb db, Scope scope, TimeProvider clock, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var rule = RuleCatalog.Find(request.RuleKey ?? "");
        if (rule is null)
        {
            errors.Add("ruleKey", "规则不存在");
        }
        var reason = errors.Text("reason", "依据", request.Reason, 500);
        if (request.Withdraw)
        {
            if (request.Value is not null)
            {
                errors.Add("value", "撤销本地取值时不填取值");
            }
        }
        else if (request.Value is not { } value)
        {
            errors.Add("value", "取值不能为空");
        }
        else if (rule is null)
        {
            if (value is < 0 or > 100_000)
            {
                errors.Add("value", "取值应在0到100000之间");
            }
        }
        else if (rule.RefusalOf(value) is { } refusal)
        {
            errors.Add("value", refusal);
        }
        var today = clock.Today();
        var effectiveFrom = request.EffectiveFrom ?? today;
        if (effectiveFrom < today)
        {
            errors.Add("effectiveFrom", "生效日期不能早于今天：已过去的期间按当时的规定评判");
        }
        else if (effectiveFrom > today.AddYears(2))
        {
            errors.Add("effectiveFrom", "生效日期不能晚于两年以后");
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
        var unitKind = request.UnitKind?.ToString() ?? "";
        var existing = await db.RuleOverrides.FirstOrDefaultAsync(
            r => r.RuleKey == rule.Key && r.OrganizationId == org.Id && r.UnitKind == unitKind && r.EffectiveFrom == effectiveFrom, ct);
        if (request.Withdraw && existing is null
            && !await db.RuleOverrides.AnyAsync(r => r.RuleKey == rule.Key && r.OrganizationId == org.Id && r.UnitKind == unitKind, ct))
        {
            return Outcome<long>.Conflict("本地区没有设置该规则的取值，无需撤销");
        }
        if (existing is null)
        {
            existing = new RuleOverride
            {
                RuleKey = rule.Key, OrganizationId = org.Id, OrganizationPath = org.Path, UnitKind = unitKind, EffectiveFrom = effectiveFrom,
                Value = request.Value, Reason = reason!,
            };
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
            // Two first overrides of one rule at one organization on one day at the same moment: one rule, one value.
            return Outcome<long>.Conflict("该规则的本地取值刚被他人设置，请刷新后查看");
        }
        return Outcome<long>.Ok(existing.Id);
    }
}
