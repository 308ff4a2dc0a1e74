using Dangjian.Platform.Data;
using Dangjian.Platform.Jobs;
using Dangjian.Platform.Security;

namespace Dangjian.Features.Organizations;

/// <summary>
/// A subtree move too large for one request (<see cref="MoveOptions.InRequestMembers"/>), run by the job worker signed
/// in as the account that asked for it. It is the same single transaction as a move inside a request, so no reader sees
/// a half-moved tree; only its progress, reported before each statement, shows on the job's page as it goes. Started
/// again after the app stopped, it finds the subtree either where it was (the transaction rolled back) or already under
/// the new parent (it had committed), and ends as done either way.
/// </summary>
public sealed class OrganizationMoveJob(AppDb db, Scope scope) : IJobHandler
{
    public const string KindName = "organization-move";
    public const string Name = "整体移动党组织";

    public sealed record Parameters(long OrganizationId, long NewParentId);

    public string Kind => KindName;

    /// <summary>The job page's way back: the moved organization.</summary>
    public static JobLink? LinkOf(BackgroundJob job) =>
        JobQueue.ParametersOf<Parameters>(job) is { } parameters ? new JobLink("查看移动后的党组织", $"/Organizations/Details?id={parameters.OrganizationId}") : null;

    public async Task RunAsync(JobRun run, CancellationToken ct)
    {
        var parameters = run.Parameters<Parameters>();
        run.Report(0, MoveOrganization.Steps, "正在检查");
        var committed = false;
        var outcome = await MoveOrganization.Handle(parameters.OrganizationId, new MoveOrganization.Request(parameters.NewParentId), db, scope, ct,
            (done, total, message) =>
            {
                committed = done == total;
                run.Report(done, total, message);
            });
        if (!outcome.Succeeded)
        {
            throw new JobFailedException("未移动：" + string.Join("；", outcome.Messages().Select(m => m.Message)));
        }
        if (!committed)
        {
            // Nothing to do: the subtree was already there (moved by this job's earlier run, or by someone else).
            run.Report(MoveOrganization.Steps, MoveOrganization.Steps, "已在新的上级组织之下");
        }
    }
}
