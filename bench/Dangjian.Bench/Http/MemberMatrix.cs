using System.Globalization;
using System.Reflection;
using System.Text;
using Dangjian.Features.Members;

namespace Dangjian.Bench.Http;

/// <summary>
/// Every combination the member list accepts, generated from <see cref="SearchMembers.Query"/> itself: each filter
/// value alone (every value of every enum parameter, every flag, an organization inside the scope) or none, × each
/// order of <see cref="SearchMembers.Sorts"/>, × no search or one search of each kind, × the first page, a deep
/// page and the total. A parameter added to the query later joins the matrix when it is an enum or a known shape,
/// and otherwise stops the benchmark until this class says how to vary it: the matrix cannot silently miss it.
/// </summary>
public static class MemberMatrix
{
    /// <summary>The kinds of search the list tells apart (<see cref="SearchMembers.Response.SearchedBy"/>), each with the text that makes it.</summary>
    public static IReadOnlyList<(string Kind, string Text)> Searches(BenchScope scope) =>
    [
        ("none", ""),
        ("initials", BenchCases.Initials),
        ("pinyin", scope.ExactNamePinyin),
        ("exact", scope.ExactName),
        ("infix", BenchCases.TwoCharacterName),
        ("idTail", scope.IdTail),
        ("phone", scope.Phone),
    ];

    /// <summary>The parameters the matrix varies itself, by name; any other property of the query must be one of these.</summary>
    private static readonly HashSet<string> Handled = new(StringComparer.Ordinal)
    {
        nameof(SearchMembers.Query.Q), nameof(SearchMembers.Query.Sort), nameof(SearchMembers.Query.Flags),
        nameof(SearchMembers.Query.OrganizationId), nameof(SearchMembers.Query.Page), nameof(SearchMembers.Query.PageSize),
    };

    /// <summary>Each filter alone, and none: (key, what it sets on the query).</summary>
    public static IReadOnlyList<(string Key, Func<SearchMembers.Query, SearchMembers.Query> Apply)> Filters(BenchScope scope)
    {
        var filters = new List<(string, Func<SearchMembers.Query, SearchMembers.Query>)> { ("all", q => q) };
        foreach (var property in typeof(SearchMembers.Query).GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (Nullable.GetUnderlyingType(property.PropertyType) is { IsEnum: true } enumType)
            {
                foreach (var value in Enum.GetValues(enumType))
                {
                    var p = property;
                    var v = value;
                    filters.Add(($"{Camel(p.Name)}={v}", q => With(q, p, v)));
                }
            }
            else if (!Handled.Contains(property.Name))
            {
                throw new InvalidOperationException(
                    $"SearchMembers.Query.{property.Name} is a parameter the member matrix does not know how to vary: add it to {nameof(MemberMatrix)}.");
            }
        }
        foreach (var flag in SearchMembers.FlagNames.Keys)
        {
            filters.Add(($"flags={flag}", q => q with { Flags = flag }));
        }
        if (scope.ChildOrganizationId is { } child)
        {
            filters.Add(("organizationId=child", q => q with { OrganizationId = child }));
        }
        return filters;
    }

    public static IReadOnlyList<BenchCase> For(BenchScope scope)
    {
        var cases = new List<BenchCase>();
        foreach (var (filterKey, apply) in Filters(scope))
        {
            foreach (var (kind, text) in Searches(scope))
            {
                if (kind != "none" && text.Length == 0)
                {
                    continue;
                }
                var searched = apply(new SearchMembers.Query(Q: kind == "none" ? null : text));
                // The total does not depend on the order: one cell per filter and search.
                cases.Add(Case(filterKey, kind, "name", "total", searched with { PageSize = 1 }));
                foreach (var (sort, _) in SearchMembers.Sorts)
                {
                    cases.Add(Case(filterKey, kind, sort, "first", searched with { Sort = sort, PageSize = 20 }));
                    cases.Add(Case(filterKey, kind, sort, "deep", searched with { Sort = sort, Page = BenchCases.DeepPage, PageSize = 20 }));
                }
            }
        }
        return cases;
    }

    private static BenchCase Case(string filter, string search, string sort, string page, SearchMembers.Query query)
    {
        var key = $"m:{filter}:{search}:{sort}:{page}";
        return new BenchCase(key, $"{filter} · {search} · {sort} · {page}", Url(query), query);
    }

    /// <summary>The request's address, every set parameter under its camel-case name as the API binds it.</summary>
    public static string Url(SearchMembers.Query query)
    {
        var parts = new List<string>();
        foreach (var property in typeof(SearchMembers.Query).GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var value = property.GetValue(query);
            var defaultValue = property.GetValue(new SearchMembers.Query());
            if (value is null || Equals(value, defaultValue) && property.Name is not nameof(SearchMembers.Query.PageSize))
            {
                continue;
            }
            var text = value is IFormattable f ? f.ToString(null, CultureInfo.InvariantCulture) : value.ToString()!;
            parts.Add(Camel(property.Name) + "=" + Uri.EscapeDataString(text));
        }
        return "/api/v1/members?" + string.Join("&", parts);
    }

    private static SearchMembers.Query With(SearchMembers.Query query, PropertyInfo property, object value)
    {
        // Records' init-only properties: a copy set by reflection, as `with` would.
        var copy = query with { };
        property.SetValue(copy, value);
        return copy;
    }

    private static string Camel(string name) => char.ToLowerInvariant(name[0]) + name[1..];

    /// <summary>The ten worst cells: by app p95, and by the app's distance from its own SQL.</summary>
    public static string Worst(IEnumerable<(BenchScope Scope, BenchCase Case, double AppP95, double SqlP95)> cells)
    {
        var list = cells.ToList();
        var s = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        s.AppendLine("Worst ten by app p95:");
        foreach (var c in list.OrderByDescending(c => c.AppP95).Take(10))
        {
            s.AppendLine(inv, $"  {c.Scope.Name,-9} {c.Case.Label,-60} app p95 {c.AppP95,7:F1} ms  SQL p95 {c.SqlP95,7:F1} ms");
        }
        s.AppendLine("Worst ten by app p95 − (1.5 × SQL p95 + 5 ms):");
        foreach (var c in list.OrderByDescending(c => c.AppP95 - (1.5 * c.SqlP95 + 5)).Take(10))
        {
            s.AppendLine(inv, $"  {c.Scope.Name,-9} {c.Case.Label,-60} app p95 {c.AppP95,7:F1} ms  SQL p95 {c.SqlP95,7:F1} ms");
        }
        return s.ToString();
    }
}
