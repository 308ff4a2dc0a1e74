using Dangjian.Platform.Data;
using Dangjian.Platform.Http;
using Dangjian.Platform.Security;
using Microsoft.AspNetCore.Identity;

namespace Dangjian.Features.Accounts;

public static class AccountEndpoints
{
    /// <summary>The body of a 201 answer to an account creation: accounts have text ids.</summary>
    public sealed record CreatedAccount(string Id);

    public static void MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1").WithTags("账号");

        // Issues a bearer token (the framework's own format, one hour, no refresh token: sign in again when it expires).
        group.MapPost("/auth/token", async (SignIn.Request request, HttpContext http, UserManager<AppUser> users, SignInManager<AppUser> signIn,
                SignInThrottle throttle, BearerTokens tokens, AppDb db, IConfiguration configuration, Platform.PersonalData.PersonalDataProtector protector,
                CancellationToken ct) =>
            {
                var result = await SignIn.Handle(request, "访问令牌", http.Connection.RemoteIpAddress, users, throttle, db, protector, ct);
                switch (result.Status)
                {
                    case SignIn.Status.Missing:
                        return new FieldErrors().Add("userName", "请输入用户名和密码").ToProblem();
                    case SignIn.Status.Throttled:
                        http.Response.Headers.RetryAfter = ((int)SignInThrottle.Window(configuration).TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
                        return TypedResults.Problem(title: "请求过于频繁", detail: SignIn.ThrottledMessage, statusCode: StatusCodes.Status429TooManyRequests);
                    case SignIn.Status.LockedOut:
                        return TypedResults.Problem(title: "账号已锁定", detail: SignIn.LockedMessage, statusCode: StatusCodes.Status423Locked);
                    case SignIn.Status.Disabled:
                        return TypedResults.Problem(title: "账号已停用", detail: SignIn.DisabledMessage, statusCode: StatusCodes.Status403Forbidden);
                    case SignIn.Status.Failed:
                        return TypedResults.Problem(title: "登录失败", detail: SignIn.FailedMessage, statusCode: StatusCodes.Status401Unauthorized);
                    default:
                        return TypedResults.Ok(tokens.Issue(await signIn.CreateUserPrincipalAsync(result.Account!)));
                }
            })
            .AllowAnonymous().Produces<BearerTokens.TokenResponse>().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status423Locked).ProducesProblem(StatusCodes.Status429TooManyRequests)
            .WithSummary("用用户名和密码换取访问令牌（Bearer，1小时有效，不发刷新令牌）");
        group.MapPost("/auth/sign-out", async (CurrentUser user, UserManager<AppUser> users, AppDb db, CancellationToken ct) =>
            {
                await SignOutEverywhere.Handle(user, users, db, "访问令牌", ct);
                return Results.NoContent();
            })
            .RequireAuthorization().Produces(StatusCodes.Status204NoContent).WithSummary("退出登录：本账号的全部访问令牌和网页会话立即失效");

        group.MapGet("/me", async (CurrentUser user, AppDb db, CancellationToken ct) =>
                await GetMe.Handle(user, db, ct) is { } me ? Results.Ok(me) : Results.Unauthorized())
            .RequireAuthorization().Produces<GetMe.Me>().WithSummary("当前账号、所属组织和权限");
        group.MapPost("/me/password", async (ChangePassword.Request request, CurrentUser user, UserManager<AppUser> users, CancellationToken ct) =>
                (await ChangePassword.Handle(request, user, users, ct)).ToHttp(_ => Results.NoContent()))
            .RequireAuthorization().Produces(StatusCodes.Status204NoContent).WithSummary("修改密码（首次登录必须修改）；本账号已有的访问令牌和网页会话随之失效，请重新登录");
        group.MapGet("/accounts", async (int? page, int? pageSize, Scope scope, AppDb db, TimeProvider clock, CancellationToken ct) =>
                (await ListAccounts.Handle(page, pageSize, scope, db, clock, ct)).ToHttp(Results.Ok))
            .RequirePermission(Permission.ManageAccounts).Produces<Page<ListAccounts.Row>>().WithSummary("本辖区的账号（分页）");
        group.MapPost("/accounts", async (CreateAccount.Request request, CurrentUser user, Scope scope, AppDb db, UserManager<AppUser> users, CancellationToken ct) =>
                (await CreateAccount.Handle(request, user, scope, db, users, ct)).ToHttp(id => Results.Created($"/api/v1/accounts/{id}", new CreatedAccount(id))))
            .RequirePermission(Permission.ManageAccounts).Produces<CreatedAccount>(StatusCodes.Status201Created).WithSummary("创建账号（首次登录须修改密码）");
        group.MapPut("/accounts/{id}", async (string id, ChangeAccount.Request request, CurrentUser user, Scope scope, AppDb db, UserManager<AppUser> users, CancellationToken ct) =>
                (await ChangeAccount.Handle(id, request, user, scope, db, users, ct)).ToHttp(_ => Results.NoContent()))
            .RequirePermission(Permission.ManageAccounts).Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("修改账号的角色、所属党组织或停用状态；该账号已登录的会话全部失效");
        group.MapPost("/accounts/{id}/unlock", async (string id, CurrentUser user, Scope scope, AppDb db, UserManager<AppUser> users, TimeProvider clock, CancellationToken ct) =>
                (await UnlockAccount.Handle(id, user, scope, db, users, clock, ct)).ToHttp(_ => Results.NoContent()))
            .RequirePermission(Permission.ManageAccounts).Produces(StatusCodes.Status204NoContent).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("解除因多次密码错误造成的锁定（已停用的账号须先启用）");
        group.MapPost("/accounts/{id}/password-reset", async (string id, CurrentUser user, Scope scope, AppDb db, UserManager<AppUser> users, CancellationToken ct) =>
                (await ResetPassword.Handle(id, user, scope, db, users, ct)).ToHttp(Results.Ok))
            .RequirePermission(Permission.ManageAccounts).Produces<ResetPassword.Response>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("重置密码：返回一次性密码（只显示这一次），该账号下次登录须修改，已登录的会话全部失效");
    }
}
