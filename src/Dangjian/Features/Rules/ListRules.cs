using Dangjian.Features.Organizations;
using Dangjian.Platform.Data;
using Dangjian.Platform.Http;
using Dangjian.Platform.Rules;
using Dangjian.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Features.Rules;

/// <summary>The rules in force for an organization (the caller's own by default), each with its value, source and allowed range.</summary>
public static class ListRules
{
    public sealed record RuleView(string Key, string Title, decimal DefaultValue, decimal Value, string Source, decimal Minimum, decimal Maximum);

    public static async Task<Outcome<IReadOnlyList<RuleView>>> Handle(long? organizationId, CurrentUser user, AppDb db, Scope scope, RuleBook rules, CancellationToken ct)
    {
        var account = await user.RequireAsync(ct);
        var path = account.ScopePath;
        if (organizationId is { } id && id != account.OrganizationId)
        {
            path = await db.Organizations.AsNoTracking().Where(o => o.Id == id).Select(o => o.Path).FirstOrDefaultAsync(ct);
            if (!await scope.AllowsAsync(path, nameof(Organization), id, ct))
            {
                return Outcome<IReadOnlyList<RuleView>>.NotFound("党组织");
            }
        }
        var resolved = await rules.ResolveAllAsync(path!, ct);
        return Outcome<IReadOnlyList<RuleView>>.Ok(resolved.Values
            .Select(r => new RuleView(r.Rule.Key, r.Rule.Title, r.Rule.DefaultValue, r.Value, r.Source, r.Rule.Minimum, r.Rule.Maximum)).ToList());
    }
}
