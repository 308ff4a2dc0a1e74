using Dangjian.Platform.Data;
using Dangjian.Platform.Http;
using Dangjian.Platform.Rules;
using Dangjian.Platform.Security;
using SpreadCheetah;

namespace Dangjian.Features.Evaluations;

public static class EvaluationSheet
{
    public const string ContentType = Members.MemberSheet.ContentType;

    public static async Task<byte[]> WriteAsync(GetEvaluation.Response e, CancellationToken ct)
    {
        using var output = new MemoryStream();
        await using (var book = await Spreadsheet.CreateNewAsync(output, new SpreadCheetahOptions { WriteCellReferenceAttributes = true }, ct))
        {
            await book.StartWorksheetAsync("民主评议", token: ct);
            await book.AddRowAsync([new Cell($"{e.OrganizationName}{e.Year}年民主评议党员登记表（{e.StatusName}）")], ct);
            await book.AddHeaderRowAsync(["姓名", "自我评价", "民主测评", "赞成票", "等次", "处置意见"], token: ct);
            foreach (var x in e.Entries)
            {
                await book.AddRowAsync([new Cell(Members.SheetWriter.XmlSafe(x.MemberName)), new Cell(x.SelfAssessment ?? ""), new Cell(x.PeerReview ?? ""),
                    x.VotesFor is { } v ? new Cell(v) : new Cell(""), new Cell(x.GradeName ?? "未评定"), new Cell(x.FollowUp ?? "")], ct);
            }
            await book.AddRowAsync([new Cell("")], ct);
            foreach (var g in e.Grades)
            {
                await book.AddRowAsync([new Cell(g.GradeName), new Cell(g.Count)], ct);
            }
            await book.AddRowAsync([new Cell("参评人数"), new Cell(e.Evaluated)], ct);
            await book.FinishAsync(ct);
        }
        return output.ToArray();
    }
}

public static class EvaluationEndpoints
{
    public static void MapEvaluationEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/evaluations").WithTags("民主评议党员").RequirePermission(Permission.ManageMeetings);
        group.MapGet("/", async (long? organizationId, int? year, CurrentUser user, AppDb db, Scope scope, TimeProvider clock, CancellationToken ct) =>
                (await ListEvaluations.Handle(organizationId, year, user, db, scope, clock, ct)).ToHttp(Results.Ok))
            .Produces<ListEvaluations.Response>()
            .WithSummary("一个组织及其下级一年的民主评议：各支部的参评、优秀、不合格人数，以及全部评为不合格的党员和处置意见（待跟进）");
        group.MapPost("/", async (OpenEvaluation.Request request, AppDb db, Scope scope, TimeProvider clock, CancellationToken ct) =>
                (await OpenEvaluation.Handle(request, db, scope, clock, ct)).ToHttp(id => Results.Created($"/api/v1/evaluations/{id}", new Created(id))))
            .Produces<Created>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("党支部开始一年的民主评议党员：参评名单为本支部（含党小组）正常和保留党籍的党员，每个支部每年一次");
        group.MapGet("/{id:long}", async (long id, AppDb db, Scope scope, RuleBook rules, CancellationToken ct) =>
                (await GetEvaluation.Handle(id, db, scope, rules, ct)).ToHttp(Results.Ok))
            .Produces<GetEvaluation.Response>()
            .WithSummary("一次民主评议：每名党员的自我评价、民主测评、赞成票、等次和处置意见，各等次人数和优秀人数上限");
        group.MapPut("/{id:long}/entries", async (long id, RecordEvaluation.Request request, AppDb db, Scope scope, RuleBook rules, CancellationToken ct) =>
                (await RecordEvaluation.Handle(id, request, db, scope, rules, ct)).ToHttp(_ => Results.NoContent()))
            .Produces(StatusCodes.Status204NoContent).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("登记一名或多名党员的评议情况和等次；优秀超过规则所定比例（一般为参评人数的三分之一）时拒绝并说明依据；不合格须写处置意见");
        group.MapPost("/{id:long}/close", async (long id, AppDb db, Scope scope, RuleBook rules, CancellationToken ct) =>
                (await CloseEvaluation.Handle(id, db, scope, rules, ct)).ToHttp(_ => Results.NoContent()))
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("结束民主评议（每名党员都已评定等次）；等次记入党员活动记录，此后不能再改");
        group.MapGet("/{id:long}/sheet.xlsx", async Task<IResult> (long id, AppDb db, Scope scope, RuleBook rules, CancellationToken ct) =>
            {
                var outcome = await GetEvaluation.Handle(id, db, scope, rules, ct);
                return outcome.Value is { } e
                    ? TypedResults.File(await EvaluationSheet.WriteAsync(e, ct), EvaluationSheet.ContentType, $"{e.OrganizationName}{e.Year}年民主评议党员登记表.xlsx")
                    : outcome.ToHttp(_ => Results.Empty);
            })
            .Produces(StatusCodes.Status200OK, contentType: EvaluationSheet.ContentType).ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("导出支部民主评议党员登记表（.xlsx）");
    }
}
