using Dangjian.Platform.Security;
using Microsoft.AspNetCore.Authorization;

namespace Dangjian.Features.Shared;

/// <summary>
/// <c>[Authorize(Policy = …)]</c> for one permission of the catalogue. An attribute argument must be a constant,
/// and the policy name is computed by <see cref="PermissionCatalog.PolicyName"/>, hence this small subclass.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true)]
public sealed class RequirePermissionAttribute : AuthorizeAttribute
{
    public RequirePermissionAttribute(Permission permission)
    {
        Permission = permission;
        Policy = PermissionCatalog.PolicyName(permission);
    }

    public Permission Permission { get; }
}
