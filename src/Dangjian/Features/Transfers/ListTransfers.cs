using Dangjian.Platform.Data;
using Dangjian.Platform.Http;
using Dangjian.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Features.Transfers;

/// <summary>Letters issued from or addressed to the caller's subtree, newest first, one page at a time.</summary>
public static class ListTransfers
{
    public sealed record Row(long Id, long? MemberId, string MemberName, string From, string To, string LetterNumber, DateOnly IssuedOn,
        DateOnly ValidUntil, string DuesPaidThrough, TransferStatus Status, string StatusName, bool IsExpired, string? ReceiptNumber,
        bool Outgoing, bool Incoming, bool CanReceive, bool CanCancel, bool CanExtend);

    /// <param name="expired">True: pending letters past their validity only; false: all but those.</param>
    public static async Task<Outcome<Page<Row>>> Handle(TransferStatus? status, string? direction, bool? expired, int? page, int? pageSize,
        AppDb db, Scope scope, TimeProvider clock, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var paging = PageRequest.From(page, pageSize, errors);
        if (direction is not (null or "" or "out" or "in"))
        {
            errors.Add("direction", "方向应为 out（转出）或 in（转入）");
        }
        if (errors.Any)
        {
            return Outcome<Page<Row>>.Invalid(errors);
        }
        var path = await scope.PathAsync(ct);
        var query = InScope(db.Transfers.AsNoTracking(), path, direction);
        if (status is { } s)
        {
            query = query.Where(t => t.Status == s);
        }
        if (expired is { } onlyExpired)
        {
            // The same test as Transfer.IsExpired, in the query.
            var today = clock.Today();
            query = onlyExpired
                ? query.Where(t => t.Status == TransferStatus.Pending && t.ValidUntil < today)
                : query.Where(t => t.Status != TransferStatus.Pending || t.ValidUntil >= today);
        }
        var found = await query.OrderByDescending(t => t.Id).ToPageAsync(paging, ct);
        var rows = await ToRowsAsync(found.Items, path, db, clock, ct);
        return Outcome<Page<Row>>.Ok(new Page<Row>(rows, found.PageNumber, found.PageSize, found.Total, found.TotalIsAtLeast));
    }

    internal static IQueryable<Transfer> InScope(IQueryable<Transfer> transfers, string path, string? direction)
    {
        var hi = OrgPath.UpperBound(path);
        return direction switch
        {
            "out" => transfers.Where(t => string.Compare(t.FromPath, path) >= 0 && string.Compare(t.FromPath, hi) < 0),
            "in" => transfers.Where(t => string.Compare(t.ToPath, path) >= 0 && string.Compare(t.ToPath, hi) < 0),
            _ => transfers.Where(t => (string.Compare(t.FromPath, path) >= 0 && string.Compare(t.FromPath, hi) < 0)
                || (string.Compare(t.ToPath, path) >= 0 && string.Compare(t.ToPath, hi) < 0)),
        };
    }

    internal static async Task<IReadOnlyList<Row>> ToRowsAsync(IReadOnlyList<Transfer> transfers, string path, AppDb db, TimeProvider clock, CancellationToken ct)
    {
        var orgIds = transfers.SelectMany(t => new[] { t.FromOrganizationId ?? 0, t.ToOrganizationId ?? 0 }).Distinct().ToList();
        var names = await db.Organizations.AsNoTracking().Where(o => orgIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        var today = clock.Today();
        return transfers.Select(t =>
        {
            var isOut = t.FromPath is not null && OrgPath.IsWithin(t.FromPath, path);
            var isIn = t.ToPath is not null && OrgPath.IsWithin(t.ToPath, path);
            var pending = t.Status == TransferStatus.Pending;
            var expired = t.IsExpired(today);
            return new Row(t.Id, t.MemberId, t.MemberName, t.FromExternal ?? names.GetValueOrDefault(t.FromOrganizationId ?? 0, ""),
                t.ToExternal ?? names.GetValueOrDefault(t.ToOrganizationId ?? 0, ""), t.LetterNumber, t.IssuedOn, t.ValidUntil, t.DuesPaidThrough,
                t.Status, t.Status.Chinese(), expired, t.ReceiptNumber, isOut, isIn,
                pending && !expired && (isIn || (isOut && t.ToOrganizationId is null)), pending && isOut, pending && isOut);
        }).ToList();
    }
}
