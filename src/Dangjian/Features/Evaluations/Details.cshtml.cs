using Dangjian.Features.Shared;
using Dangjian.Platform.Data;
using Dangjian.Platform.Http;
using Dangjian.Platform.Rules;
using Dangjian.Platform.Security;
using Microsoft.AspNetCore.Mvc;

namespace Dangjian.Features.Evaluations;

/// <summary>One branch's evaluation: every member's row to fill in, the grade counts against the rule, closing and the sheet.</summary>
[RequirePermission(Permission.ManageMeetings)]
public class DetailsModel(AppDb db, Scope scope, RuleBook rules) : AppPageModel
{
    public sealed class MarkInput
    {
        public long MemberId { get; set; }
        public string? SelfAssessment { get; set; }
        public string? PeerReview { get; set; }
        public int? VotesFor { get; set; }
        public EvaluationGrade? Grade { get; set; }
        public string? FollowUp { get; set; }
    }

    [BindProperty(SupportsGet = true)]
    public long Id { get; set; }

    [BindProperty]
    public List<MarkInput> Marks { get; set; } = [];

    public GetEvaluation.Response Evaluation { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync() => await ShowAsync() ? Page() : Missing("民主评议");

    public Task<IActionResult> OnPostSaveAsync() => Act(() => RecordEvaluation.Handle(Id, new RecordEvaluation.Request(
        [.. Marks.Select(m => new RecordEvaluation.Mark(m.MemberId, m.SelfAssessment, m.PeerReview, m.VotesFor, m.Grade, m.FollowUp))]), db, scope, rules, Aborted), "评议情况已保存");

    public Task<IActionResult> OnPostCloseAsync() => Act(() => CloseEvaluation.Handle(Id, db, scope, rules, Aborted), "民主评议已结束，等次已记入党员活动记录");

    private async Task<IActionResult> Act(Func<Task<Outcome<long>>> step, string done)
    {
        var outcome = await step();
        if (outcome.Succeeded)
        {
            Flash = done;
            return Redirect($"/Evaluations/Details?id={Id}");
        }
        if (!await ShowAsync())
        {
            return Missing("民主评议");
        }
        ShowRefusal(outcome, "");
        return Page();
    }

    private async Task<bool> ShowAsync()
    {
        var outcome = await GetEvaluation.Handle(Id, db, scope, rules, Aborted);
        if (outcome.Value is null)
        {
            return false;
        }
        Evaluation = outcome.Value;
        return true;
    }
}
