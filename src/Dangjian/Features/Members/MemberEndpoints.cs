using Dangjian.Platform.Data;
using Dangjian.Platform.Http;
using Dangjian.Platform.PersonalData;
using Dangjian.Platform.Security;

namespace Dangjian.Features.Members;

public static class MemberEndpoints
{
    public static void MapMemberEndpoints(this IEndpointRouteBuilder app)
    {
        var read = app.MapGroup("/api/v1/members").WithTags("党员").RequirePermission(Permission.ViewMembers);
        var write = app.MapGroup("/api/v1/members").WithTags("党员").RequirePermission(Permission.ManageMembers);

        read.MapGet("/", async ([AsParameters] SearchMembers.Query query, AppDb db, Scope scope, CurrentUser user, PersonalDataProtector protector, CancellationToken ct) =>
                (await SearchMembers.Handle(query, db, scope, user, protector, ct)).ToHttp(Results.Ok))
            .Produces<SearchMembers.Response>().WithSummary("党员列表：按组织范围、类别、状态、标记筛选，按姓名、拼音、拼音首字母、身份证号后四位、电话搜索，分页排序");
        read.MapGet("/stats", async (long? organizationId, AppDb db, Scope scope, CurrentUser user, CancellationToken ct) =>
                (await MemberStats.Handle(organizationId, db, scope, user, ct)).ToHttp(Results.Ok))
            .Produces<MemberStats.Response>().WithSummary("党员按类别和党籍状态统计");
        read.MapGet("/{id:long}", async (long id, AppDb db, Scope scope, PersonalDataProtector protector, TimeProvider clock, CancellationToken ct) =>
                (await GetMember.Handle(id, db, scope, protector, clock, ct)).ToHttp(Results.Ok))
            .Produces<GetMember.Response>().WithSummary("党员详情（身份证号、电话已脱敏）");
        app.MapPost("/api/v1/members/{id:long}/call", async (long id, AppDb db, Scope scope, PersonalDataProtector protector, CancellationToken ct) =>
                (await CallMember.Handle(id, db, scope, protector, ct)).ToHttp(Results.Ok))
            .WithTags("党员").RequirePermission(Permission.CallMembers).Produces<CallMember.Response>().ProducesValidationProblem()
            .WithSummary("拨打党员电话：返回 tel: 地址供手机拨号，号码不在页面显示（记入审计日志）");
        app.MapPost("/api/v1/members/{id:long}/reveal", async (long id, AppDb db, Scope scope, PersonalDataProtector protector, CancellationToken ct) =>
                (await GetMember.Reveal(id, db, scope, protector, ct)).ToHttp(Results.Ok))
            .WithTags("党员").RequirePermission(Permission.RevealPersonalData).Produces<GetMember.Revealed>().WithSummary("查看完整身份证号和电话（记入审计日志）");
        write.MapPost("/", async (MemberInput input, AppDb db, Scope scope, PersonalDataProtector protector, TimeProvider clock, CancellationToken ct) =>
                (await CreateMember.Handle(input, db, scope, protector, clock, ct)).ToHttp(id => Results.Created($"/api/v1/members/{id}", new Created(id))))
            .Produces<Created>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status409Conflict).WithSummary("新增党员");
        write.MapPut("/{id:long}", async (long id, MemberInput input, int? version, AppDb db, Scope scope, PersonalDataProtector protector, TimeProvider clock, CancellationToken ct) =>
                (await UpdateMember.Handle(id, input, version, db, scope, protector, clock, ct)).ToHttp(_ => Results.NoContent()))
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status409Conflict).WithSummary("修改党员信息（version 为读取时的版本号，用于防止覆盖他人的修改）");
    }
}
