using Dangjian.Platform.Data;
using Dangjian.Platform.Http;
using Dangjian.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Features.Transfers;

/// <summary>One letter, by its id, when it was issued from or addressed to the caller's subtree.</summary>
public static class GetTransfer
{
    public static async Task<Outcome<ListTransfers.Row>> Handle(long id, AppDb db, Scope scope, TimeProvider clock, CancellationToken ct)
    {
        var transfer = await FindVisibleAsync(id, db, scope, ct);
        if (transfer is null)
        {
            return Outcome<ListTransfers.Row>.NotFound("组织关系转接");
        }
        return Outcome<ListTransfers.Row>.Ok((await ListTransfers.ToRowsAsync([transfer], await scope.PathAsync(ct), db, clock, ct))[0]);
    }

    /// <summary>The letter when either of its ends lies in the caller's subtree; otherwise null (and the attempt audited).</summary>
    internal static async Task<Transfer?> FindVisibleAsync(long id, AppDb db, Scope scope, CancellationToken ct)
    {
        var transfer = await db.Transfers.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, ct);
        var path = await scope.PathAsync(ct);
        // Either end inside the subtree makes the letter visible; the scope check (and its audit line) is made on the
        // end that lies inside, or on the issuing end when neither does.
        var visibleEnd = transfer?.ToPath is { } to && OrgPath.IsWithin(to, path) ? to : transfer?.FromPath ?? transfer?.ToPath;
        return transfer is not null && await scope.AllowsAsync(visibleEnd, nameof(Transfer), id, ct) ? transfer : null;
    }
}
