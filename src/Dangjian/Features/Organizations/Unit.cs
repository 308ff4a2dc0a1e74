using System.Globalization;
using Dangjian.Platform.Audit;
using Dangjian.Platform.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dangjian.Features.Organizations;

public enum UnitKind
{
    Village,
    Community,
    Agency,
    StateEnterprise,
    PrivateEnterprise,
    SocialOrganization,
    School,
    Market,
    SmallBusiness,
}

/// <summary>
/// A place an organization can be built in. Units with no organization and no members are recorded too,
/// because coverage (覆盖) is measured over units.
/// </summary>
public sealed class Unit : IAudited, IScoped
{
    public long Id { get; set; }
    public required string Name { get; set; }
    public UnitKind Kind { get; set; }

    /// <summary>For non-public enterprises: above designated size (规模以上) or small.</summary>
    public bool IsAboveScale { get; set; }

    /// <summary>The street or community organization in whose area the unit lies; it decides who sees the unit.</summary>
    public long AreaOrganizationId { get; set; }
    public string AreaPath { get; set; } = "/";

    /// <summary>The organization that covers the unit: its own, or a joint branch shared with other units.</summary>
    public long? CoveringOrganizationId { get; set; }

    /// <summary>Party members working in the unit, as reported by the unit.</summary>
    public int PartyMemberCount { get; set; }
    public int EmployeeCount { get; set; }

    /// <summary>Whether the covering organization is a joint branch, as the unit tallies count the unit (<see cref="UnitTallyWriter"/>).</summary>
    [NotAudited]
    public bool CoveringIsJoint { get; set; }

    /// <summary>
    /// Whether the unit has Party members, as the unit tallies count it: its covering organization's subtree has active
    /// members, or, with no organization, the unit reports some. Kept in the transaction that changes either.
    /// </summary>
    [NotAudited]
    public bool HasMembers { get; set; }

    /// <summary>The instructors sent to the unit, as the unit tallies count it.</summary>
    [NotAudited]
    public int InstructorCount { get; set; }

    /// <summary>A resident unit (驻区单位) paired with a street or community organization (共驻共建).</summary>
    public long? PairedOrganizationId { get; set; }

    string IAudited.AuditScopePath => AreaPath;
    IEnumerable<string?> IScoped.ScopePaths => [AreaPath];
    string IAudited.AuditId => Id.ToString(CultureInfo.InvariantCulture);
}

public static class UnitKindNames
{
    public static string Chinese(this UnitKind kind) => kind switch
    {
        UnitKind.Village => "村",
        UnitKind.Community => "社区",
        UnitKind.Agency => "机关",
        UnitKind.StateEnterprise => "国有企业",
        UnitKind.PrivateEnterprise => "非公企业",
        UnitKind.SocialOrganization => "社会组织",
        UnitKind.School => "学校",
        UnitKind.Market => "市场",
        UnitKind.SmallBusiness => "小个专",
        _ => kind.ToString(),
    };
}

/// <summary>A Party-building instructor (党建指导员) sent to a unit that cannot form its own organization.</summary>
public sealed class Instructor : IAudited
{
    public long Id { get; set; }
    public long UnitId { get; set; }
    public required string Name { get; set; }
    public string AreaPath { get; set; } = "/";
    public DateOnly AssignedOn { get; set; }

    string IAudited.AuditScopePath => AreaPath;
    string IAudited.AuditId => Id.ToString(CultureInfo.InvariantCulture);
}

/// <summary>A leader of a resident unit sitting as part-time committee member (兼职委员) of a community organization.</summary>
public sealed class PartTimeCommitteeMember : IAudited
{
    public long Id { get; set; }
    public long OrganizationId { get; set; }
    public string OrganizationPath { get; set; } = "/";
    public long UnitId { get; set; }
    public required string Name { get; set; }
    public string? Post { get; set; }

    string IAudited.AuditScopePath => OrganizationPath;
    string IAudited.AuditId => Id.ToString(CultureInfo.InvariantCulture);
}

internal sealed class UnitConfiguration : IEntityTypeConfiguration<Unit>
{
    public void Configure(EntityTypeBuilder<Unit> b)
    {
        b.Property(u => u.Name).HasMaxLength(100);
        b.Property(u => u.AreaPath).HasMaxLength(400);
        b.HasIndex(u => u.AreaPath);
        b.HasIndex(u => u.CoveringOrganizationId);
        // Lists of a large area's units in name order walk this instead of sorting the area (31,603 at the province).
        b.HasIndex(u => new { u.Name, u.Id });
        b.HasOne<Organization>().WithMany().HasForeignKey(u => u.AreaOrganizationId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Organization>().WithMany().HasForeignKey(u => u.CoveringOrganizationId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne<Organization>().WithMany().HasForeignKey(u => u.PairedOrganizationId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class InstructorConfiguration : IEntityTypeConfiguration<Instructor>
{
    public void Configure(EntityTypeBuilder<Instructor> b)
    {
        b.Property(i => i.Name).HasMaxLength(50);
        b.Property(i => i.AreaPath).HasMaxLength(400);
        b.HasIndex(i => i.UnitId);
        b.HasOne<Unit>().WithMany().HasForeignKey(i => i.UnitId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PartTimeCommitteeMemberConfiguration : IEntityTypeConfiguration<PartTimeCommitteeMember>
{
    public void Configure(EntityTypeBuilder<PartTimeCommitteeMember> b)
    {
        b.Property(p => p.Name).HasMaxLength(50);
        b.Property(p => p.Post).HasMaxLength(50);
        b.Property(p => p.OrganizationPath).HasMaxLength(400);
        b.HasIndex(p => p.OrganizationId);
        b.HasOne<Organization>().WithMany().HasForeignKey(p => p.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Unit>().WithMany().HasForeignKey(p => p.UnitId).OnDelete(DeleteBehavior.Restrict);
    }
}
