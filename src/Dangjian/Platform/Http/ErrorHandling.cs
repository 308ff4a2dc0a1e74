using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;

namespace Dangjian.Platform.Http;

/// <summary>Turns malformed requests into Chinese problem details naming the field, and hides server errors' details.</summary>
public static class ErrorHandling
{
    public static IServiceCollection AddDangjianProblemDetails(this IServiceCollection services) =>
        services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
        {
            c.ProblemDetails.Extensions.Remove("traceId");
            c.ProblemDetails.Title = c.ProblemDetails.Status switch
            {
                401 => "请先登录",
                403 => "没有权限",
                404 => c.ProblemDetails.Title ?? "未找到",
                500 => "服务器内部错误",
                _ => c.ProblemDetails.Title,
            };
        });

    public static void UseDangjianErrors(this WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            // A malformed request is the client's mistake, not a server error: keep it out of the error log.
            SuppressDiagnosticsCallback = c => c.Exception is BadHttpRequestException,
            StatusCodeSelector = e => e is BadHttpRequestException b ? b.StatusCode : StatusCodes.Status500InternalServerError,
            ExceptionHandler = async context =>
            {
                var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
                if (error is BadHttpRequestException bad)
                {
                    // A body that is not JSON, or a value of the wrong type: name the field in Chinese.
                    var field = (bad.InnerException as JsonException)?.Path?.TrimStart('$', '.') ?? "";
                    var message = bad.InnerException is JsonException
                        ? (field.Length > 0 ? $"字段“{field}”的类型或格式不正确" : "请求内容不是有效的JSON")
                        : "请求格式不正确";
                    context.Response.StatusCode = bad.StatusCode;
                    await TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field.Length > 0 ? field : "body"] = [message] },
                        title: "提交的数据有误").ExecuteAsync(context);
                    return;
                }
                context.Response.StatusCode = 500;
                await TypedResults.Problem(title: "服务器内部错误", detail: "请稍后重试；如果问题持续，请联系管理员。", statusCode: 500).ExecuteAsync(context);
            },
        });
        app.UseStatusCodePages();
    }
}
