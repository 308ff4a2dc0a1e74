using System.ComponentModel.DataAnnotations;
using Dangjian.Platform.Data;
using Dangjian.Platform.Http;
using Dangjian.Platform.Rules;
using Dangjian.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Features.Transfers;

/// <summary>
/// The issuing organization extends (re-issues) a pending letter, typically one that expired before the member reported
/// to the receiving organization: it is valid again for the letter validity in force (or the days asked for, within the
/// rule's range) from today. Only the issuer may do it; the change is written to the audit log like any other.
/// </summary>
public static class ExtendTransfer
{
    public sealed record Response(DateOnly ValidUntil);

    public sealed record Request([property: Range(1, 90)] int? ValidityDays);

    public static async Task<Outcome<DateOnly>> Handle(long id, Request request, AppDb db, Scope scope, RuleBook rules, TimeProvider clock, CancellationToken ct)
    {
        var transfer = await db.Transfers.FirstOrDefaultAsync(t => t.Id == id, ct);
        if (transfer?.FromPath is null || !await scope.AllowsAsync(transfer.FromPath, nameof(Transfer), id, ct))
        {
            return Outcome<DateOnly>.NotFound("组织关系转接");
        }
        var errors = new FieldErrors();
        var validity = await IssueTransfer.ValidityDaysAsync(errors, request.ValidityDays, transfer.FromPath, rules, ct);
        if (errors.Any || validity is null)
        {
            return Outcome<DateOnly>.Invalid(errors);
        }
        var refusal = transfer.Extend(clock.Today(), validity.Value);
        if (refusal is not null)
        {
            return Outcome<DateOnly>.Conflict(refusal);
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Outcome<DateOnly>.Conflict("该转接刚被他人处理，请刷新后查看");
        }
        return Outcome<DateOnly>.Ok(transfer.ValidUntil);
    }
}
