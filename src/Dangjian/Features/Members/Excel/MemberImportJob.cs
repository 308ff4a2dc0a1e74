using System.Text.Json;
using Dangjian.Platform.Audit;
using Dangjian.Platform.Data;
using Dangjian.Platform.Jobs;
using Dangjian.Platform.PersonalData;
using Dangjian.Platform.Security;
using Microsoft.EntityFrameworkCore;
using SpreadCheetah;

namespace Dangjian.Features.Members;

/// <summary>
/// A member import run by the job worker, with its progress on the job's page: the same checks, the same all-or-nothing
/// write and the same audit line as an import inside a request (<see cref="ImportMembers"/>). The uploaded file is kept
/// encrypted under the job until it ends. When a row is bad the job fails, and its result is the list of bad rows
/// as a workbook (row, column, reason), to be read beside the sheet.
/// </summary>
public sealed class MemberImportJob(AppDb db, Scope scope, PersonalDataProtector protector, TimeProvider clock, ILogger<MemberImportJob> log) : IJobHandler
{
    public const string KindName = "members-import";
    public const string Name = "导入党员";
    public const string ErrorFileName = "导入错误清单.xlsx";

    /// <summary>The upload as sent, and the last audit line before it was queued: where a finished run's line is looked for.</summary>
    public sealed record Parameters(string? FileName, long Bytes, long AuditSince);

    public string Kind => KindName;

    /// <summary>Where the owner goes once the members are in.</summary>
    public static JobLink? LinkOf(BackgroundJob _) => new("查看党员列表", "/Members");

    /// <summary>Queues an upload; refused at once (and not queued) when it is too large, empty or not an .xlsx at all.</summary>
    public static async Task<(BackgroundJob? Job, ImportMembers.Report? Refusal)> StartAsync(Stream xlsx, string? fileName, JobQueue jobs, AppDb db,
        CancellationToken ct)
    {
        var (upload, refusal) = await ImportMembers.ReadUploadAsync(xlsx, ct);
        if (upload is null)
        {
            return (null, refusal);
        }
        using (upload)
        {
            var since = await db.AuditEntries.MaxAsync(a => (long?)a.Id, ct) ?? 0;
            var job = await jobs.EnqueueAsync(KindName, new Parameters(fileName, upload.Length, since),
                $"已上传{Features.Jobs.JobView.Size(upload.Length)}，等待开始", upload.ToArray(), ct);
            return (job, null);
        }
    }

    public async Task RunAsync(JobRun run, CancellationToken ct)
    {
        var parameters = run.Parameters<Parameters>();
        if (await AlreadyImportedAsync(run.Job, parameters, ct) is { } imported)
        {
            run.Report(imported, imported, $"已导入{imported}名党员");
            return;
        }
        run.Report(0, null, "正在读取文件");
        using var content = new MemoryStream(await run.ReadInputAsync(ct), writable: false);
        var report = await ImportMembers.Handle(content, parameters.FileName, db, scope, protector, clock, ct, log,
            new ImportMembers.JobContext(run.Job.Id, (done, total, message) => run.Report(done, total, message)));
        if (report.Succeeded)
        {
            run.Report(report.Imported * 2L, report.Imported * 2L, $"已导入{report.Imported}名党员");
            return;
        }
        await using (var file = run.CreateResultFile(ErrorFileName))
        {
            await WriteErrorsAsync(file, report, ct);
        }
        throw new JobFailedException(Summary(report));
    }

    /// <summary>
    /// The rows this job wrote, when an earlier run committed them but the app stopped before the job was marked done;
    /// otherwise null. Without it the run again would refuse every row as already registered.
    /// </summary>
    private async Task<int?> AlreadyImportedAsync(BackgroundJob job, Parameters parameters, CancellationToken ct)
    {
        // Few lines: the imports in the owner's scope since the job was queued (the index on scope path and id).
        var lines = await db.AuditEntries.AsNoTracking()
            .Where(a => a.ScopePath == job.ScopePath && a.Id > parameters.AuditSince && a.Action == AuditActions.Imported && a.EntityType == nameof(Member))
            .Select(a => a.After).ToListAsync(ct);
        foreach (var after in lines.OfType<string>())
        {
            using var json = JsonDocument.Parse(after);
            if (json.RootElement.TryGetProperty(MemberImportWriter.JobIdKey, out var id) && id.TryGetInt64(out var jobId) && jobId == job.Id)
            {
                return json.RootElement.GetProperty("Rows").GetInt32();
            }
        }
        return null;
    }

    /// <summary>What the job's page says of a refused file: the counts and the first reasons, in the length a message has.</summary>
    internal static string Summary(ImportMembers.Report report)
    {
        if (report.Errors is [{ Row: 0 } only])
        {
            return "未导入任何党员：" + only.Message;
        }
        var first = string.Join("；", report.Errors.Take(3).Select(e => e.Column.Length == 0 ? $"第{e.Row}行：{e.Message}" : $"第{e.Row}行“{e.Column}”：{e.Message}"));
        return $"共有{report.RowsWithErrors}行数据有误（{report.ErrorCount}处），未导入任何党员。请下载错误清单，全部改正后重新上传。{first}";
    }

    private static async Task WriteErrorsAsync(Stream output, ImportMembers.Report report, CancellationToken ct)
    {
        await using var book = await Spreadsheet.CreateNewAsync(output, new SpreadCheetahOptions { WriteCellReferenceAttributes = true, BufferSize = 1 << 16 }, ct);
        await book.StartWorksheetAsync("错误清单", token: ct);
        await book.AddHeaderRowAsync(["行号", "列", "原因"], token: ct);
        foreach (var error in report.Errors)
        {
            await book.AddRowAsync([new Cell(error.Row), new Cell(error.Column), new Cell(error.Message)], ct);
        }
        if (report.ErrorCount > report.Errors.Count)
        {
            await book.AddRowAsync([new Cell(""), new Cell(""), new Cell($"只列出了前{report.Errors.Count}处，另有{report.ErrorCount - report.Errors.Count}处未列出；改正后重新上传即可看到")], ct);
        }
        await book.FinishAsync(ct);
    }
}
