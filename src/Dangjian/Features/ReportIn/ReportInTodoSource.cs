using Dangjian.Platform.Data;
using Dangjian.Platform.Security;
using Dangjian.Platform.Time;
using Dangjian.Platform.Todo;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Features.ReportIn;

/// <summary>
/// What report-in asks next: a member signs in at the activities they signed up for, on the day; the community (and
/// the levels above, one line per community) confirms report-ins and verifies reported hours.
/// </summary>
public sealed class ReportInTodoSource : ITodoSource
{
    private const int MaxItems = 30;

    public async Task<IReadOnlyList<TodoItem>> ItemsAsync(CurrentUser.Account account, AppDb db, TimeProvider clock, CancellationToken ct)
    {
        var items = new List<TodoItem>();
        if (!account.Can(Permission.ServeResidents))
        {
            return items;
        }
        var now = clock.GetUtcNow();
        var today = BeijingDay.Of(now);
        if (account.MemberId is { } member)
        {
            var until = now.AddDays(7);
            var coming = await db.ActivitySignUps.AsNoTracking().Where(x => x.MemberId == member && x.SignedInAt == null)
                .Join(db.ServiceActivities.Where(a => !a.Cancelled && a.EndsAt > now && a.StartsAt < until), x => x.ActivityId, a => a.Id, (x, a) => a)
                .OrderBy(a => a.StartsAt).Take(MaxItems).ToListAsync(ct);
            items.AddRange(coming.Select(a => new TodoItem("report-in-sign-in", $"参加社区活动：{a.Title}", $"{a.StartsAt.ToBeijing():M月d日 H:mm}，{a.Place}，当天签到",
                "/ReportIn", BeijingDay.Of(a.StartsAt), Deadlines.Of(BeijingDay.Of(a.StartsAt), today))));
        }
        if (account.Can(Permission.ManageResidentServices))
        {
            var scope = account.ScopePath;
            var pending = await db.ReportInRegistrations.AsNoTracking().Where(r => r.CommunityPath.StartsWith(scope) && r.State == RegistrationState.Pending)
                .GroupBy(r => r.CommunityId).Select(g => new { CommunityId = g.Key, Count = g.Count(), Since = g.Min(r => r.RequestedOn) })
                .OrderBy(g => g.CommunityId).Take(MaxItems).ToListAsync(ct);
            var hours = await db.ServiceHours.AsNoTracking().Where(h => h.CommunityPath.StartsWith(scope) && h.State == HoursState.Reported)
                .GroupBy(h => h.CommunityId).Select(g => new { CommunityId = g.Key, Count = g.Count(), Since = g.Min(h => h.Date) })
                .OrderBy(g => g.CommunityId).Take(MaxItems).ToListAsync(ct);
            var ids = pending.Select(p => p.CommunityId).Concat(hours.Select(h => h.CommunityId)).Distinct().ToList();
            var names = await db.Organizations.AsNoTracking().Where(o => ids.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
            items.AddRange(pending.Select(p => new TodoItem("report-in-confirm", $"确认报到：{names.GetValueOrDefault(p.CommunityId, "")}", $"{p.Count}个单位或党员申请报到",
                $"/ReportIn/Manage?communityId={p.CommunityId}", null, DeadlineState.DueSoon)));
            items.AddRange(hours.Select(h => new TodoItem("report-in-verify", $"核实服务时长：{names.GetValueOrDefault(h.CommunityId, "")}", $"{h.Count}条服务时长待核实",
                $"/ReportIn/Manage?communityId={h.CommunityId}", null, DeadlineState.DueSoon)));
        }
        return items;
    }
}
