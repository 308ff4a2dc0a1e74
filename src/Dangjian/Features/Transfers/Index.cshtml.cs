using Dangjian.Features.Shared;
using Dangjian.Platform.Data;
using Dangjian.Platform.Security;
using Microsoft.AspNetCore.Mvc;

namespace Dangjian.Features.Transfers;

/// <summary>Letters issued from or addressed to the caller's subtree; pending ones can be received or withdrawn here.</summary>
[RequirePermission(Permission.ManageTransfers)]
public class IndexModel(AppDb db, Scope scope, TimeProvider clock) : AppPageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Direction { get; set; }

    [BindProperty(SupportsGet = true)]
    public TransferStatus? Status { get; set; }

    public IReadOnlyList<TransferUseCases.Row> Rows { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var direction = Direction is "out" or "in" ? Direction : null;
        Rows = await TransferUseCases.List(Status, direction, db, scope, clock, Aborted);
    }

    public async Task<IActionResult> OnPostCancelAsync(long id)
    {
        var outcome = await TransferUseCases.Cancel(id, new TransferUseCases.CancelRequest(null), db, scope, clock, Aborted);
        if (outcome.Succeeded)
        {
            Flash = "介绍信已撤销，党员仍留在原党组织";
            return Redirect(Url.Page("/Transfers/Index", new { Direction, Status }) ?? "/Transfers");
        }
        ShowRefusal(outcome, "");
        await OnGetAsync();
        return Page();
    }

    public string FilterUrl(string? direction, TransferStatus? status) =>
        Url.Page("/Transfers/Index", new { direction, status }) ?? "/Transfers";
}
