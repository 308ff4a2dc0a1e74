using System.Security.Cryptography;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.StaticAssets;

namespace Dangjian.Platform.Security;

/// <summary>
/// What every response tells the browser: the content security policy (scripts and styles only from this site or
/// carrying this response's nonce, no inline handlers), no MIME sniffing, no framing, no referrer to other sites,
/// no camera or location; and no caching of anything the app computed (pages and API answers carry personal data).
/// </summary>
public static class BrowserDefences
{
    private const string NonceKey = "csp-nonce";

    /// <summary>This response's nonce, for the rare element that must be inline (the htmx configuration).</summary>
    public static string Nonce(this HttpContext context)
    {
        if (context.Items[NonceKey] is not string nonce)
        {
            nonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
            context.Items[NonceKey] = nonce;
        }
        return nonce;
    }

    /// <summary>A program's request: it names its bearer token, so no cookie speaks for it.</summary>
    public static bool UsesBearer(HttpRequest request) =>
        request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);

    public static void UseSecurityHeaders(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var nonce = context.Nonce();
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy =
                $"default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'nonce-{nonce}'; img-src 'self' data:; " +
                "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "same-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            // Static files (MapStaticAssets endpoints, which set their own Cache-Control) may be cached; everything
            // the app computes may carry personal data.
            if ((context.GetEndpoint() is { } endpoint && endpoint.Metadata.GetMetadata<StaticAssetDescriptor>() is null)
                || context.Request.Path.StartsWithSegments("/api"))
            {
                headers.CacheControl = "no-store";
                headers.Pragma = "no-cache";
            }
            return Task.CompletedTask;
        });
        await next();
    });

    /// <summary>
    /// An API write that the sign-in cookie authenticates must carry the antiforgery token in the
    /// <c>RequestVerificationToken</c> header, as the pages' htmx requests do; a form or text/plain POST from another
    /// site carries the cookie but cannot read the token. Programs use bearer tokens and are not affected
    /// (docs/adr/0006-api-writes-and-the-sign-in-cookie.md).
    /// </summary>
    public static void UseAntiforgeryForCookieApiWrites(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var request = context.Request;
        if (request.Path.StartsWithSegments("/api")
            && !HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method) && !HttpMethods.IsOptions(request.Method)
            && !UsesBearer(request)
            && context.User.Identity?.IsAuthenticated == true)
        {
            var antiforgery = context.RequestServices.GetRequiredService<IAntiforgery>();
            if (!await antiforgery.IsRequestValidAsync(context))
            {
                await TypedResults.Problem(title: "缺少防伪令牌",
                    detail: "以网页登录身份调用写操作接口时，须在请求头 RequestVerificationToken 中提供页面的防伪令牌；程序请使用访问令牌（Bearer）",
                    statusCode: StatusCodes.Status403Forbidden).ExecuteAsync(context);
                return;
            }
        }
        await next();
    });
}
