using Dangjian.Features.Organizations;
using Dangjian.Platform.Data;
using Dangjian.Platform.Rules;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Features.Rules;

/// <summary>
/// What a rule is resolved for: the organization's path and the kind of its unit. An organization without a unit of its
/// own (a branch inside a village's general branch) takes the kind of the nearest organization above it that has one, so
/// that a region's rule for villages reaches every branch in its villages.
/// </summary>
public static class RuleSubjects
{
    public static async Task<RuleSubject> ForAsync(AppDb db, string organizationPath, DateOnly on, CancellationToken ct)
    {
        var ids = OrgPath.Ids(organizationPath);
        var kinds = await db.Organizations.AsNoTracking()
            .Where(o => ids.Contains(o.Id) && o.UnitId != null)
            .Join(db.Units, o => o.UnitId, u => u.Id, (o, u) => new { o.Depth, u.Kind })
            .ToListAsync(ct);
        var nearest = kinds.OrderByDescending(k => k.Depth).Select(k => (UnitKind?)k.Kind).FirstOrDefault();
        return new RuleSubject(organizationPath, nearest?.ToString(), on);
    }
}
