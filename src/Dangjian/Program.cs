using System.Globalization;
using Dangjian.Features.Accounts;
using Dangjian.Features.Audit;
using Dangjian.Features.Demo;
using Dangjian.Features.Evaluations;
using Dangjian.Features.Jobs;
using Dangjian.Features.Meetings;
using Dangjian.Features.Members;
using Dangjian.Features.Notifications;
using Dangjian.Features.Organizations;
using Dangjian.Features.Rules;
using Dangjian.Features.Residents;
using Dangjian.Features.Study;
using Dangjian.Features.Wishes;
using Dangjian.Features.Bookings;
using Dangjian.Features.ReportIn;
using Dangjian.Features.Todo;
using Dangjian.Features.Transfers;
using Dangjian.Platform;
using Dangjian.Platform.Attachments;
using Dangjian.Platform.Data;
using Dangjian.Platform.Http;
using Dangjian.Platform.Jobs;
using Dangjian.Platform.Notifications;
using Dangjian.Platform.PersonalData;
using Dangjian.Platform.Rules;
using Dangjian.Platform.Security;
using Dangjian.Platform.Time;
using Microsoft.AspNetCore.Localization;

// A backup command's file name is not configuration (a path starting with "/" would read as a switch).
var builder = WebApplication.CreateBuilder(args is ["backup" or "restore", ..] ? [] : args);
// Run from the build output (tests, scripts/run.sh) the files of wwwroot and their compressed copies are found through
// the build's runtime manifest, which the framework reads only in Development; MapStaticAssets would otherwise answer an
// empty 200 for a compressed copy it cannot find. A published app has no such manifest, and this does nothing there.
builder.WebHost.UseStaticWebAssets();

builder.Services.AddDangjianDatabase(builder.Configuration, builder.Environment);
builder.Services.AddDangjianAuth(builder.Configuration);
builder.Services.AddDangjianProblemDetails();
builder.Services.AddDangjianJson();
builder.Services.AddSingleton(Dangjian.Platform.Time.ChinaTime.Provider);
builder.Services.AddSingleton(sp => new PersonalDataProtector(PersonalDataProtector.LoadOrCreateKey(
    builder.Configuration, builder.Environment, DatabaseSetup.DataDirectory(builder.Configuration, builder.Environment))));
builder.Services.AddScoped<RuleBook>();
builder.Services.AddScoped<Dangjian.Platform.Time.WorkCalendar>();
builder.Services.AddScoped<DemoData>();
builder.Services.AddScoped<IDerivedDataBackfill, UnitTallyBackfill>();
builder.Services.AddScoped<IDerivedDataBackfill, MemberTallyBackfill>();
builder.Services.AddScoped<IDerivedDataBackfill, Dangjian.Features.Meetings.MeetingRollupBackfill>();
builder.Services.AddScoped<IDerivedDataBackfill, MemberSortKeyBackfill>();
builder.Services.AddScoped<IDerivedDataBackfill, OrganizationSearchKeyBackfill>();
builder.Services.AddDangjianJobs(builder.Configuration, builder.Environment);
builder.Services.AddDangjianNotifications();
builder.Services.AddDangjianAttachments(builder.Configuration, builder.Environment);
builder.Services.AddScoped<Dangjian.Platform.Todo.TodoList>();
builder.Services.AddScoped<Dangjian.Platform.Todo.ITodoSource, MeetingTodoSource>();
builder.Services.AddScoped<Dangjian.Platform.Todo.ITodoSource, StudyTodoSource>();
builder.Services.AddScoped<Dangjian.Platform.Todo.ITodoSource, Dangjian.Features.Wishes.WishTodoSource>();
builder.Services.AddScoped<Dangjian.Features.Wishes.WishServices>();
builder.Services.AddScoped<Dangjian.Platform.Todo.ITodoSource, Dangjian.Features.Bookings.BookingTodoSource>();
builder.Services.AddScoped<Dangjian.Features.Bookings.BookingServices>();
builder.Services.AddScoped<Dangjian.Platform.Todo.ITodoSource, Dangjian.Features.ReportIn.ReportInTodoSource>();
builder.Services.AddScoped<Dangjian.Features.ReportIn.ReportInServices>();
builder.Services.AddScoped<Dangjian.Features.Wishes.PersonalDataCheck>();
builder.Services.AddJobHandler<MemberExportJob>(MemberExportJob.KindName, MemberExportJob.Name);
builder.Services.AddJobHandler<OrganizationMoveJob>(OrganizationMoveJob.KindName, OrganizationMoveJob.Name, OrganizationMoveJob.LinkOf);
builder.Services.AddJobHandler<MemberImportJob>(MemberImportJob.KindName, MemberImportJob.Name, MemberImportJob.LinkOf);
builder.Services.Configure<MoveOptions>(builder.Configuration.GetSection("Moves"));
builder.Services.Configure<ImportOptions>(builder.Configuration.GetSection("Imports"));
builder.Services.AddDangjianOpenApi();
// The use cases validate every input with Chinese messages naming the field; the [MaxLength]/[Range] attributes on the
// request records are there for the OpenAPI document. Without clearing the attribute validators a page would stop at
// an English attribute message and never show the use case's own messages.
builder.Services.AddRazorPages(o => o.RootDirectory = "/Features").AddMvcOptions(o => o.ModelValidatorProviders.Clear());
builder.Services.AddHealthChecks();

var app = builder.Build();

if (args.Contains("migrate"))
{
    await Startup.MigrateAsync(app.Services);
    return;
}
// `backup FILE` and `restore FILE` (README.md, "Backup and restore"): the configured database, then exit.
if (args is [var command and ("backup" or "restore"), ..])
{
    Environment.ExitCode = await Backup.RunAsync(app.Services, command, args.ElementAtOrDefault(1));
    return;
}
if (args.Contains("verify-audit"))
{
    Environment.ExitCode = await Startup.VerifyAuditAsync(app.Services);
    return;
}

// Headers first, so that every answer carries them, refusals and error pages included.
app.UseSecurityHeaders();
app.UseDangjianErrors();
app.UseRequestLocalization(new RequestLocalizationOptions
{
    DefaultRequestCulture = new RequestCulture("zh-CN"),
    SupportedCultures = [new CultureInfo("zh-CN")],
    SupportedUICultures = [new CultureInfo("zh-CN")],
});
app.UseGzipOnlyWhileFilesReload();
app.UseRouting();
app.UseAuthentication();
// A cookie or token of an ended session (signed out, password changed, locked, disabled, role changed) is no one.
app.UseEndedSessionsRefused();
app.UseAntiforgeryForCookieApiWrites();
// Before authorization: otherwise a missing permission answers first, and the caller never learns the reason.
app.UseMustChangePassword();
app.UseAuthorization();
app.UseAntiforgery();

// The files of wwwroot as the build listed them: Brotli/gzip copies made at build time, ETags, and a year's caching for
// the fingerprinted URLs the layout links (MapRazorPages().WithStaticAssets()), no-cache for the plain ones. Short-
// circuited right after routing: a stylesheet needs no session check, no database read, no authorization policy.
// Declared anonymous all the same, as every route declares who may call it.
app.MapStaticAssets().AllowAnonymous().ShortCircuit();
app.MapHealthChecks("/healthz").AllowAnonymous();
app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
// The API routes, in one group so that rules for every route are declared once.
var api = app.MapGroup("").RequireEnumNamesInQuery().RefuseUnstorableText();
api.MapAccountEndpoints();
api.MapOrganizationEndpoints();
api.MapMemberEndpoints();
api.MapMemberExcelEndpoints();
api.MapJobEndpoints();
api.MapTransferEndpoints();
api.MapAuditEndpoints();
api.MapRuleEndpoints();
api.MapMeetingEndpoints();
api.MapNotificationEndpoints();
api.MapTodoEndpoints();
api.MapAttachmentEndpoints();
api.MapEvaluationEndpoints();
api.MapStudyEndpoints();
api.MapCalendarEndpoints();
api.MapResidentEndpoints();
api.MapWishEndpoints();
api.MapBookingEndpoints();
api.MapReportInEndpoints();
app.MapRazorPages().WithStaticAssets();

// The document needs the routes but no database, so it is written before the database is prepared.
if (args is ["openapi", var documentFile])
{
    await ApiDocument.WriteAsync(app, documentFile);
    return;
}
await Startup.PrepareAsync(app);
await DemoStartup.LoadIfEnabledAsync(app);
await app.RunAsync();

/// <summary>The entry point, visible to the test host.</summary>
public partial class Program;
