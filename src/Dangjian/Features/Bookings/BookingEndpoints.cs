using Dangjian.Platform.Attachments;
using Dangjian.Platform.Http;
using Dangjian.Platform.Security;

namespace Dangjian.Features.Bookings;

public static class BookingEndpoints
{
    private static readonly string PhotoSummary = $"（表单字段 file，不超过10 MB；{AttachmentStore.Allowed}；图片重新编码并生成缩略图）";

    public static void MapBookingEndpoints(this IEndpointRouteBuilder app)
    {
        var mine = app.MapGroup("/api/v1/me/bookings").WithTags("预约上门服务").RequirePermission(Permission.UseResidentServices);
        mine.MapGet("/", async (BookingServices s, CancellationToken ct) => Results.Ok(await MyBookings.Handle(s, ct)))
            .Produces<IReadOnlyList<BookingRow>>().WithSummary("我（居民）的上门服务预约，最近的在前");
        mine.MapGet("/kinds", async (BookingServices s, CancellationToken ct) => (await BookingOptions.KindsAsync(null, s, ct)).ToHttp(Results.Ok))
            .Produces<IReadOnlyList<Offered.Kind>>().WithSummary("我所在社区（及街道）可以预约上门的服务项目");
        mine.MapGet("/slots", async (long? kindId, BookingServices s, CancellationToken ct) => (await BookingOptions.SlotsAsync(null, kindId, s, ct)).ToHttp(Results.Ok))
            .Produces<IReadOnlyList<Offered.Slot>>().ProducesValidationProblem().WithSummary("一项服务今后30天内可以预约的上门时段，最早的在前");
        mine.MapPost("/", async (BookVisit.Request request, BookingServices s, CancellationToken ct) =>
                (await BookVisit.ByResidentAsync(request, s, ct)).ToHttp(id => Results.Created($"/api/v1/me/bookings/{id}", new Created(id))))
            .Produces<Created>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("预约上门服务：服务项目、时段、被服务人、上门地址；同一时段只能被预约一次");
        mine.MapGet("/{id:long}", async (long id, BookingServices s, CancellationToken ct) => (await GetBooking.ForResidentAsync(id, s, ct)).ToHttp(Results.Ok))
            .Produces<GetBooking.Response>().WithSummary("我的一个预约：时间、上门人员、进展、服务情况");
        mine.MapPost("/{id:long}/reschedule", async (long id, RescheduleBooking.Request request, BookingServices s, CancellationToken ct) =>
                (await RescheduleBooking.ByResidentAsync(id, request, s, ct)).ToHttp(_ => Results.NoContent()))
            .Produces(StatusCodes.Status204NoContent).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("改约到另一个时段（须写原因）");
        mine.MapPost("/{id:long}/cancel", async (long id, CancelBooking.Request request, BookingServices s, CancellationToken ct) =>
                (await CancelBooking.ByResidentAsync(id, request, s, ct)).ToHttp(_ => Results.NoContent()))
            .Produces(StatusCodes.Status204NoContent).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("取消预约（须写原因）：时段立即空出");
        mine.MapPost("/{id:long}/rating", async (long id, RateBooking.Request request, BookingServices s, CancellationToken ct) =>
                (await RateBooking.ByResidentAsync(id, request, s, ct)).ToHttp(_ => Results.NoContent()))
            .Produces(StatusCodes.Status204NoContent).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("给完成的上门服务打分（1到5分，只能评一次）");
        mine.MapGet("/{id:long}/photos/{attachmentId:long}", (long id, long attachmentId, bool? thumbnail, BookingServices s, AttachmentStore store, CancellationToken ct) =>
                BookingPhotos.ServeToResidentAsync(id, attachmentId, thumbnail == true, s, store, ct))
            .Produces(StatusCodes.Status200OK, null, "image/jpeg").WithSummary("我的预约的一张服务照片（thumbnail=true 为缩略图）");

        var serve = app.MapGroup("/api/v1/bookings").WithTags("预约上门服务").RequirePermission(Permission.ServeResidents);
        serve.MapGet("/kinds", async (long? residentId, BookingServices s, CancellationToken ct) => (await BookingOptions.KindsAsync(residentId ?? 0, s, ct)).ToHttp(Results.Ok))
            .Produces<IReadOnlyList<Offered.Kind>>().ProducesValidationProblem().WithSummary("为一位居民代预约时，可选的服务项目");
        serve.MapGet("/slots", async (long? residentId, long? kindId, BookingServices s, CancellationToken ct) =>
                (await BookingOptions.SlotsAsync(residentId ?? 0, kindId, s, ct)).ToHttp(Results.Ok))
            .Produces<IReadOnlyList<Offered.Slot>>().ProducesValidationProblem().WithSummary("为一位居民代预约时，一项服务可以预约的时段");
        serve.MapPost("/", async (BookVisit.OnBehalfRequest request, BookingServices s, CancellationToken ct) =>
                (await BookVisit.OnBehalfAsync(request, s, ct)).ToHttp(id => Results.Created($"/api/v1/bookings/{id}", new Created(id))))
            .Produces<Created>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("代居民预约上门服务（网格员、楼栋长、党员）；代预约人此后代居民改约、取消和评价");
        serve.MapGet("/visits", async (BookingServices s, CancellationToken ct) => Results.Ok(await MyVisits.Handle(s, ct)))
            .Produces<IReadOnlyList<BookingRow>>().WithSummary("我（服务队伍人员）要上门的预约，最早的在前");
        serve.MapGet("/{id:long}", async (long id, BookingServices s, CancellationToken ct) => (await GetBooking.ForServerAsync(id, s, ct)).ToHttp(Results.Ok))
            .Produces<GetBooking.Response>().WithSummary("一个预约：时间、上门人员、地址（上级只看到部分）、进展、服务情况和照片");
        serve.MapPost("/{id:long}/reschedule", async (long id, RescheduleBooking.Request request, BookingServices s, CancellationToken ct) =>
                (await RescheduleBooking.ByServerAsync(id, request, s, ct)).ToHttp(_ => Results.NoContent()))
            .Produces(StatusCodes.Status204NoContent).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("代预约人或社区改约（须写原因）");
        serve.MapPost("/{id:long}/cancel", async (long id, CancelBooking.Request request, BookingServices s, CancellationToken ct) =>
                (await CancelBooking.ByServerAsync(id, request, s, ct)).ToHttp(_ => Results.NoContent()))
            .Produces(StatusCodes.Status204NoContent).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("代预约人或社区取消预约（须写原因）");
        serve.MapPost("/{id:long}/done", async (long id, CompleteBooking.Request request, BookingServices s, CancellationToken ct) =>
                (await CompleteBooking.Handle(id, request, s, ct)).ToHttp(_ => Results.NoContent()))
            .Produces(StatusCodes.Status204NoContent).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("上门人员或社区登记服务情况（上门时间到了之后；照片另行上传）：请居民评价");
        serve.MapPost("/{id:long}/rating", async (long id, RateBooking.Request request, BookingServices s, CancellationToken ct) =>
                (await RateBooking.OnBehalfAsync(id, request, s, ct)).ToHttp(_ => Results.NoContent()))
            .Produces(StatusCodes.Status204NoContent).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("代没有账号的居民评价（代预约人）");
        serve.MapPost("/{id:long}/photos", async (long id, IFormFile? file, BookingServices s, AttachmentStore store, CancellationToken ct) =>
                {
                    await using var content = file?.OpenReadStream();
                    return (await BookingPhotos.AddAsync(id, file?.FileName, content, s, store, ct)).ToHttp(a => Results.Created($"/api/v1/bookings/{id}/photos/{a}", new Created(a)));
                })
            .DisableAntiforgery().WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(AttachmentStore.MaxBytes + 64 * 1024))
            .Produces<Created>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("上门服务照片（上门人员或社区）" + PhotoSummary);
        serve.MapGet("/{id:long}/photos/{attachmentId:long}", (long id, long attachmentId, bool? thumbnail, BookingServices s, AttachmentStore store, CancellationToken ct) =>
                BookingPhotos.ServeToServerAsync(id, attachmentId, thumbnail == true, s, store, ct))
            .Produces(StatusCodes.Status200OK, null, "image/jpeg").WithSummary("预约的一张服务照片（thumbnail=true 为缩略图）");

        var manage = app.MapGroup("/api/v1/bookings").WithTags("预约上门服务").RequirePermission(Permission.ManageResidentServices);
        manage.MapGet("/team", async (long? organizationId, DateOnly? from, int? days, BookingServices s, CancellationToken ct) =>
                (await TeamRota.Handle(organizationId, from, days, s, ct)).ToHttp(Results.Ok))
            .Produces<TeamRota.Response>().ProducesValidationProblem()
            .WithSummary("服务队伍：服务项目、人员、排班（每个时段及其预约）和本月预约、完成、取消数与平均评分");
        manage.MapPost("/kinds", async (SaveServiceKind.Request request, BookingServices s, CancellationToken ct) =>
                (await SaveServiceKind.AddAsync(request, s, ct)).ToHttp(id => Results.Created($"/api/v1/bookings/kinds/{id}", new Created(id))))
            .Produces<Created>(StatusCodes.Status201Created).ProducesValidationProblem().WithSummary("添加上门服务项目（如生存认证上门）");
        manage.MapPost("/kinds/{id:long}/change", async (long id, SaveServiceKind.Change request, BookingServices s, CancellationToken ct) =>
                (await SaveServiceKind.UpdateAsync(id, request, s, ct)).ToHttp(_ => Results.NoContent()))
            .Produces(StatusCodes.Status204NoContent).ProducesValidationProblem().WithSummary("修改服务项目，或停止、恢复受理（active）");
        manage.MapPost("/workers", async (AddServiceWorker.Request request, BookingServices s, CancellationToken ct) =>
                (await AddServiceWorker.Handle(request, s, ct)).ToHttp(id => Results.Created($"/api/v1/bookings/workers/{id}", new Created(id))))
            .Produces<Created>(StatusCodes.Status201Created).ProducesValidationProblem().WithSummary("添加服务队伍人员（可关联其账号，由本人登记上门情况）");
        manage.MapPost("/slots", async (AddSlots.Request request, BookingServices s, CancellationToken ct) => (await AddSlots.Handle(request, s, ct)).ToHttp(Results.Ok))
            .Produces<AddSlots.Response>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("排班：为一位人员在日期范围内的工作日（times 为开始时间，如 9:00）生成可预约时段；与已有时段重叠的跳过");
        manage.MapPost("/slots/{id:long}/withdraw", async (long id, BookingServices s, CancellationToken ct) =>
                (await WithdrawSlot.Handle(id, s, ct)).ToHttp(_ => Results.NoContent()))
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status409Conflict).WithSummary("撤下一个未被预约的时段");
    }
}
