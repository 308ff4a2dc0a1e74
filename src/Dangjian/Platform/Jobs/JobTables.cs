using Dangjian.Platform.Jobs;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Platform.Data;

public abstract partial class AppDb
{
    public DbSet<BackgroundJob> BackgroundJobs => Set<BackgroundJob>();
}
