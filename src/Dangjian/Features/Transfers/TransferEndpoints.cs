using Dangjian.Platform.Data;
using Dangjian.Platform.Http;
using Dangjian.Platform.PersonalData;
using Dangjian.Platform.Rules;
using Dangjian.Platform.Security;

namespace Dangjian.Features.Transfers;

public static class TransferEndpoints
{
    public static void MapTransferEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/transfers").WithTags("组织关系转接").RequirePermission(Permission.ManageTransfers);
        group.MapGet("/", async (TransferStatus? status, string? direction, bool? expired, int? page, int? pageSize, AppDb db, Scope scope, TimeProvider clock, CancellationToken ct) =>
                (await ListTransfers.Handle(status, direction, expired, page, pageSize, db, scope, clock, ct)).ToHttp(Results.Ok))
            .Produces<Page<ListTransfers.Row>>().WithSummary("本辖区转出和转入的组织关系（direction=out|in；expired=true 只列已过期未接收的，分页）");
        group.MapGet("/{id:long}", async (long id, AppDb db, Scope scope, TimeProvider clock, CancellationToken ct) =>
                (await GetTransfer.Handle(id, db, scope, clock, ct)).ToHttp(Results.Ok))
            .Produces<ListTransfers.Row>().WithSummary("一份组织关系介绍信");
        group.MapGet("/{id:long}/letter", async (long id, AppDb db, Scope scope, CurrentUser user, PersonalDataProtector protector, TimeProvider clock, CancellationToken ct) =>
                (await GetTransferLetter.Handle(id, (await user.RequireAsync(ct)).Can(Permission.RevealPersonalData), db, scope, protector, clock, ct)).ToHttp(Results.Ok))
            .Produces<GetTransferLetter.Response>()
            .WithSummary("打印用的介绍信和回执内容：党员性别、年龄、民族、类别和身份证号（有“查看完整信息”权限且党员在本辖区时完整并记入审计日志，否则脱敏）");
        group.MapPost("/", async (IssueTransfer.Request request, AppDb db, Scope scope, RuleBook rules, TimeProvider clock, CancellationToken ct) =>
                (await IssueTransfer.Handle(request, db, scope, rules, clock, ct)).ToHttp(id => Results.Created($"/api/v1/transfers/{id}", new Created(id))))
            .Produces<Created>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status409Conflict).WithSummary("开具组织关系介绍信（转出）");
        group.MapPost("/{id:long}/receive", async (long id, ReceiveTransfer.Request request, AppDb db, Scope scope, TimeProvider clock, CancellationToken ct) =>
                (await ReceiveTransfer.Handle(id, request, db, scope, clock, ct)).ToHttp(_ => Results.NoContent()))
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("接收组织关系并登记回执（转入；已过期的介绍信须先由转出方延期）");
        group.MapPost("/{id:long}/extend", async (long id, ExtendTransfer.Request request, AppDb db, Scope scope, RuleBook rules, TimeProvider clock, CancellationToken ct) =>
                (await ExtendTransfer.Handle(id, request, db, scope, rules, clock, ct)).ToHttp(validUntil => Results.Ok(new ExtendTransfer.Response(validUntil))))
            .Produces<ExtendTransfer.Response>().ProducesProblem(StatusCodes.Status409Conflict).WithSummary("转出方为尚未接收的介绍信延期（重新开具）");
        group.MapPost("/{id:long}/cancel", async (long id, CancelTransfer.Request request, AppDb db, Scope scope, TimeProvider clock, CancellationToken ct) =>
                (await CancelTransfer.Handle(id, request, db, scope, clock, ct)).ToHttp(_ => Results.NoContent()))
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status409Conflict).WithSummary("撤销尚未接收的介绍信");
        group.MapPost("/incoming", async (ReceiveIncomingTransfer.Request request, AppDb db, Scope scope, RuleBook rules, PersonalDataProtector protector, TimeProvider clock, CancellationToken ct) =>
                (await ReceiveIncomingTransfer.Handle(request, db, scope, rules, protector, clock, ct)).ToHttp(id => Results.Created($"/api/v1/members/{id}", new Created(id))))
            .Produces<Created>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status409Conflict).WithSummary("接收外市（系统外）转入的组织关系");
    }
}
