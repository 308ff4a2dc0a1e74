using Dangjian.Features.Accounts;
using Dangjian.Platform.Http;
using Dangjian.Platform.Security;

namespace Dangjian.Tests.Rules;

public class AccountRuleTests
{
    private static CurrentUser.Account Caller(AppRole role) => new("1", "caller", "某某", role, 2, "/1/2/", null, false);

    private static IReadOnlyDictionary<string, string[]> Check(AppRole? role, AppRole caller)
    {
        var errors = new FieldErrors();
        AccountRules.CheckRole(role, Caller(caller), errors);
        return errors.ToDictionary();
    }

    [Fact]
    public void A_role_up_to_the_callers_own_is_accepted()
    {
        Check(AppRole.CommitteeSecretary, AppRole.CommitteeSecretary).ShouldBeEmpty();
        Check(AppRole.Resident, AppRole.BranchSecretary).ShouldBeEmpty();
    }

    [Fact]
    public void A_role_above_the_callers_is_refused() =>
        Check(AppRole.OrganizationDepartment, AppRole.CommitteeSecretary)["role"].ShouldBe(["不能创建比自己权限更高的账号"]);

    [Fact]
    public void A_missing_role_is_refused_rather_than_defaulted() =>
        Check(null, AppRole.OrganizationDepartment)["role"].ShouldBe(["角色不能为空"]);

    [Fact]
    public void A_role_that_does_not_exist_is_refused() =>
        Check((AppRole)42, AppRole.OrganizationDepartment)["role"].ShouldBe(["角色无效"]);

    [Fact]
    public void An_account_is_disabled_by_a_lockout_from_the_far_off_date_on()
    {
        AccountRules.IsDisabled(null).ShouldBeFalse();
        AccountRules.IsDisabled(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero)).ShouldBeFalse("a lockout after wrong passwords");
        AccountRules.IsDisabled(AccountRules.DisabledUntil.AddSeconds(-1)).ShouldBeFalse();
        AccountRules.IsDisabled(AccountRules.DisabledUntil).ShouldBeTrue();
        AccountRules.IsDisabled(DateTimeOffset.MaxValue).ShouldBeTrue();
        AccountRules.DisabledUntil.Year.ShouldBe(9000);
    }
}
