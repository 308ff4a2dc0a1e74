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
        var org = await scope.FindAsync(Candidates(db).AsNoTracking(), organizationId, ct);
        var group = partyGroupId is null || org is null || RefusalOf(org.Kind) is not null ? null
            : await scope.FindAsync(GroupCandidates(db).AsNoTracking(), partyGroupId, ct);
        return Check(org, partyGroupId, group, errors);
    }

    /// <summary>
    /// The organizations a member may be placed in, before the scope and kind are checked. Tracking is the query's: a
    /// no-tracking part would make a whole query that loads the member to edit no-tracking.
    /// </summary>
    public static IQueryable<Organization> Candidates(AppDb db) => db.Organizations.Where(o => o.DissolvedAt == null);

    /// <summary>The Party groups a member may be placed in, before the scope and parent are checked.</summary>
    public static IQueryable<Organization> GroupCandidates(AppDb db) => Candidates(db).Where(o => o.Kind == OrganizationKind.PartyGroup);

    /// <summary>
    /// The same check over the organization and group a use case loaded itself, in the query that loads the rest of what
    /// it checks (<see cref="Candidates"/>, <see cref="GroupCandidates"/>): the scope is checked and audited as
    /// <see cref="CheckAsync"/> does.
    /// </summary>
    public static async Task<Organization?> CheckLoadedAsync(Organization? loaded, long? partyGroupId, Organization? loadedGroup, FieldErrors errors,
        Scope scope, CancellationToken ct)
    {
        var org = await scope.AdmitAsync(loaded, ct);
        var group = partyGroupId is null || org is null || RefusalOf(org.Kind) is not null ? null : await scope.AdmitAsync(loadedGroup, ct);
        return Check(org, partyGroupId, group, errors);
    }

    /// <summary>
    /// The same check for every (organization, group) pair a sheet names, with one query per few thousand ids instead
    /// of two per pair. The ids come from names resolved inside the caller's subtree, so an id outside it is no probe
    /// to audit: it is refused with the form's message all the same.
    /// </summary>
    public static async Task<Dictionary<(long Organization, long? Group), (Organization? Organization, FieldErrors Errors)>> CheckManyAsync(
        IReadOnlyCollection<(long Organization, long? Group)> pairs, AppDb db, Scope scope, CancellationToken ct)
    {
        var path = await scope.PathAsync(ct);
        var hi = OrgPath.UpperBound(path);
        var ids = pairs.Select(p => p.Organization).Concat(pairs.Where(p => p.Group is not null).Select(p => p.Group!.Value)).Distinct().ToList();
        var found = new Dictionary<long, Organization>();
        foreach (var chunk in ids.Chunk(5_000))
        {
            foreach (var o in await db.Organizations.AsNoTracking()
                         .Where(o => chunk.Contains(o.Id) && o.DissolvedAt == null && string.Compare(o.Path, path) >= 0 && string.Compare(o.Path, hi) < 0)
                         .ToListAsync(ct))
            {
                found[o.Id] = o;
            }
        }
        var result = new Dictionary<(long, long?), (Organization?, FieldErrors)>();
        foreach (var pair in pairs.Distinct())
        {
            var errors = new FieldErrors();
            var org = found.GetValueOrDefault(pair.Organization);
            var group = pair.Group is { } g && found.GetValueOrDefault(g) is { Kind: OrganizationKind.PartyGroup } candidate ? candidate : null;
            result[pair] = (Check(org, pair.Group, group, errors), errors);
        }
        return result;
    }

    /// <summary>The rule itself, over the organization and group as found in the caller's subtree (null: not there).</summary>
    private static Organization? Check(Organization? org, long? partyGroupId, Organization? group, FieldErrors errors)
    {
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
        if (partyGroupId is not null && group?.ParentId != org.Id)
        {
            errors.Add("partyGroupId", "所选党小组不属于该党组织");
        }
        return org;
    }
}
