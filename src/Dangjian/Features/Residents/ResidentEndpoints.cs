using Dangjian.Platform.Data;
using Dangjian.Platform.Http;
using Dangjian.Platform.Notifications;
using Dangjian.Platform.PersonalData;
using Dangjian.Platform.Security;
using Microsoft.AspNetCore.Identity;

namespace Dangjian.Features.Residents;

public static class ResidentEndpoints
{
    public static void MapResidentEndpoints(this IEndpointRouteBuilder app)
    {
        var open = app.MapGroup("/api/v1/public").WithTags("居民").AllowAnonymous();
        open.MapGet("/communities", async (string? q, AppDb db, CancellationToken ct) => Results.Ok(await Communities.SearchAsync(q, db, ct)))
            .Produces<IReadOnlyList<Communities.Choice>>().WithSummary("按名称查找社区（村），供居民注册时选择（最多20个）");
        open.MapPost("/residents/verification", async (SendVerificationCode.Request request, AppDb db, PersonalDataProtector protector, IOutgoingChannel channel,
                    CancellationToken ct) => (await SendVerificationCode.Handle(request, db, protector, channel, ct)).ToHttp(r => Results.Accepted(null, r)))
            .Produces<SendVerificationCode.Response>(StatusCodes.Status202Accepted).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("居民注册第一步：向手机发送6位验证码（10分钟内有效；每个号码每分钟1次、每天最多5次）");
        open.MapPost("/residents", async (RegisterResident.Request request, AppDb db, PersonalDataProtector protector, UserManager<AppUser> users, CancellationToken ct) =>
                (await RegisterResident.Handle(request, db, protector, users, ct)).ToHttp(r => Results.Created("/api/v1/me/resident", new Created(r.ResidentId))))
            .Produces<Created>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("居民注册第二步：验证码、姓名、登录密码、所在社区（村）；此后用手机号和密码登录");

        app.MapGet("/api/v1/me/resident", async (CurrentUser user, AppDb db, PersonalDataProtector protector, CancellationToken ct) =>
                (await MyResident.Handle(user, db, protector, ct)).ToHttp(Results.Ok))
            .WithTags("居民").RequirePermission(Permission.UseResidentServices).Produces<MyResident.Response>().WithSummary("我的居民信息（手机号脱敏）");

        var serve = app.MapGroup("/api/v1/residents").WithTags("居民").RequirePermission(Permission.ServeResidents);
        serve.MapGet("/", async (string? q, long? communityId, CurrentUser user, AppDb db, Scope scope, PersonalDataProtector protector, CancellationToken ct) =>
                (await ListResidents.Handle(q, communityId, user, db, scope, protector, ct)).ToHttp(Results.Ok))
            .Produces<IReadOnlyList<ListResidents.Row>>().WithSummary("我服务的社区的居民（按姓名或完整手机号查找，最多50人；手机号脱敏）");
        serve.MapPost("/", async (EnterResident.Request request, CurrentUser user, AppDb db, Scope scope, PersonalDataProtector protector, CancellationToken ct) =>
                (await EnterResident.Handle(request, user, db, scope, protector, ct)).ToHttp(id => Results.Created($"/api/v1/residents/{id}", new Created(id))))
            .Produces<Created>(StatusCodes.Status201Created).ProducesValidationProblem()
            .WithSummary("代居民登记（没有智能手机的老人等）：姓名、手机号（可不填）、所在社区（村）");
    }
}
