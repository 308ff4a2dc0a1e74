namespace Dangjian.Platform.Security;

/// <summary>
/// An account made by an administrator must choose its own password before anything else: pages redirect to the
/// change-password page, API calls answer 403 with the reason.
/// </summary>
public static class MustChangePassword
{
    public static void UseMustChangePassword(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var path = context.Request.Path;
        if (context.User.Identity?.IsAuthenticated == true
            && !path.StartsWithSegments("/Account")
            && !path.StartsWithSegments("/api/v1/me")
            && !path.StartsWithSegments("/api/v1/auth")
            && !path.StartsWithSegments("/lib")
            && !path.StartsWithSegments("/css")
            && await context.RequestServices.GetRequiredService<CurrentUser>().GetAsync(context.RequestAborted) is { MustChangePassword: true })
        {
            if (path.StartsWithSegments("/api"))
            {
                await TypedResults.Problem(title: "必须先修改密码", detail: "首次登录须先修改初始密码（POST /api/v1/me/password）",
                    statusCode: StatusCodes.Status403Forbidden).ExecuteAsync(context);
                return;
            }
            context.Response.Redirect("/Account/ChangePassword");
            return;
        }
        await next();
    });
}
