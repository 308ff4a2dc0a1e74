using Dangjian.Features.Shared;
using Dangjian.Platform.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Dangjian.Features.Bookings;

/// <summary>
/// Booking a home visit, one choice per screen: the service, then the time and where to come. By the resident for
/// themself, or (with a resident named) by one who serves them.
/// </summary>
[Authorize]
public class BookModel(CurrentUser user, BookingServices services) : AppPageModel
{
    public sealed class VisitForm
    {
        public long? SlotId { get; set; }
        public string? ForWhom { get; set; }
        public string? Address { get; set; }
        public string? Note { get; set; }
    }

    [BindProperty(SupportsGet = true)]
    public long? ResidentId { get; set; }

    [BindProperty(SupportsGet = true)]
    public long? KindId { get; set; }

    [BindProperty]
    public VisitForm Input { get; set; } = new();

    public IReadOnlyList<Offered.Kind> Kinds { get; private set; } = [];
    public Offered.Kind? Kind { get; private set; }
    public IReadOnlyList<Offered.Slot> Slots { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync() => await LoadAsync() ? Page() : Missing("居民");

    public async Task<IActionResult> OnPostAsync()
    {
        if (!await LoadAsync())
        {
            return Missing("居民");
        }
        var visit = new BookVisit.Request(KindId, Input.SlotId, Input.ForWhom, Input.Address, Input.Note);
        var outcome = ResidentId is null
            ? await BookVisit.ByResidentAsync(visit, services, Aborted)
            : await BookVisit.OnBehalfAsync(new BookVisit.OnBehalfRequest(ResidentId, visit), services, Aborted);
        if (!outcome.Succeeded)
        {
            ShowRefusal(outcome);
            // A slot taken meanwhile is gone from the choices shown again.
            await LoadAsync();
            return Page();
        }
        Flash = "预约成功，服务人员会按时上门。";
        return ResidentId is null ? Redirect($"/Bookings/Mine?id={outcome.Value}") : Redirect($"/Bookings/Details?id={outcome.Value}");
    }

    private async Task<bool> LoadAsync()
    {
        var account = await user.RequireAsync(Aborted);
        if (ResidentId is null ? !account.Can(Permission.UseResidentServices) : !account.Can(Permission.ServeResidents))
        {
            return false;
        }
        var kinds = await BookingOptions.KindsAsync(ResidentId, services, Aborted);
        if (!kinds.Succeeded)
        {
            return false;
        }
        Kinds = kinds.Value!;
        Kind = Kinds.FirstOrDefault(k => k.Id == KindId);
        if (Kind is not null)
        {
            Slots = (await BookingOptions.SlotsAsync(ResidentId, Kind.Id, services, Aborted)).Value ?? [];
        }
        return true;
    }
}
