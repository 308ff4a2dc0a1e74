using Dangjian.Features.Wishes;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Platform.Data;

/// <summary>The micro-wish tables; the feature adds them to the one context.</summary>
public abstract partial class AppDb
{
    public DbSet<Wish> Wishes => Set<Wish>();
    public DbSet<WishEvent> WishEvents => Set<WishEvent>();
    public DbSet<WishTally> WishTallies => Set<WishTally>();
}
