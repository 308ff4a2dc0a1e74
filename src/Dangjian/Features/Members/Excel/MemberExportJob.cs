using Dangjian.Platform.Data;
using Dangjian.Platform.Http;
using Dangjian.Platform.Jobs;
using Dangjian.Platform.PersonalData;
using Dangjian.Platform.Security;

namespace Dangjian.Features.Members;

/// <summary>
/// An export too large for one request (over <see cref="ExportMembers.MaxRows"/> members, a province's roll among them),
/// written by the job worker into the job's result file with its progress. It runs signed in as its owner: the scope,
/// the right to reveal full numbers and the audit line are the owner's as they are when the job runs.
/// </summary>
public sealed class MemberExportJob(AppDb db, Scope scope, CurrentUser user, PersonalDataProtector protector, TimeProvider clock) : IJobHandler
{
    public const string KindName = "members-export";
    public const string Name = "导出党员名册";

    /// <summary>The list's filters, as the list takes them.</summary>
    public sealed record Parameters(string? Q, long? OrganizationId, MemberCategory? Category, MembershipStatus? Status, string? Flags, string? Sort)
    {
        public static Parameters Of(SearchMembers.Query q) => new(q.Q, q.OrganizationId, q.Category, q.Status, q.Flags, q.Sort);

        public SearchMembers.Query Query => new(Q, OrganizationId, Category, Status, Flags, Sort);
    }

    public string Kind => KindName;

    /// <summary>Checks the filter as the job will run it, then queues the job; a bad filter is refused at once.</summary>
    public static async Task<Outcome<BackgroundJob>> StartAsync(SearchMembers.Query query, JobQueue jobs, AppDb db, Scope scope, CurrentUser user,
        PersonalDataProtector protector, TimeProvider clock, CancellationToken ct)
    {
        var prepared = await ExportMembers.PrepareAsync(query, revealFull: false, long.MaxValue, db, scope, user, protector, clock, ct);
        if (prepared.Value is not { } export)
        {
            return prepared.Refusal<BackgroundJob>();
        }
        return Outcome<BackgroundJob>.Ok(await jobs.EnqueueAsync(KindName, Parameters.Of(query), $"共{export.Rows}名党员，等待开始", ct));
    }

    public async Task RunAsync(JobRun run, CancellationToken ct)
    {
        var account = await user.RequireAsync(ct);
        var prepared = await ExportMembers.PrepareAsync(run.Parameters<Parameters>().Query, account.Can(Permission.RevealPersonalData), long.MaxValue,
            db, scope, user, protector, clock, ct);
        if (prepared.Value is not { } export)
        {
            throw new JobFailedException(prepared.NotFoundWhat is { } what
                ? $"{what}不存在或不在您的管辖范围内，未导出"
                : "筛选条件有误，未导出：" + string.Join("；", prepared.Messages().Select(m => m.Message)));
        }
        var total = export.Rows;
        run.Report(0, total, "正在导出");
        await using var file = run.CreateResultFile(export.FileName);
        var count = await export.WriteAsync(file, done => run.Report(done, Math.Max(total, done)), ct);
        run.Report(count, count, $"已导出{count}名党员");
    }
}
