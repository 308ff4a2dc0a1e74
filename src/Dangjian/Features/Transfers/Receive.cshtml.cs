using Dangjian.Features.Shared;
using Dangjian.Platform.Data;
using Dangjian.Platform.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Features.Transfers;

/// <summary>The receiving organization records the receipt (回执); the member moves in with it.</summary>
[RequirePermission(Permission.ManageTransfers)]
public class ReceiveModel(AppDb db, Scope scope, TimeProvider clock) : AppPageModel
{
    public sealed class ReceiveForm
    {
        public string? ReceiptNumber { get; set; }
        public long? PartyGroupId { get; set; }
    }

    [BindProperty]
    public ReceiveForm Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public long Id { get; set; }

    public ListTransfers.Row Transfer { get; private set; } = null!;
    public IReadOnlyList<OrganizationChoices.Choice> PartyGroups { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync() => await LoadAsync() ? Page() : Missing("待接收的组织关系转接");

    public async Task<IActionResult> OnPostAsync()
    {
        if (!await LoadAsync())
        {
            return Missing("待接收的组织关系转接");
        }
        var outcome = await ReceiveTransfer.Handle(Id, new ReceiveTransfer.Request(Input.ReceiptNumber, Input.PartyGroupId), db, scope, clock, Aborted);
        if (!outcome.Succeeded)
        {
            ShowRefusal(outcome);
            return Page();
        }
        Flash = $"已接收 {Transfer.MemberName} 的组织关系";
        return Redirect("/Transfers");
    }

    /// <summary>The one letter, looked up by its id; an expired one is shown (with what to do) but cannot be received.</summary>
    private async Task<bool> LoadAsync()
    {
        var found = await GetTransfer.Handle(Id, db, scope, clock, Aborted);
        if (found.Value is not { } row || !(row.CanReceive || (row.IsExpired && row.Incoming)))
        {
            return false;
        }
        Transfer = row;
        var toOrganizationId = await db.Transfers.AsNoTracking().Where(t => t.Id == Id).Select(t => t.ToOrganizationId).FirstOrDefaultAsync(Aborted);
        if (toOrganizationId is { } toId)
        {
            PartyGroups = await OrganizationChoices.PartyGroupsAsync(toId, db, Aborted);
        }
        return true;
    }
}
