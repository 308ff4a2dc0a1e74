using Dangjian.Features.Residents;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Platform.Data;

/// <summary>The residents' tables; the feature adds them to the one context.</summary>
public abstract partial class AppDb
{
    public DbSet<Resident> Residents => Set<Resident>();
    public DbSet<PhoneVerification> PhoneVerifications => Set<PhoneVerification>();
}
