using Dangjian.Features.Residents;
using Dangjian.Platform.Data;
using Dangjian.Platform.Security;
using Dangjian.Platform.Time;
using Dangjian.Platform.Todo;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Features.Wishes;

/// <summary>
/// What wishes ask of each person next: the resident confirms and rates what was done; the claimer (member or unit)
/// fulfils; the collector confirms for a resident without an account; the community reviews, and presses what is
/// overdue; the level above supervises what has been overdue past the second limit. A community's items are counted
/// per community, so that a street's list stays one line per community however many wishes wait.
/// </summary>
public sealed class WishTodoSource : ITodoSource
{
    private const int MaxItems = 30;

    public async Task<IReadOnlyList<TodoItem>> ItemsAsync(CurrentUser.Account account, AppDb db, TimeProvider clock, CancellationToken ct)
    {
        var today = BeijingDay.Of(clock.GetUtcNow());
        var items = new List<TodoItem>();
        if (account.Can(Permission.UseResidentServices))
        {
            var resident = await MyResident.OfAsync(account, db, ct);
            if (resident is not null)
            {
                var waiting = await db.Wishes.AsNoTracking().Where(w => w.ResidentId == resident.Id && w.State == WishState.Fulfilled).OrderBy(w => w.Id).Take(MaxItems)
                    .Select(w => new { w.Id, w.Title, w.ClaimerName, w.Deadline }).ToListAsync(ct);
                items.AddRange(waiting.Select(w => new TodoItem("wish-rate", $"给心愿打分：{w.Title}", $"{w.ClaimerName}已经完成，请确认并打分", $"/Wishes/Mine?id={w.Id}",
                    w.Deadline, Deadlines.Of(w.Deadline ?? today, today))));
            }
        }
        if (account.Can(Permission.ServeResidents))
        {
            var memberId = account.MemberId;
            var claimed = await db.Wishes.AsNoTracking()
                .Where(w => w.State == WishState.Claimed
                    && ((memberId != null && w.ClaimerMemberId == memberId) || (w.ClaimerKind == ClaimerKind.Organization && w.ClaimerOrganizationId == account.OrganizationId)))
                .OrderBy(w => w.Deadline).Take(MaxItems).Select(w => new { w.Id, w.Title, w.ResidentName, w.Deadline, w.LastPressedOn }).ToListAsync(ct);
            items.AddRange(claimed.Select(w => new TodoItem("wish-fulfil", $"完成认领的心愿：{w.Title}",
                $"{WishRow.MaskName(w.ResidentName)}的心愿" + (w.LastPressedOn is null ? "" : "，已被催办"), $"/Wishes/Details?id={w.Id}", w.Deadline,
                Deadlines.Of(w.Deadline ?? today, today))));
            var collected = await db.Wishes.AsNoTracking()
                .Where(w => w.State == WishState.Fulfilled && w.CollectedByAccountId == account.UserId
                    && !db.Residents.Any(r => r.Id == w.ResidentId && r.AccountId != null))
                .OrderBy(w => w.Deadline).Take(MaxItems).Select(w => new { w.Id, w.Title, w.ResidentName, w.Deadline }).ToListAsync(ct);
            items.AddRange(collected.Select(w => new TodoItem("wish-confirm", $"代居民确认心愿：{w.Title}", $"请向{w.ResidentName}确认完成情况并代为打分",
                $"/Wishes/Details?id={w.Id}", w.Deadline, Deadlines.Of(w.Deadline ?? today, today))));
        }
        if (account.Can(Permission.ManageResidentServices))
        {
            var scope = account.ScopePath;
            var communities = await db.WishTallies.AsNoTracking().Where(t => t.OrgPath.StartsWith(scope)).Take(MaxItems + 1).CountAsync(ct);
            var submitted = db.Wishes.AsNoTracking().Where(w => w.State == WishState.Submitted && w.OrgPath.StartsWith(scope));
            var overdue = db.Wishes.AsNoTracking().Where(w => w.OrgPath.StartsWith(scope) && w.Deadline != null && w.Deadline < today && w.State != WishState.Submitted);
            var supervise = db.Wishes.AsNoTracking().Where(w => w.OrgPath.StartsWith(scope) && w.OrgPath != scope && w.Deadline != null && w.SuperviseFrom <= today);
            if (communities > MaxItems)
            {
                // A county or wider: one line per kind with its count (capped), leading to the list; the streets press and supervise their communities.
                var region = await db.Organizations.AsNoTracking().Where(o => o.Id == account.OrganizationId).Select(o => o.Name).FirstAsync(ct);
                // Counted in the order of the index they read: with a cap and no order, PostgreSQL may scan the table hoping to stop early,
                // and the live wishes are few among the closed.
                await AddSummaryAsync(items, submitted.OrderBy(w => w.OrgPath).ThenBy(w => w.Id), "wish-review", $"审核心愿：{region}", "个心愿等待社区审核", "state=Submitted", DeadlineState.DueSoon, ct);
                await AddSummaryAsync(items, overdue.OrderBy(w => w.OrgPath).ThenBy(w => w.Deadline), "wish-press", $"催办逾期心愿：{region}", "个心愿的当前环节已逾期", "overdue=true", DeadlineState.Overdue, ct);
                await AddSummaryAsync(items, supervise.OrderBy(w => w.OrgPath).ThenBy(w => w.Deadline), "wish-supervise", $"督办心愿：{region}", "个心愿逾期已超过督办期限", "overdue=true", DeadlineState.Overdue, ct);
                return items;
            }
            var review = await submitted.GroupBy(w => w.OrganizationId).Select(g => new Group(g.Key, g.Count(), g.Min(w => w.Deadline))).Take(MaxItems).ToListAsync(ct);
            var late = await overdue.GroupBy(w => w.OrganizationId).Select(g => new Group(g.Key, g.Count(), g.Min(w => w.Deadline))).Take(MaxItems).ToListAsync(ct);
            var due = await supervise.GroupBy(w => w.OrganizationId).Select(g => new Group(g.Key, g.Count(), g.Min(w => w.SuperviseFrom))).Take(MaxItems).ToListAsync(ct);
            var ids = review.Concat(late).Concat(due).Select(g => g.OrganizationId).Distinct().ToList();
            var names = await db.Organizations.AsNoTracking().Where(o => ids.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
            string Name(long id) => names.GetValueOrDefault(id, "");
            items.AddRange(review.Select(g => new TodoItem("wish-review", $"审核心愿：{Name(g.OrganizationId)}", $"{g.Count}个心愿等待审核",
                $"/Wishes/Manage?organizationId={g.OrganizationId}&state=Submitted", g.Earliest, Deadlines.Of(g.Earliest ?? today, today))));
            items.AddRange(late.Select(g => new TodoItem("wish-press", $"催办逾期心愿：{Name(g.OrganizationId)}", $"{g.Count}个心愿的当前环节已逾期",
                $"/Wishes/Manage?organizationId={g.OrganizationId}&overdue=true", g.Earliest, DeadlineState.Overdue)));
            items.AddRange(due.Select(g => new TodoItem("wish-supervise", $"督办心愿：{Name(g.OrganizationId)}", $"{g.Count}个心愿逾期已超过督办期限",
                $"/Wishes/Manage?organizationId={g.OrganizationId}&overdue=true", g.Earliest, DeadlineState.Overdue)));
        }
        return items;
    }

    /// <summary>Counted up to this many: a region's line says "1000+" beyond it.</summary>
    private const int CountCap = 1000;

    private static async Task AddSummaryAsync(List<TodoItem> items, IQueryable<Wish> wishes, string kind, string title, string what, string filter, DeadlineState state,
        CancellationToken ct)
    {
        var count = await wishes.Take(CountCap + 1).CountAsync(ct);
        if (count > 0)
        {
            items.Add(new TodoItem(kind, title, $"{(count > CountCap ? $"{CountCap}+" : count.ToString(System.Globalization.CultureInfo.InvariantCulture))}{what}",
                $"/Wishes/Manage?{filter}", null, state));
        }
    }

    private sealed record Group(long OrganizationId, int Count, DateOnly? Earliest);
}
