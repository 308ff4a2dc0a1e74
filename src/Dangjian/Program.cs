using System.Globalization;
using Dangjian.Features.Accounts;
using Dangjian.Features.Audit;
using Dangjian.Features.Members;
using Dangjian.Features.Organizations;
using Dangjian.Features.Rules;
using Dangjian.Features.Transfers;
using Dangjian.Platform;
using Dangjian.Platform.Data;
using Dangjian.Platform.Demo;
using Dangjian.Platform.Http;
using Dangjian.Platform.PersonalData;
using Dangjian.Platform.Rules;
using Dangjian.Platform.Security;
using Microsoft.AspNetCore.Localization;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddDangjianDatabase(builder.Configuration, builder.Environment);
builder.Services.AddDangjianAuth(builder.Configuration);
builder.Services.AddDangjianProblemDetails();
builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
// Enums travel by name ("Full", "Branch"), never by position, and numbers as numbers, never as strings. Markup
// characters are escaped (\u003C), so that a name typed as <script> cannot run even where a response ends up in a
// page; Chinese stays readable. PostConfigure, because AddOpenApi sets its own number handling after Configure.
builder.Services.PostConfigure<Microsoft.AspNetCore.Http.Json.JsonOptions>(o =>
{
    o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter(allowIntegerValues: false));
    o.SerializerOptions.NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict;
    o.SerializerOptions.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All);
});
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton(sp => new PersonalDataProtector(PersonalDataProtector.LoadOrCreateKey(
    builder.Configuration, builder.Environment, DatabaseSetup.DataDirectory(builder.Configuration, builder.Environment))));
builder.Services.AddScoped<RuleBook>();
builder.Services.AddScoped<DemoData>();
builder.Services.AddOpenApi("v1");
builder.Services.AddRazorPages(o => o.RootDirectory = "/Features");
// Pages are Chinese: write CJK characters as they are, not as &#x...; entities (escaping of markup is unchanged).
builder.Services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
    o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
builder.Services.AddHealthChecks();

var app = builder.Build();

if (args.Contains("migrate"))
{
    await Startup.MigrateAsync(app.Services);
    return;
}
await Startup.PrepareAsync(app);

app.UseDangjianErrors();
app.UseRequestLocalization(new RequestLocalizationOptions
{
    DefaultRequestCulture = new RequestCulture("zh-CN"),
    SupportedCultures = [new CultureInfo("zh-CN")],
    SupportedUICultures = [new CultureInfo("zh-CN")],
});
app.UseStaticFiles();
app.UseRouting();
app.UseAuthentication();
// Before authorization: otherwise a missing permission answers first, and the caller never learns the reason.
app.UseMustChangePassword();
app.UseAuthorization();
app.UseAntiforgery();

app.MapHealthChecks("/healthz").AllowAnonymous();
app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
app.MapAccountEndpoints();
app.MapOrganizationEndpoints();
app.MapMemberEndpoints();
app.MapMemberExcelEndpoints();
app.MapTransferEndpoints();
app.MapAuditEndpoints();
app.MapRuleEndpoints();
app.MapRazorPages();

await app.RunAsync();

/// <summary>The entry point, visible to the test host.</summary>
public partial class Program;
