using Dangjian.Features.Residents;
using Dangjian.Platform.Data;
using Dangjian.Platform.Rules;
using Dangjian.Platform.Security;
using Dangjian.Platform.Time;
using Dangjian.Platform.Todo;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Features.Bookings;

/// <summary>
/// What bookings ask of each person next: the resident rates a done visit; the worker makes the visits booked with
/// them and records each within the rule's working days; the booker rates for a resident without an account; the
/// team's organization (and the levels above, one line per team) sees visits whose time has passed unrecorded, and
/// bookings left on a slot taken off the rota.
/// </summary>
public sealed class BookingTodoSource(RuleBook rules, WorkCalendar workCalendar) : ITodoSource
{
    private const int MaxItems = 30;

    /// <summary>A worker sees the visits of this many days ahead.</summary>
    private const int AheadDays = 7;

    public async Task<IReadOnlyList<TodoItem>> ItemsAsync(CurrentUser.Account account, AppDb db, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var today = BeijingDay.Of(now);
        var items = new List<TodoItem>();
        if (account.Can(Permission.UseResidentServices))
        {
            var resident = await MyResident.OfAsync(account, db, ct);
            if (resident is not null)
            {
                var done = await db.Bookings.AsNoTracking().Where(b => b.ResidentId == resident.Id && b.State == BookingState.Done).OrderBy(b => b.Id).Take(MaxItems)
                    .Select(b => new { b.Id, b.KindName, b.WorkerName }).ToListAsync(ct);
                items.AddRange(done.Select(b => new TodoItem("booking-rate", $"给上门服务打分：{b.KindName}", $"{b.WorkerName}已经上门服务，请打分",
                    $"/Bookings/Mine?id={b.Id}", null, DeadlineState.Normal)));
            }
        }
        if (!account.Can(Permission.ServeResidents))
        {
            return items;
        }
        var workers = await db.ServiceWorkers.AsNoTracking().Where(w => w.AccountId == account.UserId).Select(w => w.Id).ToListAsync(ct);
        if (workers.Count > 0)
        {
            var until = BeijingDay.Start(today.AddDays(AheadDays + 1));
            var visits = await db.Bookings.AsNoTracking().Where(b => workers.Contains(b.WorkerId) && b.State == BookingState.Booked && b.StartsAt < until)
                .OrderBy(b => b.StartsAt).Take(MaxItems).ToListAsync(ct);
            if (visits.Count > 0)
            {
                var days = (int)(await rules.ResolveAsync(RuleCatalog.BookingRecordWorkingDays, visits[0].OrgPath, ct)).Value;
                var calendar = await workCalendar.ForAsync(BeijingDay.Of(visits[0].StartsAt), today.AddDays(AheadDays + 10), ct);
                foreach (var b in visits)
                {
                    var day = BeijingDay.Of(b.StartsAt);
                    var deadline = calendar.AddWorkingDays(day, days);
                    var passed = b.StartsAt <= now;
                    items.Add(new TodoItem(passed ? "booking-record" : "booking-visit",
                        passed ? $"登记上门服务情况：{b.KindName}" : $"上门服务：{BookVisit.When(b)}",
                        $"{b.KindName}，{b.ForWhom}", $"/Bookings/Details?id={b.Id}", passed ? deadline : day, Deadlines.Of(passed ? deadline : day, today)));
                }
            }
        }
        var forResidents = await db.Bookings.AsNoTracking()
            .Where(b => b.BookedByAccountId == account.UserId && b.State == BookingState.Done && !db.Residents.Any(r => r.Id == b.ResidentId && r.AccountId != null))
            .OrderBy(b => b.Id).Take(MaxItems).Select(b => new { b.Id, b.KindName, b.ResidentName }).ToListAsync(ct);
        items.AddRange(forResidents.Select(b => new TodoItem("booking-rate-for", $"代居民评价上门服务：{b.KindName}", $"请向{b.ResidentName}了解服务情况并代为打分",
            $"/Bookings/Details?id={b.Id}", null, DeadlineState.Normal)));
        if (account.Can(Permission.ManageResidentServices))
        {
            var scope = account.ScopePath;
            var dayStart = BeijingDay.Start(today);
            // Visits of past days still unrecorded, one line per team (counted in the order of the index they read).
            var late = await db.Bookings.AsNoTracking().Where(b => b.OrgPath.StartsWith(scope) && b.State == BookingState.Booked && b.StartsAt < dayStart)
                .GroupBy(b => b.OrganizationId).Select(g => new { OrganizationId = g.Key, Count = g.Count(), Earliest = g.Min(b => b.StartsAt) })
                .OrderBy(g => g.OrganizationId).Take(MaxItems).ToListAsync(ct);
            var stranded = await db.Bookings.AsNoTracking().Where(b => b.OrgPath.StartsWith(scope) && b.State == BookingState.Booked && b.StartsAt >= dayStart
                    && db.ServiceSlots.Any(x => x.Id == b.HeldSlotId && x.Withdrawn))
                .GroupBy(b => b.OrganizationId).Select(g => new { OrganizationId = g.Key, Count = g.Count(), Earliest = g.Min(b => b.StartsAt) })
                .OrderBy(g => g.OrganizationId).Take(MaxItems).ToListAsync(ct);
            var ids = late.Select(g => g.OrganizationId).Concat(stranded.Select(g => g.OrganizationId)).Distinct().ToList();
            var names = await db.Organizations.AsNoTracking().Where(o => ids.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
            items.AddRange(late.Select(g => new TodoItem("booking-late", $"上门服务未登记：{names.GetValueOrDefault(g.OrganizationId, "")}",
                $"{g.Count}个已过上门时间的预约还没有登记服务情况", $"/Bookings/Team?organizationId={g.OrganizationId}&from={BeijingDay.Of(g.Earliest):yyyy-MM-dd}",
                BeijingDay.Of(g.Earliest), DeadlineState.Overdue)));
            items.AddRange(stranded.Select(g => new TodoItem("booking-reschedule", $"上门服务需改约：{names.GetValueOrDefault(g.OrganizationId, "")}",
                $"{g.Count}个预约所在的时段已撤下排班，请为居民改约", $"/Bookings/Team?organizationId={g.OrganizationId}&from={BeijingDay.Of(g.Earliest):yyyy-MM-dd}",
                BeijingDay.Of(g.Earliest), Deadlines.Of(BeijingDay.Of(g.Earliest), today))));
        }
        return items;
    }
}
