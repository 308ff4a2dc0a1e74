using Dangjian.Features.Organizations;
using Dangjian.Platform.Data;
using Dangjian.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Features.Shared;

/// <summary>
/// Short lists of organizations for a drop-down: the Party groups of one organization. Anything longer is the
/// <see cref="OrganizationPicker"/>'s.
/// </summary>
public static class OrganizationChoices
{
    public sealed record Choice(long Id, string Name, OrganizationKind Kind, int Level)
    {
        public string KindName => Kind.Chinese();

        public bool IsPartyGroup => Kind == OrganizationKind.PartyGroup;

        public string Label => new string('\u3000', Level) + Name;
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
