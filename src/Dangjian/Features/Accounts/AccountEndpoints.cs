using Dangjian.Platform.Data;
using Dangjian.Platform.Http;
using Dangjian.Platform.Security;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;

namespace Dangjian.Features.Accounts;

public static class AccountEndpoints
{
    public sealed record TokenRequest(string? UserName, string? Password);

    /// <summary>The body of a 201 answer to an account creation: accounts have text ids.</summary>
    public sealed record CreatedAccount(string Id);

    public static void MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1").WithTags("账号");

        // Issues a bearer token (the framework's own format) for programs; the response body is written by the sign-in.
        group.MapPost("/auth/token", async (TokenRequest request, SignInManager<AppUser> signIn, AppDb db, CancellationToken ct) =>
            {
                if (string.IsNullOrWhiteSpace(request.UserName) || string.IsNullOrWhiteSpace(request.Password))
                {
                    return new FieldErrors().Add("userName", "请输入用户名和密码").ToProblem();
                }
                signIn.AuthenticationScheme = IdentityConstants.BearerScheme;
                var result = await signIn.PasswordSignInAsync(request.UserName, request.Password, isPersistent: false, lockoutOnFailure: true);
                if (result.Succeeded || result.IsLockedOut)
                {
                    await AccountUseCases.RecordSignInAsync(request.UserName, result.IsLockedOut, "访问令牌", db, ct);
                }
                if (result.IsLockedOut)
                {
                    return TypedResults.Problem(title: "账号已锁定", detail: "密码错误次数过多，账号已暂时锁定，请15分钟后再试", statusCode: StatusCodes.Status423Locked);
                }
                return result.Succeeded
                    ? TypedResults.Empty
                    : TypedResults.Problem(title: "登录失败", detail: "用户名或密码不正确", statusCode: StatusCodes.Status401Unauthorized);
            })
            .AllowAnonymous().Produces<AccessTokenResponse>().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status423Locked).WithSummary("用用户名和密码换取访问令牌（Bearer）");

        group.MapGet("/me", async (CurrentUser user, AppDb db, CancellationToken ct) =>
                await AccountUseCases.GetMe(user, db, ct) is { } me ? Results.Ok(me) : Results.Unauthorized())
            .RequireAuthorization().Produces<AccountUseCases.Me>().WithSummary("当前账号、所属组织和权限");
        group.MapPost("/me/password", async (AccountUseCases.ChangePasswordRequest request, CurrentUser user, UserManager<AppUser> users, CancellationToken ct) =>
                (await AccountUseCases.ChangePassword(request, user, users, ct)).ToHttp(_ => Results.NoContent()))
            .RequireAuthorization().Produces(StatusCodes.Status204NoContent).WithSummary("修改密码（首次登录必须修改）");
        group.MapGet("/accounts", async (Scope scope, AppDb db, CancellationToken ct) => Results.Ok(await AccountUseCases.List(scope, db, ct)))
            .RequirePermission(Permission.ManageAccounts).Produces<IReadOnlyList<AccountUseCases.AccountRow>>().WithSummary("本辖区的账号");
        group.MapPost("/accounts", async (AccountUseCases.CreateRequest request, CurrentUser user, Scope scope, AppDb db, UserManager<AppUser> users, CancellationToken ct) =>
                (await AccountUseCases.Create(request, user, scope, db, users, ct)).ToHttp(id => Results.Created($"/api/v1/accounts/{id}", new CreatedAccount(id))))
            .RequirePermission(Permission.ManageAccounts).Produces<CreatedAccount>(StatusCodes.Status201Created).WithSummary("创建账号（首次登录须修改密码）");
    }
}
