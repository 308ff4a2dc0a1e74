using Dangjian.Features.Residents;
using Dangjian.Platform.Data;
using Dangjian.Platform.Rules;
using Dangjian.Platform.Security;
using Dangjian.Platform.Time;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Features.Wishes;

/// <summary>Who reaches a wish, and how each live stage's deadline is set.</summary>
public static class WishAccess
{
    /// <summary>
    /// A wish for one who serves residents: on the wall of a community they serve, claimed by them or their
    /// organization, or collected by them. Anything else is absent (and audited).
    /// </summary>
    public static async Task<Wish?> ForServerAsync(AppDb db, Scope scope, CurrentUser.Account account, long id, bool tracking, CancellationToken ct)
    {
        var query = tracking ? db.Wishes : db.Wishes.AsNoTracking();
        var wish = await query.FirstOrDefaultAsync(w => w.Id == id, ct);
        if (wish is null)
        {
            return null;
        }
        if (IsClaimer(wish, account) || wish.CollectedByAccountId == account.UserId
            || (wish.ClaimerOrgPath is not null && wish.ClaimerKind == ClaimerKind.Organization && OrgPath.IsWithin(wish.ClaimerOrgPath, account.ScopePath)))
        {
            return wish;
        }
        return await scope.ServesAsync(wish.OrgPath, nameof(Wish), id, ct) ? wish : null;
    }

    /// <summary>A wish in the caller's own subtree, for the community and the levels above it (review, press, supervise, figures).</summary>
    public static Task<Wish?> ForManagerAsync(AppDb db, Scope scope, long id, CancellationToken ct) => scope.FindAsync(db.Wishes, id, ct);

    /// <summary>The signed-in resident's own wish; another's is absent (and audited).</summary>
    public static async Task<(Resident? Resident, Wish? Wish)> ForResidentAsync(AppDb db, Scope scope, CurrentUser.Account account, long id, bool tracking,
        CancellationToken ct)
    {
        var resident = await MyResident.OfAsync(account, db, ct);
        var query = tracking ? db.Wishes : db.Wishes.AsNoTracking();
        var wish = resident is null ? null : await query.FirstOrDefaultAsync(w => w.Id == id, ct);
        if (wish is not null && wish.ResidentId != resident!.Id)
        {
            await scope.DeniedAsync(nameof(Wish), id, wish.OrgPath, ct);
            return (resident, null);
        }
        return (resident, wish);
    }

    public static bool IsClaimer(Wish wish, CurrentUser.Account account) =>
        wish.ClaimerKind == ClaimerKind.Member ? wish.ClaimerMemberId is not null && wish.ClaimerMemberId == account.MemberId
        : wish.ClaimerKind == ClaimerKind.Organization && wish.ClaimerOrganizationId == account.OrganizationId;

    /// <summary>Sets the deadline of the stage the wish has just entered (from today, in working days) and when supervision is due; clears both once it is done.</summary>
    public static async Task SetStageAsync(Wish wish, WishState state, DateOnly today, WorkCalendar calendar, RuleBook rules, CancellationToken ct)
    {
        wish.State = state;
        var rule = state switch
        {
            WishState.Submitted => RuleCatalog.WishReviewWorkingDays,
            WishState.Open => RuleCatalog.WishClaimWorkingDays,
            WishState.Claimed => RuleCatalog.WishFulfilWorkingDays,
            WishState.Fulfilled => RuleCatalog.WishConfirmWorkingDays,
            _ => null,
        };
        if (rule is null)
        {
            wish.Deadline = wish.SuperviseFrom = null;
            return;
        }
        var days = (int)(await rules.ResolveAsync(rule, wish.OrgPath, ct)).Value;
        var after = (int)(await rules.ResolveAsync(RuleCatalog.WishSuperviseAfterWorkingDays, wish.OrgPath, ct)).Value;
        wish.Deadline = await calendar.AddWorkingDaysAsync(today, days, ct);
        wish.SuperviseFrom = await calendar.AddWorkingDaysAsync(wish.Deadline.Value, after, ct);
    }

    public static void Event(AppDb db, Wish wish, WishEventKind kind, CurrentUser.Account? by, string byName, string note = "") =>
        db.WishEvents.Add(new WishEvent { Wish = wish, Kind = kind, At = db.Clock.GetUtcNow(), ByName = byName, ByAccountId = by?.UserId, Note = note });
}
