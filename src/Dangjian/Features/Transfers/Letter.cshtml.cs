using Dangjian.Features.Shared;
using Dangjian.Platform.Data;
using Dangjian.Platform.PersonalData;
using Dangjian.Platform.Security;
using Microsoft.AspNetCore.Mvc;

namespace Dangjian.Features.Transfers;

/// <summary>
/// The introduction letter (中国共产党党员组织关系介绍信) for printing: counterfoil and letter on one A4 sheet, with a QR
/// code of the letter's status page. Either end of the letter may open it; the ID number is printed in full only for a
/// role that may reveal it on the member's page, and that is audited (GetTransferLetter).
/// </summary>
[RequirePermission(Permission.ManageTransfers)]
public class LetterModel(AppDb db, Scope scope, CurrentUser user, PersonalDataProtector protector, TimeProvider clock) : AppPageModel
{
    [BindProperty(SupportsGet = true)]
    public long Id { get; set; }

    public GetTransferLetter.Response Letter { get; private set; } = null!;

    /// <summary>What the QR code encodes, printed beside it for anyone without a scanner.</summary>
    public string StatusUrl { get; private set; } = "";

    public string QrSvg { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync()
    {
        var outcome = await GetTransferLetter.Handle(Id, await user.CanAsync(Permission.RevealPersonalData, Aborted), db, scope, protector, clock, Aborted);
        if (outcome.Value is not { } letter)
        {
            return Missing("组织关系介绍信");
        }
        Letter = letter;
        StatusUrl = LetterQrCode.StatusUrl(Request, letter.Transfer.Id);
        QrSvg = LetterQrCode.Svg(StatusUrl);
        return Page();
    }
}
