using Dangjian.Platform.Http;
using Dangjian.Platform.Time;
using Microsoft.Extensions.Time.Testing;

namespace Dangjian.Tests.Rules;

/// <summary>The shared check of a date that records what has happened, at its two boundaries.</summary>
public class DateRuleTests
{
    private static readonly DateOnly Today = new(2026, 12, 1);

    private static (DateOnly? Value, IReadOnlyDictionary<string, string[]> Errors) Check(DateOnly? date, DateOnly? earliest = null)
    {
        var errors = new FieldErrors();
        var value = errors.PastDate("joinedOn", "入党日期", date, Today, earliest);
        return (value, errors.ToDictionary());
    }

    [Fact]
    public void Today_and_the_earliest_day_themselves_are_accepted()
    {
        var (value, errors) = Check(Today);
        value.ShouldBe(Today);
        errors.ShouldBeEmpty();
        Check(DateChecks.Earliest).Value.ShouldBe(new DateOnly(1900, 1, 1));
        Check(DateChecks.PartyFounded, DateChecks.PartyFounded).Value.ShouldBe(new DateOnly(1921, 7, 1));
    }

    [Fact]
    public void Tomorrow_is_refused_naming_the_field()
    {
        var (value, errors) = Check(Today.AddDays(1));
        value.ShouldBeNull();
        errors["joinedOn"].ShouldBe(["入党日期不能晚于今天"]);
    }

    [Fact]
    public void The_day_before_the_earliest_is_refused_with_the_earliest_named()
    {
        Check(new DateOnly(1899, 12, 31)).Errors["joinedOn"].ShouldBe(["入党日期不能早于1900-01-01"]);
        var (value, errors) = Check(new DateOnly(1921, 6, 30), DateChecks.PartyFounded);
        value.ShouldBeNull();
        errors["joinedOn"].ShouldBe(["入党日期不能早于1921-07-01"]);
    }

    [Fact]
    public void No_date_is_no_error()
    {
        var (value, errors) = Check(null);
        value.ShouldBeNull();
        errors.ShouldBeEmpty();
    }

    [Fact]
    public void Today_is_the_day_in_the_servers_zone_not_in_utc()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 17, 30, 0, TimeSpan.Zero));
        clock.SetLocalTimeZone(TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"));
        clock.Today().ShouldBe(new DateOnly(2026, 12, 1), "half past one in the morning in Beijing");
    }

    [Fact]
    public void The_apps_clock_reads_Beijing_time_whatever_the_servers_zone()
    {
        Dangjian.Platform.Time.ChinaTime.Provider.LocalTimeZone.BaseUtcOffset.ShouldBe(TimeSpan.FromHours(8));
        Dangjian.Platform.Time.ChinaTime.Provider.GetLocalNow().Offset.ShouldBe(TimeSpan.FromHours(8));
        new DateTimeOffset(2026, 11, 30, 16, 30, 0, TimeSpan.Zero).ToBeijing().ShouldBe(new DateTimeOffset(2026, 12, 1, 0, 30, 0, TimeSpan.FromHours(8)));
        Dangjian.Features.Shared.PageHelpers.Time(new DateTimeOffset(2026, 12, 1, 8, 47, 0, TimeSpan.Zero)).ShouldBe("2026-12-01 16:47:00");
    }
}
