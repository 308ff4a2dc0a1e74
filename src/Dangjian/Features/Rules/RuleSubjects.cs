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
            .Join(db.Units, o => o.UnitId, u => u.Id, (o, u) => new { o.Id, u.Kind })
            .ToDictionaryAsync(k => k.Id, k => k.Kind, ct);
        return new RuleSubject(organizationPath, NearestUnitKind(organizationPath, kinds)?.ToString(), on);
    }

    /// <summary>The unit kind of the organization at <paramref name="path"/>, or of the nearest one above it with a unit.</summary>
    public static UnitKind? NearestUnitKind(string path, IReadOnlyDictionary<long, UnitKind> unitKinds) =>
        OrgPath.Ids(path).Reverse().Where(unitKinds.ContainsKey).Select(id => (UnitKind?)unitKinds[id]).FirstOrDefault();
}
