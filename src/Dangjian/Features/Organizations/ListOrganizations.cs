using Dangjian.Platform.Data;
using Dangjian.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Features.Organizations;

/// <summary>The tree, one level at a time (the caller's own organization when no parent is given), and the directory.</summary>
public static class ListOrganizations
{
    public sealed record Node(long Id, string Name, OrganizationKind Kind, string KindName, long? ParentId, int Depth, long Members, bool HasChildren);

    public static async Task<IReadOnlyList<Node>?> Children(long? parentId, AppDb db, Scope scope, CancellationToken ct)
    {
        var scopePath = await scope.PathAsync(ct);
        List<Organization> rows;
        if (parentId is null)
        {
            rows = await db.Organizations.AsNoTracking().Where(o => o.Path == scopePath).ToListAsync(ct);
        }
        else
        {
            var parent = await scope.FindAsync(db.Organizations.AsNoTracking().Where(o => o.DissolvedAt == null), parentId, ct);
            if (parent is null)
            {
                return null;
            }
            rows = await db.Organizations.AsNoTracking().Where(o => o.ParentId == parentId && o.DissolvedAt == null)
                .OrderBy(o => o.Kind == OrganizationKind.PartyGroup).ThenBy(o => o.Name).ToListAsync(ct);
        }
        var ids = rows.Select(r => r.Id).ToList();
        var counts = await db.MemberTallies.AsNoTracking().Where(t => ids.Contains(t.OrganizationId))
            .GroupBy(t => t.OrganizationId).Select(g => new { g.Key, Count = g.Sum(t => t.Count) }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var withChildren = await db.Organizations.AsNoTracking().Where(o => o.ParentId != null && ids.Contains(o.ParentId.Value) && o.DissolvedAt == null)
            .Select(o => o.ParentId!.Value).Distinct().ToListAsync(ct);
        return rows.Select(o => new Node(o.Id, o.Name, o.Kind, o.Kind.Chinese(), o.ParentId, o.Depth, counts.GetValueOrDefault(o.Id), withChildren.Contains(o.Id))).ToList();
    }

    public sealed record DirectoryEntry(long Id, string Name, string KindName, string FullName);

    /// <summary>
    /// Organizations anywhere in the system by a piece of the name or its pinyin initials, for choosing where a member
    /// transfers to. Only names are shown: organization names are public, their members are not. Party groups do not
    /// receive members and are left out.
    /// </summary>
    public static async Task<IReadOnlyList<DirectoryEntry>> Directory(string? q, AppDb db, CancellationToken ct)
    {
        var found = await SearchOrganizations.FindAsync(OrgPath.Root, q ?? "", new SearchOrganizations.Filter(), db, ct);
        return found.Items.Select(f => new DirectoryEntry(f.Id, f.Name, f.KindName, f.Place.Length > 0 ? f.Place + " / " + f.Name : f.Name)).ToList();
    }
}
