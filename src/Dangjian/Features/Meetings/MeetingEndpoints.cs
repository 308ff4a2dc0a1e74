using Dangjian.Platform.Data;
using Dangjian.Platform.Http;
using Dangjian.Platform.Rules;
using Dangjian.Platform.Security;

namespace Dangjian.Features.Meetings;

public static class MeetingEndpoints
{
    public static void MapMeetingEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/meetings").WithTags("组织生活").RequirePermission(Permission.ManageMeetings);
        group.MapGet("/", async (long? organizationId, MeetingKind? kind, MeetingStatus? status, DateOnly? from, DateOnly? to, int? page, int? pageSize,
                    AppDb db, Scope scope, CancellationToken ct) =>
                (await ListMeetings.Handle(organizationId, kind, status, from, to, page, pageSize, db, scope, ct)).ToHttp(Results.Ok))
            .Produces<Page<ListMeetings.Row>>().WithSummary("本辖区（或某组织及其下级）的会议，按时间倒序；可按类型、状态和日期（北京时间，含首尾）筛选");
        group.MapGet("/{id:long}", async (long id, AppDb db, Scope scope, CancellationToken ct) =>
                (await GetMeeting.Handle(id, db, scope, ct)).ToHttp(Results.Ok))
            .Produces<GetMeeting.Response>().WithSummary("一次会议：出席情况、记录、决议、表决人数和更正记录");
        group.MapPost("/", async (PlanMeeting.Request request, AppDb db, Scope scope, TimeProvider clock, CancellationToken ct) =>
                (await PlanMeeting.Handle(request, db, scope, clock, ct)).ToHttp(id => Results.Created($"/api/v1/meetings/{id}", new Created(id))))
            .Produces<Created>(StatusCodes.Status201Created)
            .WithSummary("计划（或补录）一次会议；应到人员默认按组织计算（党小组会为本小组党员，党总支党员大会为下属全部党员），也可指定 memberIds");
        group.MapPut("/{id:long}", async (long id, ChangeMeeting.Request request, AppDb db, Scope scope, TimeProvider clock, CancellationToken ct) =>
                (await ChangeMeeting.Handle(id, request, db, scope, clock, ct)).ToHttp(_ => Results.NoContent()))
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status409Conflict).WithSummary("修改尚未召开的会议");
        group.MapPost("/{id:long}/attendance", async (long id, RecordAttendance.Request request, AppDb db, Scope scope, TimeProvider clock, CancellationToken ct) =>
                (await RecordAttendance.Handle(id, request, db, scope, clock, ct)).ToHttp(_ => Results.NoContent()))
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("登记应到人员的出席情况（出席、迟到、病假、公假、事假、缺席；请假须写原因）");
        group.MapPut("/{id:long}/minutes", async (long id, WriteMinutes.Request request, AppDb db, Scope scope, CancellationToken ct) =>
                (await WriteMinutes.Handle(id, request, db, scope, ct)).ToHttp(_ => Results.NoContent()))
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status409Conflict).WithSummary("填写会议记录和决议（修改后须重新审定）");
        group.MapPost("/{id:long}/minutes/approve", async (long id, AppDb db, Scope scope, TimeProvider clock, CancellationToken ct) =>
                (await ApproveMinutes.Handle(id, db, scope, clock, ct)).ToHttp(_ => Results.NoContent()))
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status409Conflict).WithSummary("主持人审定会议记录");
        group.MapPost("/{id:long}/hold", async (long id, AppDb db, Scope scope, TimeProvider clock, CancellationToken ct) =>
                (await HoldMeeting.Handle(id, db, scope, clock, ct)).ToHttp(_ => Results.NoContent()))
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status409Conflict).WithSummary("登记会议已召开");
        group.MapPost("/{id:long}/close", async (long id, AppDb db, Scope scope, RuleBook rules, TimeProvider clock, CancellationToken ct) =>
                (await CloseMeeting.Handle(id, db, scope, rules, clock, ct)).ToHttp(_ => Results.NoContent()))
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("归档会议：出席情况登记完毕、记录已审定，作出决定的会议须达到法定人数（不足时拒绝并说明依据）");
        group.MapPost("/{id:long}/cancel", async (long id, CancelMeeting.Request request, AppDb db, Scope scope, TimeProvider clock, CancellationToken ct) =>
                (await CancelMeeting.Handle(id, request, db, scope, clock, ct)).ToHttp(_ => Results.NoContent()))
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status409Conflict).WithSummary("取消尚未召开的会议（须写原因）");
        group.MapPost("/{id:long}/attachments", async (long id, IFormFile? file, AppDb db, Scope scope, Platform.Attachments.AttachmentStore store, CancellationToken ct) =>
                {
                    await using var content = file?.OpenReadStream();
                    return (await MeetingAttachments.AddAsync(id, file?.FileName, content, db, scope, store, ct))
                        .ToHttp(a => Results.Created($"/api/v1/attachments/{a}", new Created(a)));
                })
            .DisableAntiforgery()
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(Platform.Attachments.AttachmentStore.MaxBytes + 64 * 1024))
            .Produces<Created>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary($"给未归档的会议添加照片或文件（表单字段 file，不超过10 MB；{Platform.Attachments.AttachmentStore.Allowed}；图片重新编码并生成缩略图）");
        group.MapDelete("/{id:long}/attachments/{attachmentId:long}", async (long id, long attachmentId, AppDb db, Scope scope, CancellationToken ct) =>
                (await MeetingAttachments.RemoveAsync(id, attachmentId, db, scope, ct)).ToHttp(_ => Results.NoContent()))
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("删除未归档会议的一个附件");
        group.MapPost("/{id:long}/notify", async (long id, AppDb db, Scope scope, Platform.Notifications.OutgoingSignal signal, TimeProvider clock, CancellationToken ct) =>
                (await NotifyMeeting.Handle(id, db, scope, signal, clock, ct)).ToHttp(Results.Ok))
            .Produces<NotifyMeeting.Response>().ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("向全部应到人员发送会议通知（本人的通知列表，并经短信等外发渠道发到档案中的手机）；可再次发送作为提醒。已通知后改时间地点或取消会另发通知");
        group.MapPost("/{id:long}/corrections", async (long id, AmendMeeting.Request request, AppDb db, Scope scope, RuleBook rules, TimeProvider clock, CancellationToken ct) =>
                (await AmendMeeting.Handle(id, request, db, scope, rules, clock, ct)).ToHttp(_ => Results.NoContent()))
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("更正已归档会议的主题、地点、记录、决议或某人的出席情况（须写原因，留痕）");
        group.MapGet("/compliance", async (long? organizationId, int? year, CurrentUser user, AppDb db, Scope scope, RuleBook rules, TimeProvider clock, CancellationToken ct) =>
                (await OrganizationCompliance.Handle(organizationId, year, user, db, scope, rules, clock, ct)).ToHttp(Results.Ok))
            .Produces<OrganizationCompliance.Response>()
            .WithSummary("某组织一年的组织生活落实情况：每类会议是否须召开（不须时说明原因）及各期已完成、待开、逾期或未到期");
    
        group.MapGet("/compliance/grid.xlsx", async Task<IResult> (long? organizationId, int? year, MeetingKind? kind, Organizations.OrganizationKind? organizationKind,
                    Organizations.UnitKind? unitKind, bool? requiredOnly, CurrentUser user, AppDb db, Scope scope, TimeProvider clock, CancellationToken ct) =>
            {
                var outcome = await ComplianceGrid.Handle(organizationId, year, kind, organizationKind, unitKind, requiredOnly ?? true, user, db, scope, clock, ct);
                return outcome.Value is { } grid
                    ? TypedResults.File(await ComplianceGridSheet.WriteAsync(grid, ct), ComplianceGridSheet.ContentType, ComplianceGridSheet.FileName(grid))
                    : outcome.ToHttp(_ => Results.Empty);
            })
            .Produces(StatusCodes.Status200OK, contentType: ComplianceGridSheet.ContentType)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("导出落实情况表（参数同 GET /api/v1/meetings/compliance/grid）：每个组织每月所在期的状态和逾期期数，以及各期落实率");

        group.MapGet("/compliance/summary", async (long? organizationId, int? year, CurrentUser user, AppDb db, Scope scope, TimeProvider clock, CancellationToken ct) =>
                (await ComplianceSummary.Handle(organizationId, year, user, db, scope, clock, ct)).ToHttp(Results.Ok))
            .Produces<ComplianceSummary.Response>()
            .WithSummary("一个地区一年的组织生活汇总：每类会议须召开的组织数，各期已开、未开的组织数和落实率（省、市与街道同样快）");

        group.MapGet("/compliance/grid", async (long? organizationId, int? year, MeetingKind? kind, Organizations.OrganizationKind? organizationKind,
                    Organizations.UnitKind? unitKind, bool? requiredOnly, CurrentUser user, AppDb db, Scope scope, TimeProvider clock, CancellationToken ct) =>
                (await ComplianceGrid.Handle(organizationId, year, kind, organizationKind, unitKind, requiredOnly ?? true, user, db, scope, clock, ct)).ToHttp(Results.Ok))
            .Produces<ComplianceGrid.Response>()
            .WithSummary("某类会议在一个组织及其下级中一年的落实情况：每个组织每月所在期的状态，以及各期须召开的组织数、已完成数和逾期数（下级组织超过2000个时须选下一级）");
    
        group.MapGet("/{id:long}/sign-in-code", async (long id, AppDb db, Scope scope, Platform.PersonalData.PersonalDataProtector protector, TimeProvider clock, CancellationToken ct) =>
                (await GetSignInCode.Handle(id, db, scope, protector, clock, ct)).ToHttp(Results.Ok))
            .Produces<GetSignInCode.Response>().ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("主持人出示的签到码（每30秒更换，复制的链接1分钟内失效；不含任何个人号码）");

        // A member's own part: the meetings that expect them, signing in with the host's code.
        var mine = app.MapGroup("/api/v1").WithTags("组织生活").RequirePermission(Permission.AttendMeetings);
        mine.MapPost("/meetings/{id:long}/sign-in", async (long id, SignInToMeeting.Request request, CurrentUser user, AppDb db, Platform.PersonalData.PersonalDataProtector protector,
                    TimeProvider clock, CancellationToken ct) =>
                (await SignInToMeeting.Handle(id, request, user, db, protector, clock, ct)).ToHttp(Results.Ok))
            .Produces<SignInToMeeting.Response>().ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("党员用手机扫码签到（须为应到人员、会议当天、二维码未过期；重复签到不改变首次签到时间）");
        mine.MapGet("/me/meetings", async (int? year, CurrentUser user, AppDb db, TimeProvider clock, CancellationToken ct) =>
                (await MyMeetings.Handle(year, user, db, clock, ct)).ToHttp(Results.Ok))
            .Produces<MyMeetings.Response>()
            .WithSummary("本人一年中应参加的会议、每次的出席情况和按会议类型的出勤记录");
    }
}
