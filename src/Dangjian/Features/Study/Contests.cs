using System.ComponentModel.DataAnnotations;
using Dangjian.Features.Members;
using Dangjian.Platform.Data;
using Dangjian.Platform.Http;
using Dangjian.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Features.Study;

/// <summary>Sets up a contest for the members of an organization's subtree, drawing from a bank in the caller's subtree.</summary>
public static class CreateContest
{
    public const int MaxTimeLimitMinutes = 180;
    public const int MaxPoints = 100;

    public sealed record Request(long? OrganizationId, [property: MaxLength(100)] string? Title, long? BankId, int SingleCount, int MultipleCount,
        int TrueFalseCount, int? SinglePoints, int? MultiplePoints, int? TrueFalsePoints, int? TimeLimitMinutes, DateTimeOffset? OpensAt,
        DateTimeOffset? ClosesAt);

    public static async Task<Outcome<long>> Handle(Request request, AppDb db, Scope scope, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var org = await scope.FindAsync(db.Organizations.AsNoTracking().Where(o => o.DissolvedAt == null), request.OrganizationId, ct);
        if (org is null)
        {
            errors.Add("organizationId", request.OrganizationId is null ? "请选择举办竞赛的党组织" : "党组织不存在或不在您的管辖范围内");
        }
        var bank = await scope.FindAsync(db.QuestionBanks.AsNoTracking(), request.BankId, ct);
        if (bank is null)
        {
            errors.Add("bankId", request.BankId is null ? "请选择题库" : "题库不存在或不在您的管辖范围内");
        }
        var title = errors.Text("title", "竞赛名称", request.Title, 100);
        var counts = new[] { (QuestionKind.SingleChoice, request.SingleCount, "singleCount"), (QuestionKind.MultipleChoice, request.MultipleCount, "multipleCount"),
            (QuestionKind.TrueFalse, request.TrueFalseCount, "trueFalseCount") };
        if (bank is not null)
        {
            var available = await db.Questions.AsNoTracking().Where(q => q.BankId == bank.Id && !q.Retired).GroupBy(q => q.Kind)
                .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
            foreach (var (kind, count, field) in counts)
            {
                if (count < 0 || count > available.GetValueOrDefault(kind))
                {
                    errors.Add(field, $"{kind.Chinese()}题数应在0到{available.GetValueOrDefault(kind)}之间（题库现有{available.GetValueOrDefault(kind)}道）");
                }
            }
        }
        if (counts.All(c => c.Item2 <= 0))
        {
            errors.Add("singleCount", "试卷至少要有一道题");
        }
        if (request.SingleCount + request.MultipleCount + request.TrueFalseCount > 200)
        {
            errors.Add("singleCount", "一份试卷最多200道题");
        }
        int Points(int? value, int count, string field, string label)
        {
            if (count == 0)
            {
                return value ?? 0;
            }
            if (value is not { } p || p < 1 || p > MaxPoints)
            {
                errors.Add(field, $"{label}每题分值应在1到{MaxPoints}之间");
                return 0;
            }
            return p;
        }
        var single = Points(request.SinglePoints, request.SingleCount, "singlePoints", "单选题");
        var multiple = Points(request.MultiplePoints, request.MultipleCount, "multiplePoints", "多选题");
        var trueFalse = Points(request.TrueFalsePoints, request.TrueFalseCount, "trueFalsePoints", "判断题");
        if (request.TimeLimitMinutes is not { } limit || limit < 1 || limit > MaxTimeLimitMinutes)
        {
            errors.Add("timeLimitMinutes", $"答题时间应在1到{MaxTimeLimitMinutes}分钟之间");
        }
        var now = db.Clock.GetUtcNow();
        if (request.OpensAt is not { } opens || opens < now.AddYears(-1) || opens > now.AddYears(1))
        {
            errors.Add("opensAt", "请填写开始时间（一年以内）");
        }
        else if (request.ClosesAt is not { } closes || closes <= opens || closes > opens.AddDays(90))
        {
            errors.Add("closesAt", "截止时间应晚于开始时间，竞赛期不超过90天");
        }
        else if (closes <= now)
        {
            errors.Add("closesAt", "截止时间已过");
        }
        if (errors.Any)
        {
            return Outcome<long>.Invalid(errors);
        }
        var contest = new Contest
        {
            OrganizationId = org!.Id, OrgPath = org.Path, Title = title!, BankId = bank!.Id, SingleCount = request.SingleCount, MultipleCount = request.MultipleCount,
            TrueFalseCount = request.TrueFalseCount, SinglePoints = single, MultiplePoints = multiple, TrueFalsePoints = trueFalse,
            TimeLimitMinutes = request.TimeLimitMinutes!.Value, OpensAt = request.OpensAt!.Value.ToUniversalTime(), ClosesAt = request.ClosesAt!.Value.ToUniversalTime(),
            CreatedAt = now,
        };
        db.Contests.Add(contest);
        await db.SaveChangesAsync(ct);
        return Outcome<long>.Ok(contest.Id);
    }
}

public static class ContestStates
{
    public static string Of(Contest c, DateTimeOffset now) => now < c.OpensAt ? "未开始" : now < c.ClosesAt ? "进行中" : "已截止";
}

public static class GetContest
{
    public sealed record Response(long Id, long OrganizationId, string OrganizationName, string Title, long BankId, string BankTitle, int SingleCount,
        int MultipleCount, int TrueFalseCount, int SinglePoints, int MultiplePoints, int TrueFalsePoints, int QuestionCount, int FullMarks,
        int TimeLimitMinutes, DateTimeOffset OpensAt, DateTimeOffset ClosesAt, string State, int Entitled, int Started, int Submitted, decimal? AverageScore);

    public static async Task<Outcome<Response>> Handle(long id, AppDb db, Scope scope, CancellationToken ct)
    {
        var c = await scope.FindAsync(db.Contests.AsNoTracking(), id, ct);
        if (c is null)
        {
            return Outcome<Response>.NotFound("竞赛");
        }
        var name = await db.Organizations.AsNoTracking().Where(o => o.Id == c.OrganizationId).Select(o => o.Name).FirstAsync(ct);
        var bank = await db.QuestionBanks.AsNoTracking().Where(b => b.Id == c.BankId).Select(b => b.Title).FirstAsync(ct);
        var entitled = await StudyScopes.MembersAsync(db, c.OrganizationId, ct);
        var papers = db.ContestPapers.AsNoTracking().Where(p => p.ContestId == id);
        var started = await papers.CountAsync(ct);
        var scores = await papers.Where(p => p.Score != null).Select(p => p.Score!.Value).ToListAsync(ct);
        return Outcome<Response>.Ok(new Response(c.Id, c.OrganizationId, name, c.Title, c.BankId, bank, c.SingleCount, c.MultipleCount, c.TrueFalseCount,
            c.SinglePoints, c.MultiplePoints, c.TrueFalsePoints, c.QuestionCount, c.FullMarks, c.TimeLimitMinutes, c.OpensAt, c.ClosesAt,
            ContestStates.Of(c, db.Clock.GetUtcNow()), entitled, started, scores.Count, scores.Count == 0 ? null : Math.Round((decimal)scores.Average(), 1)));
    }
}

public static class ListContests
{
    public sealed record Row(long Id, string Title, string OrganizationName, DateTimeOffset OpensAt, DateTimeOffset ClosesAt, string State, int Submitted);

    public static async Task<Outcome<IReadOnlyList<Row>>> Handle(long? organizationId, CurrentUser user, AppDb db, Scope scope, CancellationToken ct)
    {
        var root = await StudyScopes.RootAsync(organizationId, user, db, scope, ct);
        if (root is null)
        {
            return Outcome<IReadOnlyList<Row>>.NotFound("党组织");
        }
        var hi = OrgPath.UpperBound(root);
        var rows = await db.Contests.AsNoTracking().Where(c => string.Compare(c.OrgPath, root) >= 0 && string.Compare(c.OrgPath, hi) < 0)
            .OrderByDescending(c => c.OpensAt).ThenByDescending(c => c.Id).Take(200)
            .Join(db.Organizations, c => c.OrganizationId, o => o.Id, (c, o) => new { c, o.Name, Submitted = db.ContestPapers.Count(p => p.ContestId == c.Id && p.Score != null) })
            .ToListAsync(ct);
        var now = db.Clock.GetUtcNow();
        return Outcome<IReadOnlyList<Row>>.Ok([.. rows.Select(r => new Row(r.c.Id, r.c.Title, r.Name, r.c.OpensAt, r.c.ClosesAt, ContestStates.Of(r.c, now), r.Submitted))]);
    }
}

/// <summary>
/// A contest's ranking: the submitted papers by score, the quicker first on equal scores (standard competition ranking:
/// equal score and time share a rank), the top <see cref="Top"/>, and the caller's own line when they took part.
/// </summary>
public static class ContestRanking
{
    public const int Top = 100;

    public sealed record Row(int Rank, long MemberId, string MemberName, string OrganizationName, int Score, int SecondsUsed);

    public sealed record Response(long ContestId, string Title, int FullMarks, int Submitted, IReadOnlyList<Row> Rows, Row? Mine);

    public static async Task<Response> ForAsync(Contest contest, long? memberId, AppDb db, CancellationToken ct)
    {
        var papers = db.ContestPapers.AsNoTracking().Where(p => p.ContestId == contest.Id && p.Score != null && p.SecondsUsed != null);
        var top = await papers.OrderByDescending(p => p.Score).ThenBy(p => p.SecondsUsed).ThenBy(p => p.Id).Take(Top)
            .Join(db.Organizations, p => p.OrganizationId, o => o.Id, (p, o) => new { p.MemberId, p.MemberName, o.Name, Score = p.Score!.Value, Seconds = p.SecondsUsed!.Value })
            .ToListAsync(ct);
        var rows = new List<Row>();
        for (var i = 0; i < top.Count; i++)
        {
            var rank = i > 0 && top[i].Score == top[i - 1].Score && top[i].Seconds == top[i - 1].Seconds ? rows[i - 1].Rank : i + 1;
            rows.Add(new Row(rank, top[i].MemberId, top[i].MemberName, top[i].Name, top[i].Score, top[i].Seconds));
        }
        Row? mine = rows.FirstOrDefault(r => r.MemberId == memberId);
        if (mine is null && memberId is not null)
        {
            var own = await papers.Where(p => p.MemberId == memberId)
                .Join(db.Organizations, p => p.OrganizationId, o => o.Id, (p, o) => new { p.MemberName, o.Name, Score = p.Score!.Value, Seconds = p.SecondsUsed!.Value })
                .FirstOrDefaultAsync(ct);
            if (own is not null)
            {
                var ahead = await papers.CountAsync(p => p.Score > own.Score || (p.Score == own.Score && p.SecondsUsed < own.Seconds), ct);
                mine = new Row(ahead + 1, memberId.Value, own.MemberName, own.Name, own.Score, own.Seconds);
            }
        }
        return new Response(contest.Id, contest.Title, contest.FullMarks, await papers.CountAsync(ct), rows, mine);
    }

    public static async Task<Outcome<Response>> Handle(long id, AppDb db, Scope scope, CancellationToken ct)
    {
        var contest = await scope.FindAsync(db.Contests.AsNoTracking(), id, ct);
        return contest is null ? Outcome<Response>.NotFound("竞赛") : Outcome<Response>.Ok(await ForAsync(contest, null, db, ct));
    }
}
