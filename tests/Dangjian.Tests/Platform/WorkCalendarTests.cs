using System.Net;
using Dangjian.Platform.Time;
using Dangjian.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dangjian.Tests.Platform;

/// <summary>
/// Working days as the 2026 notice sets them: deadlines across a weekend, across the Spring Festival with its worked
/// Saturdays, across National Day; the year's count; and an organization department entering a day of the next year.
/// </summary>
public class WorkCalendarTests(AppFactory app) : DemoApiTest(app)
{
    private async Task<WorkingDays> Year2026()
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<WorkCalendar>().ForAsync(new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31), CancellationToken.None);
    }

    [Theory]
    [InlineData("2026-11-27", 1, "2026-11-30")] // Friday to Monday over a plain weekend
    [InlineData("2026-11-27", 0, "2026-11-27")]
    [InlineData("2026-11-23", 5, "2026-11-30")]
    [InlineData("2026-02-13", 1, "2026-02-14")] // the Saturday before the Spring Festival is worked
    [InlineData("2026-02-13", 2, "2026-02-24")] // then nine days off
    [InlineData("2026-02-27", 1, "2026-02-28")] // and the Saturday after is worked too
    [InlineData("2026-09-30", 1, "2026-10-08")] // National Day
    [InlineData("2026-10-09", 1, "2026-10-10")] // its worked Saturday
    [InlineData("2026-09-18", 1, "2026-09-20")] // a worked Sunday
    [InlineData("2025-12-31", 1, "2026-01-04")] // New Year's three days, then a worked Sunday
    public async Task A_deadline_of_N_working_days_skips_weekends_and_holidays_and_counts_worked_weekends(string from, int days, string expected)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var calendar = scope.ServiceProvider.GetRequiredService<WorkCalendar>();
        (await calendar.AddWorkingDaysAsync(DateOnly.Parse(from), days, CancellationToken.None)).ShouldBe(DateOnly.Parse(expected));
    }

    [Fact]
    public async Task The_year_2026_has_248_working_days_and_its_holidays_carry_their_source()
    {
        var days = await Year2026();
        days.IsWorkingDay(new DateOnly(2026, 10, 1)).ShouldBeFalse();
        days.IsWorkingDay(new DateOnly(2026, 10, 10)).ShouldBeTrue();
        days.IsWorkingDay(new DateOnly(2026, 12, 5)).ShouldBeFalse();
        days.Between(new DateOnly(2026, 11, 27), new DateOnly(2026, 11, 30)).ShouldBe(1);
        days.Between(new DateOnly(2026, 11, 30), new DateOnly(2026, 11, 27)).ShouldBe(0);

        var year = await Read<GetCalendar.Response>(await (await As("dangyuan")).GetAsync("/api/v1/calendar?year=2026"));
        year.WorkingDays.ShouldBe(248, "261 weekdays, 19 of them off, 6 weekend days worked");
        year.Days.Count(d => d.Kind == CalendarDayKind.Holiday).ShouldBe(33);
        year.Days.Count(d => d.Kind == CalendarDayKind.Workday).ShouldBe(6);
        year.Days.ShouldAllBe(d => d.Source.StartsWith("国务院办公厅关于2026年部分节假日安排的通知"));
        (await Problem(await (await As("dangyuan")).GetAsync("/api/v1/calendar?year=1999")))["year"].ShouldHaveSingleItem();
    }

    [Fact]
    public async Task An_organization_department_enters_next_year_s_days_and_a_secretary_may_not()
    {
        var next = App.Today.Year + 1;
        var newYear = new DateOnly(next, 1, 1);
        var body = new { kind = "Holiday", name = "元旦", source = $"国务院办公厅关于{next}年部分节假日安排的通知" };
        (await PutJson(await As("yanzhong"), $"/api/v1/calendar/days/{newYear:yyyy-MM-dd}", body)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await PutJson(await As("admin"), $"/api/v1/calendar/days/{newYear:yyyy-MM-dd}", body)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var listed = await Read<GetCalendar.Response>(await (await As("admin")).GetAsync($"/api/v1/calendar?year={next}"));
        listed.Days.ShouldContain(d => d.Date == newYear && d.Kind == CalendarDayKind.Holiday && d.Name == "元旦");
        (await AuditRows(entityType: nameof(CalendarDay), entityId: $"{newYear:yyyy-MM-dd}")).ShouldNotBeEmpty();

        var weekday = Enumerable.Range(0, 7).Select(i => new DateOnly(next, 3, 2).AddDays(i)).First(d => d.DayOfWeek == DayOfWeek.Wednesday);
        (await Problem(await PutJson(await As("admin"), $"/api/v1/calendar/days/{weekday:yyyy-MM-dd}", new { kind = "Workday", name = "春节", source = "通知" })))["kind"]
            .ShouldBe(["调休上班只能设在周六或周日（周一至周五本来就是工作日）"]);
        (await Problem(await PutJson(await As("admin"), $"/api/v1/calendar/days/{newYear:yyyy-MM-dd}", new { kind = "Holiday", name = "", source = "" })))
            .Keys.ShouldBe(["name", "source"], ignoreOrder: true);

        (await PutJson(await As("admin"), $"/api/v1/calendar/days/{newYear:yyyy-MM-dd}", new { clear = true })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await App.WithDbAsync(db => db.CalendarDays.AnyAsync(d => d.Date == newYear))).ShouldBeFalse();
        (await PutJson(await As("admin"), $"/api/v1/calendar/days/{newYear:yyyy-MM-dd}", new { clear = true })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
