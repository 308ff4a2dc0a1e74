using Dangjian.Features.Shared;
using Dangjian.Platform.Data;
using Dangjian.Platform.Http;
using Dangjian.Platform.Rules;
using Dangjian.Platform.Security;
using Microsoft.AspNetCore.Mvc;

namespace Dangjian.Features.Transfers;

/// <summary>Letters issued from or addressed to the caller's subtree; pending ones can be received, extended or withdrawn here.</summary>
[RequirePermission(Permission.ManageTransfers)]
public class IndexModel(AppDb db, Scope scope, RuleBook rules, TimeProvider clock) : AppPageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Direction { get; set; }

    [BindProperty(SupportsGet = true)]
    public TransferStatus? Status { get; set; }

    /// <summary>Only pending letters past their validity (the home page's 已过期 card links here).</summary>
    [BindProperty(SupportsGet = true)]
    public bool Expired { get; set; }

    /// <summary>Not "page": Razor Pages reserves that route value for the page's own name.</summary>
    [BindProperty(SupportsGet = true)]
    public int PageNo { get; set; } = 1;

    public Page<ListTransfers.Row> Result { get; private set; } = new([], 1, PageRequest.DefaultSize, 0);

    public IReadOnlyList<ListTransfers.Row> Rows => Result.Items;

    public async Task OnGetAsync()
    {
        var direction = Direction is "out" or "in" ? Direction : null;
        var outcome = await ListTransfers.Handle(Expired ? TransferStatus.Pending : Status, direction, Expired ? true : null, Math.Max(PageNo, 1), null,
            db, scope, clock, Aborted);
        Result = outcome.Value ?? Result;
    }

    public async Task<IActionResult> OnPostCancelAsync(long id)
    {
        var outcome = await CancelTransfer.Handle(id, new CancelTransfer.Request(null), db, scope, clock, Aborted);
        if (outcome.Succeeded)
        {
            Flash = "介绍信已撤销，党员仍留在原党组织";
            return Redirect(FilterUrl(Direction, Status, expired: Expired));
        }
        ShowRefusal(outcome, "");
        await OnGetAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostExtendAsync(long id)
    {
        var outcome = await ExtendTransfer.Handle(id, new ExtendTransfer.Request(null), db, scope, rules, clock, Aborted);
        if (outcome.Succeeded)
        {
            Flash = $"介绍信已延期，有效期至 {PageHelpers.Date(outcome.Value)}";
            return Redirect(FilterUrl(Direction, Status, expired: Expired));
        }
        ShowRefusal(outcome, "");
        await OnGetAsync();
        return Page();
    }

    public string FilterUrl(string? direction, TransferStatus? status, int? pageNo = null, bool expired = false) =>
        Url.Page("/Transfers/Index", new { direction, status, expired = expired ? "true" : null, pageNo }) ?? "/Transfers";
}
