using System.Net;
using Dangjian.Features.Evaluations;
using Dangjian.Platform.Activity;
using Dangjian.Platform.Rules;
using Dangjian.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Tests.Evaluations;

/// <summary>
/// Democratic evaluation of members over HTTP: opened once a year per branch with its members, 优秀 at most one third
/// (exactly a third taken, one more refused with the rule named), 不合格 with a follow-up listed for the level above,
/// closed into the activity record, and the branch's sheet.
/// </summary>
public class EvaluationTests(AppFactory app) : DemoApiTest(app)
{
    private static int _branches;

    private async Task<(long Branch, List<long> Members)> BranchOf(int members)
    {
        var n = Interlocked.Increment(ref _branches);
        var branch = await CreateOrganization(await OrgId(DemoOrgs.Yanzhong), $"评议测试第{n}党支部");
        var ids = new List<long>();
        for (var i = 0; i < members; i++)
        {
            ids.Add(await CreateMember(People.Full(branch, $"评{n}员{i}")));
        }
        return (branch, ids);
    }

    private async Task<long> Open(long branch) =>
        (await Read<Created>(await PostJson(await As("admin"), "/api/v1/evaluations", new { organizationId = branch, year = App.Today.Year }), HttpStatusCode.Created)).Id;

    private async Task<HttpResponseMessage> Grade(long id, IEnumerable<long> members, EvaluationGrade grade, string? followUp = null) =>
        await PutJson(await As("admin"), $"/api/v1/evaluations/{id}/entries",
            new { marks = members.Select(m => new { memberId = m, selfAssessment = "认真学习，按时交纳党费。", grade, votesFor = 3, followUp }).ToList() });

    private async Task<GetEvaluation.Response> Get(long id) => await Read<GetEvaluation.Response>(await (await As("admin")).GetAsync($"/api/v1/evaluations/{id}"));

    [Fact]
    public async Task Exactly_one_third_excellent_is_taken_and_one_more_is_refused_with_the_rule_named()
    {
        var (branch, members) = await BranchOf(9);
        var id = await Open(branch);
        var evaluation = await Get(id);
        (evaluation.Evaluated, evaluation.ExcellentAtMost).ShouldBe((9, 3));
        evaluation.Entries.Select(e => e.MemberId).ShouldBe(members, ignoreOrder: true);

        (await Grade(id, members.Take(3), EvaluationGrade.Excellent)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var refused = await Problem(await Grade(id, members.Skip(3).Take(1), EvaluationGrade.Excellent));
        refused["grade"].ShouldHaveSingleItem().ShouldStartWith("评为优秀的不能超过参评党员的3分之一：9人参评，最多3人优秀，现为4人（依据：地方通行做法");
        (await Get(id)).Grades.Single(g => g.Grade == EvaluationGrade.Excellent).Count.ShouldBe(3, "the refused change changed nothing");
        EvaluationRules.CheckExcellent(3, 10, 3, "").ShouldBeNull();
        EvaluationRules.CheckExcellent(4, 11, 3, "").ShouldNotBeNull();
        EvaluationRules.CheckExcellent(4, 12, 3, "").ShouldBeNull();
    }

    [Fact]
    public async Task An_unqualified_member_needs_a_follow_up_and_is_listed_for_the_level_above_and_closing_writes_each_grade()
    {
        var (branch, members) = await BranchOf(4);
        var id = await Open(branch);
        (await Problem(await Grade(id, members.Take(1), EvaluationGrade.Unqualified)))["marks[0].followUp"]
            .ShouldBe(["评为不合格的须写明处置意见（如限期改正、劝其退党）"]);
        (await Grade(id, members.Take(1), EvaluationGrade.Unqualified, "限期改正，由支部书记谈话帮助")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await Read<ProblemBody>(await (await As("admin")).PostAsync($"/api/v1/evaluations/{id}/close", null), HttpStatusCode.Conflict))
            .Detail!.ShouldStartWith("还有3名党员没有评定等次");
        (await Grade(id, members.Skip(1), EvaluationGrade.Qualified)).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var street = await Read<ListEvaluations.Response>(await (await As("baling")).GetAsync("/api/v1/evaluations"));
        street.Evaluations.ShouldContain(e => e.Id == id && e.Evaluated == 4 && e.Unqualified == 1);
        street.Unqualified.ShouldContain(c => c.EvaluationId == id && c.MemberId == members[0] && c.FollowUp == "限期改正，由支部书记谈话帮助");

        (await (await As("admin")).PostAsync($"/api/v1/evaluations/{id}/close", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var lines = await App.WithDbAsync(db => db.ActivityEntries.AsNoTracking()
            .Where(a => a.SourceType == nameof(MemberEvaluation) && a.SourceId == id).ToListAsync());
        lines.Select(l => (l.MemberId, l.Kind, l.Detail)).ShouldBe(
            members.Select((m, i) => (m, ActivityKinds.EvaluationGrade, i == 0 ? "Unqualified" : "Qualified")), ignoreOrder: true);
        (await Read<ProblemBody>(await Grade(id, members.Take(1), EvaluationGrade.Excellent), HttpStatusCode.Conflict)).Detail!.ShouldContain("已结束");

        var sheet = await (await As("admin")).GetAsync($"/api/v1/evaluations/{id}/sheet.xlsx");
        var rows = Dangjian.Tests.Members.ExcelBooks.Read(await sheet.Content.ReadAsByteArrayAsync());
        rows.ShouldContain(r => r[4] as string == "不合格" && r[5] as string == "限期改正，由支部书记谈话帮助");
        rows.Count(r => r[4] as string == "合格").ShouldBe(3);
    }

    [Fact]
    public async Task A_branch_opens_one_evaluation_a_year_and_only_a_branch_opens_one()
    {
        var (branch, _) = await BranchOf(2);
        await Open(branch);
        (await Read<ProblemBody>(await PostJson(await As("admin"), "/api/v1/evaluations", new { organizationId = branch, year = App.Today.Year }),
            HttpStatusCode.Conflict)).Detail!.ShouldEndWith("年的民主评议已经开始");
        (await Problem(await PostJson(await As("admin"), "/api/v1/evaluations", new { organizationId = await OrgId(DemoOrgs.Yanzhong), year = App.Today.Year })))
            ["organizationId"].ShouldBe(["民主评议党员由党支部（党总支）组织"]);
        (await Problem(await PostJson(await As("admin"), "/api/v1/evaluations", new { organizationId = branch, year = App.Today.Year - 3 })))
            ["year"].ShouldHaveSingleItem();
        RuleCatalog.All.ShouldContain(RuleCatalog.EvaluationExcellentAtMostOneIn);
    }
}
