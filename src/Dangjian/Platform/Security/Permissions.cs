namespace Dangjian.Platform.Security;

/// <summary>What an account may do. Where it may do it is always its own organization's subtree.</summary>
public enum Permission
{
    ViewOrganizations,
    ManageOrganizations,
    ViewMembers,
    ManageMembers,
    RevealPersonalData,

    /// <summary>Dial a member's phone from the page without seeing the number (a tel: link, audited).</summary>
    CallMembers,
    ManageTransfers,
    ImportExportMembers,
    ViewAudit,
    ManageAccounts,
    ManageRules,

    /// <summary>Plan, hold and close the meetings of organization life, and read the compliance figures.</summary>
    ManageMeetings,

    /// <summary>A member's own part of organization life: the meetings they are expected at, signing in, their record.</summary>
    AttendMeetings,

    /// <summary>A resident's own requests: wishes sent, bookings made, and rating what was done for them.</summary>
    UseResidentServices,

    /// <summary>Serve residents: enter them and collect their wishes, claim wishes from the wall and fulfil them.</summary>
    ServeResidents,

    /// <summary>Run a community's service: review wishes, press and supervise what is overdue, read the figures.</summary>
    ManageResidentServices,
}

/// <summary>The permission catalogue: one table, so that the access matrix can be read and tested in one place.</summary>
public static class PermissionCatalog
{
    private static readonly Dictionary<AppRole, Permission[]> Grants = new()
    {
        // Everything but a resident's own part: an organization department has no requests of its own.
        [AppRole.OrganizationDepartment] = [.. Enum.GetValues<Permission>().Where(p => p != Permission.UseResidentServices)],
        [AppRole.CommitteeSecretary] =
        [
            Permission.ViewOrganizations, Permission.ManageOrganizations, Permission.ViewMembers, Permission.ManageMembers,
            Permission.RevealPersonalData, Permission.CallMembers, Permission.ManageTransfers, Permission.ImportExportMembers,
            Permission.ViewAudit, Permission.ManageAccounts, Permission.ManageMeetings, Permission.AttendMeetings,
            Permission.ServeResidents, Permission.ManageResidentServices,
        ],
        [AppRole.BranchSecretary] =
        [
            Permission.ViewOrganizations, Permission.ViewMembers, Permission.ManageMembers, Permission.RevealPersonalData,
            Permission.CallMembers, Permission.ManageTransfers, Permission.ImportExportMembers, Permission.ManageMeetings, Permission.AttendMeetings,
            Permission.ServeResidents, Permission.ManageResidentServices,
        ],
        // A grid worker finds the members of the grid's community to call on them, and may ring them, but sees no full numbers.
        [AppRole.GridWorker] = [Permission.ViewOrganizations, Permission.ViewMembers, Permission.CallMembers, Permission.ServeResidents],
        [AppRole.Member] = [Permission.ViewOrganizations, Permission.AttendMeetings, Permission.ServeResidents],
        [AppRole.Resident] = [Permission.UseResidentServices],
    };

    public static bool Has(AppRole role, Permission permission) =>
        Grants.TryGetValue(role, out var granted) && granted.Contains(permission);

    public static IReadOnlyList<Permission> For(AppRole role) => Grants.TryGetValue(role, out var granted) ? granted : [];

    public static string PolicyName(Permission permission) => "perm:" + permission;
}
