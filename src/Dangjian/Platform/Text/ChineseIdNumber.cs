using System.Globalization;

namespace Dangjian.Platform.Text;

public enum Sex
{
    Male,
    Female,
}

/// <summary>
/// The resident identity number of GB 11643-1999: 6-digit area code, 8-digit birth date, 3-digit sequence
/// (odd for men, even for women) and a check character computed by ISO 7064 MOD 11-2.
/// </summary>
public static class ChineseIdNumber
{
    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string CheckCharacters = "10X98765432";

    public sealed record Parsed(string Normalized, DateOnly BirthDate, Sex Sex);

    /// <summary>Checks an ID number; returns the parsed value, or a Chinese reason why it is not valid.</summary>
    public static (Parsed? Value, string? Error) Parse(string? input, DateOnly today)
    {
        var value = (input ?? "").Trim().ToUpperInvariant();
        if (value.Length == 0)
        {
            return (null, "身份证号不能为空");
        }
        if (value.Length == 15 && value.All(char.IsAsciiDigit))
        {
            return (null, "15位旧身份证号已停止使用，请填写18位身份证号");
        }
        if (value.Length != 18)
        {
            return (null, $"身份证号应为18位，当前为{value.Length}位");
        }
        if (!value[..17].All(char.IsAsciiDigit) || !(char.IsAsciiDigit(value[17]) || value[17] == 'X'))
        {
            return (null, "身份证号前17位应为数字，最后一位为数字或X");
        }
        if (!DateOnly.TryParseExact(value.Substring(6, 8), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var birth)
            || birth.Year < 1900 || birth > today)
        {
            return (null, $"身份证号中的出生日期“{value.Substring(6, 8)}”无效");
        }
        if (CheckCharacter(value) != value[17])
        {
            return (null, "身份证号校验位不正确，请核对");
        }
        // The sequence's last digit: odd for men, even for women.
        var sex = "13579".Contains(value[16], StringComparison.Ordinal) ? Sex.Male : Sex.Female;
        return (new Parsed(value, birth, sex), null);
    }

    public static char CheckCharacter(string first17)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            sum += (first17[i] - '0') * Weights[i];
        }
        return CheckCharacters[sum % 11];
    }

    /// <summary>Builds a valid number from its parts; used by the demo data and the benchmark generator.</summary>
    public static string Compose(string areaCode, DateOnly birth, int sequence, Sex sex)
    {
        var seq = sequence % 1000;
        if ((seq % 2 == 1) != (sex == Sex.Male))
        {
            seq = (seq + 1) % 1000;
        }
        var first17 = areaCode + birth.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + seq.ToString("000", CultureInfo.InvariantCulture);
        return first17 + CheckCharacter(first17);
    }
}
