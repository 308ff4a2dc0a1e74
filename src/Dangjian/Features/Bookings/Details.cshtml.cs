using Dangjian.Features.Shared;
using Dangjian.Platform.Attachments;
using Dangjian.Platform.Security;
using Microsoft.AspNetCore.Mvc;

namespace Dangjian.Features.Bookings;

/// <summary>One booking for those who serve: when, where, who goes; record the visit (with a photo), cancel it, or rate it for a resident without an account.</summary>
[RequirePermission(Permission.ServeResidents)]
public class DetailsModel(BookingServices services, AttachmentStore store) : AppPageModel
{
    [BindProperty(SupportsGet = true)]
    public long Id { get; set; }

    [BindProperty]
    public string? Note { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    [BindProperty]
    public int? Rating { get; set; }

    [BindProperty]
    public IFormFile? Photo { get; set; }

    public GetBooking.Response? Booking { get; private set; }

    public async Task<IActionResult> OnGetAsync() => await LoadAsync() ? Page() : Missing("预约");

    public async Task<IActionResult> OnPostDoneAsync()
    {
        if (Photo is not null)
        {
            await using var content = Photo.OpenReadStream();
            var photo = await BookingPhotos.AddAsync(Id, Photo.FileName, content, services, store, Aborted);
            if (!photo.Succeeded)
            {
                return await AfterAsync(Platform.Http.Outcome<long>.Invalid("photo", string.Join("；", photo.Messages().Select(m => m.Message))), "");
            }
        }
        return await AfterAsync(await CompleteBooking.Handle(Id, new CompleteBooking.Request(Note), services, Aborted), "已登记服务情况，已请居民评价。");
    }

    public async Task<IActionResult> OnPostCancelAsync() =>
        await AfterAsync(await CancelBooking.ByServerAsync(Id, new CancelBooking.Request(Reason), services, Aborted), "预约已取消，已通知居民。");

    public async Task<IActionResult> OnPostRateAsync() =>
        await AfterAsync(await RateBooking.OnBehalfAsync(Id, new RateBooking.Request(Rating, Reason), services, Aborted), "已代居民评价。");

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
        var found = await GetBooking.ForServerAsync(Id, services, Aborted);
        Booking = found.Value;
        return found.Succeeded;
    }
}
