namespace Dangjian.Platform.Time;

/// <summary>Days and months as people in China count them: Beijing days, whatever the server's zone.</summary>
public static class BeijingDay
{
    private static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    /// <summary>The first moment of a Beijing day (00:00 +08:00), given in UTC as the databases store moments (16:00 the day before).</summary>
    public static DateTimeOffset Start(DateOnly day) => new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), Offset).ToUniversalTime();

    /// <summary>The Beijing day a moment falls on.</summary>
    public static DateOnly Of(DateTimeOffset at) => DateOnly.FromDateTime(at.ToBeijing().DateTime);

    /// <summary>The first day of the period of <paramref name="months"/> months (1, 2, 3, 6 or 12) that holds the day.</summary>
    public static DateOnly PeriodStart(DateOnly day, int months) => new(day.Year, (day.Month - 1) / months * months + 1, 1);

    /// <summary>The last day of the period that starts on <paramref name="start"/>.</summary>
    public static DateOnly PeriodEnd(DateOnly start, int months) => start.AddMonths(months).AddDays(-1);
}
