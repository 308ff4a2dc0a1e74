using Dangjian.Platform.Http;
using Dangjian.Platform.Security;

namespace Dangjian.Features.ReportIn;

public static class ReportInEndpoints
{
    public static void MapReportInEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/public/report-in/{code}", async (string code, Platform.Data.AppDb db, CancellationToken ct) => (await CheckCard.Handle(code, db, ct)).ToHttp(Results.Ok))
            .WithTags("双报到").AllowAnonymous().Produces<CheckCard.Response>().WithSummary("报到卡的公开核验（扫二维码）：谁向哪个社区报到、自何时起、是否有效；党员只显示姓氏");

        var mine = app.MapGroup("/api/v1/me/report-in").WithTags("双报到").RequirePermission(Permission.AttendMeetings);
        mine.MapGet("/", async (ReportInServices s, CancellationToken ct) => (await MyReportIn.Handle(s, ct)).ToHttp(Results.Ok))
            .Produces<MyReportIn.Response>().WithSummary("我（党员）的报到、可报名的社区活动、服务时长和本季度的报告（时长、8小时外时长、参加活动、完成心愿）");
        mine.MapPost("/registrations", async (Register.MemberRequest request, ReportInServices s, CancellationToken ct) =>
                (await Register.MemberAsync(request, s, ct)).ToHttp(id => Results.Created($"/api/v1/me/report-in/registrations/{id}", new Created(id))))
            .Produces<Created>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("在职党员向居住地社区报到（一次只能向一个社区报到）；待社区确认");
        mine.MapPost("/registrations/{id:long}/end", async (long id, EndRegistration.Request request, ReportInServices s, CancellationToken ct) =>
                (await EndRegistration.ByMemberAsync(id, request, s, ct)).ToHttp(_ => Results.NoContent()))
            .Produces(StatusCodes.Status204NoContent).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("结束自己的报到（须写原因）");
        mine.MapPost("/activities/{id:long}/sign-up", async (long id, ReportInServices s, CancellationToken ct) =>
                (await SignUpForActivity.Handle(id, s, ct)).ToHttp(v => Results.Created($"/api/v1/me/report-in/activities/{id}", new Created(v))))
            .Produces<Created>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("报名社区活动（已报到的社区；截止前、名额内，同时报名最后一个名额只有一人成功）");
        mine.MapPost("/activities/{id:long}/sign-in", async (long id, ReportInServices s, CancellationToken ct) =>
                (await SignInAtActivity.Handle(id, s, ct)).ToHttp(v => Results.Created($"/api/v1/me/report-in/hours/{v}", new Created(v))))
            .Produces<Created>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("活动当天签到：按活动时间记入服务时长，待社区核实");
        mine.MapPost("/hours", async (ReportHours.Request request, ReportInServices s, CancellationToken ct) =>
                (await ReportHours.Handle(request, s, ct)).ToHttp(v => Results.Created($"/api/v1/me/report-in/hours/{v}", new Created(v))))
            .Produces<Created>(StatusCodes.Status201Created).ProducesValidationProblem()
            .WithSummary("报告自己的服务时长（已报到的社区，最近90天内，from/to 如 19:30）：待社区核实，工作时间以外的部分计为8小时外");

        var manage = app.MapGroup("/api/v1/report-in").WithTags("双报到").RequirePermission(Permission.ManageResidentServices);
        manage.MapPost("/registrations", async (Register.UnitRequest request, ReportInServices s, CancellationToken ct) =>
                (await Register.UnitAsync(request, s, ct)).ToHttp(id => Results.Created($"/api/v1/report-in/registrations/{id}", new Created(id))))
            .Produces<Created>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("单位党组织向所在社区报到（由书记办理）；待社区确认");
        manage.MapPost("/registrations/{id:long}/end", async (long id, EndRegistration.Request request, ReportInServices s, CancellationToken ct) =>
                (await EndRegistration.Handle(id, request, s, ct)).ToHttp(_ => Results.NoContent()))
            .Produces(StatusCodes.Status204NoContent).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("结束报到（须写原因）：报到的单位党组织或社区");
        manage.MapGet("/community", async (long? communityId, ReportInServices s, CancellationToken ct) =>
                (await CommunityReportIn.Handle(communityId, s, ct)).ToHttp(Results.Ok))
            .Produces<CommunityReportIn.Response>().ProducesValidationProblem().WithSummary("社区的报到（待确认的在前）、服务活动和待核实的服务时长");
        manage.MapPost("/registrations/{id:long}/decide", async (long id, DecideRegistration.Request request, ReportInServices s, CancellationToken ct) =>
                (await DecideRegistration.Handle(id, request, s, ct)).ToHttp(_ => Results.NoContent()))
            .Produces(StatusCodes.Status204NoContent).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("社区确认报到，或不同意（须写原因）");
        manage.MapPost("/activities", async (AddActivity.Request request, ReportInServices s, CancellationToken ct) =>
                (await AddActivity.Handle(request, s, ct)).ToHttp(id => Results.Created($"/api/v1/report-in/activities/{id}", new Created(id))))
            .Produces<Created>(StatusCodes.Status201Created).ProducesValidationProblem()
            .WithSummary("发布社区服务岗位或活动：时间（同一天内）、地点、名额、报名截止时间");
        manage.MapPost("/hours/{id:long}/verify", async (long id, VerifyHours.Request request, ReportInServices s, CancellationToken ct) =>
                (await VerifyHours.Handle(id, request, s, ct)).ToHttp(_ => Results.NoContent()))
            .Produces(StatusCodes.Status204NoContent).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("社区核实服务时长，或不通过（须写原因）；核实的时长记入党员的活动记录");
        manage.MapGet("/report", async (long? organizationId, int? year, int? quarter, ReportInServices s, CancellationToken ct) =>
                (await QuarterlyReport.Handle(organizationId, year, quarter, s, ct)).ToHttp(Results.Ok))
            .Produces<QuarterlyReport.Response>().ProducesValidationProblem()
            .WithSummary("季度报告（双报告）：本组织党员在社区的服务时长、8小时外时长、参加活动数和完成的心愿");
        manage.MapGet("/figures", async (long? organizationId, ReportInServices s, CancellationToken ct) =>
                (await ReportInFigures.Handle(organizationId, s, ct)).ToHttp(Results.Ok))
            .Produces<ReportInFigures.Response>().ProducesValidationProblem()
            .WithSummary("报到统计：本辖区各社区已报到的单位党组织数、在职党员数、待确认数和今年核实的服务时长");
    }
}
