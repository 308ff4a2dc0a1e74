using Dangjian.Features.Shared;
using Dangjian.Platform.Data;
using Dangjian.Platform.Security;
using Microsoft.AspNetCore.Mvc;

namespace Dangjian.Features.Study;

/// <summary>One contest as its organizer sees it: the paper's make-up, how many have taken part, and the ranking.</summary>
[RequirePermission(Permission.ManageMeetings)]
public class ContestModel(AppDb db, Scope scope) : AppPageModel
{
    [BindProperty(SupportsGet = true)]
    public long Id { get; set; }

    public GetContest.Response Contest { get; private set; } = null!;
    public ContestRanking.Response Ranking { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync()
    {
        var contest = await GetContest.Handle(Id, db, scope, Aborted);
        if (contest.Value is null)
        {
            return Missing("竞赛");
        }
        Contest = contest.Value;
        Ranking = (await ContestRanking.Handle(Id, db, scope, Aborted)).Value!;
        return Page();
    }
}
