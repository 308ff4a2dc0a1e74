using Dangjian.Features.Organizations;
using Dangjian.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Features.Members;

/// <summary>
/// Organizations as a sheet names them, within one subtree: by name alone when the name is unique there, otherwise
/// as "上级组织名称/组织名称" (many communities each have a "第一党支部"). The export writes what the import reads.
/// Used by one reader or writer at a time (it remembers what it has worked out).
/// </summary>
internal sealed class OrganizationDirectory
{
    private sealed record Entry(long Id, long? ParentId, string Name, OrganizationKind Kind, bool Dissolved)
    {
        public bool TakesMembers => !Dissolved && MemberPlacement.HoldsMembers(Kind);
    }

    private readonly Dictionary<long, Entry> _byId;
    private readonly ILookup<string, Entry> _byName;
    private readonly ILookup<long?, Entry> _groupsByParent;
    private readonly Dictionary<long, string> _outsideParents;
    private readonly Dictionary<long, string> _labels = [];
    private readonly Dictionary<string, (long? Id, string? Error)> _resolved = new(StringComparer.Ordinal);

    private OrganizationDirectory(List<Entry> entries, Dictionary<long, string> outsideParents)
    {
        _byId = entries.ToDictionary(e => e.Id);
        _byName = entries.ToLookup(e => e.Name, StringComparer.Ordinal);
        _groupsByParent = entries.Where(e => e.Kind == OrganizationKind.PartyGroup).ToLookup(e => e.ParentId);
        _outsideParents = outsideParents;
    }

    public static async Task<OrganizationDirectory> LoadAsync(AppDb db, string scopePath, CancellationToken ct)
    {
        var hi = OrgPath.UpperBound(scopePath);
        var entries = await db.Organizations.AsNoTracking()
            .Where(o => string.Compare(o.Path, scopePath) >= 0 && string.Compare(o.Path, hi) < 0)
            .OrderBy(o => o.Id)
            .Select(o => new Entry(o.Id, o.ParentId, o.Name, o.Kind, o.DissolvedAt != null))
            .ToListAsync(ct);
        // The subtree's root has its parent outside the subtree; its name is still how people tell the root apart.
        var ids = entries.Select(e => e.Id).ToHashSet();
        var outside = entries.Where(e => e.ParentId is { } p && !ids.Contains(p)).Select(e => e.ParentId!.Value).Distinct().ToList();
        var outsideParents = await db.Organizations.AsNoTracking().Where(o => outside.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        return new OrganizationDirectory(entries, outsideParents);
    }

    /// <summary>How the sheet names an organization: its name, prefixed with its parent's when the name alone is ambiguous.</summary>
    public string Label(long organizationId)
    {
        if (!_labels.TryGetValue(organizationId, out var label))
        {
            _labels[organizationId] = label = MakeLabel(organizationId);
        }
        return label;
    }

    private string MakeLabel(long organizationId)
    {
        if (!_byId.TryGetValue(organizationId, out var entry))
        {
            return "";
        }
        if (_byName[entry.Name].Count(e => e.TakesMembers) <= 1 || ParentName(entry) is not { } parent)
        {
            return entry.Name;
        }
        return parent + "/" + entry.Name;
    }

    /// <summary>
    /// The organization a cell names, or a Chinese reason why it names none. Remembered per text: a sheet names the
    /// same few hundred organizations on every row, and a common name ("第一党支部") has hundreds of namesakes to sift.
    /// </summary>
    public (long? Id, string? Error) Resolve(string text)
    {
        if (!_resolved.TryGetValue(text, out var resolved))
        {
            _resolved[text] = resolved = ResolveUncached(text);
        }
        return resolved;
    }

    private (long? Id, string? Error) ResolveUncached(string text)
    {
        var shown = Shorten(text);
        var matches = _byName[text].Where(e => e.TakesMembers).ToList();
        if (matches.Count == 0 && text.LastIndexOf('/') is var slash and > 0)
        {
            var parent = text[..slash].Trim();
            var name = text[(slash + 1)..].Trim();
            matches = _byName[name].Where(e => e.TakesMembers && ParentName(e) == parent).ToList();
        }
        if (matches.Count == 1)
        {
            return (matches[0].Id, null);
        }
        if (matches.Count > 1)
        {
            var example = ParentName(matches[0]) is { } p ? $"，如“{p}/{matches[0].Name}”" : "";
            return (null, $"所在党组织“{shown}”在您的管辖范围内有{matches.Count}个同名组织，请写成“上级组织名称/组织名称”{example}");
        }
        var others = _byName[text].ToList();
        if (others.FirstOrDefault(e => !e.Dissolved && MemberPlacement.RefusalOf(e.Kind) is not null) is { } refused)
        {
            return (null, MemberPlacement.RefusalOf(refused.Kind));
        }
        if (others.Count > 0)
        {
            return (null, $"所在党组织“{shown}”已撤销");
        }
        return (null, $"所在党组织“{shown}”不存在或不在您的管辖范围内");
    }

    /// <summary>A Party group's name as a sheet writes it, or null when the id is not one of this subtree.</summary>
    public string? NameOf(long? organizationId) =>
        organizationId is { } id && _byId.TryGetValue(id, out var entry) ? entry.Name : null;

    /// <summary>The Party group a cell names under the member's organization, or a Chinese reason why it names none.</summary>
    public (long? Id, string? Error) ResolveGroup(long organizationId, string text)
    {
        var shown = Shorten(text);
        var groups = _groupsByParent[organizationId].ToList();
        if (groups.FirstOrDefault(g => !g.Dissolved && g.Name == text) is { } group)
        {
            return (group.Id, null);
        }
        if (groups.Any(g => g.Name == text))
        {
            return (null, $"所在党小组“{shown}”已撤销");
        }
        var open = groups.Where(g => !g.Dissolved).Select(g => $"“{g.Name}”").ToList();
        var where = $"“{Shorten(Label(organizationId))}”";
        return (null, open.Count == 0
            ? $"所在党小组“{shown}”不是{where}下的党小组：该组织下没有党小组，请留空"
            : $"所在党小组“{shown}”不是{where}下的党小组，应填写{string.Join("、", open.Take(10))}{(open.Count > 10 ? "等" : "")}之一或留空");
    }

    private string? ParentName(Entry entry) =>
        entry.ParentId is not { } parentId ? null
        : _byId.TryGetValue(parentId, out var parent) ? parent.Name
        : _outsideParents.GetValueOrDefault(parentId);

    internal static string Shorten(string text) => text.Length > 40 ? text[..40] + "…" : text;
}
