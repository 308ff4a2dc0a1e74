using Dangjian.Features.Shared;
using Dangjian.Platform.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Dangjian.Features.ReportIn;

/// <summary>The public check a report-in card's QR code opens: no sign-in, no personal numbers, a member named by surname.</summary>
[AllowAnonymous]
public class CheckModel(AppDb db) : AppPageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Code { get; set; }

    public CheckCard.Response? Card { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        Card = (await CheckCard.Handle(Code, db, Aborted)).Value;
        return Page();
    }
}
