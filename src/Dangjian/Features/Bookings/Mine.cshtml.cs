using Dangjian.Features.Shared;
using Dangjian.Platform.Security;
using Microsoft.AspNetCore.Mvc;

namespace Dangjian.Features.Bookings;

/// <summary>A resident's bookings: the list, one booking with when and who comes, and the one thing to do next (rate it, move it, or cancel it).</summary>
[RequirePermission(Permission.UseResidentServices)]
public class MineModel(BookingServices services) : AppPageModel
{
    [BindProperty(SupportsGet = true)]
    public long? Id { get; set; }

    [BindProperty]
    public int? Rating { get; set; }

    [BindProperty]
    public string? Comment { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    [BindProperty]
    public long? SlotId { get; set; }

    public IReadOnlyList<BookingRow> Bookings { get; private set; } = [];
    public GetBooking.Response? Booking { get; private set; }
    public IReadOnlyList<Offered.Slot> OtherSlots { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync() => await LoadAsync() ? Page() : Missing("预约");

    public async Task<IActionResult> OnPostRateAsync() =>
        await AfterAsync(await RateBooking.ByResidentAsync(Id ?? 0, new RateBooking.Request(Rating, Comment), services, Aborted), "谢谢您的评价！");

    public async Task<IActionResult> OnPostCancelAsync() =>
        await AfterAsync(await CancelBooking.ByResidentAsync(Id ?? 0, new CancelBooking.Request(Reason), services, Aborted), "预约已取消。");

    public async Task<IActionResult> OnPostRescheduleAsync() =>
        await AfterAsync(await RescheduleBooking.ByResidentAsync(Id ?? 0, new RescheduleBooking.Request(SlotId, Reason), services, Aborted), "已改约到新的时间。");

    private async Task<IActionResult> AfterAsync(Platform.Http.Outcome<long> outcome, string done)
    {
        if (outcome.Succeeded)
        {
            Flash = done;
            return RedirectToPage(new { id = Id });
        }
        if (outcome.NotFoundWhat is not null)
        {
            return Missing("预约");
        }
        ShowRefusal(outcome, "");
        return await LoadAsync() ? Page() : Missing("预约");
    }

    private async Task<bool> LoadAsync()
    {
        if (Id is { } id)
        {
            var found = await GetBooking.ForResidentAsync(id, services, Aborted);
            Booking = found.Value;
            if (Booking is { MayChange: true })
            {
                OtherSlots = (await BookingOptions.SlotsAsync(null, Booking.Booking.KindId, services, Aborted)).Value ?? [];
            }
            return found.Succeeded;
        }
        Bookings = await MyBookings.Handle(services, Aborted);
        return true;
    }
}
