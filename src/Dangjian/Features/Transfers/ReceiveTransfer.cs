using System.ComponentModel.DataAnnotations;
using Dangjian.Features.Organizations;
using Dangjian.Platform.Data;
using Dangjian.Platform.Http;
using Dangjian.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Features.Transfers;

/// <summary>
/// The receiving organization records the receipt (回执): the member moves there in the same transaction. For a letter to
/// another system, the issuing side records the receipt that came back, and the member leaves this system. An expired
/// letter is refused until its issuer extends it.
/// </summary>
public static class ReceiveTransfer
{
    public sealed record Request([property: MaxLength(50)] string? ReceiptNumber, long? PartyGroupId);

    public static async Task<Outcome<long>> Handle(long id, Request request, AppDb db, Scope scope, TimeProvider clock, CancellationToken ct)
    {
        var transfer = await db.Transfers.FirstOrDefaultAsync(t => t.Id == id, ct);
        if (transfer is null || !await scope.AllowsAsync(transfer.ToPath ?? transfer.FromPath, nameof(Transfer), id, ct))
        {
            return Outcome<long>.NotFound("组织关系转接");
        }
        var errors = new FieldErrors();
        var receipt = errors.Text("receiptNumber", "回执编号", request.ReceiptNumber, 50);
        if (errors.Any)
        {
            return Outcome<long>.Invalid(errors);
        }
        var member = await db.Members.FirstOrDefaultAsync(m => m.Id == transfer.MemberId, ct);
        if (member is null)
        {
            return Outcome<long>.NotFound("党员");
        }
        var refusal = transfer.Receive(receipt!, db.Actor, clock.GetUtcNow(), clock.Today());
        if (refusal is not null)
        {
            return Outcome<long>.Conflict(refusal);
        }
        if (transfer.ToOrganizationId is { } toId)
        {
            // Through the scope lookup, so that a group id from another area is refused like one that does not exist, and audited.
            if (request.PartyGroupId is not null
                && (await scope.FindAsync(db.Organizations.AsNoTracking().Where(o => o.Kind == OrganizationKind.PartyGroup && o.DissolvedAt == null), request.PartyGroupId, ct))?.ParentId != toId)
            {
                return Outcome<long>.Invalid("partyGroupId", "所选党小组不属于转入党组织");
            }
            member.MoveTo(toId, transfer.ToPath!, request.PartyGroupId);
        }
        else if (member.Leave(clock.GetUtcNow()) is { } leaving)
        {
            return Outcome<long>.Conflict(leaving);
        }
        member.Version++;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Outcome<long>.Conflict("该转接刚被他人处理，请刷新后查看");
        }
        return Outcome<long>.Ok(id);
    }
}
