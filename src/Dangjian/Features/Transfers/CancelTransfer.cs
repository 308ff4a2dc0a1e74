using System.ComponentModel.DataAnnotations;
using Dangjian.Platform.Data;
using Dangjian.Platform.Http;
using Dangjian.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Features.Transfers;

/// <summary>The issuing side withdraws a pending letter (for instance one with a mistake); the member stays where they are.</summary>
public static class CancelTransfer
{
    public sealed record Request([property: MaxLength(500)] string? Reason);

    public static async Task<Outcome<long>> Handle(long id, Request request, AppDb db, Scope scope, TimeProvider clock, CancellationToken ct)
    {
        var transfer = await db.Transfers.FirstOrDefaultAsync(t => t.Id == id, ct);
        if (transfer is null || !await scope.AllowsAsync(transfer.FromPath, nameof(Transfer), id, ct))
        {
            return Outcome<long>.NotFound("组织关系转接");
        }
        var errors = new FieldErrors();
        var reason = errors.Text("reason", "撤销原因", request.Reason, 500, required: false);
        if (errors.Any)
        {
            return Outcome<long>.Invalid(errors);
        }
        var refusal = transfer.Cancel(db.Actor, clock.GetUtcNow(), reason);
        if (refusal is not null)
        {
            return Outcome<long>.Conflict(refusal);
        }
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
