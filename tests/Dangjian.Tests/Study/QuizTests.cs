using System.Net;
using Dangjian.Features.Study;
using Dangjian.Platform.Activity;
using Dangjian.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using SpreadCheetah;

namespace Dangjian.Tests.Study;

/// <summary>
/// Question banks and contests over HTTP: import from .xlsx (every bad row named, nothing written), a paper drawn per
/// member and kept when they start again, automatic scoring with multiple choice all-or-nothing, one submission even
/// when two arrive at once, a late one refused, the score in the activity record, and the ranking. 党员 dangyuan of
/// 延中社区第一党支部 takes the papers; the contests are the community's.
/// </summary>
public class QuizTests(AppFactory app) : DemoApiTest(app)
{
    internal static async Task<byte[]> Sheet(IEnumerable<string[]> rows)
    {
        using var output = new MemoryStream();
        await using (var book = await Spreadsheet.CreateNewAsync(output))
        {
            await book.StartWorksheetAsync("题库");
            await book.AddRowAsync([.. QuestionSheet.Columns.Select(c => new Cell(c))]);
            foreach (var row in rows)
            {
                await book.AddRowAsync([.. row.Select(c => new Cell(c))]);
            }
            await book.FinishAsync();
        }
        return output.ToArray();
    }

    private async Task<HttpResponseMessage> Import(long bank, byte[] bytes, string user = "admin")
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", "题库.xlsx");
        return await (await As(user)).PostAsync($"/api/v1/study/banks/{bank}/import", form);
    }

    private async Task<long> NewBank(string title = "“两学一做”知识题库") =>
        (await Read<Created>(await PostJson(await As("admin"), "/api/v1/study/banks", new { organizationId = await OrgId(DemoOrgs.Yanzhong), title }), HttpStatusCode.Created)).Id;

    /// <summary>A bank of 4 single, 2 multiple and 4 true/false questions, whose keys are A, AB and 对.</summary>
    private async Task<long> StockedBank()
    {
        var bank = await NewBank();
        var rows = new List<string[]>();
        for (var i = 0; i < 4; i++)
        {
            rows.Add(["单选", $"单选题{i}：党的根本宗旨是什么？", "全心全意为人民服务", "实现现代化", "发展经济", "", "", "", "A", ""]);
            rows.Add(["判断", $"判断题{i}：预备党员没有表决权。", "", "", "", "", "", "", "对", "党章第七条"]);
        }
        rows.Add(["多选", "“三会一课”中的“三会”包括？（一）", "支部党员大会", "支部委员会", "联席会议", "", "", "", "A、B", ""]);
        rows.Add(["多选", "“三会一课”中的“三会”包括？（二）", "支部党员大会", "支部委员会", "联席会议", "", "", "", "BA", ""]);
        (await Read<QuestionsAdded>(await Import(bank, await Sheet(rows)))).Added.ShouldBe(10);
        return bank;
    }

    private async Task<long> NewContest(long bank, int minutes = 20, int single = 2, int multiple = 2, int trueFalse = 2) =>
        (await Read<Created>(await PostJson(await As("admin"), "/api/v1/study/contests", new
        {
            organizationId = await OrgId(DemoOrgs.Yanzhong), title = "党章党规知识竞赛", bankId = bank, singleCount = single, multipleCount = multiple, trueFalseCount = trueFalse,
            singlePoints = 10, multiplePoints = 20, trueFalsePoints = 5, timeLimitMinutes = minutes,
            opensAt = App.Clock.GetUtcNow().AddMinutes(-5), closesAt = App.Clock.GetUtcNow().AddDays(7),
        }), HttpStatusCode.Created)).Id;

    private static object AnswersFor(Papers.PaperView paper, Func<Papers.QuestionView, string?> answer) =>
        new { answers = paper.Questions.Select(q => new { questionId = q.Id, answer = answer(q) }).ToList() };

    private static string? Right(Papers.QuestionView q) => q.Kind switch
    {
        QuestionKind.SingleChoice => "A",
        QuestionKind.MultipleChoice => "AB",
        _ => "A",
    };

    [Fact]
    public async Task A_sheet_with_bad_rows_is_refused_row_by_row_and_adds_nothing()
    {
        var bank = await NewBank("导入检查题库");
        var problem = await Problem(await Import(bank, await Sheet([
            ["单选", "正确的一题", "甲", "乙", "", "", "", "", "B", ""],
            ["单选", "两个答案的单选题", "甲", "乙", "丙", "", "", "", "AB", ""],
            ["多选", "一个答案的多选题", "甲", "乙", "丙", "", "", "", "C", ""],
            ["判断", "答案不明的判断题", "", "", "", "", "", "", "也许", ""],
            ["问答", "不认识的题型", "", "", "", "", "", "", "", ""],
            ["单选", "选项有空缺", "甲", "", "丙", "", "", "", "A", ""],
            ["单选", "答案超出选项", "甲", "乙", "", "", "", "", "D", ""],
        ])));
        problem["rows[3].answer"].ShouldBe(["第3行：单选题只能有一个正确答案"]);
        problem["rows[4].answer"].ShouldBe(["第4行：多选题至少有两个正确答案"]);
        problem["rows[5].answer"].ShouldBe(["第5行：判断题的答案应为“对”或“错”"]);
        problem["rows[6].kind"].ShouldBe(["第6行：题型应为单选、多选或判断"]);
        problem["rows[7].options"].ShouldBe(["第7行：选项B是空的：选项须从A起连续填写"]);
        problem["rows[8].answer"].ShouldBe(["第8行：答案D超出了选项范围（A到B）"]);
        problem.Keys.ShouldNotContain("rows[2].answer");
        (await App.WithDbAsync(db => db.Questions.CountAsync(q => q.BankId == bank))).ShouldBe(0);

        (await Problem(await Import(bank, [0x50, 0x4B, 0x03, 0x04, 1, 2, 3])))["file"].ShouldBe(["文件不是有效的 .xlsx 工作簿"]);
        var template = await (await As("admin")).GetAsync("/api/v1/study/banks/template.xlsx");
        (await Read<QuestionsAdded>(await Import(bank, await template.Content.ReadAsByteArrayAsync()))).Added.ShouldBe(3, "the template's own examples import");
        var stored = await Read<GetQuestionBank.Response>(await (await As("admin")).GetAsync($"/api/v1/study/banks/{bank}"));
        stored.Questions.Select(q => (q.Kind, q.Answer)).ShouldBe([(QuestionKind.SingleChoice, "A"), (QuestionKind.MultipleChoice, "ABCD"), (QuestionKind.TrueFalse, "A")]);
        stored.Questions[2].Options.ShouldBe(["正确", "错误"]);
    }

    [Fact]
    public async Task A_member_draws_one_paper_keeps_it_on_return_and_is_scored_with_multiple_choice_all_or_nothing()
    {
        var contest = await NewContest(await StockedBank());
        var member = await As("dangyuan");
        var paper = await Read<Papers.PaperView>(await member.PostAsync($"/api/v1/me/contests/{contest}/paper", null));
        paper.Questions.Select(q => q.Kind).ShouldBe([QuestionKind.SingleChoice, QuestionKind.SingleChoice, QuestionKind.MultipleChoice, QuestionKind.MultipleChoice,
            QuestionKind.TrueFalse, QuestionKind.TrueFalse]);
        paper.FullMarks.ShouldBe(70);
        paper.SecondsLeft.ShouldBe(20 * 60);
        App.Clock.Advance(TimeSpan.FromMinutes(3));
        var again = await Read<Papers.PaperView>(await member.PostAsync($"/api/v1/me/contests/{contest}/paper", null));
        again.Id.ShouldBe(paper.Id);
        again.Questions.Select(q => q.Id).ShouldBe(paper.Questions.Select(q => q.Id), "starting again shows the same paper");
        again.SecondsLeft.ShouldBe(17 * 60);
        (await (await As("dangyuan")).GetStringAsync($"/api/v1/me/contests/{contest}/paper")).ShouldNotContain("\"answer\"", Case.Insensitive,
            "an unsubmitted paper carries no answers");

        // Everything right but the first multiple-choice question, answered A only: 70 - 20.
        var firstMultiple = paper.Questions.First(q => q.Kind == QuestionKind.MultipleChoice).Id;
        var result = await Read<Papers.PaperView>(await PostJson(member, $"/api/v1/me/contests/{contest}/paper/submit",
            AnswersFor(paper, q => q.Id == firstMultiple ? "A" : q.Kind == QuestionKind.TrueFalse ? "对" : Right(q))));
        (result.Submitted, result.Score, result.Correct).ShouldBe((true, 50, 5));
        result.Marks.Single(m => m.QuestionId == firstMultiple).ShouldSatisfyAllConditions(m => m.Correct.ShouldBeFalse(), m => m.Answer.ShouldBe("AB"));
        var memberId = await App.WithDbAsync(db => db.Users.Where(u => u.UserName == "dangyuan").Select(u => u.MemberId!.Value).SingleAsync());
        var line = await App.WithDbAsync(db => db.ActivityEntries.AsNoTracking().SingleAsync(a => a.SourceType == nameof(ContestPaper) && a.SourceId == paper.Id));
        (line.MemberId, line.Kind, line.Quantity).ShouldBe((memberId, ActivityKinds.ContestScore, 50m));

        (await Read<ProblemBody>(await PostJson(member, $"/api/v1/me/contests/{contest}/paper/submit", AnswersFor(paper, Right)), HttpStatusCode.Conflict))
            .Detail.ShouldBe("已经交卷，不能重复提交");
        var ranking = await Read<ContestRanking.Response>(await member.GetAsync($"/api/v1/me/contests/{contest}/ranking"));
        ranking.Mine!.ShouldSatisfyAllConditions(m => m.Score.ShouldBe(50), m => m.SecondsUsed.ShouldBe(180));
    }

    [Fact]
    public async Task Two_submissions_at_once_give_one_score_and_a_late_one_is_refused()
    {
        var bank = await StockedBank();
        var contest = await NewContest(bank);
        var member = await As("dangyuan");
        var paper = await Read<Papers.PaperView>(await member.PostAsync($"/api/v1/me/contests/{contest}/paper", null));
        var body = AnswersFor(paper, Right);
        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ => await PostJson(await As("dangyuan"), $"/api/v1/me/contests/{contest}/paper/submit", body)));
        answers.Count(r => r.StatusCode == HttpStatusCode.OK).ShouldBe(1);
        answers.Count(r => r.StatusCode == HttpStatusCode.Conflict).ShouldBe(3);
        (await App.WithDbAsync(db => db.ActivityEntries.CountAsync(a => a.SourceType == nameof(ContestPaper) && a.SourceId == paper.Id))).ShouldBe(1);

        var timed = await NewContest(bank, minutes: 1, single: 1, multiple: 0, trueFalse: 0);
        var late = await Read<Papers.PaperView>(await member.PostAsync($"/api/v1/me/contests/{timed}/paper", null));
        App.Clock.Advance(TimeSpan.FromSeconds(60) + Papers.Grace + TimeSpan.FromSeconds(1));
        (await Read<ProblemBody>(await PostJson(member, $"/api/v1/me/contests/{timed}/paper/submit", AnswersFor(late, Right)), HttpStatusCode.Conflict))
            .Detail!.ShouldEndWith("结束，答卷不予受理");
        (await App.WithDbAsync(db => db.ContestPapers.AsNoTracking().SingleAsync(p => p.Id == late.Id))).SubmittedAt.ShouldBeNull();
        var mine = await Read<MyStudy.Response>(await member.GetAsync("/api/v1/me/study"));
        mine.Contests.Single(c => c.Id == timed).ShouldSatisfyAllConditions(c => c.State.ShouldBe("超时未交"), c => c.CanStart.ShouldBeFalse());
    }

    [Fact]
    public async Task The_ranking_puts_the_higher_score_first_and_the_quicker_on_a_tie_and_members_outside_cannot_reach_the_contest()
    {
        var contest = await NewContest(await StockedBank());
        var yanzhong = await OrgId(DemoOrgs.Yanzhong);
        var first = await OrgId(DemoOrgs.First);
        var others = await App.WithDbAsync(db => db.Members.AsNoTracking().Where(m => m.OrganizationId == first && m.LeftAt == null).OrderBy(m => m.Id).Take(3)
            .Select(m => new { m.Id, m.Name, m.OrganizationId, m.OrgPath }).ToListAsync());
        var now = App.Clock.GetUtcNow();
        await App.WithDbAsync(async db =>
        {
            var scores = new[] { (60, 300), (70, 400), (60, 200) };
            for (var i = 0; i < others.Count; i++)
            {
                db.ContestPapers.Add(new ContestPaper
                {
                    ContestId = contest, MemberId = others[i].Id, MemberName = others[i].Name, OrganizationId = others[i].OrganizationId, OrgPath = others[i].OrgPath,
                    StartedAt = now.AddSeconds(-scores[i].Item2), DueAt = now.AddMinutes(10), QuestionIds = "", SubmittedAt = now, Score = scores[i].Item1,
                    SecondsUsed = scores[i].Item2,
                });
            }
            await db.SaveChangesAsync();
            return 0;
        });
        var ranking = await Read<ContestRanking.Response>(await (await As("baling")).GetAsync($"/api/v1/study/contests/{contest}/ranking"));
        ranking.Rows.Select(r => (r.Rank, r.MemberId)).ShouldBe([(1, others[1].Id), (2, others[2].Id), (3, others[0].Id)]);
        var view = await Read<GetContest.Response>(await (await As("baling")).GetAsync($"/api/v1/study/contests/{contest}"));
        (view.Submitted, view.AverageScore, view.State).ShouldBe((3, 63.3m, "进行中"));
        yanzhong.ShouldBe(view.OrganizationId);

        // A contest of another community is not there for this member, and the probe is audited.
        var elsewhere = (await Read<Created>(await PostJson(await As("admin"), "/api/v1/study/banks", new { organizationId = await OrgId(DemoOrgs.Guangming), title = "光明社区题库" }),
            HttpStatusCode.Created)).Id;
        (await Read<QuestionsAdded>(await Import(elsewhere, await Sheet([["判断", "党员应按时交纳党费。", "", "", "", "", "", "", "对", ""]])))).Added.ShouldBe(1);
        var foreign = (await Read<Created>(await PostJson(await As("admin"), "/api/v1/study/contests", new
        {
            organizationId = await OrgId(DemoOrgs.Guangming), title = "光明社区答题", bankId = elsewhere, singleCount = 0, multipleCount = 0, trueFalseCount = 1,
            trueFalsePoints = 100, timeLimitMinutes = 5, opensAt = now.AddMinutes(-1), closesAt = now.AddDays(1),
        }), HttpStatusCode.Created)).Id;
        (await (await As("dangyuan")).PostAsync($"/api/v1/me/contests/{foreign}/paper", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await AuditRows("access-denied", nameof(Contest), foreign.ToString(System.Globalization.CultureInfo.InvariantCulture))).ShouldNotBeEmpty();
    }

    [Fact]
    public async Task A_contest_asks_no_more_questions_than_the_bank_holds()
    {
        var bank = await StockedBank();
        var problem = await Problem(await PostJson(await As("admin"), "/api/v1/study/contests", new
        {
            organizationId = await OrgId(DemoOrgs.Yanzhong), title = "题数过多", bankId = bank, singleCount = 5, multipleCount = 0, trueFalseCount = 0, singlePoints = 10,
            timeLimitMinutes = 0, opensAt = App.Clock.GetUtcNow(), closesAt = App.Clock.GetUtcNow().AddMinutes(-1),
        }));
        problem["singleCount"].ShouldBe(["单选题题数应在0到4之间（题库现有4道）"]);
        problem.Keys.ShouldBe(["singleCount", "timeLimitMinutes", "closesAt"], ignoreOrder: true);
        QuizRules.Normalize(QuestionKind.MultipleChoice, " c, a ").ShouldBe("AC");
        QuizRules.Normalize(QuestionKind.TrueFalse, "×").ShouldBe("B");
        QuizRules.Normalize(QuestionKind.SingleChoice, "甲").ShouldBeNull();
    }
}
