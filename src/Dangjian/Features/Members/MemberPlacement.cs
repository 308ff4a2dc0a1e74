using Dangjian.Features.Organizations;
using Dangjian.Platform.Data;
using Dangjian.Platform.Http;
using Dangjian.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Features.Members;

/// <summary>
/// Where a member may be placed: an organization in the caller's subtree that holds members directly, and a Party group
/// under it. Creating, editing, receiving a transfer and the Excel import all ask here.
/// </summary>
/// <remarks>
/// Every member belongs to a branch, a group or another particular organization (Party Constitution, art. 8), and a
/// Party group is a division of its branch (branch regulations of 2018, ch. 2): the member's record is kept by the
/// branch, and the group is recorded beside it ("所在党小组"). Committees, working committees and general branches may
/// keep members directly, as the national form's "所在党组织" (党支部、党总支、党委) allows; a working committee counts
/// as a committee there.
/// </remarks>
public static class MemberPlacement
{
    public const string PartyGroupRefusal = "党员应编入党支部，党小组请在“所在党小组”中选择";

    /// <summary>Why members cannot be kept directly by an organization of this kind, or null when they can.</summary>
    public static string? RefusalOf(OrganizationKind kind) => kind == OrganizationKind.PartyGroup ? PartyGroupRefusal : null;

    public static bool HoldsMembers(OrganizationKind kind) => RefusalOf(kind) is null;

    public static async Task<Organization?> CheckAsync(long organizationId, long? partyGroupId, FieldErrors errors, AppDb db, Scope scope, CancellationToken ct)
    {
        var org = await scope.FindAsync(db.Organizations.AsNoTracking().Where(o => o.DissolvedAt == null), organizationId, ct);
        if (org is null)
        {
            errors.Add("organizationId", "所在党组织不存在或不在您的管辖范围内");
            return null;
        }
        if (RefusalOf(org.Kind) is { } refusal)
        {
            errors.Add("organizationId", refusal);
            return null;
        }
        if (partyGroupId is not null)
        {
            var group = await scope.FindAsync(db.Organizations.AsNoTracking().Where(o => o.DissolvedAt == null && o.Kind == OrganizationKind.PartyGroup), partyGroupId, ct);
            if (group?.ParentId != org.Id)
            {
                errors.Add("partyGroupId", "所选党小组不属于该党组织");
            }
        }
        return org;
    }
}
