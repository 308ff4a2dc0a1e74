using System.Globalization;
using Dangjian.Platform.Security;
using Dangjian.Platform.Time;

namespace Dangjian.Features.Shared;

public static class PageHelpers
{
    /// <summary>
    /// The form key of a use case's field name: the use cases name fields as the JSON API does ("idNumber"),
    /// forms bind them as "Input.IdNumber".
    /// </summary>
    public static string FormKey(string field, string prefix = "Input")
    {
        if (field.Length == 0)
        {
            return "";
        }
        var segments = field.Split('.').Select(s => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..]);
        var path = string.Join('.', segments);
        return prefix.Length == 0 ? path : prefix + "." + path;
    }

    /// <summary>True when the signed-in account may do <paramref name="permission"/> (the same answer the policies give).</summary>
    public static async Task<bool> CanAsync(this CurrentUser user, Permission permission, CancellationToken ct = default) =>
        await user.GetAsync(ct) is { } account && account.Can(permission);

    /// <summary>A request made by htmx to refresh one region of the page (not a history restore, which wants the whole page).</summary>
    public static bool IsHtmxFor(this HttpRequest request, string target) =>
        request.Headers["HX-Request"] == "true"
        && request.Headers["HX-History-Restore-Request"] != "true"
        && request.Headers["HX-Target"] == target;

    public static string Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";

    /// <summary>A moment as people read it: Beijing time whatever the server's zone is.</summary>
    public static string Time(DateTimeOffset at) =>
        at.ToBeijing().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>A meeting's time, to the minute, in Beijing time.</summary>
    public static string Minute(DateTimeOffset at) =>
        at.ToBeijing().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    /// <summary>星期一 … 星期日.</summary>
    public static string Weekday(DateOnly day) => "星期" + "日一二三四五六"[(int)day.DayOfWeek];
}
