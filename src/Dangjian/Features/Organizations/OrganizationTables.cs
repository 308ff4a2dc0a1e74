using Dangjian.Features.Organizations;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Platform.Data;

/// <summary>The organization tree's tables; the feature adds them to the one context.</summary>
public abstract partial class AppDb
{
    public DbSet<Organization> Organizations => Set<Organization>();
    public DbSet<OrganizationSearchKey> OrganizationSearchKeys => Set<OrganizationSearchKey>();
    public DbSet<Unit> Units => Set<Unit>();
    public DbSet<UnitTally> UnitTallies => Set<UnitTally>();
    public DbSet<Instructor> Instructors => Set<Instructor>();
    public DbSet<PartTimeCommitteeMember> PartTimeCommitteeMembers => Set<PartTimeCommitteeMember>();
}
