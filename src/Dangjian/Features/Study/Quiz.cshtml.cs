using Dangjian.Features.Shared;
using Dangjian.Platform.Data;
using Dangjian.Platform.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Features.Study;

/// <summary>
/// A member takes a contest on a phone: the contest's terms and a start button, then every question of their paper with
/// large options and the time left (the page submits itself when it runs out), then the score, each question's right
/// answer and the ranking.
/// </summary>
[RequirePermission(Permission.AttendMeetings)]
public class QuizModel(CurrentUser user, AppDb db, Scope scope) : AppPageModel
{
    [BindProperty(SupportsGet = true, Name = "c")]
    public long ContestId { get; set; }

    public MyStudy.ContestRow? Contest { get; private set; }
    public Papers.PaperView? Paper { get; private set; }
    public ContestRanking.Response? Ranking { get; private set; }

    public async Task<IActionResult> OnGetAsync() => await ShowAsync() ? Page() : Missing("竞赛");

    public async Task<IActionResult> OnPostStartAsync()
    {
        var outcome = await Papers.StartAsync(ContestId, user, db, scope, Aborted);
        if (outcome.Succeeded)
        {
            return Redirect($"/Study/Quiz?c={ContestId}");
        }
        return await Refused(outcome);
    }

    public async Task<IActionResult> OnPostSubmitAsync()
    {
        // One field per question, "q{id}"; a multiple-choice question sends one value per ticked option.
        var answers = Request.Form.Keys.Where(k => k.Length > 1 && k[0] == 'q' && long.TryParse(k[1..], out _))
            .Select(k => new Papers.AnswerInput(long.Parse(k[1..], System.Globalization.CultureInfo.InvariantCulture), string.Concat(Request.Form[k].ToArray())))
            .ToList();
        var outcome = await Papers.SubmitAsync(ContestId, new Papers.SubmitRequest(answers), user, db, scope, Aborted);
        if (outcome.Succeeded)
        {
            Flash = $"已交卷，得分 {outcome.Value!.Score} 分";
            return Redirect($"/Study/Quiz?c={ContestId}");
        }
        return await Refused(outcome);
    }

    private async Task<IActionResult> Refused<T>(Platform.Http.Outcome<T> outcome)
    {
        if (!await ShowAsync())
        {
            return Missing("竞赛");
        }
        ShowRefusal(outcome, "");
        return Page();
    }

    private async Task<bool> ShowAsync()
    {
        var account = await user.RequireAsync(Aborted);
        var path = account.MemberId is { } id ? await db.Members.AsNoTracking().Where(m => m.Id == id).Select(m => m.OrgPath).FirstOrDefaultAsync(Aborted) : null;
        if (path is null)
        {
            return false;
        }
        Contest = (await Papers.OpenToAsync(db, account.MemberId!.Value, path, Aborted)).FirstOrDefault(c => c.Id == ContestId);
        Paper = (await Papers.GetAsync(ContestId, user, db, scope, Aborted)).Value;
        if (Contest is null && Paper is null)
        {
            return false;
        }
        if (Paper?.Submitted == true)
        {
            Ranking = (await Papers.RankingAsync(ContestId, user, db, scope, Aborted)).Value;
        }
        return true;
    }
}
