using Dangjian.Features.Bookings;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Platform.Data;

/// <summary>The home-visit booking tables; the feature adds them to the one context.</summary>
public abstract partial class AppDb
{
    public DbSet<ServiceKind> ServiceKinds => Set<ServiceKind>();
    public DbSet<ServiceWorker> ServiceWorkers => Set<ServiceWorker>();
    public DbSet<ServiceSlot> ServiceSlots => Set<ServiceSlot>();
    public DbSet<Booking> Bookings => Set<Booking>();
}
