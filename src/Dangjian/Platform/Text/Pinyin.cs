using System.Reflection;
using System.Text;

namespace Dangjian.Platform.Text;

/// <summary>
/// Toneless pinyin of Chinese names, for search by initials (张三 → zs) and full pinyin (zhangsan) and for
/// sorting lists in the order people expect (<see cref="SortKey"/>). The table (U+4E00–U+9FFF) is generated from the
/// pinyin-pro package by scripts/generate-pinyin-table.mjs.
/// </summary>
public static class Pinyin
{
    private const int First = 0x4E00;
    private static readonly string[] Table = LoadTable();

    // Surnames read differently from the character's common reading (《百家姓》 readings).
    private static readonly Dictionary<char, string> SurnameReadings = new()
    {
        ['单'] = "shan", ['曾'] = "zeng", ['解'] = "xie", ['区'] = "ou", ['仇'] = "qiu", ['查'] = "zha",
        ['朴'] = "piao", ['覃'] = "qin", ['翟'] = "zhai", ['盖'] = "ge", ['乐'] = "yue", ['缪'] = "miao",
        ['尉'] = "yu", ['长'] = "chang", ['种'] = "chong", ['重'] = "chong", ['燕'] = "yan", ['华'] = "hua",
        ['贾'] = "jia", ['柏'] = "bai", ['秘'] = "bi", ['沈'] = "shen", ['折'] = "she", ['葛'] = "ge",
    };

    /// <summary>
    /// The syllables a full-pinyin query is read as: every reading of the table and of the surnames, less the two
    /// without a vowel (呣 m, 嗯 ng). Those are interjections no name holds, and allowing them would read every query
    /// ending in -ang, -eng, -ing or -ong twice ("zhang" as "zha ng").
    /// </summary>
    private static readonly HashSet<string> Spellable = Table.Concat(SurnameReadings.Values)
        .Where(s => s.Any(c => "aeiouv".Contains(c, StringComparison.Ordinal))).ToHashSet(StringComparer.Ordinal);

    /// <summary>Every beginning of a spellable syllable ("z", "zh", "zha", …): how a query may end.</summary>
    private static readonly HashSet<string> SpellableStarts = Spellable
        .SelectMany(s => Enumerable.Range(1, s.Length).Select(n => s[..n])).ToHashSet(StringComparer.Ordinal);

    private static readonly int LongestSyllable = Spellable.Max(s => s.Length);

    private static string[] LoadTable()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Dangjian.pinyin-table.txt")
            ?? throw new InvalidOperationException("The pinyin table resource is missing.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd().Split('\n');
    }

    /// <summary>Syllables of a name, the first read as a surname; characters without a reading are kept as they are.</summary>
    public static IReadOnlyList<string> Syllables(string name)
    {
        var result = new List<string>(name.Length);
        for (var i = 0; i < name.Length; i++)
        {
            var ch = name[i];
            if (i == 0 && SurnameReadings.TryGetValue(ch, out var surname))
            {
                result.Add(surname);
                continue;
            }
            var index = ch - First;
            if (index >= 0 && index < Table.Length && Table[index].Length > 0)
            {
                result.Add(Table[index]);
            }
            else if (char.IsLetterOrDigit(ch))
            {
                result.Add(char.ToLowerInvariant(ch).ToString());
            }
        }
        return result;
    }

    /// <summary>The common reading of one Chinese character, or null for any other character.</summary>
    public static string? Reading(char ch)
    {
        var index = ch - First;
        return index >= 0 && index < Table.Length && Table[index].Length > 0 ? Table[index] : null;
    }

    /// <summary>The syllables run together (张三 → zhangsan), as people type them.</summary>
    public static string Full(string name) => string.Concat(Syllables(name));

    /// <summary>
    /// The key names sort by: the syllables joined by a space (陈超红 → "chen chao hong"). A space sorts below every
    /// letter and digit when compared bytewise, as both databases compare the column, so that 陈 chen comes before
    /// 程 cheng and 李 li before 刘 liu whatever follows; run together, "chenguo" would sort after "chengchao".
    /// </summary>
    public static string SortKey(string name) => string.Join(' ', Syllables(name));

    /// <summary>
    /// The sort-key prefixes a full-pinyin query stands for: every reading of it as whole syllables followed by the
    /// beginning of one ("zhangs" → "zhang s"; "xian" → "xian", "xia n", "xi an", "xi a n"), fewest syllables first and
    /// longer syllables first among those, at most <paramref name="max"/> of them. None when the query spells no pinyin.
    /// </summary>
    public static IReadOnlyList<string> SortKeyPrefixes(string query, int max)
    {
        var text = query.ToLowerInvariant();
        var n = text.Length;
        // readings[i]: bit k is set when text[i..] reads as exactly k pieces, so that the walk below never enters a
        // dead end and stops after max readings however many a long query has.
        var readings = new ulong[n + 1];
        for (var i = n - 1; i >= 0; i--)
        {
            if (n - i <= LongestSyllable && SpellableStarts.Contains(text[i..]))
            {
                readings[i] = 1UL << 1;
            }
            for (var length = 1; length <= LongestSyllable && i + length < n; length++)
            {
                if (Spellable.Contains(text.Substring(i, length)))
                {
                    readings[i] |= readings[i + length] << 1;
                }
            }
        }
        var result = new List<string>();
        var pieces = new List<string>();
        void Walk(int at, int left)
        {
            if (left == 1)
            {
                result.Add(string.Join(' ', pieces.Append(text[at..])));
                return;
            }
            for (var length = Math.Min(LongestSyllable, n - at - 1); length >= 1 && result.Count < max; length--)
            {
                if ((readings[at + length] >> (left - 1) & 1) != 0 && Spellable.Contains(text.Substring(at, length)))
                {
                    pieces.Add(text.Substring(at, length));
                    Walk(at + length, left - 1);
                    pieces.RemoveAt(pieces.Count - 1);
                }
            }
        }
        for (var count = 1; count < 64 && result.Count < max; count++)
        {
            if ((readings[0] >> count & 1) != 0)
            {
                Walk(0, count);
            }
        }
        return result;
    }

    public static string Initials(string name) => string.Concat(Syllables(name).Select(s => s[0]));

    /// <summary>True when the text is a pinyin query (latin letters only) rather than Chinese characters.</summary>
    public static bool IsLatinQuery(string text) => text.Length > 0 && text.All(char.IsAsciiLetter);
}
