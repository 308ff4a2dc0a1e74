using Dangjian.Platform.Data;
using Dangjian.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Features.Accounts;

/// <summary>The signed-in account, its organization and what it may do (the menu is built from this).</summary>
public static class GetMe
{
    public sealed record Me(string UserName, string DisplayName, AppRole Role, string RoleName, long OrganizationId, string OrganizationName,
        long? MemberId, bool MustChangePassword, IReadOnlyList<Permission> Permissions);

    public static async Task<Me?> Handle(CurrentUser user, AppDb db, CancellationToken ct)
    {
        var account = await user.GetAsync(ct);
        if (account is null)
        {
            return null;
        }
        var orgName = await db.Organizations.Where(o => o.Id == account.OrganizationId).Select(o => o.Name).FirstAsync(ct);
        return new Me(account.UserName, account.DisplayName, account.Role, account.Role.Chinese(), account.OrganizationId, orgName,
            account.MemberId, account.MustChangePassword, PermissionCatalog.For(account.Role));
    }
}
