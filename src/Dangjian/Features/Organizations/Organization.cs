using System.Globalization;
using Dangjian.Platform.Audit;
using Dangjian.Platform.Data;
using Dangjian.Platform.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dangjian.Features.Organizations;

public enum OrganizationKind
{
    Committee,
    WorkingCommittee,
    GeneralBranch,
    Branch,
    JointBranch,
    TemporaryBranch,
    PartyGroup,
}

/// <summary>A Party organization in the tree. Its <see cref="Path"/> makes "it and everything under it" one range.</summary>
public sealed class Organization : IAudited, ICompletedAfterInsert, IScoped
{
    /// <summary>The last segment of a new organization's path until the database has given it an id.</summary>
    public const string PendingSegment = "new";

    public long Id { get; set; }
    public long? ParentId { get; set; }
    public string Path { get; set; } = OrgPath.Root;
    public int Depth { get; set; }
    public required string Name { get; set; }
    public OrganizationKind Kind { get; set; }

    /// <summary>The unit it is built in (village, community, company...); a joint branch lists its units on them.</summary>
    public long? UnitId { get; set; }

    /// <summary>Number of members of its committee (支委会), for the committee-size check.</summary>
    public int? CommitteeSize { get; set; }
    public DateOnly? EstablishedOn { get; set; }

    /// <summary>The office's telephone and address (党群服务中心), shown to residents; an office's, not a person's.</summary>
    public string? ContactPhone { get; set; }
    public string? ContactAddress { get; set; }
    public DateTimeOffset? DissolvedAt { get; set; }
    public int Version { get; set; }

    /// <summary>
    /// Dissolves (撤销) the organization; the row is kept for the record. Whether it may be dissolved (empty, no letter
    /// on its way in) is asked of the database by the use case; this refuses only one already dissolved.
    /// </summary>
    public string? Dissolve(DateTimeOffset at)
    {
        if (DissolvedAt is not null)
        {
            return "该组织已撤销";
        }
        DissolvedAt = at;
        Version++;
        return null;
    }

    /// <summary>A path for a new organization under <paramref name="parentPath"/>, completed with the id on insert.</summary>
    public static string PendingPath(string parentPath) => parentPath + PendingSegment + "-" + Guid.NewGuid().ToString("N") + "/";

    void ICompletedAfterInsert.CompleteAfterInsert()
    {
        var lastSegment = Path.LastIndexOf('/', Path.Length - 2) + 1;
        if (Path.AsSpan(lastSegment).StartsWith(PendingSegment + "-", StringComparison.Ordinal))
        {
            Path = OrgPath.Child(Path[..lastSegment], Id);
        }
    }

    string IAudited.AuditScopePath => Path;
    IEnumerable<string?> IScoped.ScopePaths => [Path];
    string IAudited.AuditId => Id.ToString(CultureInfo.InvariantCulture);
}

public static class OrganizationKindNames
{
    public static string Chinese(this OrganizationKind kind) => kind switch
    {
        OrganizationKind.Committee => "党委",
        OrganizationKind.WorkingCommittee => "党工委",
        OrganizationKind.GeneralBranch => "党总支",
        OrganizationKind.Branch => "党支部",
        OrganizationKind.JointBranch => "联合党支部",
        OrganizationKind.TemporaryBranch => "临时党支部",
        OrganizationKind.PartyGroup => "党小组",
        _ => kind.ToString(),
    };
}

// Stryker disable all : the database mapping is not a rule; MigrationTests compare it with the migrations (docs/testing.md)
internal sealed class OrganizationConfiguration : IEntityTypeConfiguration<Organization>
{
    public void Configure(EntityTypeBuilder<Organization> b)
    {
        b.Property(o => o.Name).HasMaxLength(100);
        b.Property(o => o.Path).HasMaxLength(400);
        b.Property(o => o.ContactPhone).HasMaxLength(SetOrganizationContact.PhoneMaxLength);
        b.Property(o => o.ContactAddress).HasMaxLength(SetOrganizationContact.AddressMaxLength);
        b.Property(o => o.Version).IsConcurrencyToken();
        b.HasIndex(o => o.Path).IsUnique();
        b.HasIndex(o => o.ParentId);
        // The database settles races: two organizations of one name under one parent cannot both be created.
        b.HasIndex(o => new { o.ParentId, o.Name }).IsUnique().HasFilter("\"DissolvedAt\" IS NULL").HasDatabaseName("IX_Organizations_OneNamePerParent");
        b.HasIndex(o => o.Name);
        b.HasOne<Organization>().WithMany().HasForeignKey(o => o.ParentId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Unit>().WithMany().HasForeignKey(o => o.UnitId).OnDelete(DeleteBehavior.SetNull);
    }
}
