using Dangjian.Features.Shared;
using Dangjian.Platform.Security;
using Microsoft.AspNetCore.Mvc;

namespace Dangjian.Features.ReportIn;

/// <summary>The printable report-in card of the member's own confirmed report-in, with a QR code of its public check.</summary>
[RequirePermission(Permission.AttendMeetings)]
public class CardModel(ReportInServices services) : AppPageModel
{
    [BindProperty(SupportsGet = true)]
    public long Id { get; set; }

    public RegistrationRow? Registration { get; private set; }
    public string? Qr { get; private set; }
    public string? CheckUrl { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var mine = (await MyReportIn.Handle(services, Aborted)).Value;
        Registration = mine?.Registrations.FirstOrDefault(r => r.Id == Id && r.State == RegistrationState.Confirmed);
        if (Registration is null)
        {
            return Missing("报到卡");
        }
        CheckUrl = $"{Request.Scheme}://{Request.Host}/ReportIn/Check?code={Registration.CardCode}";
        Qr = QrCodes.Svg(CheckUrl);
        return Page();
    }
}
