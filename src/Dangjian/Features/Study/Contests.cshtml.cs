using Dangjian.Features.Shared;
using Dangjian.Platform.Data;
using Dangjian.Platform.Security;
using Microsoft.AspNetCore.Mvc;

namespace Dangjian.Features.Study;

/// <summary>The question banks and contests of an organization's subtree, with the forms to start either.</summary>
[RequirePermission(Permission.ManageMeetings)]
public class ContestsModel(CurrentUser user, AppDb db, Scope scope) : AppPageModel
{
    public sealed class ContestInput
    {
        public string? Title { get; set; }
        public long? BankId { get; set; }
        public int SingleCount { get; set; } = 10;
        public int MultipleCount { get; set; } = 5;
        public int TrueFalseCount { get; set; } = 10;
        public int? SinglePoints { get; set; } = 4;
        public int? MultiplePoints { get; set; } = 6;
        public int? TrueFalsePoints { get; set; } = 3;
        public int? TimeLimitMinutes { get; set; } = 20;
        public DateTime? OpensAt { get; set; }
        public DateTime? ClosesAt { get; set; }
    }

    [BindProperty(SupportsGet = true)]
    public long? OrganizationId { get; set; }

    [BindProperty]
    public string? BankTitle { get; set; }

    [BindProperty]
    public ContestInput Contest { get; set; } = new();

    public IReadOnlyList<ListQuestionBanks.Row> Banks { get; private set; } = [];
    public IReadOnlyList<ListContests.Row> Contests { get; private set; } = [];

    public OrganizationPicker OrganizationPicker { get; } = new() { Field = "organizationId", Label = "党组织" };

    public async Task<IActionResult> OnGetAsync() => await ShowAsync() ? Page() : Missing("党组织");

    public async Task<IActionResult> OnPostBankAsync()
    {
        var outcome = await CreateQuestionBank.Handle(new CreateQuestionBank.Request(await OrganizationAsync(), BankTitle), db, scope, Aborted);
        if (outcome.Succeeded)
        {
            Flash = "题库已建立，请导入题目";
            return Redirect($"/Study/Bank?id={outcome.Value}");
        }
        ShowRefusal(outcome, "");
        return await ShowAsync() ? Page() : Missing("党组织");
    }

    public async Task<IActionResult> OnPostContestAsync()
    {
        // The form's times are Beijing wall-clock times.
        static DateTimeOffset? Beijing(DateTime? local) => local is { } t ? new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Unspecified), TimeSpan.FromHours(8)) : null;
        var c = Contest;
        var outcome = await CreateContest.Handle(new CreateContest.Request(await OrganizationAsync(), c.Title, c.BankId, c.SingleCount, c.MultipleCount, c.TrueFalseCount,
            c.SinglePoints, c.MultiplePoints, c.TrueFalsePoints, c.TimeLimitMinutes, Beijing(c.OpensAt), Beijing(c.ClosesAt)), db, scope, Aborted);
        if (outcome.Succeeded)
        {
            Flash = "竞赛已发布，党员可在“我的学习”中答题";
            return Redirect($"/Study/Contest?id={outcome.Value}");
        }
        ShowRefusal(outcome, "Contest");
        return await ShowAsync() ? Page() : Missing("党组织");
    }

    private async Task<long> OrganizationAsync() => OrganizationId ?? (await user.RequireAsync(Aborted)).OrganizationId;

    private async Task<bool> ShowAsync()
    {
        var banks = await ListQuestionBanks.Handle(OrganizationId, user, db, scope, Aborted);
        if (banks.Value is null)
        {
            return false;
        }
        Banks = banks.Value;
        Contests = (await ListContests.Handle(OrganizationId, user, db, scope, Aborted)).Value ?? [];
        await OrganizationPicker.LoadAsync(OrganizationId, db, scope, Aborted, preselectOwn: true);
        return true;
    }
}
