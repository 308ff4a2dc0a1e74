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
            var review = await db.Wishes.AsNoTracking().Where(w => w.State == WishState.Submitted && w.OrgPath.StartsWith(scope))
                .GroupBy(w => w.OrganizationId).Select(g => new Group(g.Key, g.Count(), g.Min(w => w.Deadline))).Take(MaxItems).ToListAsync(ct);
            var overdue = await db.Wishes.AsNoTracking()
                .Where(w => (w.State == WishState.Open || w.State == WishState.Claimed || w.State == WishState.Fulfilled) && w.OrgPath.StartsWith(scope) && w.Deadline < today)
                .GroupBy(w => w.OrganizationId).Select(g => new Group(g.Key, g.Count(), g.Min(w => w.Deadline))).Take(MaxItems).ToListAsync(ct);
            var supervise = await db.Wishes.AsNoTracking()
                .Where(w => (w.State == WishState.Submitted || w.State == WishState.Open || w.State == WishState.Claimed || w.State == WishState.Fulfilled)
                    && w.OrgPath.StartsWith(scope) && w.OrgPath != scope && w.SuperviseFrom <= today)
                .GroupBy(w => w.OrganizationId).Select(g => new Group(g.Key, g.Count(), g.Min(w => w.SuperviseFrom))).Take(MaxItems).ToListAsync(ct);
            var ids = review.Concat(overdue).Concat(supervise).Select(g => g.OrganizationId).Distinct().ToList();
            var names = await db.Organizations.AsNoTracking().Where(o => ids.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
            string Name(long id) => names.GetValueOrDefault(id, "");
            items.AddRange(review.Select(g => new TodoItem("wish-review", $"审核心愿：{Name(g.OrganizationId)}", $"{g.Count}个心愿等待审核",
                $"/Wishes/Manage?organizationId={g.OrganizationId}&state=Submitted", g.Earliest, Deadlines.Of(g.Earliest ?? today, today))));
            items.AddRange(overdue.Select(g => new TodoItem("wish-press", $"催办逾期心愿：{Name(g.OrganizationId)}", $"{g.Count}个心愿的当前环节已逾期",
                $"/Wishes/Manage?organizationId={g.OrganizationId}&overdue=true", g.Earliest, DeadlineState.Overdue)));
            items.AddRange(supervise.Select(g => new TodoItem("wish-supervise", $"督办心愿：{Name(g.OrganizationId)}", $"{g.Count}个心愿逾期已超过督办期限",
                $"/Wishes/Manage?organizationId={g.OrganizationId}&overdue=true", g.Earliest, DeadlineState.Overdue)));
        }
        return items;
    }

    private sealed record Group(long OrganizationId, int Count, DateOnly? Earliest);
}
