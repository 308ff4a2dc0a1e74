using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.WebUtilities;

namespace Dangjian.Platform.Http;

/// <summary>Turns malformed requests into Chinese problem details naming the field, and hides server errors' details.</summary>
public static partial class ErrorHandling
{
    public static IServiceCollection AddDangjianProblemDetails(this IServiceCollection services) =>
        services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
        {
            c.ProblemDetails.Extensions.Remove("traceId");
            var status = c.ProblemDetails.Status ?? c.HttpContext.Response.StatusCode;
            // Only the framework's English default is replaced: a title a use case chose ("登录失败", "必须先修改密码")
            // says more than the generic one. A server error never shows its own title.
            var title = c.ProblemDetails.Title;
            var generic = title is null || title == ReasonPhrases.GetReasonPhrase(status) || status >= 500;
            if (generic && ChineseTitle(status) is { } chinese)
            {
                c.ProblemDetails.Title = chinese;
            }
        });

    private static string? ChineseTitle(int status) => status switch
    {
        400 => "请求有误",
        401 => "请先登录",
        403 => "没有权限",
        404 => "未找到",
        405 => "不支持该请求方法",
        406 => "无法提供所要求的格式",
        409 => "操作冲突",
        413 => "请求内容过大",
        415 => "不支持的内容类型",
        >= 500 => "服务器内部错误",
        _ => null,
    };

    /// <summary>What the caller can do about a refusal the framework answered with a bare status code.</summary>
    private static string? ChineseDetail(int status, HttpRequest request) => status switch
    {
        400 => "请求格式不正确",
        401 => "请先登录，或在请求头 Authorization 中提供有效的访问令牌",
        403 => "您的账号没有执行该操作的权限",
        404 => "请求的地址不存在",
        405 => $"该地址不支持 {request.Method} 请求",
        406 => "接口以JSON返回，请在请求头 Accept 中接受 application/json",
        413 => "请求内容超过允许的大小",
        415 => "请求的内容类型不受支持：上传文件请用 multipart/form-data 表单，其他请求请用 application/json",
        >= 500 => "请稍后重试；如果问题持续，请联系管理员。",
        _ => null,
    };

    public static void UseDangjianErrors(this WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            // A malformed request is the client's mistake, not a server error: keep it out of the error log.
            // A write refused because a subtree move changed the path it copied is a race the database settled (409).
            SuppressDiagnosticsCallback = c => c.Exception is BadHttpRequestException or Data.PathMovedException,
            StatusCodeSelector = e => e switch
            {
                BadHttpRequestException b => b.StatusCode,
                Data.PathMovedException => StatusCodes.Status409Conflict,
                _ => StatusCodes.Status500InternalServerError,
            },
            ExceptionHandler = async context =>
            {
                var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
                if (error is BadHttpRequestException bad)
                {
                    var (field, message) = Describe(bad);
                    context.Response.StatusCode = bad.StatusCode;
                    await TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] },
                        title: "提交的数据有误").ExecuteAsync(context);
                    return;
                }
                if (error is Data.PathMovedException)
                {
                    context.Response.StatusCode = StatusCodes.Status409Conflict;
                    await Problems.Conflict(Data.PathMovedException.Reason).ExecuteAsync(context);
                    return;
                }
                context.Response.StatusCode = 500;
                if (WantsPage(context.Request))
                {
                    await WritePageAsync(context, 500);
                    return;
                }
                await TypedResults.Problem(title: "服务器内部错误", detail: "请稍后重试；如果问题持续，请联系管理员。", statusCode: 500).ExecuteAsync(context);
            },
        });
        // A status the framework set without a body (unknown route, wrong method or content type, not signed in):
        // a Chinese page for a browser, otherwise problem details in Chinese. The framework's own fallback, for a
        // client whose Accept header does not name JSON, is English plain text ("Status Code: 415; Unsupported Media Type").
        app.UseStatusCodePages(context =>
        {
            var http = context.HttpContext;
            var status = http.Response.StatusCode;
            if (WantsPage(http.Request))
            {
                return WritePageAsync(http, status);
            }
            return TypedResults.Problem(title: ChineseTitle(status), detail: ChineseDetail(status, http.Request), statusCode: status)
                .ExecuteAsync(http);
        });
    }

    /// <summary>
    /// A browser opening an address of the site (it asks for text/html) gets a page; the API under /api always
    /// answers problem details, whatever the Accept header, because its callers are programs.
    /// </summary>
    private static bool WantsPage(HttpRequest request) =>
        !request.Path.StartsWithSegments("/api")
        && request.Headers.Accept.Any(a => a is not null && a.Contains("text/html", StringComparison.OrdinalIgnoreCase));

    private static (string Title, string Detail) PageText(int status) => status switch
    {
        404 => ("页面不存在", "您要打开的页面不存在，可能是地址有误，或该页面已被删除。"),
        403 => ("没有权限", "您的账号没有访问该页面的权限。如需开通，请联系上级党组织的管理员。"),
        401 => ("请先登录", "请先登录后再访问该页面。"),
        >= 500 => ("服务器内部错误", "服务器暂时无法完成您的请求，请稍后重试；如果问题持续，请联系管理员。"),
        _ => (ChineseTitle(status) ?? "请求未能完成", ChineseDetail(status, new DefaultHttpContext().Request) ?? "请返回首页后重试。"),
    };

    // Chinese stays readable in the page source; only markup characters are escaped.
    private static readonly System.Text.Encodings.Web.HtmlEncoder PageEncoder =
        System.Text.Encodings.Web.HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    /// <summary>A plain page in the site's look, with no script, so that it needs nothing of the app that failed.</summary>
    private static Task WritePageAsync(HttpContext http, int status)
    {
        var (title, detail) = PageText(status);
        var encode = PageEncoder;
        http.Response.StatusCode = status;
        http.Response.ContentType = "text/html; charset=utf-8";
        return http.Response.WriteAsync($$"""
            <!DOCTYPE html>
            <html lang="zh-CN">
            <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>{{encode.Encode(title)}} - 党建工作平台</title>
                <link rel="stylesheet" href="/lib/bootstrap/bootstrap.min.css">
                <link rel="stylesheet" href="/css/site.css">
            </head>
            <body>
            <header class="navbar navbar-dark app-bar"><div class="container-xl"><a class="navbar-brand fw-bold" href="/">党建工作平台</a></div></header>
            <main class="container-xl py-4">
                <div class="alert alert-warning fs-5" role="alert" data-status="{{status}}">
                    <h1 class="h4">{{encode.Encode(title)}}</h1>
                    <p class="mb-2">{{encode.Encode(detail)}}</p>
                    <a class="btn btn-outline-dark" href="/">返回首页</a>
                </div>
            </main>
            </body>
            </html>
            """, http.RequestAborted);
    }

    /// <summary>
    /// Names the field of a malformed request in Chinese: a JSON value of the wrong type by its JSON path, a query or
    /// route value that does not parse by its parameter name, anything else (no body, not JSON) as "body".
    /// </summary>
    public static (string Field, string Message) Describe(BadHttpRequestException bad)
    {
        if (bad.InnerException is JsonException json)
        {
            var path = json.Path?.TrimStart('$', '.') ?? "";
            return path.Length > 0 ? (path, $"字段“{path}”的类型或格式不正确") : ("body", "请求内容不是有效的JSON");
        }
        // The framework's wording (RequestDelegateFactory): Failed to bind parameter "int Page" from "abc".
        var unparsed = UnparsedParameter().Match(bad.Message);
        if (unparsed.Success)
        {
            var name = unparsed.Groups["name"].Value;
            var field = char.ToLowerInvariant(name[0]) + name[1..];
            return (field, $"参数“{field}”的取值无效");
        }
        return ("body", "请求格式不正确");
    }

    [System.Text.RegularExpressions.GeneratedRegex("^Failed to bind parameter \"[^\"]* (?<name>[A-Za-z_][A-Za-z0-9_]*)\" from ")]
    private static partial System.Text.RegularExpressions.Regex UnparsedParameter();
}
