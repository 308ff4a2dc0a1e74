using Microsoft.Net.Http.Headers;

namespace Dangjian.Platform.Http;

/// <summary>How the files of wwwroot are served beside MapStaticAssets (Program.cs, ARCHITECTURE.md "Pages").</summary>
public static class StaticFiles
{
    /// <summary>The framework's setting: re-read files of wwwroot that changed after the build (on in Development).</summary>
    public const string ReloadSetting = "ReloadStaticAssetsAtRuntime";

    /// <summary>
    /// While the framework re-reads edited files, a browser is offered gzip only. Its development handler sends an
    /// edited file as an uncompressed gzip stream, also when the endpoint chosen was the Brotli copy, whose
    /// <c>Content-Encoding: br</c> stays: the browser cannot decode it. On ASP.NET Core 10.0.12 it took every file for
    /// edited (it compares modification times to the second with sub-second ones), so every Brotli answer in Development
    /// was broken. Without <c>br</c> in the request the gzip endpoint is chosen, which decodes. Hosts with the setting
    /// off (appsettings.json: tests, production) are unaffected.
    /// </summary>
    public static void UseGzipOnlyWhileFilesReload(this WebApplication app)
    {
        if (!app.Configuration.GetValue<bool>(ReloadSetting))
        {
            return;
        }
        app.Use((context, next) =>
        {
            var headers = context.Request.Headers;
            if (headers.AcceptEncoding.Count > 0)
            {
                var kept = headers.AcceptEncoding.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                    .Where(e => !e.Split(';', 2)[0].Trim().Equals("br", StringComparison.OrdinalIgnoreCase));
                headers[HeaderNames.AcceptEncoding] = string.Join(", ", kept);
            }
            return next(context);
        });
    }
}
