using Dangjian.Platform.Time;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Platform.Data;

/// <summary>The working-day calendar's table.</summary>
public abstract partial class AppDb
{
    public DbSet<CalendarDay> CalendarDays => Set<CalendarDay>();
}
