using System.Globalization;

namespace Dangjian.Features.Transfers;

/// <summary>How the printed letter and receipt write numbers, dates and months: in the words of the paper form.</summary>
public static class LetterText
{
    /// <summary>
    /// The form reads "…字第…号". A number already written that way (许魏组转〔2026〕18号) is printed as it is, so that it
    /// does not end in 号号.
    /// </summary>
    public static string Number(string letterNumber) => letterNumber.EndsWith('号') ? letterNumber : $"字第{letterNumber}号";

    public static string Date(DateOnly date) => $"{date.Year}年{date.Month}月{date.Day}日";

    /// <summary>The year and month of a dues month (yyyy-MM), for "党费已交到…年…月"; anything else is printed whole as the year.</summary>
    public static (string Year, string Month) Month(string yearMonth) =>
        DateOnly.TryParseExact(yearMonth + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first)
            ? (first.Year.ToString(CultureInfo.InvariantCulture), first.Month.ToString(CultureInfo.InvariantCulture))
            : (yearMonth, "");
}
