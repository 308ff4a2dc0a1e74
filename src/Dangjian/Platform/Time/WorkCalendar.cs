using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Dangjian.Platform.Audit;
using Dangjian.Platform.Data;
using Dangjian.Platform.Http;
using Dangjian.Platform.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dangjian.Platform.Time;

public enum CalendarDayKind
{
    /// <summary>A day off on a weekday or a weekend of a public holiday (放假).</summary>
    Holiday,

    /// <summary>A weekend day worked to make up for a holiday (调休上班).</summary>
    Workday,
}

/// <summary>
/// A day that is not what its weekday says: a holiday, or a weekend worked. Every other Monday to Friday is a working
/// day and every other Saturday and Sunday is not. The days are data (each year's 国务院办公厅 notice, published each
/// November), entered here by an organization department, with their source.
/// </summary>
public sealed class CalendarDay : IAudited
{
    public DateOnly Date { get; set; }
    public CalendarDayKind Kind { get; set; }

    /// <summary>The holiday it belongs to (春节), for a worked weekend the holiday it makes up for.</summary>
    public required string Name { get; set; }
    public required string Source { get; set; }

    string IAudited.AuditScopePath => OrgPath.Root;

    string IAudited.AuditId => Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>Working days in China (Asia/Shanghai): the weekdays, less the holidays, plus the weekends worked.</summary>
public sealed class WorkingDays(IReadOnlyDictionary<DateOnly, CalendarDayKind> exceptions)
{
    public bool IsWorkingDay(DateOnly day) =>
        exceptions.TryGetValue(day, out var kind) ? kind == CalendarDayKind.Workday : day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);

    /// <summary>
    /// The day by which something given on <paramref name="from"/> must be done within <paramref name="days"/> working
    /// days: the day itself does not count, the deadline is the Nth working day after it (0: the day itself).
    /// </summary>
    public DateOnly AddWorkingDays(DateOnly from, int days)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(days);
        var day = from;
        for (var counted = 0; counted < days;)
        {
            day = day.AddDays(1);
            if (IsWorkingDay(day))
            {
                counted++;
            }
        }
        return day;
    }

    /// <summary>The working days after <paramref name="from"/> up to and including <paramref name="to"/> (0 when to is not after from).</summary>
    public int Between(DateOnly from, DateOnly to)
    {
        var count = 0;
        for (var day = from.AddDays(1); day <= to; day = day.AddDays(1))
        {
            if (IsWorkingDay(day))
            {
                count++;
            }
        }
        return count;
    }
}

/// <summary>The calendar as the requests of one scope read it: the exceptions of the years asked for, loaded once each.</summary>
public sealed class WorkCalendar(AppDb db)
{
    /// <summary>How far a deadline may reach: a year of working days is about 250, so two calendar years more always cover it.</summary>
    public const int MaxWorkingDays = 250;

    private readonly Dictionary<DateOnly, CalendarDayKind> _exceptions = [];
    private readonly HashSet<int> _years = [];

    /// <summary>The working days for the span from <paramref name="from"/> to <paramref name="to"/> (their years loaded).</summary>
    public async Task<WorkingDays> ForAsync(DateOnly from, DateOnly to, CancellationToken ct)
    {
        var missing = Enumerable.Range(from.Year, to.Year - from.Year + 1).Where(y => !_years.Contains(y)).ToList();
        if (missing.Count > 0)
        {
            var lo = new DateOnly(missing.Min(), 1, 1);
            var hi = new DateOnly(missing.Max(), 12, 31);
            foreach (var d in await db.CalendarDays.AsNoTracking().Where(d => d.Date >= lo && d.Date <= hi).ToListAsync(ct))
            {
                _exceptions[d.Date] = d.Kind;
            }
            _years.UnionWith(missing);
        }
        return new WorkingDays(_exceptions);
    }

    /// <summary>The deadline <paramref name="days"/> working days after <paramref name="from"/> (at most <see cref="MaxWorkingDays"/>).</summary>
    public async Task<DateOnly> AddWorkingDaysAsync(DateOnly from, int days, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(days, MaxWorkingDays);
        return (await ForAsync(from, from.AddYears(2), ct)).AddWorkingDays(from, days);
    }
}

/// <summary>A year's calendar: its holidays and worked weekends, and how many working days it has.</summary>
public static class GetCalendar
{
    public sealed record DayView(DateOnly Date, CalendarDayKind Kind, string KindName, string Name, string Source);

    public sealed record Response(int Year, int WorkingDays, bool HasHolidays, IReadOnlyList<DayView> Days);

    public static async Task<Outcome<Response>> Handle(int? year, AppDb db, WorkCalendar calendar, CancellationToken ct)
    {
        var today = db.Clock.Today();
        var y = year ?? today.Year;
        if (y < 2020 || y > today.Year + 1)
        {
            return Outcome<Response>.Invalid("year", $"年份应在2020到{today.Year + 1}之间");
        }
        var first = new DateOnly(y, 1, 1);
        var last = new DateOnly(y, 12, 31);
        var days = await db.CalendarDays.AsNoTracking().Where(d => d.Date >= first && d.Date <= last).OrderBy(d => d.Date).ToListAsync(ct);
        var working = (await calendar.ForAsync(first, last, ct)).Between(first.AddDays(-1), last);
        return Outcome<Response>.Ok(new Response(y, working, days.Any(d => d.Kind == CalendarDayKind.Holiday),
            [.. days.Select(d => new DayView(d.Date, d.Kind, d.Kind == CalendarDayKind.Holiday ? "放假" : "调休上班", d.Name, d.Source))]));
    }
}

/// <summary>Sets one day of the calendar (a holiday or a worked weekend), or takes it back to what its weekday says.</summary>
public static class SetCalendarDay
{
    public sealed record Request(CalendarDayKind? Kind, [property: MaxLength(40)] string? Name, [property: MaxLength(200)] string? Source, bool Clear = false);

    public static async Task<Outcome<DateOnly>> Handle(DateOnly date, Request request, AppDb db, CancellationToken ct)
    {
        var existing = await db.CalendarDays.FirstOrDefaultAsync(d => d.Date == date, ct);
        if (request.Clear)
        {
            if (existing is null)
            {
                return Outcome<DateOnly>.NotFound("日历设置");
            }
            db.CalendarDays.Remove(existing);
            await db.SaveChangesAsync(ct);
            return Outcome<DateOnly>.Ok(date);
        }
        var errors = new FieldErrors();
        var weekend = date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
        if (request.Kind is not { } kind)
        {
            errors.Add("kind", "请选择放假或调休上班");
        }
        else if (kind == CalendarDayKind.Workday && !weekend)
        {
            errors.Add("kind", "调休上班只能设在周六或周日（周一至周五本来就是工作日）");
        }
        var name = errors.Text("name", "节日名称", request.Name, 40);
        var source = errors.Text("source", "依据", request.Source, 200);
        if (date.Year < 2020 || date.Year > db.Clock.Today().Year + 1)
        {
            errors.Add("date", $"日期应在2020年到{db.Clock.Today().Year + 1}年之间");
        }
        if (errors.Any)
        {
            return Outcome<DateOnly>.Invalid(errors);
        }
        if (existing is null)
        {
            db.CalendarDays.Add(new CalendarDay { Date = date, Kind = request.Kind!.Value, Name = name!, Source = source! });
        }
        else
        {
            existing.Kind = request.Kind!.Value;
            existing.Name = name!;
            existing.Source = source!;
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            return Outcome<DateOnly>.Conflict("这一天刚被他人设置，请刷新后再试");
        }
        return Outcome<DateOnly>.Ok(date);
    }
}

public static class CalendarEndpoints
{
    public static void MapCalendarEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/calendar").WithTags("日历").RequireAuthorization();
        group.MapGet("/", async (int? year, AppDb db, WorkCalendar calendar, CancellationToken ct) =>
                (await GetCalendar.Handle(year, db, calendar, ct)).ToHttp(Results.Ok))
            .Produces<GetCalendar.Response>().ProducesValidationProblem()
            .WithSummary("一年的法定节假日放假和调休上班日（国务院办公厅每年的通知），以及全年工作日数；期限按工作日计算时以此为准");
        group.MapPut("/days/{date}", async (DateOnly date, SetCalendarDay.Request request, AppDb db, CancellationToken ct) =>
                (await SetCalendarDay.Handle(date, request, db, ct)).ToHttp(_ => Results.NoContent()))
            .RequirePermission(Permission.ManageRules)
            .Produces(StatusCodes.Status204NoContent).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("设置某一天为放假或调休上班（须注明节日名称和依据），或以 clear 恢复为按星期计算");
    }
}

// Stryker disable all : the database mapping is not a rule; MigrationTests compare it with the migrations (docs/testing.md)
internal sealed class CalendarDayConfiguration : IEntityTypeConfiguration<CalendarDay>
{
    private const string Notice2026 = "国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日）";

    public void Configure(EntityTypeBuilder<CalendarDay> b)
    {
        b.HasKey(d => d.Date);
        b.Property(d => d.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(d => d.Name).HasMaxLength(40);
        b.Property(d => d.Source).HasMaxLength(200);
        b.HasData(Year2026());
    }

    /// <summary>The 2026 notice as published; later years are entered when their notice comes out.</summary>
    private static IEnumerable<CalendarDay> Year2026()
    {
        IEnumerable<CalendarDay> Off(string name, int month, int day, int days) =>
            Enumerable.Range(0, days).Select(i => new CalendarDay { Date = new DateOnly(2026, month, day).AddDays(i), Kind = CalendarDayKind.Holiday, Name = name, Source = Notice2026 });
        CalendarDay On(string name, int month, int day) => new() { Date = new DateOnly(2026, month, day), Kind = CalendarDayKind.Workday, Name = name, Source = Notice2026 };
        return
        [
            .. Off("元旦", 1, 1, 3), On("元旦", 1, 4),
            .. Off("春节", 2, 15, 9), On("春节", 2, 14), On("春节", 2, 28),
            .. Off("清明节", 4, 4, 3),
            .. Off("劳动节", 5, 1, 5), On("劳动节", 5, 9),
            .. Off("端午节", 6, 19, 3),
            .. Off("中秋节", 9, 25, 3),
            .. Off("国庆节", 10, 1, 7), On("国庆节", 9, 20), On("国庆节", 10, 10),
        ];
    }
}
// Stryker restore all
