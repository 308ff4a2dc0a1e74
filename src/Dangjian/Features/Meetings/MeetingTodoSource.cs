using Dangjian.Features.Organizations;
using Dangjian.Platform.Data;
using Dangjian.Platform.Http;
using Dangjian.Platform.Rules;
using Dangjian.Platform.Security;
using Dangjian.Platform.Time;
using Dangjian.Platform.Todo;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Features.Meetings;

/// <summary>
/// What organization life asks of one person next. A member: the meetings they are expected at in the coming weeks.
/// A secretary or an organization department: their own organization's meetings due this period and overdue this
/// year, meetings held but not yet closed, and for an organization with others under it the organizations that have
/// not held this period's meetings (from the rollups).
/// </summary>
public sealed class MeetingTodoSource(Scope scope, RuleBook rules, CurrentUser user) : ITodoSource
{
    /// <summary>How far ahead a member's coming meetings are listed.</summary>
    public const int AheadDays = 30;

    /// <summary>Days after its day by which a held meeting should be closed.</summary>
    public const int CloseWithinDays = 7;

    public async Task<IReadOnlyList<TodoItem>> ItemsAsync(CurrentUser.Account account, AppDb db, TimeProvider clock, CancellationToken ct)
    {
        var today = clock.Today();
        var items = new List<TodoItem>();
        if (account.MemberId is { } memberId && account.Can(Permission.AttendMeetings))
        {
            var from = BeijingDay.Start(today);
            var to = BeijingDay.Start(today.AddDays(AheadDays + 1));
            var coming = await db.MeetingAttendees.AsNoTracking()
                .Where(a => a.MemberId == memberId && a.Attendance == Attendance.Unrecorded)
                .Join(db.Meetings.Where(m => m.Status == MeetingStatus.Planned && m.StartsAt >= from && m.StartsAt < to), a => a.MeetingId, m => m.Id, (a, m) => m)
                .OrderBy(m => m.StartsAt).Take(20).ToListAsync(ct);
            items.AddRange(coming.Select(m => new TodoItem("meeting-attend", $"参加{m.Kind.Chinese()}", MeetingNotices.When(m), "/Meetings/Mine",
                m.Day, Deadlines.Of(m.Day, today))));
        }
        if (!account.Can(Permission.ManageMeetings))
        {
            return items;
        }

        var own = await OrganizationCompliance.Handle(account.OrganizationId, today.Year, user, db, scope, rules, clock, ct);
        if (own.Value is { } year)
        {
            foreach (var kind in year.Kinds)
            {
                foreach (var period in kind.Periods.Where(p => p.State is ComplianceState.Due or ComplianceState.Overdue))
                {
                    items.Add(new TodoItem(period.State == ComplianceState.Overdue ? "meeting-overdue" : "meeting-due",
                        $"{(period.State == ComplianceState.Overdue ? "逾期未开" : "本期应开")}：{kind.KindName}（{period.Label}）", kind.Reason,
                        $"/Meetings/New?organizationId={year.OrganizationId}&kind={kind.Kind}", period.End, Deadlines.Of(period.End, today)));
                }
            }
        }

        var started = BeijingDay.Start(today.AddDays(1));
        var unclosed = await db.Meetings.AsNoTracking()
            .Where(m => m.OrganizationId == account.OrganizationId && (m.Status == MeetingStatus.Planned || m.Status == MeetingStatus.Held) && m.StartsAt < started)
            .OrderBy(m => m.StartsAt).Take(20).ToListAsync(ct);
        items.AddRange(unclosed.Select(m => new TodoItem("meeting-close", $"登记出席并归档：{m.Kind.Chinese()}", MeetingNotices.When(m),
            $"/Meetings/Details?id={m.Id}", m.Day.AddDays(CloseWithinDays), Deadlines.Of(m.Day.AddDays(CloseWithinDays), today))));

        var kindOfOrganization = await db.Organizations.AsNoTracking().Where(o => o.Id == account.OrganizationId).Select(o => o.Kind).FirstOrDefaultAsync(ct);
        if (kindOfOrganization is OrganizationKind.Committee or OrganizationKind.WorkingCommittee or OrganizationKind.GeneralBranch)
        {
            var summary = await ComplianceSummary.Handle(account.OrganizationId, today.Year, user, db, scope, clock, ct);
            foreach (var kind in summary.Value?.Kinds ?? [])
            {
                // The current period, and the one just ended if it was missed.
                foreach (var period in kind.Periods.Where(p => p.Missing > 0 && (p.State == ComplianceState.Due
                    || (p.State == ComplianceState.Overdue && p.End >= today.AddMonths(-1)))))
                {
                    items.Add(new TodoItem("meeting-region", $"下级{(period.State == ComplianceState.Overdue ? "逾期" : "待开")}：{kind.KindName}（{period.Label}）",
                        $"{period.Missing}个组织未召开，共{period.Required}个须召开", $"/Meetings/Compliance?organizationId={account.OrganizationId}&kind={kind.Kind}",
                        period.End, Deadlines.Of(period.End, today)));
                }
            }
        }
        return items;
    }
}
