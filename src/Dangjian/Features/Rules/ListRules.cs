using Dangjian.Features.Organizations;
using Dangjian.Platform.Data;
using Dangjian.Platform.Http;
using Dangjian.Platform.Rules;
using Dangjian.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Features.Rules;

/// <summary>
/// The rules in force for an organization (the caller's own by default) on a day (today by default), each with its
/// value, source, effective date and allowed range, the override it comes from, and every version of the overrides set
/// on the organization and the regions above it, so that a secretary sees why a value is what it is.
/// </summary>
public static class ListRules
{
    public sealed record OverrideView(long Id, long OrganizationId, string OrganizationName, UnitKind? UnitKind, string? UnitKindName,
        DateOnly EffectiveFrom, decimal? Value, string Reason, bool InForce);

    public sealed record RuleView(string Key, string Title, decimal DefaultValue, decimal Value, string Source, decimal Minimum, decimal Maximum,
        DateOnly? EffectiveFrom, bool IsLocalPractice, string Unit, IReadOnlyList<int>? AllowedValues, IReadOnlyList<OverrideView> Overrides);

    public sealed record Response(long OrganizationId, string OrganizationName, UnitKind? UnitKind, DateOnly On, IReadOnlyList<RuleView> Rules);

    public static async Task<Outcome<Response>> Handle(long? organizationId, DateOnly? on, CurrentUser user, AppDb db, Scope scope, RuleBook rules,
        TimeProvider clock, CancellationToken ct)
    {
        var account = await user.RequireAsync(ct);
        var id = organizationId ?? account.OrganizationId;
        var org = await db.Organizations.AsNoTracking().Where(o => o.Id == id).Select(o => new { o.Id, o.Name, o.Path }).FirstOrDefaultAsync(ct);
        if (org is null || (organizationId is not null && !await scope.AllowsAsync(org.Path, nameof(Organization), id, ct)))
        {
            return Outcome<Response>.NotFound("党组织");
        }
        var day = on ?? clock.Today();
        var subject = await RuleSubjects.ForAsync(db, org.Path, day, ct);
        var resolved = await rules.ResolveAsync(RuleCatalog.All, subject, ct);

        var ancestors = OrgPath.AncestorsAndSelf(org.Path);
        var versions = await db.RuleOverrides.AsNoTracking()
            .Where(r => ancestors.Contains(r.OrganizationPath))
            .Join(db.Organizations, r => r.OrganizationId, o => o.Id, (r, o) => new { Override = r, o.Name })
            .ToListAsync(ct);
        var unitKind = subject.UnitKind is { } k ? Enum.Parse<UnitKind>(k) : (UnitKind?)null;
        return Outcome<Response>.Ok(new Response(org.Id, org.Name, unitKind, day, RuleCatalog.All.Select(rule =>
        {
            var r = resolved[rule.Key];
            var overrides = versions.Where(v => v.Override.RuleKey == rule.Key)
                .OrderBy(v => v.Override.OrganizationPath.Length).ThenBy(v => v.Override.UnitKind).ThenByDescending(v => v.Override.EffectiveFrom)
                .Select(v =>
                {
                    var kind = v.Override.UnitKind.Length == 0 ? (UnitKind?)null : Enum.Parse<UnitKind>(v.Override.UnitKind);
                    return new OverrideView(v.Override.Id, v.Override.OrganizationId, v.Name, kind, kind?.Chinese(), v.Override.EffectiveFrom,
                        v.Override.Value, v.Override.Reason, r.Override?.Id == v.Override.Id);
                })
                .ToList();
            return new RuleView(rule.Key, rule.Title, rule.DefaultValue, r.Value, r.Source, rule.Minimum, rule.Maximum,
                rule.EffectiveFrom, rule.IsLocalPractice, rule.Unit, rule.AllowedValues, overrides);
        }).ToList()));
    }
}
