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
        group.MapGet("/", async (TransferStatus? status, string? direction, AppDb db, Scope scope, TimeProvider clock, CancellationToken ct) =>
                Results.Ok(await TransferUseCases.List(status, direction, db, scope, clock, ct)))
            .Produces<IReadOnlyList<TransferUseCases.Row>>().WithSummary("本辖区转出和转入的组织关系（direction=out|in）");
        group.MapPost("/", async (TransferUseCases.IssueRequest request, AppDb db, Scope scope, RuleBook rules, TimeProvider clock, CancellationToken ct) =>
                (await TransferUseCases.Issue(request, db, scope, rules, clock, ct)).ToHttp(id => Results.Created($"/api/v1/transfers/{id}", new Created(id))))
            .Produces<Created>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status409Conflict).WithSummary("开具组织关系介绍信（转出）");
        group.MapPost("/{id:long}/receive", async (long id, TransferUseCases.ReceiveRequest request, AppDb db, Scope scope, TimeProvider clock, CancellationToken ct) =>
                (await TransferUseCases.Receive(id, request, db, scope, clock, ct)).ToHttp(_ => Results.NoContent()))
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status409Conflict).WithSummary("接收组织关系并登记回执（转入）");
        group.MapPost("/{id:long}/cancel", async (long id, TransferUseCases.CancelRequest request, AppDb db, Scope scope, TimeProvider clock, CancellationToken ct) =>
                (await TransferUseCases.Cancel(id, request, db, scope, clock, ct)).ToHttp(_ => Results.NoContent()))
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status409Conflict).WithSummary("撤销尚未接收的介绍信");
        group.MapPost("/incoming", async (TransferUseCases.IncomingRequest request, AppDb db, Scope scope, PersonalDataProtector protector, TimeProvider clock, CancellationToken ct) =>
                (await TransferUseCases.ReceiveFromExternal(request, db, scope, protector, clock, ct)).ToHttp(id => Results.Created($"/api/v1/members/{id}", new Created(id))))
            .Produces<Created>(StatusCodes.Status201Created).WithSummary("接收外市（系统外）转入的组织关系");
    }
}
