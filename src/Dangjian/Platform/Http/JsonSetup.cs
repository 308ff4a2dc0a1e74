using System.Text.Encodings.Web;
using System.Text.Json.Serialization;
using System.Text.Unicode;

namespace Dangjian.Platform.Http;

public static class JsonSetup
{
    /// <summary>
    /// Enums travel by name ("Full", "Branch"), never by position, and numbers as numbers, never as strings. Markup
    /// characters are escaped (\u003C), so that a name typed as &lt;script&gt; cannot run even where a response ends up in
    /// a page; Chinese stays readable. PostConfigure, because AddOpenApi sets its own number handling after Configure.
    /// Pages write CJK characters as they are, not as &amp;#x...; entities (escaping of markup is unchanged).
    /// </summary>
    public static IServiceCollection AddDangjianJson(this IServiceCollection services)
    {
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.PostConfigure<Microsoft.AspNetCore.Http.Json.JsonOptions>(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(allowIntegerValues: false));
            o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
            o.SerializerOptions.Encoder = JavaScriptEncoder.Create(UnicodeRanges.All);
        });
        services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
            o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        return services;
    }
}
