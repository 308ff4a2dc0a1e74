using Dangjian.Platform.Data;
using Dangjian.Platform.Security;
using Dangjian.Platform.Text;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Features.Organizations;

/// <summary>
/// Finding an organization by a piece of its name or of its pinyin initials ("光明", "gmsq"), within a subtree, and
/// walking the tree one level at a time: what the organization picker shows. A small subtree is read whole and
/// matched in memory; a large one is matched through <see cref="OrganizationSearchKey"/>, one index range whatever
/// its size.
/// </summary>
public static class SearchOrganizations
{
    public const int Shown = 20;
    public const int MaxQueryLength = 50;

    /// <summary>Up to this many organizations a subtree is read whole; a county with its branches has about 1,500.</summary>
    private const int SmallSubtree = 2_000;

    /// <summary>Keys read for one search: enough for a page after the filters, few enough to stay one short walk.</summary>
    private const int KeysRead = 400;

    /// <summary>An organization found, with the names of the organizations above it, under the root the search started from.</summary>
    public sealed record Found(long Id, string Name, OrganizationKind Kind, string KindName, string Place, bool HasChildren)
    {
        /// <summary>An organization already known by name (a list row's), shown as the chosen option without a query.</summary>
        public static Found Named(long id, string name) => new(id, name, default, "", "", false);
    }

    /// <summary>What the picker may offer: Party groups or not, only some kinds, never one subtree (a move's own).</summary>
    public sealed record Filter(bool PartyGroups = false, IReadOnlySet<OrganizationKind>? Kinds = null, string? ExcludedPath = null)
    {
        public bool Allows(OrganizationKind kind, string path) =>
            (PartyGroups || kind != OrganizationKind.PartyGroup)
            && (Kinds is null || Kinds.Contains(kind))
            && (ExcludedPath is null || !OrgPath.IsWithin(path, ExcludedPath));
    }

    public sealed record Response(IReadOnlyList<Found> Items, bool More);

    private sealed record Row(long Id, string Name, OrganizationKind Kind, string Path, int Depth);

    /// <summary>The API's use case: a search in the caller's subtree, or one level of it; null when the parent is out of sight.</summary>
    public static async Task<Response?> Handle(string? q, long? parentId, bool includePartyGroups, AppDb db, Scope scope, CancellationToken ct)
    {
        var root = await scope.PathAsync(ct);
        var filter = new Filter(includePartyGroups);
        if (!string.IsNullOrWhiteSpace(q))
        {
            return await FindAsync(root, q, filter, db, ct);
        }
        if (parentId is { } id && await scope.FindAsync(db.Organizations.AsNoTracking().Where(o => o.DissolvedAt == null), id, ct) is null)
        {
            return null;
        }
        return await LevelAsync(root, parentId, filter, db, ct) is { } level ? new Response(level, false) : null;
    }

    /// <summary>The organizations under <paramref name="rootPath"/> whose name or initials contain the query, shallowest first.</summary>
    /// <remarks><paramref name="smallSubtree"/> is the size up to which the subtree is read whole (tests set it to 0 to take the keys' way).</remarks>
    public static async Task<Response> FindAsync(string rootPath, string query, Filter filter, AppDb db, CancellationToken ct,
        int smallSubtree = SmallSubtree)
    {
        var text = query.Trim();
        if (text.Length is 0 or > MaxQueryLength)
        {
            return new Response([], false);
        }
        var latin = Pinyin.IsLatinQuery(text) ? text.ToLowerInvariant() : null;
        var hi = OrgPath.UpperBound(rootPath);
        var live = db.Organizations.AsNoTracking()
            .Where(o => string.Compare(o.Path, rootPath) >= 0 && string.Compare(o.Path, hi) < 0 && o.DissolvedAt == null);

        List<Row> candidates;
        var subtreeSize = smallSubtree == 0 ? 1 : await live.Take(smallSubtree + 1).CountAsync(ct);
        if (subtreeSize <= smallSubtree)
        {
            candidates = await live.Select(o => new Row(o.Id, o.Name, o.Kind, o.Path, o.Depth)).ToListAsync(ct);
        }
        else
        {
            var key = text.Length > OrganizationSearchKey.Width ? text[..OrganizationSearchKey.Width] : text;
            var keys = db.OrganizationSearchKeys.AsNoTracking()
                .Where(k => string.Compare(k.Path, rootPath) >= 0 && string.Compare(k.Path, hi) < 0);
            IQueryable<long> ids;
            if (latin is not null)
            {
                var lo = key.ToLowerInvariant();
                var upper = lo + "{"; // '{' follows 'z'
                ids = keys.Where(k => string.Compare(k.Initials, lo) >= 0 && string.Compare(k.Initials, upper) < 0)
                    .OrderBy(k => k.Initials).ThenBy(k => k.Path).Select(k => k.OrganizationId);
            }
            else
            {
                var upper = key + "\uFFFF";
                ids = keys.Where(k => string.Compare(k.Name, key) >= 0 && string.Compare(k.Name, upper) < 0)
                    .OrderBy(k => k.Name).ThenBy(k => k.Path).Select(k => k.OrganizationId);
            }
            var found = (await ids.Take(KeysRead).ToListAsync(ct)).Distinct().ToList();
            candidates = await db.Organizations.AsNoTracking().Where(o => found.Contains(o.Id) && o.DissolvedAt == null)
                .Select(o => new Row(o.Id, o.Name, o.Kind, o.Path, o.Depth)).ToListAsync(ct);
        }

        var matches = candidates
            .Where(o => filter.Allows(o.Kind, o.Path))
            .Where(o => latin is not null
                ? OrganizationSearchKey.InitialsOfName(o.Name).Contains(latin, StringComparison.Ordinal)
                : o.Name.Contains(text, StringComparison.Ordinal))
            .OrderBy(o => o.Depth).ThenBy(o => o.Name, StringComparer.Ordinal).ThenBy(o => o.Id)
            .Take(Shown + 1).ToList();
        var shown = matches.Take(Shown).ToList();
        return new Response(await DescribeAsync(shown, rootPath, filter, db, ct), matches.Count > Shown);
    }

    /// <summary>
    /// One level of the tree: the organization <paramref name="parentId"/> (the root when null) first, then its
    /// children. Null when the parent is not a live organization under the root.
    /// </summary>
    public static async Task<IReadOnlyList<Found>?> LevelAsync(string rootPath, long? parentId, Filter filter, AppDb db, CancellationToken ct)
    {
        var hi = OrgPath.UpperBound(rootPath);
        Row? parent;
        if (parentId is { } id)
        {
            parent = await db.Organizations.AsNoTracking().Where(o => o.Id == id && o.DissolvedAt == null)
                .Select(o => new Row(o.Id, o.Name, o.Kind, o.Path, o.Depth)).FirstOrDefaultAsync(ct);
            if (parent is null || !OrgPath.IsWithin(parent.Path, rootPath))
            {
                return null;
            }
        }
        else
        {
            parent = await db.Organizations.AsNoTracking().Where(o => o.Path == rootPath)
                .Select(o => new Row(o.Id, o.Name, o.Kind, o.Path, o.Depth)).FirstOrDefaultAsync(ct);
        }
        var children = parent is null
            // The whole system's directory has no single root: its top level is every organization without a parent.
            ? db.Organizations.AsNoTracking().Where(o => o.ParentId == null && o.DissolvedAt == null)
            : db.Organizations.AsNoTracking().Where(o => o.ParentId == parent.Id && o.DissolvedAt == null);
        var rows = await children.Where(o => filter.PartyGroups || o.Kind != OrganizationKind.PartyGroup)
            .Select(o => new Row(o.Id, o.Name, o.Kind, o.Path, o.Depth)).ToListAsync(ct);
        rows = [.. rows.Where(o => filter.ExcludedPath is null || !OrgPath.IsWithin(o.Path, filter.ExcludedPath))
            .OrderBy(o => o.Name, StringComparer.Ordinal)];
        List<Row> level = parent is null ? rows : [parent, .. rows];
        return await DescribeAsync(level, rootPath, filter, db, ct);
    }

    /// <summary>One organization as the picker shows it, or null when it is not a live organization under the root.</summary>
    public static async Task<Found?> OneAsync(string rootPath, long id, Filter filter, AppDb db, CancellationToken ct)
    {
        var row = await db.Organizations.AsNoTracking().Where(o => o.Id == id && o.DissolvedAt == null)
            .Select(o => new Row(o.Id, o.Name, o.Kind, o.Path, o.Depth)).FirstOrDefaultAsync(ct);
        return row is null || !OrgPath.IsWithin(row.Path, rootPath) || !filter.Allows(row.Kind, row.Path) ? null : (await DescribeAsync([row], rootPath, filter, db, ct))[0];
    }

    private static async Task<IReadOnlyList<Found>> DescribeAsync(IReadOnlyList<Row> rows, string rootPath, Filter filter, AppDb db, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return [];
        }
        var rootDepth = OrgPath.Ids(rootPath).Length;
        // Above each organization, the organizations under the root: the place people recognize it by.
        var ancestorIds = rows.SelectMany(r => OrgPath.Ids(r.Path).Skip(Math.Max(rootDepth, 1)).SkipLast(1)).Distinct().ToList();
        var names = await db.Organizations.AsNoTracking().Where(o => ancestorIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        var ids = rows.Select(r => r.Id).ToList();
        var withChildren = (await db.Organizations.AsNoTracking()
            .Where(o => o.ParentId != null && ids.Contains(o.ParentId.Value) && o.DissolvedAt == null && (filter.PartyGroups || o.Kind != OrganizationKind.PartyGroup))
            .Select(o => o.ParentId!.Value).Distinct().ToListAsync(ct)).ToHashSet();
        return rows.Select(r => new Found(r.Id, r.Name, r.Kind, r.Kind.Chinese(),
            string.Join(" / ", OrgPath.Ids(r.Path).Skip(Math.Max(rootDepth, 1)).SkipLast(1).Select(a => names.GetValueOrDefault(a, "?"))),
            withChildren.Contains(r.Id))).ToList();
    }
}
