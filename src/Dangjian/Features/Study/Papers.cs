using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Dangjian.Features.Members;
using Dangjian.Platform.Activity;
using Dangjian.Platform.Data;
using Dangjian.Platform.Http;
using Dangjian.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Features.Study;

/// <summary>
/// A member's paper: drawn when they start (starting again shows the same paper with the time left, never a new draw),
/// submitted once before it is due, scored at once, the score written to the activity record in the same save.
/// </summary>
public static class Papers
{
    /// <summary>How late a submission may arrive after the paper is due and still count: the time a phone's request may take on a poor network.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(15);

    public sealed record QuestionView(long Id, int Number, QuestionKind Kind, string KindName, string Text, IReadOnlyList<string> Options, int Points);

    public sealed record MarkView(long QuestionId, string? Given, string Answer, bool Correct, int Points, string? Explanation);

    public sealed record PaperView(long Id, long ContestId, string ContestTitle, DateTimeOffset StartedAt, DateTimeOffset DueAt, int SecondsLeft, int FullMarks,
        IReadOnlyList<QuestionView> Questions, bool Submitted, int? Score, int? Correct, IReadOnlyList<MarkView> Marks);

    public sealed record AnswerInput(long QuestionId, [property: MaxLength(20)] string? Answer);

    public sealed record SubmitRequest([property: MaxLength(200)] IReadOnlyList<AnswerInput>? Answers);

    internal sealed record Taker(long MemberId, string Name, long OrganizationId, string Path);

    /// <summary>The contests of the member's organization and those above it that are open, coming, or closed within the last 30 days.</summary>
    public static async Task<IReadOnlyList<MyStudy.ContestRow>> OpenToAsync(AppDb db, long memberId, string memberPath, CancellationToken ct)
    {
        var paths = OrgPath.AncestorsAndSelf(memberPath);
        var now = db.Clock.GetUtcNow();
        var since = now.AddDays(-30);
        var contests = await db.Contests.AsNoTracking().Where(c => paths.Contains(c.OrgPath) && c.ClosesAt > since).OrderBy(c => c.ClosesAt).Take(50).ToListAsync(ct);
        var ids = contests.Select(c => c.Id).ToList();
        var papers = await db.ContestPapers.AsNoTracking().Where(p => p.MemberId == memberId && ids.Contains(p.ContestId)).ToDictionaryAsync(p => p.ContestId, ct);
        return [.. contests.Select(c =>
        {
            var paper = papers.GetValueOrDefault(c.Id);
            var state = paper?.SubmittedAt is not null ? "已交卷"
                : paper is not null && now <= paper.DueAt + Grace ? "答题中"
                : paper is not null ? "超时未交"
                : ContestStates.Of(c, now);
            var canStart = paper?.SubmittedAt is null && now >= c.OpensAt && now < c.ClosesAt && (paper is null || now <= paper.DueAt + Grace);
            return new MyStudy.ContestRow(c.Id, c.Title, c.OpensAt, c.ClosesAt, c.TimeLimitMinutes, c.QuestionCount, c.FullMarks, state, paper?.Score, canStart);
        })];
    }

    internal static async Task<(Taker? Taker, Contest? Contest)> ResolveAsync(long contestId, CurrentUser user, AppDb db, Scope scope,
        CancellationToken ct)
    {
        var account = await user.RequireAsync(ct);
        var member = account.MemberId is { } id
            ? await db.Members.AsNoTracking().Where(m => m.Id == id && m.LeftAt == null).Select(m => new Taker(m.Id, m.Name, m.OrganizationId, m.OrgPath)).FirstOrDefaultAsync(ct)
            : null;
        if (member is null)
        {
            // Absent, as for an id that does not exist: an account without a member record learns nothing from contest ids.
            return (null, null);
        }
        var contest = await db.Contests.AsNoTracking().FirstOrDefaultAsync(c => c.Id == contestId, ct);
        if (contest is null || !await scope.OffersAsync(contest.OrgPath, member.Path, nameof(Contest), contestId, ct))
        {
            return (member, null);
        }
        return (member, contest);
    }

    public static async Task<Outcome<PaperView>> StartAsync(long contestId, CurrentUser user, AppDb db, Scope scope, CancellationToken ct)
    {
        var (taker, contest) = await ResolveAsync(contestId, user, db, scope, ct);
        if (contest is null)
        {
            return Outcome<PaperView>.NotFound("竞赛");
        }
        var existing = await db.ContestPapers.AsNoTracking().FirstOrDefaultAsync(p => p.ContestId == contestId && p.MemberId == taker!.MemberId, ct);
        if (existing is not null)
        {
            return Outcome<PaperView>.Ok(await ViewAsync(db, contest, existing, ct));
        }
        var now = db.Clock.GetUtcNow();
        if (now < contest.OpensAt)
        {
            return Outcome<PaperView>.Conflict($"竞赛{Platform.Time.ChinaTime.ToBeijing(contest.OpensAt):M月d日 HH:mm}开始，请届时再来答题");
        }
        if (now >= contest.ClosesAt)
        {
            return Outcome<PaperView>.Conflict("竞赛已截止");
        }
        var drawn = new List<long>();
        foreach (var (kind, count) in new[] { (QuestionKind.SingleChoice, contest.SingleCount), (QuestionKind.MultipleChoice, contest.MultipleCount),
            (QuestionKind.TrueFalse, contest.TrueFalseCount) })
        {
            if (count == 0)
            {
                continue;
            }
            var ids = await db.Questions.AsNoTracking().Where(q => q.BankId == contest.BankId && q.Kind == kind && !q.Retired).Select(q => q.Id).ToArrayAsync(ct);
            Random.Shared.Shuffle(ids);
            drawn.AddRange(ids.Take(count));
        }
        if (drawn.Count < contest.QuestionCount)
        {
            return Outcome<PaperView>.Conflict("题库中的题目已不足以组卷，请联系竞赛组织者");
        }
        var due = now.AddMinutes(contest.TimeLimitMinutes);
        var paper = new ContestPaper
        {
            ContestId = contest.Id, MemberId = taker!.MemberId, MemberName = taker.Name, OrganizationId = taker.OrganizationId, OrgPath = taker.Path, StartedAt = now,
            DueAt = due < contest.ClosesAt ? due : contest.ClosesAt, QuestionIds = string.Join(',', drawn.Select(i => i.ToString(CultureInfo.InvariantCulture))),
        };
        db.ContestPapers.Add(paper);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            // Started twice at once (two taps, two tabs): the first paper stands, and both see it.
            db.ChangeTracker.Clear();
            paper = await db.ContestPapers.AsNoTracking().FirstAsync(p => p.ContestId == contestId && p.MemberId == taker.MemberId, ct);
        }
        return Outcome<PaperView>.Ok(await ViewAsync(db, contest, paper, ct));
    }

    public static async Task<Outcome<PaperView>> GetAsync(long contestId, CurrentUser user, AppDb db, Scope scope, CancellationToken ct)
    {
        var (taker, contest) = await ResolveAsync(contestId, user, db, scope, ct);
        var paper = contest is null ? null : await db.ContestPapers.AsNoTracking().FirstOrDefaultAsync(p => p.ContestId == contestId && p.MemberId == taker!.MemberId, ct);
        return paper is null ? Outcome<PaperView>.NotFound("答卷") : Outcome<PaperView>.Ok(await ViewAsync(db, contest!, paper, ct));
    }

    public static async Task<Outcome<PaperView>> SubmitAsync(long contestId, SubmitRequest request, CurrentUser user, AppDb db, Scope scope, CancellationToken ct)
    {
        var (taker, contest) = await ResolveAsync(contestId, user, db, scope, ct);
        var paper = contest is null ? null : await db.ContestPapers.FirstOrDefaultAsync(p => p.ContestId == contestId && p.MemberId == taker!.MemberId, ct);
        if (paper is null)
        {
            return Outcome<PaperView>.NotFound("答卷");
        }
        if (paper.SubmittedAt is not null)
        {
            return Outcome<PaperView>.Conflict("已经交卷，不能重复提交");
        }
        var now = db.Clock.GetUtcNow();
        if (now > paper.DueAt + Grace)
        {
            return Outcome<PaperView>.Conflict($"答题时间已于{Platform.Time.ChinaTime.ToBeijing(paper.DueAt):HH:mm:ss}结束，答卷不予受理");
        }
        var questions = await QuestionsOfAsync(db, paper, ct);
        var errors = new FieldErrors();
        var answers = new Dictionary<long, string?>();
        var inputs = request.Answers ?? [];
        for (var i = 0; i < inputs.Count; i++)
        {
            var question = questions.FirstOrDefault(q => q.Id == inputs[i].QuestionId);
            if (question is null)
            {
                errors.Add($"answers[{i}].questionId", "这道题不在您的试卷中");
                continue;
            }
            var number = questions.IndexOf(question) + 1;
            var written = inputs[i].Answer;
            var normalized = QuizRules.Normalize(question.Kind, written);
            if (!string.IsNullOrWhiteSpace(written) && (normalized is null || normalized.Any(c => c - 'A' >= question.OptionList.Count)))
            {
                errors.Add($"answers[{i}].answer", $"第{number}题的答案应为所列选项");
            }
            else if (!answers.TryAdd(question.Id, normalized))
            {
                errors.Add($"answers[{i}].questionId", $"第{number}题答了两次");
            }
        }
        if (errors.Any)
        {
            return Outcome<PaperView>.Invalid(errors);
        }
        var marks = QuizRules.Mark([.. questions.Select(q => (q.Id, q.Kind, q.Answer))], answers, k => PointsOf(contest!, k));
        paper.Answers = string.Join(',', questions.Select(q => $"{q.Id.ToString(CultureInfo.InvariantCulture)}:{answers.GetValueOrDefault(q.Id)}"));
        paper.SubmittedAt = now;
        paper.SecondsUsed = (int)Math.Max(0, Math.Round((now - paper.StartedAt).TotalSeconds));
        paper.Score = marks.Sum(m => m.Points);
        paper.Correct = marks.Count(m => m.Correct);
        paper.Version++;
        ActivityLedger.Record(db, paper.MemberId, paper.OrgPath, ActivityKinds.ContestScore, "contest", Platform.Time.BeijingDay.Of(now), paper.Score.Value,
            nameof(ContestPaper), paper.Id);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Outcome<PaperView>.Conflict("已经交卷，不能重复提交");
        }
        return Outcome<PaperView>.Ok(await ViewAsync(db, contest!, paper, ct));
    }

    public static async Task<Outcome<ContestRanking.Response>> RankingAsync(long contestId, CurrentUser user, AppDb db, Scope scope, CancellationToken ct)
    {
        var (taker, contest) = await ResolveAsync(contestId, user, db, scope, ct);
        return contest is null ? Outcome<ContestRanking.Response>.NotFound("竞赛") : Outcome<ContestRanking.Response>.Ok(await ContestRanking.ForAsync(contest, taker!.MemberId, db, ct));
    }

    public static int PointsOf(Contest contest, QuestionKind kind) => kind switch
    {
        QuestionKind.SingleChoice => contest.SinglePoints,
        QuestionKind.MultipleChoice => contest.MultiplePoints,
        _ => contest.TrueFalsePoints,
    };

    private static async Task<List<Question>> QuestionsOfAsync(AppDb db, ContestPaper paper, CancellationToken ct)
    {
        var ids = paper.QuestionIdList;
        var byId = await db.Questions.AsNoTracking().Where(q => ids.Contains(q.Id)).ToDictionaryAsync(q => q.Id, ct);
        return [.. ids.Where(byId.ContainsKey).Select(i => byId[i])];
    }

    private static async Task<PaperView> ViewAsync(AppDb db, Contest contest, ContestPaper paper, CancellationToken ct)
    {
        var questions = await QuestionsOfAsync(db, paper, ct);
        var now = db.Clock.GetUtcNow();
        var left = paper.SubmittedAt is null ? (int)Math.Max(0, Math.Floor((paper.DueAt - now).TotalSeconds)) : 0;
        var views = questions.Select((q, i) => new QuestionView(q.Id, i + 1, q.Kind, q.Kind.Chinese(), q.Text, q.OptionList, PointsOf(contest, q.Kind))).ToList();
        IReadOnlyList<MarkView> marks = [];
        if (paper.SubmittedAt is not null)
        {
            var given = (paper.Answers ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(a => a.Split(':'))
                .ToDictionary(a => long.Parse(a[0], CultureInfo.InvariantCulture), a => a.Length > 1 && a[1].Length > 0 ? a[1] : null);
            marks = [.. questions.Select(q =>
            {
                var answer = given.GetValueOrDefault(q.Id);
                var correct = answer == q.Answer;
                return new MarkView(q.Id, answer, q.Answer, correct, correct ? PointsOf(contest, q.Kind) : 0, q.Explanation);
            })];
        }
        return new PaperView(paper.Id, contest.Id, contest.Title, paper.StartedAt, paper.DueAt, left, contest.FullMarks, views, paper.SubmittedAt is not null,
            paper.Score, paper.Correct, marks);
    }
}
