using Dangjian.Platform.Security;

namespace Dangjian.Tests.Rules;

/// <summary>Who may do what, and who outranks whom. The access matrix test proves that every route asks these.</summary>
public class PermissionTests
{
    private static readonly Permission[] All = Enum.GetValues<Permission>();

    [Fact]
    public void Each_role_holds_exactly_its_permissions()
    {
        PermissionCatalog.For(AppRole.OrganizationDepartment).ShouldBe(All.Except([Permission.UseResidentServices]));
        PermissionCatalog.For(AppRole.CommitteeSecretary).ShouldBe(All.Except([Permission.ManageRules, Permission.UseResidentServices]));
        PermissionCatalog.For(AppRole.BranchSecretary).ShouldBe([
            Permission.ViewOrganizations, Permission.ViewMembers, Permission.ManageMembers, Permission.RevealPersonalData,
            Permission.CallMembers, Permission.ManageTransfers, Permission.ImportExportMembers, Permission.ManageMeetings, Permission.AttendMeetings,
            Permission.ServeResidents, Permission.ManageResidentServices,
        ]);
        PermissionCatalog.For(AppRole.GridWorker).ShouldBe([Permission.ViewOrganizations, Permission.ViewMembers, Permission.CallMembers, Permission.ServeResidents]);
        PermissionCatalog.For(AppRole.Member).ShouldBe([Permission.ViewOrganizations, Permission.AttendMeetings, Permission.ServeResidents]);
        PermissionCatalog.For(AppRole.Resident).ShouldBe([Permission.UseResidentServices], "a resident's own requests, and nothing of the tree");
        PermissionCatalog.For((AppRole)99).ShouldBeEmpty("an unknown role holds nothing");
    }

    [Fact]
    public void Has_answers_as_the_table_reads()
    {
        foreach (var role in Enum.GetValues<AppRole>().Append((AppRole)99))
        {
            foreach (var permission in All)
            {
                PermissionCatalog.Has(role, permission).ShouldBe(PermissionCatalog.For(role).Contains(permission), $"{role} {permission}");
            }
        }
        PermissionCatalog.Has(AppRole.GridWorker, Permission.RevealPersonalData).ShouldBeFalse("a grid worker sees no full numbers");
        PermissionCatalog.Has(AppRole.GridWorker, Permission.CallMembers).ShouldBeTrue("but may ring the members of the grid");
        PermissionCatalog.Has(AppRole.BranchSecretary, Permission.RevealPersonalData).ShouldBeTrue();
    }

    [Fact]
    public void A_policy_is_named_after_its_permission() =>
        PermissionCatalog.PolicyName(Permission.ManageRules).ShouldBe("perm:ManageRules");

    [Fact]
    public void An_account_that_must_change_its_password_may_do_nothing_yet()
    {
        var account = new CurrentUser.Account("1", "weidu", "魏都区委组织部", AppRole.OrganizationDepartment, 2, "/1/2/", null, MustChangePassword: true);
        All.ShouldAllBe(p => !account.Can(p));
        var changed = account with { MustChangePassword = false };
        All.Except([Permission.UseResidentServices]).ShouldAllBe(p => changed.Can(p));
        (account with { MustChangePassword = false, Role = AppRole.Member }).Can(Permission.ViewMembers).ShouldBeFalse();
    }

    [Fact]
    public void Roles_rank_from_organization_department_down_to_resident_and_unknown_below_all()
    {
        AppRole[] topDown = [AppRole.OrganizationDepartment, AppRole.CommitteeSecretary, AppRole.BranchSecretary, AppRole.GridWorker, AppRole.Member, AppRole.Resident, (AppRole)99];
        topDown.Select(r => r.Rank()).ShouldBe([60, 50, 40, 30, 20, 10, 0]);
        for (var i = 0; i < topDown.Length; i++)
        {
            for (var j = 0; j < topDown.Length; j++)
            {
                topDown[i].Outranks(topDown[j]).ShouldBe(i < j, $"{topDown[i]} over {topDown[j]}");
            }
        }
    }

    [Fact]
    public void Each_role_has_its_Chinese_name() =>
        Enum.GetValues<AppRole>().Append((AppRole)99).Select(r => r.Chinese()).ShouldBe(["组织部", "党(工)委书记", "支部书记", "网格员", "党员", "居民", "99"]);
}
