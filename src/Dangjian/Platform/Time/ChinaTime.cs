namespace Dangjian.Platform.Time;

/// <summary>
/// Beijing time, whatever zone the server runs in: "today", a deadline's day and every time a person reads are
/// Asia/Shanghai. The app's <see cref="TimeProvider"/> is <see cref="Provider"/>, so that
/// <see cref="TimeProvider.GetLocalNow"/> is Beijing time on a server set to UTC too.
/// </summary>
public static class ChinaTime
{
    public static readonly TimeZoneInfo Zone = Find();

    public static readonly TimeProvider Provider = new BeijingClock();

    /// <summary>The moment as Beijing time (+08:00).</summary>
    public static DateTimeOffset ToBeijing(this DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, Zone);

    private static TimeZoneInfo Find()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        }
        catch (TimeZoneNotFoundException)
        {
            // A host without the time zone database: China has kept +08:00 without daylight saving since 1991.
            return TimeZoneInfo.CreateCustomTimeZone("Asia/Shanghai", TimeSpan.FromHours(8), "北京时间", "北京时间");
        }
    }

    private sealed class BeijingClock : TimeProvider
    {
        public override TimeZoneInfo LocalTimeZone => Zone;
    }
}
