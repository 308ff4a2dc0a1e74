namespace Dangjian.Bench;

internal static class Arguments
{
    /// <summary>"--name value" pairs; a "--flag" followed by another option (or by nothing) is a switch.</summary>
    public static Dictionary<string, string> Parse(IEnumerable<string> args)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var list = args.ToList();
        for (var i = 0; i < list.Count; i++)
        {
            if (!list[i].StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"Unexpected argument '{list[i]}'.");
            }
            var name = list[i][2..];
            if (i + 1 < list.Count && !list[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                result[name] = list[++i];
            }
            else
            {
                result[name] = "true";
            }
        }
        return result;
    }
}
