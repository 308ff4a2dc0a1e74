using Dangjian.Features.Transfers;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Platform.Data;

/// <summary>The transfer letters' table; the feature adds it to the one context.</summary>
public abstract partial class AppDb
{
    public DbSet<Transfer> Transfers => Set<Transfer>();
}
