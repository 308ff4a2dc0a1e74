using Dangjian.Features.Shared;
using Dangjian.Platform.Data;
using Dangjian.Platform.PersonalData;
using Dangjian.Platform.Security;
using Microsoft.AspNetCore.Mvc;

namespace Dangjian.Features.Transfers;

/// <summary>
/// One letter's status, for either end: the page the printed letter's QR code opens, with the way on (receive, print the
/// letter or the receipt).
/// </summary>
[RequirePermission(Permission.ManageTransfers)]
public class DetailsModel(AppDb db, Scope scope, PersonalDataProtector protector, TimeProvider clock) : AppPageModel
{
    [BindProperty(SupportsGet = true)]
    public long Id { get; set; }

    public GetTransferLetter.Response Letter { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync()
    {
        // The status shows no ID number, so none is revealed.
        var outcome = await GetTransferLetter.Handle(Id, revealIdNumber: false, db, scope, protector, clock, Aborted);
        if (outcome.Value is not { } letter)
        {
            return Missing("组织关系转接");
        }
        Letter = letter;
        return Page();
    }
}
