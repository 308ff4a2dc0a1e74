using System.ComponentModel.DataAnnotations;
using Dangjian.Features.Members;
using Dangjian.Features.Organizations;
using Dangjian.Features.Rules;
using Dangjian.Platform.Activity;
using Dangjian.Platform.Data;
using Dangjian.Platform.Http;
using Dangjian.Platform.Rules;
using Dangjian.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Features.Evaluations;

/// <summary>The rule of the grades: 优秀 at most one in N of those evaluated (N from the rule in force for the branch).</summary>
public static class EvaluationRules
{
    /// <summary>Null when <paramref name="excellent"/> of <paramref name="evaluated"/> is within the rule, else the refusal with the rule named.</summary>
    public static string? CheckExcellent(int excellent, int evaluated, int oneIn, string source) =>
        excellent * oneIn <= evaluated ? null
        : $"评为优秀的不能超过参评党员的{oneIn}分之一：{evaluated}人参评，最多{evaluated / oneIn}人优秀，现为{excellent}人（依据：{source}）";
}

public static class OpenEvaluation
{
    public sealed record Request(long? OrganizationId, int? Year);

    public static async Task<Outcome<long>> Handle(Request request, AppDb db, Scope scope, TimeProvider clock, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var today = clock.Today();
        if (request.Year is not { } year || year < today.Year - 1 || year > today.Year)
        {
            errors.Add("year", $"评议年度应为{today.Year - 1}或{today.Year}年");
        }
        var org = await scope.FindAsync(db.Organizations.AsNoTracking(), request.OrganizationId, ct);
        if (request.OrganizationId is null)
        {
            errors.Add("organizationId", "请选择党支部");
        }
        else if (org is null)
        {
            errors.Add("organizationId", "党组织不存在或不在您的管辖范围内");
        }
        else if (org.Kind is not (OrganizationKind.Branch or OrganizationKind.JointBranch or OrganizationKind.TemporaryBranch or OrganizationKind.GeneralBranch))
        {
            errors.Add("organizationId", "民主评议党员由党支部（党总支）组织");
        }
        if (errors.Any)
        {
            return Outcome<long>.Invalid(errors);
        }
        if (await db.MemberEvaluations.AnyAsync(e => e.OrganizationId == org!.Id && e.Year == request.Year, ct))
        {
            return Outcome<long>.Conflict($"{org!.Name}{request.Year}年的民主评议已经开始");
        }
        var hi = OrgPath.UpperBound(org!.Path);
        var members = await db.Members.AsNoTracking()
            .Where(m => m.LeftAt == null && m.Status != MembershipStatus.Stopped && string.Compare(m.OrgPath, org.Path) >= 0 && string.Compare(m.OrgPath, hi) < 0)
            .OrderBy(m => m.NamePinyin).ThenBy(m => m.Id).Select(m => new { m.Id, m.Name }).ToListAsync(ct);
        if (members.Count == 0)
        {
            return Outcome<long>.Conflict($"{org.Name}没有可参加评议的党员");
        }
        var evaluation = new MemberEvaluation
        {
            OrganizationId = org.Id, OrgPath = org.Path, Year = request.Year!.Value, Status = EvaluationStatus.Open, OpenedAt = clock.GetUtcNow(),
            Entries = [.. members.Select(m => new MemberEvaluationEntry { MemberId = m.Id, MemberName = m.Name, OrgPath = org.Path })],
        };
        db.MemberEvaluations.Add(evaluation);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            return Outcome<long>.Conflict($"{org.Name}{request.Year}年的民主评议已经开始");
        }
        return Outcome<long>.Ok(evaluation.Id);
    }
}

/// <summary>
/// Records the self-assessments, peer reviews, votes and grades of any number of members at once. The whole
/// evaluation is checked after the change: 优秀 above the rule's share is refused with the rule named, and changes nothing.
/// </summary>
public static class RecordEvaluation
{
    public sealed record Mark(long MemberId, [property: MaxLength(2000)] string? SelfAssessment, [property: MaxLength(2000)] string? PeerReview,
        int? VotesFor, EvaluationGrade? Grade, [property: MaxLength(500)] string? FollowUp);

    public sealed record Request([property: MaxLength(1000)] IReadOnlyList<Mark>? Marks);

    public static async Task<Outcome<long>> Handle(long id, Request request, AppDb db, Scope scope, RuleBook rules, CancellationToken ct)
    {
        var evaluation = await scope.FindAsync(db.MemberEvaluations.Include(e => e.Entries), id, ct);
        if (evaluation is null)
        {
            return Outcome<long>.NotFound("民主评议");
        }
        if (evaluation.Status != EvaluationStatus.Open)
        {
            return Outcome<long>.Conflict("民主评议已结束，等次不能再修改");
        }
        var errors = new FieldErrors();
        var marks = request.Marks ?? [];
        if (marks.Count == 0)
        {
            errors.Add("marks", "请至少填写一名党员的评议情况");
        }
        for (var i = 0; i < marks.Count; i++)
        {
            var mark = marks[i];
            var entry = evaluation.Entries.FirstOrDefault(e => e.MemberId == mark.MemberId);
            if (entry is null)
            {
                errors.Add($"marks[{i}].memberId", "该党员不在本次评议名单中");
                continue;
            }
            entry.SelfAssessment = errors.Text($"marks[{i}].selfAssessment", "自我评价", mark.SelfAssessment, 2000, required: false) ?? entry.SelfAssessment;
            entry.PeerReview = errors.Text($"marks[{i}].peerReview", "民主测评", mark.PeerReview, 2000, required: false) ?? entry.PeerReview;
            if (mark.VotesFor is { } votes && (votes < 0 || votes > evaluation.Entries.Count))
            {
                errors.Add($"marks[{i}].votesFor", $"赞成票应在0到{evaluation.Entries.Count}之间");
            }
            entry.VotesFor = mark.VotesFor ?? entry.VotesFor;
            if (mark.Grade is { } grade)
            {
                entry.Grade = grade;
            }
            var followUp = errors.Text($"marks[{i}].followUp", "处置意见", mark.FollowUp, 500, required: false);
            entry.FollowUp = entry.Grade == EvaluationGrade.Unqualified ? followUp ?? entry.FollowUp : null;
            if (entry.Grade == EvaluationGrade.Unqualified && entry.FollowUp is null)
            {
                errors.Add($"marks[{i}].followUp", "评为不合格的须写明处置意见（如限期改正、劝其退党）");
            }
        }
        if (!errors.Any && await ExcellentRefusalAsync(evaluation, db, rules, ct) is { } refusal)
        {
            errors.Add("grade", refusal);
        }
        if (errors.Any)
        {
            return Outcome<long>.Invalid(errors);
        }
        evaluation.Version++;
        return await SaveAsync(db, evaluation, ct);
    }

    internal static async Task<string?> ExcellentRefusalAsync(MemberEvaluation evaluation, AppDb db, RuleBook rules, CancellationToken ct)
    {
        var subject = await RuleSubjects.ForAsync(db, evaluation.OrgPath, db.Clock.Today(), ct);
        var rule = await rules.ResolveAsync(RuleCatalog.EvaluationExcellentAtMostOneIn, subject, ct);
        return EvaluationRules.CheckExcellent(evaluation.Entries.Count(e => e.Grade == EvaluationGrade.Excellent), evaluation.Entries.Count, (int)rule.Value, rule.Source);
    }

    internal static async Task<Outcome<long>> SaveAsync(AppDb db, MemberEvaluation evaluation, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Outcome<long>.Conflict("该评议刚被他人修改，请刷新后再试");
        }
        return Outcome<long>.Ok(evaluation.Id);
    }
}

/// <summary>Ends the evaluation once every member has a grade; each grade becomes the member's line in the activity record.</summary>
public static class CloseEvaluation
{
    public static async Task<Outcome<long>> Handle(long id, AppDb db, Scope scope, RuleBook rules, CancellationToken ct)
    {
        var evaluation = await scope.FindAsync(db.MemberEvaluations.Include(e => e.Entries), id, ct);
        if (evaluation is null)
        {
            return Outcome<long>.NotFound("民主评议");
        }
        if (evaluation.Status != EvaluationStatus.Open)
        {
            return Outcome<long>.Conflict("民主评议已结束");
        }
        var ungraded = evaluation.Entries.Where(e => e.Grade is null).Select(e => e.MemberName).ToList();
        if (ungraded.Count > 0)
        {
            return Outcome<long>.Conflict($"还有{ungraded.Count}名党员没有评定等次：{string.Join("、", ungraded.Take(5))}{(ungraded.Count > 5 ? "等" : "")}");
        }
        if (await RecordEvaluation.ExcellentRefusalAsync(evaluation, db, rules, ct) is { } refusal)
        {
            return Outcome<long>.Conflict(refusal);
        }
        evaluation.Status = EvaluationStatus.Closed;
        evaluation.ClosedAt = db.Clock.GetUtcNow();
        evaluation.ClosedBy = db.Actor;
        evaluation.Version++;
        var on = db.Clock.Today();
        foreach (var entry in evaluation.Entries)
        {
            ActivityLedger.Record(db, entry.MemberId, evaluation.OrgPath, ActivityKinds.EvaluationGrade, entry.Grade!.Value.ToString(), on, 1,
                nameof(MemberEvaluation), evaluation.Id);
        }
        return await RecordEvaluation.SaveAsync(db, evaluation, ct);
    }
}

public static class GetEvaluation
{
    public sealed record EntryView(long MemberId, string MemberName, string? SelfAssessment, string? PeerReview, int? VotesFor, EvaluationGrade? Grade,
        string? GradeName, string? FollowUp);

    public sealed record GradeCount(EvaluationGrade Grade, string GradeName, int Count);

    public sealed record Response(long Id, long OrganizationId, string OrganizationName, int Year, EvaluationStatus Status, string StatusName,
        int Evaluated, int ExcellentAtMost, string ExcellentRule, IReadOnlyList<GradeCount> Grades, IReadOnlyList<EntryView> Entries, DateTimeOffset? ClosedAt);

    public static async Task<Outcome<Response>> Handle(long id, AppDb db, Scope scope, RuleBook rules, CancellationToken ct)
    {
        var evaluation = await scope.FindAsync(db.MemberEvaluations.AsNoTracking().Include(e => e.Entries), id, ct);
        if (evaluation is null)
        {
            return Outcome<Response>.NotFound("民主评议");
        }
        var name = await db.Organizations.AsNoTracking().Where(o => o.Id == evaluation.OrganizationId).Select(o => o.Name).FirstAsync(ct);
        var subject = await RuleSubjects.ForAsync(db, evaluation.OrgPath, db.Clock.Today(), ct);
        var rule = await rules.ResolveAsync(RuleCatalog.EvaluationExcellentAtMostOneIn, subject, ct);
        var entries = evaluation.Entries.OrderBy(e => e.Id).ToList();
        return Outcome<Response>.Ok(new Response(evaluation.Id, evaluation.OrganizationId, name, evaluation.Year, evaluation.Status, evaluation.Status.Chinese(),
            entries.Count, entries.Count / (int)rule.Value, rule.Source,
            [.. Enum.GetValues<EvaluationGrade>().Select(g => new GradeCount(g, g.Chinese(), entries.Count(e => e.Grade == g)))],
            [.. entries.Select(e => new EntryView(e.MemberId, e.MemberName, e.SelfAssessment, e.PeerReview, e.VotesFor, e.Grade, e.Grade?.Chinese(), e.FollowUp))],
            evaluation.ClosedAt));
    }
}

/// <summary>The evaluations of a subtree for a year, with their counts, and every 不合格 case for follow-up.</summary>
public static class ListEvaluations
{
    public sealed record Row(long Id, long OrganizationId, string OrganizationName, int Year, EvaluationStatus Status, string StatusName, int Evaluated,
        int Excellent, int Unqualified);

    public sealed record Case(long EvaluationId, string OrganizationName, long MemberId, string MemberName, string? FollowUp);

    public sealed record Response(int Year, IReadOnlyList<Row> Evaluations, IReadOnlyList<Case> Unqualified);

    public const int MaxRows = 500;

    public static async Task<Outcome<Response>> Handle(long? organizationId, int? year, CurrentUser user, AppDb db, Scope scope, TimeProvider clock, CancellationToken ct)
    {
        var y = year ?? clock.Today().Year;
        var account = await user.RequireAsync(ct);
        var root = await scope.FindAsync(db.Organizations.AsNoTracking(), organizationId ?? account.OrganizationId, ct);
        if (root is null)
        {
            return Outcome<Response>.NotFound("党组织");
        }
        var hi = OrgPath.UpperBound(root.Path);
        var rows = await db.MemberEvaluations.AsNoTracking()
            .Where(e => e.Year == y && string.Compare(e.OrgPath, root.Path) >= 0 && string.Compare(e.OrgPath, hi) < 0)
            .OrderBy(e => e.OrgPath).Take(MaxRows)
            .Join(db.Organizations, e => e.OrganizationId, o => o.Id, (e, o) => new
            {
                e.Id, e.OrganizationId, o.Name, e.Year, e.Status, Evaluated = e.Entries.Count(),
                Excellent = e.Entries.Count(x => x.Grade == EvaluationGrade.Excellent),
                Unqualified = e.Entries.Count(x => x.Grade == EvaluationGrade.Unqualified),
            })
            .ToListAsync(ct);
        var ids = rows.Select(r => r.Id).ToList();
        var cases = await db.MemberEvaluationEntries.AsNoTracking()
            .Where(x => ids.Contains(x.EvaluationId) && x.Grade == EvaluationGrade.Unqualified).OrderBy(x => x.EvaluationId).ThenBy(x => x.Id)
            .Select(x => new { x.EvaluationId, x.MemberId, x.MemberName, x.FollowUp }).ToListAsync(ct);
        var names = rows.ToDictionary(r => r.Id, r => r.Name);
        return Outcome<Response>.Ok(new Response(y,
            [.. rows.Select(r => new Row(r.Id, r.OrganizationId, r.Name, r.Year, r.Status, r.Status.Chinese(), r.Evaluated, r.Excellent, r.Unqualified))],
            [.. cases.Select(c => new Case(c.EvaluationId, names[c.EvaluationId], c.MemberId, c.MemberName, c.FollowUp))]));
    }
}
