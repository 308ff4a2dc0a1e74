using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Dangjian.Features.Jobs;
using Dangjian.Features.Members;
using Dangjian.Platform.Audit;
using Dangjian.Platform.Jobs;
using Dangjian.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dangjian.Tests.Members;

/// <summary>The app where the import page sends every upload to a background job, with a worker that looks five times a second.</summary>
public sealed class ImportJobApp : AppFactory
{
    protected override void ConfigureMore(IWebHostBuilder builder)
    {
        builder.UseSetting("Imports:InRequestBytes", "0");
        builder.UseSetting("Jobs:PollSeconds", "0.2");
        builder.UseSetting("Jobs:ProgressWriteMilliseconds", "100");
    }
}

/// <summary>
/// An import as a background job: queued with its upload encrypted under the job, all or nothing as inside a request,
/// one audit line naming the file and the job, the list of bad rows as the failed job's file, the upload removed when
/// the job ends, and a run after a committed import that writes nothing twice.
/// </summary>
public partial class MemberImportJobTests(ImportJobApp app) : ApiTest<ImportJobApp>(app)
{
    private const string First = "延中社区第一党支部";

    private static async Task<JobView.Response> Start(HttpClient client, byte[] xlsx, string fileName = "后台导入.xlsx")
    {
        var response = await client.PostAsync("/api/v1/members/imports", ExcelBooks.Upload(xlsx, fileName));
        var job = await Read<JobView.Response>(response, HttpStatusCode.Accepted);
        response.Headers.Location!.ToString().ShouldBe($"/api/v1/jobs/{job.Id}");
        job.Kind.ShouldBe(MemberImportJob.KindName);
        job.KindName.ShouldBe("导入党员");
        return job;
    }

    private Task<int> MemberCount() => App.WithDbAsync(db => db.Members.CountAsync());

    private string InputFolder(long jobId) => Path.Combine(App.Services.GetRequiredService<JobFiles>().Root, jobId.ToString(System.Globalization.CultureInfo.InvariantCulture), "input");

    [Fact]
    public async Task A_good_sheet_is_imported_by_the_job_with_one_audit_line_naming_the_file_and_the_job()
    {
        var client = await As("yanzhong");
        var people = new[] { ExcelBooks.Person("后台甲", First), ExcelBooks.Person("后台乙", First), ExcelBooks.Person("后台丙", First) };
        var sheet = ExcelBooks.Sheet(people);
        var before = await MemberCount();

        var queued = await Start(client, sheet);
        queued.State.ShouldBeOneOf(JobState.Queued, JobState.Running, JobState.Succeeded);
        var done = await WaitForJob(client, queued.Id);

        done.State.ShouldBe(JobState.Succeeded, done.Message);
        done.Message.ShouldBe("已导入3名党员");
        done.Percent.ShouldBe(100);
        done.Link.ShouldBe(new JobLink("查看党员列表", "/Members"));
        done.File.ShouldBeNull();
        (await MemberCount()).ShouldBe(before + 3);
        foreach (var person in people)
        {
            var found = await Read<SearchMembers.Response>(await client.GetAsync($"/api/v1/members?q={person.IdNumber}"));
            found.Items.ShouldHaveSingleItem().Name.ShouldBe(person.Name);
        }
        var line = await App.WithDbAsync(db => db.AuditEntries.Where(a => a.Action == AuditActions.Imported).OrderByDescending(a => a.Id).FirstAsync());
        line.Note.ShouldBe($"从Excel导入党员3名：文件“后台导入.xlsx”，SHA-256 {Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(sheet))}");
        using var after = JsonDocument.Parse(line.After!);
        after.RootElement.GetProperty(MemberImportWriter.JobIdKey).GetInt64().ShouldBe(queued.Id);
        after.RootElement.GetProperty("Rows").GetInt32().ShouldBe(3);
        // The upload, with every ID number in it, is gone once the job has ended.
        Directory.Exists(InputFolder(queued.Id)).ShouldBeFalse();
    }

    [Fact]
    public async Task The_upload_waits_encrypted_under_the_job()
    {
        var person = ExcelBooks.Person("加密等候", First);
        var sheet = ExcelBooks.Sheet([person]);
        await using var scope = App.Services.CreateAsyncScope();
        var files = scope.ServiceProvider.GetRequiredService<JobFiles>();
        var protector = scope.ServiceProvider.GetRequiredService<Dangjian.Platform.PersonalData.PersonalDataProtector>();

        await files.WriteInputAsync(987_654_321, protector.EncryptBytes(sheet), CancellationToken.None);
        try
        {
            var stored = await File.ReadAllBytesAsync(Path.Combine(InputFolder(987_654_321), "upload.bin"));
            stored.AsSpan().IndexOf("PK"u8).ShouldNotBe(0, "a zip's signature would show the sheet stored as it came");
            stored.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(person.IdNumber)).ShouldBe(-1);
            protector.DecryptBytes(stored).ShouldBe(sheet);

            // Queued again (its app stopped): the input stays for the next run, a half-written result goes.
            var result = Path.Combine(files.Root, "987654321", "half.xlsx");
            await File.WriteAllTextAsync(result, "half");
            files.DeleteResultsOf(987_654_321);
            File.Exists(result).ShouldBeFalse();
            (await files.ReadInputAsync(987_654_321, CancellationToken.None)).ShouldBe(stored);

            files.DeleteInputOf(987_654_321);
            (await files.ReadInputAsync(987_654_321, CancellationToken.None)).ShouldBeNull();
        }
        finally
        {
            files.DeleteFolderOf(987_654_321);
        }
    }

    [Fact]
    public async Task A_sheet_with_bad_rows_fails_the_job_writes_nobody_and_offers_the_list_of_bad_rows()
    {
        var client = await As("yanzhong");
        var before = await MemberCount();
        var sheet = ExcelBooks.Sheet([
            ExcelBooks.Person("后台良好", First),
            ExcelBooks.Person("后台组织", "不存在的支部"),
            ExcelBooks.Person("后台日期", First) with { JoinedOn = "去年" },
        ]);

        var done = await WaitForJob(client, (await Start(client, sheet)).Id);

        done.State.ShouldBe(JobState.Failed);
        done.Message.ShouldNotBeNull().ShouldStartWith("共有2行数据有误（2处），未导入任何党员。请下载错误清单，全部改正后重新上传。");
        done.Message.ShouldContain("第3行“所在党组织”：所在党组织“不存在的支部”不存在或不在您的管辖范围内");
        done.Message.ShouldContain("第4行“入党日期”");
        (await MemberCount()).ShouldBe(before);
        var file = done.File.ShouldNotBeNull();
        file.Name.ShouldBe(MemberImportJob.ErrorFileName);
        var download = await client.GetAsync(file.Url);
        download.StatusCode.ShouldBe(HttpStatusCode.OK);
        var rows = ExcelBooks.Read(await download.Content.ReadAsByteArrayAsync());
        rows[0].Take(3).Select(c => c?.ToString()).ShouldBe(["行号", "列", "原因"]);
        rows.Skip(1).Select(r => (Convert.ToInt32(r[0], System.Globalization.CultureInfo.InvariantCulture), r[1]?.ToString())).ShouldBe([(3, "所在党组织"), (4, "入党日期")]);
        Directory.Exists(InputFolder(done.Id)).ShouldBeFalse();
        // Only the owner sees the job and its file.
        (await (await As("baling")).GetAsync(file.Url)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_file_that_is_not_a_workbook_is_refused_at_once_and_queues_nothing()
    {
        var client = await As("yanzhong");
        var jobsBefore = await App.WithDbAsync(db => db.BackgroundJobs.CountAsync());

        var response = await client.PostAsync("/api/v1/members/imports", ExcelBooks.Upload("不是Excel文件"u8.ToArray()));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain("文件不是有效的Excel工作簿（.xlsx）");
        (await App.WithDbAsync(db => db.BackgroundJobs.CountAsync())).ShouldBe(jobsBefore);
    }

    [Fact]
    public async Task A_run_after_the_import_committed_writes_nobody_twice()
    {
        var client = await As("yanzhong");
        var sheet = ExcelBooks.Sheet([ExcelBooks.Person("只导一次", First)]);
        var first = await WaitForJob(client, (await Start(client, sheet)).Id);
        first.State.ShouldBe(JobState.Succeeded, first.Message);
        var members = await MemberCount();
        var lines = await App.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == AuditActions.Imported));

        // As if the app had stopped between the import's commit and the job's own update: queued again, its upload still there.
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var protector = scope.ServiceProvider.GetRequiredService<Dangjian.Platform.PersonalData.PersonalDataProtector>();
            await scope.ServiceProvider.GetRequiredService<JobFiles>().WriteInputAsync(first.Id, protector.EncryptBytes(sheet), CancellationToken.None);
        }
        await App.WithDbAsync(db => db.BackgroundJobs.Where(j => j.Id == first.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.State, JobState.Queued).SetProperty(j => j.FinishedAt, (DateTimeOffset?)null).SetProperty(j => j.Message, "任务被中断，已重新排队")));
        App.Services.GetRequiredService<JobSignal>().Pulse();
        var again = await WaitForJob(client, first.Id, j => j.Finished());

        again.State.ShouldBe(JobState.Succeeded, again.Message);
        again.Message.ShouldBe("已导入1名党员");
        (await MemberCount()).ShouldBe(members);
        (await App.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == AuditActions.Imported))).ShouldBe(lines);
    }

    [Fact]
    public async Task The_page_sends_a_large_upload_to_the_job_and_its_page()
    {
        var client = await As("yanzhong");
        var person = ExcelBooks.Person("页面后台", First);
        var page = await client.GetStringAsync("/Members/Import");
        var form = ExcelBooks.Upload(ExcelBooks.Sheet([person]), field: "Upload");
        form.Add(new StringContent(Token().Match(page).Groups[1].Value), "__RequestVerificationToken");

        var response = await client.PostAsync("/Members/Import", form);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var location = response.Headers.Location!.OriginalString;
        var id = long.Parse(JobId().Match(location).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        (await WaitForJob(client, id)).State.ShouldBe(JobState.Succeeded);
        var html = WebUtility.HtmlDecode(await client.GetStringAsync(location));
        html.ShouldContain("文件较大，已转入后台导入");
        html.ShouldContain("已导入1名党员");
        html.ShouldContain("<a class=\"btn btn-primary\" href=\"/Members\" data-testid=\"job-link\">查看党员列表</a>");
        (await Read<SearchMembers.Response>(await client.GetAsync($"/api/v1/members?q={person.IdNumber}"))).Items.ShouldHaveSingleItem();
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    [GeneratedRegex(@"^/Jobs/Details\?id=(\d+)$")]
    private static partial Regex JobId();
}

internal static class JobResponses
{
    public static bool Finished(this JobView.Response job) => job.State is JobState.Succeeded or JobState.Failed or JobState.Cancelled;
}
