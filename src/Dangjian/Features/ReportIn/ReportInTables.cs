using Dangjian.Features.ReportIn;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Platform.Data;

/// <summary>The double report-in tables; the feature adds them to the one context.</summary>
public abstract partial class AppDb
{
    public DbSet<Registration> ReportInRegistrations => Set<Registration>();
    public DbSet<ServiceActivity> ServiceActivities => Set<ServiceActivity>();
    public DbSet<ActivitySignUp> ActivitySignUps => Set<ActivitySignUp>();
    public DbSet<ServiceHours> ServiceHours => Set<ServiceHours>();
}
