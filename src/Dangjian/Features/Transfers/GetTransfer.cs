using Dangjian.Platform.Data;
using Dangjian.Platform.Http;
using Dangjian.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Features.Transfers;

/// <summary>One letter, as the issuing or the receiving side sees it.</summary>
public static class GetTransfer
{
    public static async Task<Outcome<TransferUseCases.Row>> Handle(long id, AppDb db, Scope scope, TimeProvider clock, CancellationToken ct)
    {
        var transfer = await scope.FindAsync(db.Transfers.AsNoTracking(), id, ct);
        if (transfer is null)
        {
            return Outcome<TransferUseCases.Row>.NotFound("组织关系转接");
        }
        var orgIds = new[] { transfer.FromOrganizationId ?? 0, transfer.ToOrganizationId ?? 0 };
        var names = await db.Organizations.AsNoTracking().Where(o => orgIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        var today = DateOnly.FromDateTime(clock.GetLocalNow().Date);
        return Outcome<TransferUseCases.Row>.Ok(Describe(transfer, await scope.PathAsync(ct), names, today));
    }

    /// <summary>A letter as a row: which side the caller (scope <paramref name="path"/>) is on, and what it may do with it.</summary>
    public static TransferUseCases.Row Describe(Transfer t, string path, IReadOnlyDictionary<long, string> names, DateOnly today)
    {
        var isOut = t.FromPath is not null && OrgPath.IsWithin(t.FromPath, path);
        var isIn = t.ToPath is not null && OrgPath.IsWithin(t.ToPath, path);
        var pending = t.Status == TransferStatus.Pending;
        return new TransferUseCases.Row(t.Id, t.MemberId, t.MemberName, t.FromExternal ?? names.GetValueOrDefault(t.FromOrganizationId ?? 0, ""),
            t.ToExternal ?? names.GetValueOrDefault(t.ToOrganizationId ?? 0, ""), t.LetterNumber, t.IssuedOn, t.ValidUntil, t.DuesPaidThrough,
            t.Status, TransferUseCases.StatusName(t.Status), t.IsExpired(today), t.ReceiptNumber, isOut, isIn,
            pending && (isIn || (isOut && t.ToOrganizationId is null)), pending && isOut);
    }
}
