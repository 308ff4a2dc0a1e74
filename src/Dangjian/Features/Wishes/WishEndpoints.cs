using Dangjian.Platform.Attachments;
using Dangjian.Platform.Http;
using Dangjian.Platform.Security;
using Dangjian.Platform.Todo;

namespace Dangjian.Features.Wishes;

public static class WishEndpoints
{
    private static readonly string PhotoSummary = $"（表单字段 file，不超过10 MB；{AttachmentStore.Allowed}；图片重新编码并生成缩略图）";

    public static void MapWishEndpoints(this IEndpointRouteBuilder app)
    {
        var mine = app.MapGroup("/api/v1/me/wishes").WithTags("微心愿").RequirePermission(Permission.UseResidentServices);
        mine.MapGet("/", async (CurrentUser user, Platform.Data.AppDb db, CancellationToken ct) => (await MyWishes.Handle(user, db, ct)).ToHttp(Results.Ok))
            .Produces<IReadOnlyList<WishRow>>().WithSummary("我（居民）的心愿，最近的在前");
        mine.MapPost("/", async (WishInput request, WishServices s, CancellationToken ct) =>
                (await SendWish.SendAsync(request, s, ct)).ToHttp(id => Results.Created($"/api/v1/me/wishes/{id}", new Created(id))))
            .Produces<Created>(StatusCodes.Status201Created).ProducesValidationProblem()
            .WithSummary("居民提交心愿：想要什么、为谁、类别、预计花费、说明；社区审核通过后上心愿墙");
        mine.MapGet("/{id:long}", async (long id, CurrentUser user, Platform.Data.AppDb db, Scope scope, CancellationToken ct) =>
                (await GetWish.ForResidentAsync(id, user, db, scope, ct)).ToHttp(Results.Ok))
            .Produces<GetWish.Response>().WithSummary("我的一个心愿：进展、认领人、完成情况和每一步的记录");
        mine.MapPost("/{id:long}/photos", async (long id, IFormFile? file, WishServices s, AttachmentStore store, CancellationToken ct) =>
                {
                    await using var content = file?.OpenReadStream();
                    return (await WishPhotos.AddByResidentAsync(id, file?.FileName, content, s, store, ct)).ToHttp(a => Results.Created($"/api/v1/me/wishes/{id}/photos/{a}", new Created(a)));
                })
            .DisableAntiforgery().WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(AttachmentStore.MaxBytes + 64 * 1024))
            .Produces<Created>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("给待审核的心愿添加照片" + PhotoSummary);
        mine.MapGet("/{id:long}/photos/{attachmentId:long}", (long id, long attachmentId, bool? thumbnail, WishServices s, AttachmentStore store, CancellationToken ct) =>
                WishPhotos.ServeToResidentAsync(id, attachmentId, thumbnail == true, s, store, ct))
            .Produces(StatusCodes.Status200OK, null, "image/jpeg").WithSummary("我的心愿的一张照片（thumbnail=true 为缩略图）");
        mine.MapPost("/{id:long}/rating", async (long id, ConfirmWish.Request request, WishServices s, CancellationToken ct) =>
                (await ConfirmWish.ByResidentAsync(id, request, s, ct)).ToHttp(_ => Results.NoContent()))
            .Produces(StatusCodes.Status204NoContent).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("确认心愿已完成并打分（1到5分，只能评一次）");
        mine.MapPost("/{id:long}/withdraw", async (long id, WithdrawWish.Request request, WishServices s, CancellationToken ct) =>
                (await WithdrawWish.ByResidentAsync(id, request, s, ct)).ToHttp(_ => Results.NoContent()))
            .Produces(StatusCodes.Status204NoContent).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("撤回心愿（须写原因；完成后不能撤回）");

        var serve = app.MapGroup("/api/v1/wishes").WithTags("微心愿").RequirePermission(Permission.ServeResidents);
        serve.MapGet("/wall", async (WishCategory? category, long? organizationId, int? page, int? pageSize, CurrentUser user, Platform.Data.AppDb db, Scope scope,
                    CancellationToken ct) => (await WishWall.Handle(category, organizationId, page, pageSize, user, db, scope, ct)).ToHttp(Results.Ok))
            .Produces<Page<WishRow>>().ProducesValidationProblem()
            .WithSummary("心愿墙：我服务的社区（本辖区的，及党员所在支部上级的社区）待认领的心愿，等待最久的在前");
        serve.MapGet("/claimed", async (CurrentUser user, Platform.Data.AppDb db, CancellationToken ct) => Results.Ok(await ClaimedWishes.Handle(user, db, ct)))
            .Produces<ClaimedWishes.Response>().WithSummary("我（党员）或我所在单位党组织认领的心愿（未完成的在前，最近100个）及认领、完成数和平均评分");
        serve.MapPost("/", async (SendWish.CollectRequest request, WishServices s, CancellationToken ct) =>
                (await SendWish.CollectAsync(request, s, ct)).ToHttp(id => Results.Created($"/api/v1/wishes/{id}", new Created(id))))
            .Produces<Created>(StatusCodes.Status201Created).ProducesValidationProblem()
            .WithSummary("代居民提交心愿（网格员、楼栋长、党员收集）；代提交人此后代居民确认和评价");
        serve.MapGet("/{id:long}", async (long id, CurrentUser user, Platform.Data.AppDb db, Scope scope, CancellationToken ct) =>
                (await GetWish.ForServerAsync(id, user, db, scope, ct)).ToHttp(Results.Ok))
            .Produces<GetWish.Response>().WithSummary("一个心愿：进展、期限、认领人、照片和每一步的记录（含催办、督办）");
        serve.MapPost("/{id:long}/claim", async (long id, ClaimWish.Request request, WishServices s, PersonalDataCheck own, CancellationToken ct) =>
                (await ClaimWish.Handle(id, request, s, own, ct)).ToHttp(Results.Ok))
            .Produces<ClaimWish.Claimed>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("认领心愿（党员个人认领，或 asOrganization=true 以本单位党组织认领）；同时认领时只有一人成功，其他人立即得知由谁认领");
        serve.MapPost("/{id:long}/withdraw-claim", async (long id, WithdrawClaim.Request request, WishServices s, CancellationToken ct) =>
                (await WithdrawClaim.Handle(id, request, s, ct)).ToHttp(_ => Results.NoContent()))
            .Produces(StatusCodes.Status204NoContent).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("认领人撤回认领（须写原因）：心愿回到心愿墙");
        serve.MapPost("/{id:long}/fulfil", async (long id, FulfilWish.Request request, WishServices s, CancellationToken ct) =>
                (await FulfilWish.Handle(id, request, s, ct)).ToHttp(_ => Results.NoContent()))
            .Produces(StatusCodes.Status204NoContent).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("认领人登记完成情况（照片另行上传）：请居民确认评价");
        serve.MapPost("/{id:long}/confirm", async (long id, ConfirmWish.Request request, WishServices s, CancellationToken ct) =>
                (await ConfirmWish.OnBehalfAsync(id, request, s, ct)).ToHttp(_ => Results.NoContent()))
            .Produces(StatusCodes.Status204NoContent).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("代居民确认并打分：没有账号的居民由代提交人或社区代为确认；有账号的居民逾期未评价时由社区代为确认");
        serve.MapPost("/{id:long}/withdraw", async (long id, WithdrawWish.Request request, WishServices s, CancellationToken ct) =>
                (await WithdrawWish.ByCollectorAsync(id, request, s, ct)).ToHttp(_ => Results.NoContent()))
            .Produces(StatusCodes.Status204NoContent).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("代提交人撤回心愿（须写原因；完成后不能撤回）");
        serve.MapPost("/{id:long}/photos", async (long id, IFormFile? file, WishServices s, AttachmentStore store, CancellationToken ct) =>
                {
                    await using var content = file?.OpenReadStream();
                    return (await WishPhotos.AddByServerAsync(id, file?.FileName, content, s, store, ct)).ToHttp(a => Results.Created($"/api/v1/wishes/{id}/photos/{a}", new Created(a)));
                })
            .DisableAntiforgery().WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(AttachmentStore.MaxBytes + 64 * 1024))
            .Produces<Created>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("添加照片：审核前由代提交人添加心愿照片，认领后由认领人添加完成照片" + PhotoSummary);
        serve.MapGet("/{id:long}/photos/{attachmentId:long}", (long id, long attachmentId, bool? thumbnail, WishServices s, AttachmentStore store, CancellationToken ct) =>
                WishPhotos.ServeToServerAsync(id, attachmentId, thumbnail == true, s, store, ct))
            .Produces(StatusCodes.Status200OK, null, "image/jpeg").WithSummary("心愿的一张照片（thumbnail=true 为缩略图）");

        var manage = app.MapGroup("/api/v1/wishes").WithTags("微心愿").RequirePermission(Permission.ManageResidentServices);
        manage.MapGet("/", async (long? organizationId, WishState? state, bool? overdue, int? page, int? pageSize, CurrentUser user, Platform.Data.AppDb db, Scope scope,
                    CancellationToken ct) => (await ListWishes.Handle(organizationId, state, overdue, page, pageSize, user, db, scope, ct)).ToHttp(Results.Ok))
            .Produces<Page<WishRow>>().ProducesValidationProblem().WithSummary("本辖区的心愿（按状态、是否逾期筛选），最早的在前：社区审核和跟踪");
        manage.MapGet("/figures", async (long? organizationId, CurrentUser user, Platform.Data.AppDb db, Scope scope, CancellationToken ct) =>
                (await WishFigures.Handle(organizationId, user, db, scope, ct)).ToHttp(Results.Ok))
            .Produces<WishFigures.Response>()
            .WithSummary("心愿统计：下一级各组织和合计的提交、认领、完成、待认领、逾期数，平均评分，从提交到完成的平均天数；完成最多的认领党员和单位");
        manage.MapPost("/{id:long}/review", async (long id, ReviewWish.Request request, WishServices s, CancellationToken ct) =>
                (await ReviewWish.Handle(id, request, s, ct)).ToHttp(_ => Results.NoContent()))
            .Produces(StatusCodes.Status204NoContent).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("社区审核心愿：通过则上心愿墙；不通过须写原因，居民可以看到");
        manage.MapPost("/{id:long}/press", async (long id, EscalateWish.Request request, WishServices s, CancellationToken ct) =>
                (await EscalateWish.Handle(id, EscalationLevel.Pressed, request, s, ct)).ToHttp(_ => Results.NoContent()))
            .Produces(StatusCodes.Status204NoContent).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("催办逾期的心愿环节（须写意见）：通知当前应办理的人");
        manage.MapPost("/{id:long}/supervise", async (long id, EscalateWish.Request request, WishServices s, CancellationToken ct) =>
                (await EscalateWish.Handle(id, EscalationLevel.Supervised, request, s, ct)).ToHttp(_ => Results.NoContent()))
            .Produces(StatusCodes.Status204NoContent).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("上级督办：逾期超过督办期限（规则）的心愿环节，由社区的上级组织督办（须写意见）");
    }
}
