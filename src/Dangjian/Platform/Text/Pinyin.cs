using System.Reflection;
using System.Text;

namespace Dangjian.Platform.Text;

/// <summary>
/// Toneless pinyin of Chinese names, for search by initials (张三 → zs) and full pinyin (zhangsan) and for
/// sorting lists in the order people expect. The table (U+4E00–U+9FFF) is generated from the pinyin-pro
/// package by scripts/generate-pinyin-table.mjs.
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

    public static string Full(string name) => string.Concat(Syllables(name));

    public static string Initials(string name) => string.Concat(Syllables(name).Select(s => s[0]));

    /// <summary>True when the text is a pinyin query (latin letters only) rather than Chinese characters.</summary>
    public static bool IsLatinQuery(string text) => text.Length > 0 && text.All(char.IsAsciiLetter);
}
