using Dangjian.Features.Organizations;
using Dangjian.Platform.Data;
using Dangjian.Platform.Http;
using Dangjian.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Features.Members;

/// <summary>Counts of a subtree's members by category and status (a dashboard tile), read from the tallies.</summary>
public static class MemberStats
{
    public sealed record Cell(MemberCategory Category, string CategoryName, MembershipStatus Status, string StatusName, long Count);
    public sealed record Response(long OrganizationId, long Total, IReadOnlyList<Cell> Cells);

    public static async Task<Outcome<Response>> Handle(long? organizationId, AppDb db, Scope scope, CurrentUser user, CancellationToken ct)
    {
        var account = await user.RequireAsync(ct);
        var orgId = organizationId ?? account.OrganizationId;
        if (orgId != account.OrganizationId)
        {
            if (await scope.FindAsync(db.Organizations.AsNoTracking(), orgId, ct) is null)
            {
                return Outcome<Response>.NotFound("党组织");
            }
        }
        var rows = await db.MemberTallies.AsNoTracking().Where(t => t.OrganizationId == orgId).ToListAsync(ct);
        var cells = (from c in Enum.GetValues<MemberCategory>()
                     from s in Enum.GetValues<MembershipStatus>()
                     let n = rows.Where(r => r.Category == c.ToString() && r.Status == s.ToString()).Sum(r => r.Count)
                     select new Cell(c, c.Chinese(), s, s.Chinese(), n)).ToList();
        return Outcome<Response>.Ok(new Response(orgId, cells.Sum(c => c.Count), cells));
    }
}
