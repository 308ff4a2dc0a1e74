using Dangjian.Platform.Data;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;

namespace Dangjian.Platform.Security;

public static class AuthSetup
{
    public const string SmartScheme = "cookie-or-bearer";

    public static IServiceCollection AddDangjianAuth(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddHttpContextAccessor();
        services.AddScoped<CurrentUser>();
        services.AddScoped<Scope>();
        services.AddSingleton<SignInThrottle>();
        services.AddSingleton<BearerTokens>();

        services.AddAuthentication(o =>
            {
                o.DefaultScheme = SmartScheme;
                o.DefaultChallengeScheme = SmartScheme;
            })
            // Programs send "Authorization: Bearer …"; browsers carry the sign-in cookie.
            .AddPolicyScheme(SmartScheme, "Cookie or bearer", o => o.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? IdentityConstants.BearerScheme
                    : IdentityConstants.ApplicationScheme)
            .AddBearerToken(IdentityConstants.BearerScheme, o => o.BearerTokenExpiration = TimeSpan.FromHours(1))
            .AddIdentityCookies();

        // Every cookie the app sets is Secure when the page came over HTTPS.
        services.AddAntiforgery(o => o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
        services.Configure<Microsoft.AspNetCore.Mvc.CookieTempDataProviderOptions>(o => o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/Account/SignIn";
            o.AccessDeniedPath = "/Account/Denied";
            o.Cookie.Name = "dangjian";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            // Secure whenever the page came over HTTPS (behind a proxy, forward the scheme so that it does).
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            // Idle sign-out: a shared office computer must not stay signed in.
            o.ExpireTimeSpan = TimeSpan.FromMinutes(configuration.GetValue("Auth:IdleMinutes", 20));
            o.SlidingExpiration = true;
            o.Events.OnRedirectToLogin = c => ApiOr(c.HttpContext, c.RedirectUri, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = c => ApiOr(c.HttpContext, c.RedirectUri, StatusCodes.Status403Forbidden);
        });

        services.AddIdentityCore<AppUser>(o =>
            {
                o.Password.RequiredLength = 10;
                o.Password.RequireDigit = true;
                o.Password.RequireLowercase = true;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequiredUniqueChars = 5;
                o.Lockout.MaxFailedAccessAttempts = configuration.GetValue("Auth:MaxFailedAttempts", 5);
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Lockout.AllowedForNewUsers = true;
                o.User.RequireUniqueEmail = false;
            })
            .AddEntityFrameworkStores<AppDb>()
            .AddSignInManager()
            .AddDefaultTokenProviders()
            .AddErrorDescriber<ChineseIdentityErrors>()
            .AddPasswordValidator<PasswordRules>();

        services.AddSingleton<IAuthorizationHandler, PermissionHandler>();
        services.AddSingleton<IAuthorizationHandler, UndeclaredRouteHandler>();
        services.AddAuthorization(o =>
        {
            // A route or page that declares neither a permission, nor "any signed-in account", nor anonymous access
            // is closed to everyone: forgetting the declaration must never open a route.
            o.FallbackPolicy = new AuthorizationPolicyBuilder().AddRequirements(new UndeclaredRouteRequirement()).Build();
            foreach (var permission in Enum.GetValues<Permission>())
            {
                o.AddPolicy(PermissionCatalog.PolicyName(permission), p => p.RequireAuthenticatedUser().AddRequirements(new PermissionRequirement(permission)));
            }
        });
        return services;
    }

    private static Task ApiOr(HttpContext context, string redirectUri, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }
        context.Response.Redirect(redirectUri);
        return Task.CompletedTask;
    }

    public static TBuilder RequirePermission<TBuilder>(this TBuilder builder, Permission permission)
        where TBuilder : IEndpointConventionBuilder => builder.RequireAuthorization(PermissionCatalog.PolicyName(permission));
}

public sealed record PermissionRequirement(Permission Permission) : IAuthorizationRequirement;

/// <summary>Grants a permission when the account's role holds it and the account need not change its password first.</summary>
public sealed class PermissionHandler : AuthorizationHandler<PermissionRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, PermissionRequirement requirement)
    {
        var http = context.Resource as HttpContext ?? (context.Resource as Microsoft.AspNetCore.Mvc.Filters.AuthorizationFilterContext)?.HttpContext;
        if (http is null)
        {
            return;
        }
        var account = await http.RequestServices.GetRequiredService<CurrentUser>().GetAsync(http.RequestAborted);
        if (account is not null && account.Can(requirement.Permission))
        {
            context.Succeed(requirement);
        }
    }
}

/// <summary>The fallback for routes that declare no access rule: no permission satisfies it.</summary>
public sealed record UndeclaredRouteRequirement : IAuthorizationRequirement;

/// <summary>
/// Refuses every route that reaches it, so that an undeclared route answers 401 (anonymous) or 403 (signed in). A
/// request that matched no route passes, to be answered 404 like any unknown address (or 405 by the framework's own
/// rejection endpoint, which is not a route).
/// </summary>
public sealed class UndeclaredRouteHandler : AuthorizationHandler<UndeclaredRouteRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, UndeclaredRouteRequirement requirement)
    {
        if (context.Resource is HttpContext http && http.GetEndpoint() is not RouteEndpoint)
        {
            context.Succeed(requirement);
        }
        return Task.CompletedTask;
    }
}

/// <summary>Identity's messages in Chinese.</summary>
public sealed class ChineseIdentityErrors : IdentityErrorDescriber
{
    public override IdentityError PasswordTooShort(int length) => new() { Code = nameof(PasswordTooShort), Description = $"密码至少需要{length}个字符" };
    public override IdentityError PasswordRequiresDigit() => new() { Code = nameof(PasswordRequiresDigit), Description = "密码必须包含数字" };
    public override IdentityError PasswordRequiresLower() => new() { Code = nameof(PasswordRequiresLower), Description = "密码必须包含小写字母" };
    public override IdentityError PasswordRequiresUniqueChars(int uniqueChars) => new() { Code = nameof(PasswordRequiresUniqueChars), Description = $"密码至少需要{uniqueChars}个不同的字符" };
    public override IdentityError PasswordMismatch() => new() { Code = nameof(PasswordMismatch), Description = "原密码不正确" };
    public override IdentityError DuplicateUserName(string userName) => new() { Code = nameof(DuplicateUserName), Description = $"用户名“{userName}”已被使用" };
    public override IdentityError InvalidUserName(string? userName) => new() { Code = nameof(InvalidUserName), Description = "用户名只能包含字母、数字和 . _ - @" };
}
