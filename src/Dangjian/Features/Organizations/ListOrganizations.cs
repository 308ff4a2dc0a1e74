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
    /// Organizations anywhere in the system by name, for choosing where a member transfers to. Only names are shown:
    /// organization names are public, their members are not.
    /// </summary>
    public static async Task<IReadOnlyList<DirectoryEntry>> Directory(string? q, AppDb db, CancellationToken ct)
    {
        var text = (q ?? "").Trim();
        if (text.Length is 0 or > 50)
        {
            return [];
        }
        var rows = await Listed(db).Where(o => o.Name.Contains(text)).OrderBy(o => o.Depth).ThenBy(o => o.Name).Take(20).ToListAsync(ct);
        return await DescribeAsync(rows, db, ct);
    }

    /// <summary>The directory's entry for one organization, or null when the directory would not list it.</summary>
    public static async Task<DirectoryEntry?> DirectoryEntryAsync(long id, AppDb db, CancellationToken ct)
    {
        var rows = await Listed(db).Where(o => o.Id == id).ToListAsync(ct);
        var entries = await DescribeAsync(rows, db, ct);
        return entries.Count == 0 ? null : entries[0];
    }

    /// <summary>What the directory shows of the whole system: organizations that may receive a member (no Party groups, none dissolved).</summary>
    private static IQueryable<Organization> Listed(AppDb db) =>
        db.Organizations.AsNoTracking().Where(o => o.DissolvedAt == null && o.Kind != OrganizationKind.PartyGroup);

    private static async Task<IReadOnlyList<DirectoryEntry>> DescribeAsync(List<Organization> rows, AppDb db, CancellationToken ct)
    {
        var ancestorIds = rows.SelectMany(r => OrgPath.Ids(r.Path)).Distinct().ToList();
        var names = await db.Organizations.AsNoTracking().Where(o => ancestorIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        return rows.Select(r => new DirectoryEntry(r.Id, r.Name, r.Kind.Chinese(),
            string.Join(" / ", OrgPath.Ids(r.Path).Skip(1).Select(a => names.GetValueOrDefault(a, "?"))))).ToList();
    }
}
