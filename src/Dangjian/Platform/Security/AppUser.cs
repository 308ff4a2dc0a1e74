using Microsoft.AspNetCore.Identity;

namespace Dangjian.Platform.Security;

/// <summary>An account. Every account is bound to exactly one organization, which is the root of what it may see.</summary>
public sealed class AppUser : IdentityUser
{
    public required string DisplayName { get; set; }
    public AppRole Role { get; set; }
    public long OrganizationId { get; set; }

    /// <summary>Set for accounts made by an administrator: the first sign-in must choose a new password.</summary>
    public bool MustChangePassword { get; set; }

    /// <summary>Demo accounts skip the forced password change, but only while the app runs in demo mode.</summary>
    public bool IsDemo { get; set; }

    /// <summary>The member record of a member account, so that it can show "my" data.</summary>
    public long? MemberId { get; set; }
}

/// <summary>Roles, in no meaningful order: privilege is <see cref="AppRoleNames.Rank"/>, never the enum's order.</summary>
public enum AppRole
{
    OrganizationDepartment,
    CommitteeSecretary,
    BranchSecretary,
    GridWorker,
    Member,
    Resident,
}

public static class AppRoleNames
{
    public static string Chinese(this AppRole role) => role switch
    {
        AppRole.OrganizationDepartment => "组织部",
        AppRole.CommitteeSecretary => "党(工)委书记",
        AppRole.BranchSecretary => "支部书记",
        AppRole.GridWorker => "网格员",
        AppRole.Member => "党员",
        AppRole.Resident => "居民",
        _ => role.ToString(),
    };

    /// <summary>
    /// How far up the hierarchy a role stands (higher outranks lower). Spelled out, so that adding or reordering
    /// roles cannot hand out privilege by accident; an unknown role ranks below every known one.
    /// </summary>
    public static int Rank(this AppRole role) => role switch
    {
        AppRole.OrganizationDepartment => 60,
        AppRole.CommitteeSecretary => 50,
        AppRole.BranchSecretary => 40,
        AppRole.GridWorker => 30,
        AppRole.Member => 20,
        AppRole.Resident => 10,
        _ => 0,
    };

    /// <summary>True when <paramref name="role"/> stands above <paramref name="other"/>.</summary>
    public static bool Outranks(this AppRole role, AppRole other) => role.Rank() > other.Rank();
}
