using System.Linq.Expressions;
using Dangjian.Features.Members;
using Dangjian.Features.Transfers;
using Dangjian.Platform.Data;
using Dangjian.Platform.Rules;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Query;

namespace Dangjian.Features.Organizations;

/// <summary>A subtree move from <see cref="OldPath"/> to <see cref="NewPath"/>: every path in [Lo, Hi) gets the new prefix.</summary>
public sealed record PathShift(string OldPath, string NewPath)
{
    public string Lo => OldPath;
    public string Hi => OrgPath.UpperBound(OldPath);
    public int PrefixLength => OldPath.Length;
    public string NewHi => OrgPath.UpperBound(NewPath);
}

/// <summary>One row's copy of a path, beside the organization whose path it copies.</summary>
public sealed record PathCopyRow(long OrganizationId, string? Path, long RowId);

/// <summary>A column that keeps a copy of an organization's path, so that "in this subtree" is one index range on it.</summary>
public sealed class PathCopy
{
    public required string Name { get; init; }

    /// <summary>What the column belongs to, in Chinese, for a move's progress ("党员").</summary>
    public required string Label { get; init; }

    /// <summary>Rewrites the copies inside the moved subtree (bulk, in the move's transaction).</summary>
    public required Func<AppDb, PathShift, CancellationToken, Task> ShiftAsync { get; init; }

    /// <summary>Every row's copy with the organization it copies, to check that the copies agree with the tree.</summary>
    public required Func<AppDb, IQueryable<PathCopyRow>> Rows { get; init; }

    /// <summary>
    /// The organizations and paths that a tracked row about to be written copies (its new values and, for a change or
    /// a removal, its original ones), for <see cref="PathGuardStep"/>; empty for rows of another type, and for copies
    /// that are written only from another copy in the same save (the windows from their member).
    /// </summary>
    public required Func<EntityEntry, IEnumerable<(long OrganizationId, string Path)>> Copied { get; init; }
}

/// <summary>
/// Every copy of an organization's path in the database. A table that adds one adds it here: the subtree move rewrites
/// exactly these, and the tests check exactly these against the tree.
/// </summary>
public static class PathCopies
{
    public static IReadOnlyList<PathCopy> All { get; } =
    [
        // A member's version moves with its path: an edit loaded before the move must not save the old path back.
        // First of the copies: its row locks are what a member write that already holds its organization waits on.
        Of<Member>("Members.OrgPath", "党员", m => m.OrgPath, null,
            db => db.Members.Select(m => new PathCopyRow(m.OrganizationId, m.OrgPath, m.Id)), m => m.OrganizationId,
            s => s.SetProperty(m => m.Version, m => m.Version + 1)),
        // Windows are reached through their members (the window table has no index that starts with the path), which
        // the move has already given their new paths; a window written by an edit that committed before the members
        // were updated is seen here too. Nothing else in the filter: a condition on the windows' own path made the
        // planner scan all 9 M windows (6 s) instead of following the 28,000 members of a county (0.3 s).
        Of<MemberNameGram>("MemberNameGrams.OrgPath", "党员姓名检索", g => g.OrgPath,
            (db, s) => db.MemberNameGrams.Where(g => db.Members
                .Where(m => string.Compare(m.OrgPath, s.NewPath) >= 0 && string.Compare(m.OrgPath, s.NewHi) < 0).Select(m => m.Id).Contains(g.MemberId)),
            db => db.MemberNameGrams.Join(db.Members, g => g.MemberId, m => m.Id, (g, m) => new PathCopyRow(m.OrganizationId, g.OrgPath, g.MemberId)), null),
        // Keys are reached through their organizations (their indexes start with the name), which the move has already
        // given their new paths.
        Of<OrganizationSearchKey>("OrganizationSearchKeys.Path", "组织检索", k => k.Path,
            (db, s) => db.OrganizationSearchKeys.Where(k => db.Organizations
                .Where(o => string.Compare(o.Path, s.NewPath) >= 0 && string.Compare(o.Path, s.NewHi) < 0).Select(o => o.Id).Contains(k.OrganizationId)),
            db => db.OrganizationSearchKeys.Select(k => new PathCopyRow(k.OrganizationId, k.Path, k.OrganizationId * 1000 + k.Position)), null),
        Of<Unit>("Units.AreaPath", "单位", u => u.AreaPath, null,
            db => db.Units.Select(u => new PathCopyRow(u.AreaOrganizationId, u.AreaPath, u.Id)), u => u.AreaOrganizationId),
        Of<Instructor>("Instructors.AreaPath", "党建指导员", i => i.AreaPath, null,
            db => db.Instructors.Join(db.Units, i => i.UnitId, u => u.Id, (i, u) => new PathCopyRow(u.AreaOrganizationId, i.AreaPath, i.Id)), null),
        Of<PartTimeCommitteeMember>("PartTimeCommitteeMembers.OrganizationPath", "兼职委员", p => p.OrganizationPath, null,
            db => db.PartTimeCommitteeMembers.Select(p => new PathCopyRow(p.OrganizationId, p.OrganizationPath, p.Id)), p => p.OrganizationId),
        Of<Transfer>("Transfers.FromPath", "转出的组织关系", t => t.FromPath!, null,
            db => db.Transfers.Where(t => t.FromOrganizationId != null).Select(t => new PathCopyRow(t.FromOrganizationId!.Value, t.FromPath, t.Id)), t => t.FromOrganizationId),
        Of<Transfer>("Transfers.ToPath", "转入的组织关系", t => t.ToPath!, null,
            db => db.Transfers.Where(t => t.ToOrganizationId != null).Select(t => new PathCopyRow(t.ToOrganizationId!.Value, t.ToPath, t.Id)), t => t.ToOrganizationId),
        Of<Meetings.Meeting>("Meetings.OrgPath", "会议", m => m.OrgPath, null,
            db => db.Meetings.Select(m => new PathCopyRow(m.OrganizationId, m.OrgPath, m.Id)), m => m.OrganizationId),
        Of<Platform.Activity.ActivityEntry>("ActivityEntries.OrgPath", "活动记录", a => a.OrgPath, null,
            db => db.ActivityEntries.Select(a => new PathCopyRow(a.OrganizationId, a.OrgPath, a.Id)), a => a.OrganizationId),
        Of<Platform.Attachments.Attachment>("Attachments.OrgPath", "附件", a => a.OrgPath, null,
            db => db.Attachments.Select(a => new PathCopyRow(a.OrganizationId, a.OrgPath, a.Id)), a => a.OrganizationId),
        Of<Study.TrainingClass>("TrainingClasses.OrgPath", "培训班", c => c.OrgPath, null,
            db => db.TrainingClasses.Select(c => new PathCopyRow(c.OrganizationId, c.OrgPath, c.Id)), c => c.OrganizationId),
        Of<Study.HomeStudyVisit>("HomeStudyVisits.OrgPath", "送学上门", v => v.OrgPath, null,
            db => db.HomeStudyVisits.Select(v => new PathCopyRow(v.OrganizationId, v.OrgPath, v.Id)), v => v.OrganizationId),
        Of<Study.QuestionBank>("QuestionBanks.OrgPath", "题库", b => b.OrgPath, null,
            db => db.QuestionBanks.Select(b => new PathCopyRow(b.OrganizationId, b.OrgPath, b.Id)), b => b.OrganizationId),
        Of<Study.Contest>("Contests.OrgPath", "知识竞赛", c => c.OrgPath, null,
            db => db.Contests.Select(c => new PathCopyRow(c.OrganizationId, c.OrgPath, c.Id)), c => c.OrganizationId),
        Of<Study.ContestPaper>("ContestPapers.OrgPath", "答卷", p => p.OrgPath, null,
            db => db.ContestPapers.Select(p => new PathCopyRow(p.OrganizationId, p.OrgPath, p.Id)), p => p.OrganizationId),
        Of<Residents.Resident>("Residents.OrgPath", "居民", r => r.OrgPath, null,
            db => db.Residents.Select(r => new PathCopyRow(r.OrganizationId, r.OrgPath, r.Id)), r => r.OrganizationId),
        Of<Wishes.Wish>("Wishes.OrgPath", "微心愿", w => w.OrgPath, null,
            db => db.Wishes.Select(w => new PathCopyRow(w.OrganizationId, w.OrgPath, w.Id)), w => w.OrganizationId),
        Of<Wishes.Wish>("Wishes.ClaimerOrgPath", "认领的微心愿", w => w.ClaimerOrgPath!, null,
            db => db.Wishes.Where(w => w.ClaimerOrganizationId != null).Select(w => new PathCopyRow(w.ClaimerOrganizationId!.Value, w.ClaimerOrgPath, w.Id)),
            w => w.ClaimerOrganizationId),
        Of<Wishes.WishTally>("WishTallies.OrgPath", "微心愿统计", t => t.OrgPath, null,
            db => db.WishTallies.Select(t => new PathCopyRow(t.OrganizationId, t.OrgPath, t.OrganizationId)), null),
        Of<Bookings.ServiceKind>("ServiceKinds.OrgPath", "上门服务项目", k => k.OrgPath, null,
            db => db.ServiceKinds.Select(k => new PathCopyRow(k.OrganizationId, k.OrgPath, k.Id)), k => k.OrganizationId),
        Of<Bookings.ServiceWorker>("ServiceWorkers.OrgPath", "上门服务人员", w => w.OrgPath, null,
            db => db.ServiceWorkers.Select(w => new PathCopyRow(w.OrganizationId, w.OrgPath, w.Id)), w => w.OrganizationId),
        Of<Bookings.ServiceSlot>("ServiceSlots.OrgPath", "上门服务排班", x => x.OrgPath, null,
            db => db.ServiceSlots.Select(x => new PathCopyRow(x.OrganizationId, x.OrgPath, x.Id)), x => x.OrganizationId),
        Of<Bookings.Booking>("Bookings.OrgPath", "上门服务预约", b => b.OrgPath, null,
            db => db.Bookings.Select(b => new PathCopyRow(b.OrganizationId, b.OrgPath, b.Id)), b => b.OrganizationId),
        Of<ReportIn.Registration>("ReportInRegistrations.CommunityPath", "报到的社区", r => r.CommunityPath, null,
            db => db.ReportInRegistrations.Select(r => new PathCopyRow(r.CommunityId, r.CommunityPath, r.Id)), r => r.CommunityId),
        Of<ReportIn.Registration>("ReportInRegistrations.OrgPath", "报到的单位或党员", r => r.OrgPath, null,
            db => db.ReportInRegistrations.Select(r => new PathCopyRow(r.OrganizationId, r.OrgPath, r.Id)), r => r.OrganizationId),
        Of<ReportIn.ServiceActivity>("ServiceActivities.CommunityPath", "社区服务活动", a => a.CommunityPath, null,
            db => db.ServiceActivities.Select(a => new PathCopyRow(a.CommunityId, a.CommunityPath, a.Id)), a => a.CommunityId),
        Of<ReportIn.ServiceHours>("ServiceHours.CommunityPath", "服务时长的社区", h => h.CommunityPath, null,
            db => db.ServiceHours.Select(h => new PathCopyRow(h.CommunityId, h.CommunityPath, h.Id)), h => h.CommunityId),
        Of<ReportIn.ServiceHours>("ServiceHours.OrgPath", "服务时长的党员", h => h.OrgPath, null,
            db => db.ServiceHours.Select(h => new PathCopyRow(h.OrganizationId, h.OrgPath, h.Id)), h => h.OrganizationId),
        Of<Platform.Todo.Escalation>("Escalations.OrgPath", "催办督办", e => e.OrgPath, null,
            db => db.Escalations.Select(e => new PathCopyRow(e.OrganizationId, e.OrgPath, e.Id)), e => e.OrganizationId),
        Of<RuleOverride>("RuleOverrides.OrganizationPath", "规则设置", r => r.OrganizationPath, null,
            db => db.RuleOverrides.Select(r => new PathCopyRow(r.OrganizationId, r.OrganizationPath, r.Id)), r => r.OrganizationId),
    ];

    /// <summary>
    /// A copy in <paramref name="path"/> of <typeparamref name="T"/>; the rows to shift are those whose copy lies in the
    /// moved range, unless <paramref name="moving"/> says otherwise.
    /// </summary>
    private static PathCopy Of<T>(string name, string label, Expression<Func<T, string>> path, Func<AppDb, PathShift, IQueryable<T>>? moving,
        Func<AppDb, IQueryable<PathCopyRow>> rows, Expression<Func<T, long?>>? source, Action<UpdateSettersBuilder<T>>? alsoSet = null) where T : class => new()
    {
        Name = name,
        Label = label,
        Rows = rows,
        Copied = source is null ? _ => [] : CopiedBy(source, path),
        ShiftAsync = (db, shift, ct) =>
        {
            var query = moving is not null ? moving(db, shift) : db.Set<T>().Where(InRange(path, shift));
            var value = Shifted(path, shift);
            return query.BypassingSaveSteps("a subtree move writes its own audit line; tallies and windows shift with the paths")
                .ExecuteUpdateAsync(s =>
                {
                    s.SetProperty(path, value);
                    alsoSet?.Invoke(s);
                }, ct);
        },
    };

    private static Func<EntityEntry, IEnumerable<(long, string)>> CopiedBy<T>(Expression<Func<T, long?>> source, Expression<Func<T, string>> path)
    {
        var sourceName = MemberName(source.Body);
        var pathName = MemberName(path.Body);
        return entry => entry.Entity is not T ? [] : Values(entry, sourceName, pathName);
    }

    private static IEnumerable<(long, string)> Values(EntityEntry entry, string sourceName, string pathName)
    {
        if (entry.State is EntityState.Added or EntityState.Modified
            && entry.CurrentValues[sourceName] is long id && entry.CurrentValues[pathName] is string path)
        {
            yield return (id, path);
        }
        if (entry.State is EntityState.Modified or EntityState.Deleted
            && entry.OriginalValues[sourceName] is long originalId && entry.OriginalValues[pathName] is string originalPath)
        {
            yield return (originalId, originalPath);
        }
    }

    private static string MemberName(Expression body) => body switch
    {
        UnaryExpression { NodeType: ExpressionType.Convert } convert => MemberName(convert.Operand),
        MemberExpression member => member.Member.Name,
        _ => throw new ArgumentException($"Not a property: {body}"),
    };

    // Built from the column's expression so that every copy is filtered and rewritten the same way; the shift's values
    // are read from the record, so that EF sends them as parameters.
    private static Expression<Func<T, bool>> InRange<T>(Expression<Func<T, string>> path, PathShift shift)
    {
        var holder = Expression.Constant(shift);
        var compare = typeof(string).GetMethod(nameof(string.Compare), [typeof(string), typeof(string)])!;
        var body = Expression.AndAlso(
            Expression.GreaterThanOrEqual(Expression.Call(compare, path.Body, Expression.Property(holder, nameof(PathShift.Lo))), Expression.Constant(0)),
            Expression.LessThan(Expression.Call(compare, path.Body, Expression.Property(holder, nameof(PathShift.Hi))), Expression.Constant(0)));
        return Expression.Lambda<Func<T, bool>>(body, path.Parameters);
    }

    private static Expression<Func<T, string>> Shifted<T>(Expression<Func<T, string>> path, PathShift shift)
    {
        var holder = Expression.Constant(shift);
        var concat = typeof(string).GetMethod(nameof(string.Concat), [typeof(string), typeof(string)])!;
        var substring = typeof(string).GetMethod(nameof(string.Substring), [typeof(int)])!;
        var body = Expression.Call(concat, Expression.Property(holder, nameof(PathShift.NewPath)),
            Expression.Call(path.Body, substring, Expression.Property(holder, nameof(PathShift.PrefixLength))));
        return Expression.Lambda<Func<T, string>>(body, path.Parameters);
    }
}
