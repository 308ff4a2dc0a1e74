using System.Globalization;

namespace Dangjian.Platform.Data;

/// <summary>
/// Materialized paths: "/1/5/23/" is organization 23 under 5 under 1. A subtree is the half-open range
/// [path, path with its last '/' replaced by '0'), which both SQLite (binary collation) and PostgreSQL
/// (COLLATE "C") answer from a plain btree, with or without bind parameters (LIKE 'prefix%' with a parameter is not; docs/performance.md).
/// </summary>
public static class OrgPath
{
    public const string Root = "/";

    public static string Child(string parentPath, long id) => parentPath + id.ToString(CultureInfo.InvariantCulture) + "/";

    /// <summary>The exclusive upper bound of the subtree range that starts at <paramref name="path"/>.</summary>
    public static string UpperBound(string path) => path[..^1] + "0";

    public static bool IsWithin(string path, string scopePath) => path.StartsWith(scopePath, StringComparison.Ordinal);

    /// <summary>Ids from the root down to the organization itself.</summary>
    public static long[] Ids(string path) =>
        path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(s => long.Parse(s, CultureInfo.InvariantCulture)).ToArray();

    /// <summary>The paths of every ancestor and of the organization itself, from the root's child down: /1/, /1/5/, /1/5/23/.</summary>
    public static List<string> AncestorsAndSelf(string path)
    {
        var result = new List<string>();
        for (var i = 1; i < path.Length; i++)
        {
            if (path[i] == '/')
            {
                result.Add(path[..(i + 1)]);
            }
        }
        return result;
    }
}
