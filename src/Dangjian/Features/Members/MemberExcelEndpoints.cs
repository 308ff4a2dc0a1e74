using Dangjian.Features.Jobs;
using Dangjian.Platform.Data;
using Dangjian.Platform.Jobs;
using Dangjian.Platform.PersonalData;
using Dangjian.Platform.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Dangjian.Features.Members;

public static class MemberExcelEndpoints
{
    public static void MapMemberExcelEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/members").WithTags("党员导入导出").RequirePermission(Permission.ImportExportMembers);

        group.MapGet("/import-template.xlsx", () => TypedResults.File(MemberSheet.Template(), MemberSheet.ContentType, MemberSheet.TemplateFileName))
            .Produces(StatusCodes.Status200OK, contentType: MemberSheet.ContentType)
            .WithSummary("下载党员导入模板（21列表头：全国党员信息采集表16列，加所在党小组、工作状态、协管党员、身份岗位、联系户；一行示例和“填写说明”工作表）");

        group.MapPost("/import", async Task<Results<Ok<ImportMembers.Report>, ProblemHttpResult>> (IFormFile? file, AppDb db, Scope scope,
                PersonalDataProtector protector, TimeProvider clock, ILoggerFactory logs, CancellationToken ct) =>
            {
                if (file is null)
                {
                    return Refused(ImportMembers.Report.FileError("请以 multipart/form-data 上传文件，字段名为 file"));
                }
                await using var stream = file.OpenReadStream();
                var report = await ImportMembers.Handle(stream, file.FileName, db, scope, protector, clock, ct, logs.CreateLogger(typeof(ImportMembers)));
                return report.Succeeded ? TypedResults.Ok(report) : Refused(report);
            })
            // A bearer-token API: there is no cookie for a cross-site form to ride on, so no antiforgery token either.
            .DisableAntiforgery()
            // Room for the largest file the import accepts and the form around it; a larger body is refused with 413.
            .WithMetadata(new RequestSizeLimitAttribute(MemberSheet.MaxRequestBytes))
            .Produces<ImportRefusal>(StatusCodes.Status400BadRequest, "application/problem+json")
            .WithSummary("从Excel导入党员（表单字段 file，.xlsx，不超过40 MB、100000行）：全部行无误才导入，否则一名也不导入；旧版16列模板也可导入")
            .WithDescription("成功时返回 200 和 {succeeded, imported, errors: []}。文件或数据有误时返回 400 problem details："
                + "detail 为总体说明，errors 为错误清单 [{row, column, message}]：row 为Excel行号，column 为中文列名，message 为原因；"
                + "row 为 0 表示整个文件的问题（不是有效的.xlsx、表头不对、超过大小或行数限制）。");

        group.MapPost("/imports", async Task<IResult> (IFormFile? file, JobQueue jobs, IEnumerable<JobKind> kinds, AppDb db, CancellationToken ct) =>
            {
                if (file is null)
                {
                    return Refused(ImportMembers.Report.FileError("请以 multipart/form-data 上传文件，字段名为 file"));
                }
                await using var stream = file.OpenReadStream();
                var (job, refusal) = await MemberImportJob.StartAsync(stream, file.FileName, jobs, db, ct);
                return job is not null ? TypedResults.Accepted($"/api/v1/jobs/{job.Id}", JobView.Of(job, kinds)) : Refused(refusal!);
            })
            .DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(MemberSheet.MaxRequestBytes))
            .Produces<JobView.Response>(StatusCodes.Status202Accepted)
            .Produces<ImportRefusal>(StatusCodes.Status400BadRequest, "application/problem+json")
            .WithSummary("在后台从Excel导入党员（表单字段 file，要求同 POST /api/v1/members/import）：返回 202 和任务地址，GET /api/v1/jobs/{id} 查看进度")
            .WithDescription("文件过大、为空或不是 .xlsx 时立即返回 400，不排队。任务成功时全部党员已导入（message 说明人数）；"
                + "有任何一行有误时任务失败、一名也不导入，message 说明错误数和前几处，GET /api/v1/jobs/{id}/file 下载错误清单（.xlsx：行号、列、原因）。"
                + "上传的文件加密保存，任务结束后删除。");

        group.MapGet("/export.xlsx", async Task<IResult> ([AsParameters] SearchMembers.Query query, AppDb db, Scope scope, CurrentUser user,
                PersonalDataProtector protector, TimeProvider clock, CancellationToken ct) =>
            {
                var account = await user.RequireAsync(ct);
                var revealFull = account.Can(Permission.RevealPersonalData);
                var outcome = await ExportMembers.PrepareAsync(query, revealFull, ExportMembers.MaxRows, db, scope, user, protector, clock, ct);
                // The workbook is written to the response as the rows are read: the first bytes leave before the last row is read.
                return outcome.ToHttp(export => TypedResults.Stream(body => export.WriteAsync(body, null, ct), MemberSheet.ContentType, export.FileName));
            })
            .Produces(StatusCodes.Status200OK, contentType: MemberSheet.ContentType)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary($"按党员列表的筛选条件（参数同 GET /api/v1/members，忽略分页）导出全部符合条件的党员，21列格式与导入模板相同，边读边写；"
                + $"超过{ExportMembers.MaxRows}名时请用 POST /api/v1/members/exports 在后台导出；"
                + "有“查看完整信息”权限时身份证号和电话完整，否则脱敏；每次导出记入审计日志");

        group.MapPost("/exports", async Task<IResult> ([AsParameters] SearchMembers.Query query, JobQueue jobs, IEnumerable<JobKind> kinds, AppDb db,
                Scope scope, CurrentUser user, PersonalDataProtector protector, TimeProvider clock, CancellationToken ct) =>
            {
                var outcome = await MemberExportJob.StartAsync(query, jobs, db, scope, user, protector, clock, ct);
                return outcome.ToHttp(job => TypedResults.Accepted($"/api/v1/jobs/{job.Id}", JobView.Of(job, kinds)));
            })
            .Produces<JobView.Response>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("在后台导出党员名册（筛选参数同 GET /api/v1/members，放在查询字符串中；不限人数，每100万名一个工作表）：返回 202 和任务地址，"
                + "GET /api/v1/jobs/{id} 查看进度，完成后 GET /api/v1/jobs/{id}/file 下载（只有发起人可以下载）；每次导出记入审计日志");
    }

    /// <summary>The 400 answer of an import: problem details whose errors are the rows' errors, not a per-field map.</summary>
    public sealed record ImportRefusal(string Type, string Title, int Status, string Detail, IReadOnlyList<ImportMembers.RowError> Errors);

    private static ProblemHttpResult Refused(ImportMembers.Report report)
    {
        var fileProblem = report.Errors is [{ Row: 0 } only] ? only.Message : null;
        var listed = report.ErrorCount > report.Errors.Count ? $"下列为前{report.Errors.Count}处，" : "";
        return TypedResults.Problem(
            title: "导入失败，未导入任何党员",
            detail: fileProblem ?? $"共有{report.RowsWithErrors}行数据有误（{report.ErrorCount}处）。{listed}全部改正后重新上传，才会导入。",
            statusCode: StatusCodes.Status400BadRequest,
            extensions: new Dictionary<string, object?>
            {
                ["errors"] = report.Errors,
                ["errorCount"] = report.ErrorCount,
                ["rowsWithErrors"] = report.RowsWithErrors,
            });
    }
}
