using Dangjian.Features.Shared;
using Dangjian.Platform.Data;
using Dangjian.Platform.PersonalData;
using Dangjian.Platform.Security;
using Microsoft.AspNetCore.Mvc;

namespace Dangjian.Features.Transfers;

/// <summary>
/// The receipt (回执) for printing: filled in once the letter is received; blank for a pending letter, for the receiving
/// side to fill in by hand and send back to the issuer.
/// </summary>
[RequirePermission(Permission.ManageTransfers)]
public class ReceiptModel(AppDb db, Scope scope, PersonalDataProtector protector, TimeProvider clock) : AppPageModel
{
    [BindProperty(SupportsGet = true)]
    public long Id { get; set; }

    public GetTransferLetter.Response Letter { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync()
    {
        // The receipt carries no ID number: nothing to reveal, nothing to audit.
        var outcome = await GetTransferLetter.Handle(Id, revealIdNumber: false, db, scope, protector, clock, Aborted);
        if (outcome.Value is not { } letter)
        {
            return Missing("组织关系介绍信回执");
        }
        Letter = letter;
        return Page();
    }
}
