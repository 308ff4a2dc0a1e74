using Dangjian.Features.Jobs;
using Dangjian.Platform.Data;
using Dangjian.Platform.Http;
using Dangjian.Platform.Jobs;
using Dangjian.Platform.Rules;
using Dangjian.Platform.Security;
using Microsoft.Extensions.Options;

namespace Dangjian.Features.Organizations;

public static class OrganizationEndpoints
{
    public static void MapOrganizationEndpoints(this IEndpointRouteBuilder app)
    {
        var read = app.MapGroup("/api/v1/organizations").WithTags("党组织").RequirePermission(Permission.ViewOrganizations);
        var write = app.MapGroup("/api/v1/organizations").WithTags("党组织").RequirePermission(Permission.ManageOrganizations);

        read.MapGet("/", async (long? parentId, AppDb db, Scope scope, CancellationToken ct) =>
                await ListOrganizations.Children(parentId, db, scope, ct) is { } nodes ? Results.Ok(nodes) : Platform.Http.Problems.NotFound("党组织"))
            .Produces<IReadOnlyList<ListOrganizations.Node>>().WithSummary("组织树的一层：不带 parentId 时为本人所在组织");
        read.MapGet("/directory", async (string? q, AppDb db, CancellationToken ct) => Results.Ok(await ListOrganizations.Directory(q, db, ct)))
            .Produces<IReadOnlyList<ListOrganizations.DirectoryEntry>>().WithSummary("按名称查找全系统的党组织（仅名称），用于选择组织关系转入单位");
        read.MapGet("/search", async (string? q, long? parentId, bool? includePartyGroups, AppDb db, Scope scope, CancellationToken ct) =>
                await SearchOrganizations.Handle(q, parentId, includePartyGroups ?? false, db, scope, ct) is { } found
                    ? Results.Ok(found) : Platform.Http.Problems.NotFound("党组织"))
            .Produces<SearchOrganizations.Response>()
            .WithSummary("组织选择：在本辖区内按名称或拼音首字母查找（q），或列出某组织及其直接下级（parentId，不带时为本人所在组织）");
        read.MapGet("/{id:long}", async (long id, AppDb db, Scope scope, RuleBook rules, CancellationToken ct) =>
                (await GetOrganization.Handle(id, db, scope, rules, ct)).ToHttp(Results.Ok))
            .Produces<GetOrganization.Response>().WithSummary("党组织详情：下级、党员数、结构预警");
        write.MapPost("/", async (CreateOrganization.Request request, AppDb db, Scope scope, TimeProvider clock, CancellationToken ct) =>
                (await CreateOrganization.Handle(request, db, scope, clock, ct)).ToHttp(id => Results.Created($"/api/v1/organizations/{id}", new Created(id))))
            .Produces<Created>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status409Conflict).WithSummary("新建党组织");
        write.MapPut("/{id:long}", async (long id, UpdateOrganization.Request request, AppDb db, Scope scope, CancellationToken ct) =>
                (await UpdateOrganization.Handle(id, request, db, scope, ct)).ToHttp(_ => Results.NoContent()))
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status409Conflict).WithSummary("修改党组织名称、类别、所在单位、支委会人数");
        write.MapPut("/{id:long}/contact", async (long id, SetOrganizationContact.Request request, AppDb db, Scope scope, CancellationToken ct) =>
                (await SetOrganizationContact.Handle(id, request, db, scope, ct)).ToHttp(_ => Results.NoContent()))
            .Produces(StatusCodes.Status204NoContent).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("设置党组织（党群服务中心）的办公电话和地址，居民在首页看到");
        write.MapPost("/{id:long}/move", async (long id, MoveOrganization.Request request, AppDb db, Scope scope, JobQueue jobs,
                IOptions<MoveOptions> options, IEnumerable<JobKind> kinds, CancellationToken ct) =>
                (await MoveOrganization.StartAsync(id, request, db, scope, jobs, options.Value, ct)).ToHttp(started => started.Job is { } job
                    ? TypedResults.Accepted($"/api/v1/jobs/{job.Id}", JobView.Of(job, kinds))
                    : Results.NoContent()))
            .Produces(StatusCodes.Status204NoContent).Produces<JobView.Response>(StatusCodes.Status202Accepted)
            .WithSummary("把党组织连同全部下级移到新的上级之下")
            .WithDescription("下级党员不多时当场移动，返回 204；党员较多（如整个县区）时在后台任务中移动，返回 202 和任务（Location 为任务地址，"
                + "进度见 GET /api/v1/jobs/{id}）。无论哪种方式，移动都在一个事务中完成：提交之前，其他人看到的始终是移动前的组织树。");
        write.MapPost("/{id:long}/dissolve", async (long id, AppDb db, Scope scope, TimeProvider clock, CancellationToken ct) =>
                (await DissolveOrganization.Handle(id, db, scope, clock, ct)).ToHttp(_ => Results.NoContent()))
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status409Conflict).WithSummary("撤销党组织（仅限没有下级和党员的组织）");
        write.MapPost("/{id:long}/part-time-committee-members", async (long id, AddPartTimeCommitteeMember.Request request, AppDb db, Scope scope, CancellationToken ct) =>
                (await AddPartTimeCommitteeMember.Handle(id, request, db, scope, ct)).ToHttp(x => Results.Created($"/api/v1/organizations/{id}", new Created(x))))
            .Produces<Created>(StatusCodes.Status201Created).WithSummary("登记驻区单位负责人担任兼职委员");

        var units = app.MapGroup("/api/v1/units").WithTags("单位").RequirePermission(Permission.ViewOrganizations);
        units.MapGet("/", async (UnitKind? kind, bool? covered, long? organizationId, int? page, int? pageSize, AppDb db, Scope scope, CancellationToken ct) =>
                (await ListUnits.Handle(kind, covered, organizationId, page, pageSize, db, scope, ct)).ToHttp(Results.Ok))
            .RequirePermission(Permission.ViewOrganizations).Produces<Page<ListUnits.View>>().WithSummary("本辖区（或所给党组织辖区）的单位，含未建组织、无党员的单位（分页）");
        units.MapGet("/coverage", async (long? organizationId, AppDb db, Scope scope, CurrentUser user, CancellationToken ct) =>
                (await UnitCoverage.Handle(organizationId, db, scope, user, ct)).ToHttp(Results.Ok))
            .RequirePermission(Permission.ViewOrganizations).Produces<UnitCoverage.Report>().WithSummary("党组织覆盖情况统计：按单位类别、规模以上与以下");
        units.MapGet("/{id:long}", async (long id, AppDb db, Scope scope, CancellationToken ct) =>
                (await GetUnit.Handle(id, db, scope, ct)).ToHttp(Results.Ok))
            .RequirePermission(Permission.ViewOrganizations).Produces<ListUnits.View>().WithSummary("单位详情");
        units.MapPost("/", async (CreateUnit.Request request, AppDb db, Scope scope, CancellationToken ct) =>
                (await CreateUnit.Handle(request, db, scope, ct)).ToHttp(id => Results.Created($"/api/v1/units/{id}", new Created(id))))
            .RequirePermission(Permission.ManageOrganizations).Produces<Created>(StatusCodes.Status201Created).WithSummary("登记单位");
        units.MapPost("/{id:long}/instructors", async (long id, AssignInstructor.Request request, AppDb db, Scope scope, TimeProvider clock, CancellationToken ct) =>
                (await AssignInstructor.Handle(id, request, db, scope, clock, ct)).ToHttp(x => Results.Created($"/api/v1/units/{id}", new Created(x))))
            .RequirePermission(Permission.ManageOrganizations).Produces<Created>(StatusCodes.Status201Created).WithSummary("选派党建指导员");
    }
}
