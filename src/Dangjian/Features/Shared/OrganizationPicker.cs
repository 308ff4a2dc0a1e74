using System.Globalization;
using System.Text.RegularExpressions;
using Dangjian.Features.Organizations;
using Dangjian.Platform.Data;
using Dangjian.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Features.Shared;

/// <summary>
/// The organization picker: a form field whose options are radio buttons, found by name or pinyin initials in the
/// caller's subtree (or in the whole system, for where a member transfers to) and reached by walking the tree. It
/// needs no script beyond htmx, and a checked option travels with every new search so that the choice is never
/// lost. The search is <see cref="SearchOrganizations"/>; the results come from /Organizations/Pick.
/// </summary>
public sealed partial class OrganizationPicker
{
    /// <summary>The form field the chosen id is posted as, e.g. "Input.OrganizationId".</summary>
    public required string Field { get; init; }
    public required string Label { get; init; }
    public SearchOrganizations.Found? Selected { get; set; }

    /// <summary>Offer Party groups too.</summary>
    public bool PartyGroups { get; init; }

    /// <summary>Only these kinds may be chosen (the others are shown only to walk through).</summary>
    public IReadOnlyList<OrganizationKind>? Kinds { get; init; }

    /// <summary>An organization whose subtree may not be chosen (a move's own).</summary>
    public long? Exclude { get; init; }

    /// <summary>Search the whole system (names only) rather than the caller's subtree.</summary>
    public bool Directory { get; init; }

    /// <summary>The label of an empty choice ("全部"), for filters; none when a choice is required.</summary>
    public string? NoneLabel { get; init; }

    public string? Help { get; init; }

    /// <summary>The search box's name for screen readers and tests: "查找所属党组织".</summary>
    public string SearchLabel => "查找" + Label.TrimEnd('*', ' ');

    /// <summary>Set by the results: what was searched, and what came back.</summary>
    public string? Searched { get; set; }
    public IReadOnlyList<SearchOrganizations.Found> Items { get; set; } = [];
    public bool More { get; set; }

    /// <summary>When walking the tree: the level shown (its first item) and the one above it, to go back up.</summary>
    public bool Browsing { get; set; }
    public long? UpId { get; set; }
    public bool AtTop { get; set; }

    /// <summary>Tells apart pickers of one field on one page (a form per row).</summary>
    public string? Key { get; init; }

    public string HtmlId => "pick-" + Field.Replace('.', '-').ToLowerInvariant() + (Key is null ? "" : "-" + Key);

    public SearchOrganizations.Filter Filter(string? excludedPath) =>
        new(PartyGroups, Kinds?.ToHashSet(), excludedPath);

    public bool MayChoose(SearchOrganizations.Found found) => Kinds is null || Kinds.Contains(found.Kind);

    /// <summary>The address of the results, with everything that shapes them; the search box and the checked option are added by htmx.</summary>
    public string ResultsUrl(long? parentId = null)
    {
        var parts = new List<string> { "field=" + Uri.EscapeDataString(Field) };
        if (PartyGroups)
        {
            parts.Add("groups=true");
        }
        if (Kinds is { Count: > 0 })
        {
            parts.Add("kinds=" + string.Join(",", Kinds));
        }
        if (Exclude is { } exclude)
        {
            parts.Add("exclude=" + exclude.ToString(CultureInfo.InvariantCulture));
        }
        if (Directory)
        {
            parts.Add("directory=true");
        }
        if (NoneLabel is not null)
        {
            parts.Add("none=" + Uri.EscapeDataString(NoneLabel));
        }
        if (Key is not null)
        {
            parts.Add("key=" + Uri.EscapeDataString(Key));
        }
        if (parentId is { } parent)
        {
            parts.Add("parentId=" + parent.ToString(CultureInfo.InvariantCulture));
        }
        return "/Organizations/Pick?" + string.Join("&", parts);
    }

    /// <summary>Field names are echoed into the page as input names: only plain model paths are accepted.</summary>
    public static bool IsFieldName(string? field) => field is not null && FieldName().IsMatch(field);

    public static bool IsKey(string? key) => key is null || KeyPattern().IsMatch(key);

    [GeneratedRegex("^[A-Za-z0-9]{1,40}$")]
    private static partial Regex KeyPattern();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{0,30}(\\.[A-Za-z][A-Za-z0-9]{0,30})?$")]
    private static partial Regex FieldName();

    /// <summary>
    /// Fills in the chosen organization for a form. With nothing chosen yet and <paramref name="preselectOwn"/>, the
    /// caller's own organization is chosen when it is the only one they could pick (a branch secretary's branch).
    /// </summary>
    public async Task LoadAsync(long? selectedId, AppDb db, Scope scope, CancellationToken ct, bool preselectOwn = false)
    {
        var root = Directory ? OrgPath.Root : await scope.PathAsync(ct);
        var filter = Filter(null);
        if (selectedId is > 0)
        {
            Selected = await SearchOrganizations.OneAsync(root, selectedId.Value, filter, db, ct);
            return;
        }
        if (preselectOwn && !Directory)
        {
            var hi = OrgPath.UpperBound(root);
            var own = await db.Organizations.AsNoTracking().Where(o => o.Path == root && o.DissolvedAt == null).FirstOrDefaultAsync(ct);
            var others = await db.Organizations.AsNoTracking()
                .Where(o => string.Compare(o.Path, root) > 0 && string.Compare(o.Path, hi) < 0 && o.DissolvedAt == null
                    && (PartyGroups || o.Kind != OrganizationKind.PartyGroup))
                .AnyAsync(ct);
            if (own is not null && !others && filter.Allows(own.Kind, own.Path))
            {
                Selected = await SearchOrganizations.OneAsync(root, own.Id, filter, db, ct);
            }
        }
    }
}
