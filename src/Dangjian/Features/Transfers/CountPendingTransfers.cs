using Dangjian.Platform.Data;
using Dangjian.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Features.Transfers;

/// <summary>
/// The home page's transfer figures, counted in the database over the caller's subtree (never from a list, which
/// pages): letters waiting for this side's receipt, letters out still pending, and pending letters past their validity.
/// </summary>
public static class CountPendingTransfers
{
    public sealed record Response(int AwaitingReceipt, int Outgoing, int Expired);

    public static async Task<Response> Handle(AppDb db, Scope scope, TimeProvider clock, CancellationToken ct)
    {
        var path = await scope.PathAsync(ct);
        var hi = OrgPath.UpperBound(path);
        var today = DateOnly.FromDateTime(clock.GetLocalNow().Date);
        var pending = db.Transfers.AsNoTracking().Where(t => t.Status == TransferStatus.Pending);
        var outgoing = pending.Where(t => string.Compare(t.FromPath, path) >= 0 && string.Compare(t.FromPath, hi) < 0);
        // This side records the receipt of letters into its subtree, and of letters it sent to another system (the
        // receipt comes back to the issuer). A letter within the subtree counts once, however many sides it has here.
        var awaiting = await pending.CountAsync(t => (string.Compare(t.ToPath, path) >= 0 && string.Compare(t.ToPath, hi) < 0)
            || (t.ToOrganizationId == null && string.Compare(t.FromPath, path) >= 0 && string.Compare(t.FromPath, hi) < 0), ct);
        var expired = await pending.CountAsync(t => t.ValidUntil < today
            && ((string.Compare(t.FromPath, path) >= 0 && string.Compare(t.FromPath, hi) < 0)
                || (string.Compare(t.ToPath, path) >= 0 && string.Compare(t.ToPath, hi) < 0)), ct);
        return new Response(awaiting, await outgoing.CountAsync(ct), expired);
    }
}
