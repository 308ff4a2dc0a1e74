using Dangjian.Features.Organizations;
using Dangjian.Platform.Data;
using Dangjian.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Features.Shared;

/// <summary>
/// The organizations of the caller's subtree as options of a drop-down list, in tree order and indented.
/// A drop-down cannot hold a whole province: it stops a few levels down and at <see cref="Limit"/> entries;
/// deeper organizations are reached from their own page (which passes its id in the address).
/// </summary>
public static class OrganizationChoices
{
    public const int Limit = 300;

    public sealed record Choice(long Id, string Name, OrganizationKind Kind, int Level)
    {
        public string KindName => Kind.Chinese();

        public bool IsPartyGroup => Kind == OrganizationKind.PartyGroup;

        public string Label => new string('\u3000', Level) + Name;
    }

    public static async Task<IReadOnlyList<Choice>> LoadAsync(AppDb db, Scope scope, CancellationToken ct, int levels = 3,
        bool includePartyGroups = false, long? alsoInclude = null)
    {
        var path = await scope.PathAsync(ct);
        var hi = OrgPath.UpperBound(path);
        var rootDepth = OrgPath.Ids(path).Length - 1;
        var rows = await db.Organizations.AsNoTracking()
            .Where(o => string.Compare(o.Path, path) >= 0 && string.Compare(o.Path, hi) < 0 && o.DissolvedAt == null
                && o.Depth <= rootDepth + levels && (includePartyGroups || o.Kind != OrganizationKind.PartyGroup))
            .OrderBy(o => o.Path).Take(Limit)
            .Select(o => new { o.Id, o.Name, o.Kind, o.Depth, o.Path }).ToListAsync(ct);
        var choices = rows.Select(o => new Choice(o.Id, o.Name, o.Kind, o.Depth - rootDepth)).ToList();
        if (alsoInclude is { } id && choices.All(c => c.Id != id))
        {
            var extra = await db.Organizations.AsNoTracking().Where(o => o.Id == id && o.DissolvedAt == null)
                .Select(o => new { o.Id, o.Name, o.Kind, o.Path }).FirstOrDefaultAsync(ct);
            if (extra is not null && OrgPath.IsWithin(extra.Path, path))
            {
                choices.Insert(0, new Choice(extra.Id, extra.Name, extra.Kind, 0));
            }
        }
        return choices;
    }

    /// <summary>
    /// The Party groups directly under an organization, for the "所在党小组" list. The organization comes from the
    /// request, so it is resolved through the scope: one outside the caller's subtree has no groups, as a missing one.
    /// </summary>
    public static async Task<IReadOnlyList<Choice>> PartyGroupsAsync(long organizationId, AppDb db, Scope scope, CancellationToken ct)
    {
        var org = await scope.FindAsync(db.Organizations.AsNoTracking().Where(o => o.DissolvedAt == null), organizationId, ct);
        if (org is null)
        {
            return [];
        }
        return await db.Organizations.AsNoTracking()
            .Where(o => o.ParentId == org.Id && o.Kind == OrganizationKind.PartyGroup && o.DissolvedAt == null)
            .OrderBy(o => o.Name)
            .Select(o => new Choice(o.Id, o.Name, OrganizationKind.PartyGroup, 0)).ToListAsync(ct);
    }
}
