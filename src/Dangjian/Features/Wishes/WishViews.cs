using Dangjian.Features.Residents;
using Dangjian.Platform.Attachments;
using Dangjian.Platform.Data;
using Dangjian.Platform.Http;
using Dangjian.Platform.Security;
using Dangjian.Platform.Time;
using Dangjian.Platform.Todo;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Features.Wishes;

/// <summary>A wish as a list shows it: what, where it stands and by when; never the resident's phone.</summary>
public sealed record WishRow(long Id, string Title, string ForWhom, WishCategory Category, string CategoryName, decimal? EstimatedCost, string ResidentName,
    long OrganizationId, WishState State, string StateName, DateOnly SubmittedOn, DateOnly? Deadline, string? DeadlineState, string? ClaimerName, int? Rating)
{
    internal static WishRow Of(Wish w, DateOnly today) => new(w.Id, w.Title, w.ForWhom, w.Category, w.Category.Chinese(), w.EstimatedCost, MaskName(w.ResidentName),
        w.OrganizationId, w.State, w.State.Chinese(), w.SubmittedOn, w.Deadline,
        w.Deadline is { } d ? EscalationRules.StateName(d, w.SuperviseFrom ?? d, today) : null, w.ClaimerName, w.Rating);

    /// <summary>The wall names a resident as 张** : enough for a neighbour to know the wish is real, not who asked.</summary>
    public static string MaskName(string name) => name.Length <= 1 ? name : name[0] + new string('*', Math.Min(name.Length - 1, 2));
}

public static class GetWish
{
    public sealed record Step(DateTimeOffset At, string What, string By, string Note);

    public sealed record Response(WishRow Wish, string Detail, string Community, string CollectedBy, string? RefusalReason, ClaimerKind? ClaimerKind,
        string? FulfilmentNote, DateOnly? FulfilledOn, string? RatingComment, string? WithdrawalReason, DateOnly? SuperviseFrom,
        IReadOnlyList<AttachmentFiles.View> Photos, IReadOnlyList<Step> Steps, bool MayClaim, bool IsClaimer, bool MayConfirmForResident, bool MayWithdraw);

    public static async Task<Outcome<Response>> ForServerAsync(long id, CurrentUser user, AppDb db, Scope scope, CancellationToken ct)
    {
        var account = await user.RequireAsync(ct);
        var wish = await WishAccess.ForServerAsync(db, scope, account, id, tracking: false, ct);
        if (wish is null)
        {
            return Outcome<Response>.NotFound("心愿");
        }
        var hasAccount = await db.Residents.AnyAsync(r => r.Id == wish.ResidentId && r.AccountId != null, ct);
        var isClaimer = WishAccess.IsClaimer(wish, account);
        var mayConfirm = wish.State == WishState.Fulfilled && !isClaimer
            && (wish.CollectedByAccountId == account.UserId || (account.Can(Permission.ManageResidentServices) && OrgPath.IsWithin(wish.OrgPath, account.ScopePath)))
            && (!hasAccount || BeijingDay.Of(db.Clock.GetUtcNow()) > wish.Deadline);
        return Outcome<Response>.Ok(await ViewAsync(db, wish, wish.State == WishState.Open, isClaimer, mayConfirm,
            wish.CollectedByAccountId == account.UserId && wish.State is WishState.Submitted or WishState.Open or WishState.Claimed, ct));
    }

    public static async Task<Outcome<Response>> ForResidentAsync(long id, CurrentUser user, AppDb db, Scope scope, CancellationToken ct)
    {
        var (_, wish) = await WishAccess.ForResidentAsync(db, scope, await user.RequireAsync(ct), id, tracking: false, ct);
        return wish is null ? Outcome<Response>.NotFound("心愿")
            : Outcome<Response>.Ok(await ViewAsync(db, wish, false, false, false, wish.State is WishState.Submitted or WishState.Open or WishState.Claimed, ct));
    }

    private static async Task<Response> ViewAsync(AppDb db, Wish wish, bool mayClaim, bool isClaimer, bool mayConfirm, bool mayWithdraw, CancellationToken ct)
    {
        var today = BeijingDay.Of(db.Clock.GetUtcNow());
        var community = await db.Organizations.AsNoTracking().Where(o => o.Id == wish.OrganizationId).Select(o => o.Name).FirstAsync(ct);
        var events = await db.WishEvents.AsNoTracking().Where(e => e.WishId == wish.Id).OrderBy(e => e.Id).ToListAsync(ct);
        var escalations = await Escalations.OfAsync(db, nameof(Wish), wish.Id, ct);
        var steps = events.Select(e => new Step(e.At, e.Kind.Chinese(), e.ByName, e.Note))
            .Concat(escalations.Select(e => new Step(e.At, $"{e.Level.Chinese()}（{e.Stage}，期限{e.Deadline:M月d日}）", e.ByName, e.Note)))
            .OrderBy(e => e.At.UtcTicks).ToList();
        return new Response(WishRow.Of(wish, today), wish.Detail, community, wish.CollectedBy, wish.RefusalReason, wish.ClaimerKind, wish.FulfilmentNote,
            wish.FulfilledOn, wish.RatingComment, wish.WithdrawalReason, wish.SuperviseFrom, await AttachmentFiles.ListAsync(db, nameof(Wish), wish.Id, ct), steps,
            mayClaim, isClaimer, mayConfirm, mayWithdraw);
    }
}

/// <summary>The signed-in resident's wishes, newest first.</summary>
public static class MyWishes
{
    public static async Task<Outcome<IReadOnlyList<WishRow>>> Handle(CurrentUser user, AppDb db, CancellationToken ct)
    {
        var resident = await MyResident.OfAsync(await user.RequireAsync(ct), db, ct);
        if (resident is null)
        {
            return Outcome<IReadOnlyList<WishRow>>.Ok([]);
        }
        var today = BeijingDay.Of(db.Clock.GetUtcNow());
        var wishes = await db.Wishes.AsNoTracking().Where(w => w.ResidentId == resident.Id).OrderByDescending(w => w.Id).Take(100).ToListAsync(ct);
        return Outcome<IReadOnlyList<WishRow>>.Ok([.. wishes.Select(w => WishRow.Of(w, today))]);
    }
}

/// <summary>
/// The wish wall (心愿墙): open wishes of the communities the caller serves (those in their subtree, and the ones
/// above a member's own branch), longest waiting first, by category, a page at a time.
/// </summary>
public static class WishWall
{
    public const int PageSize = 20;

    public static async Task<Outcome<Page<WishRow>>> Handle(WishCategory? category, long? organizationId, int? page, int? pageSize, CurrentUser user, AppDb db,
        Scope scope, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var request = PageRequest.From(page, pageSize, errors, PageSize);
        if (errors.Any)
        {
            return Outcome<Page<WishRow>>.Invalid(errors);
        }
        var account = await user.RequireAsync(ct);
        var query = db.Wishes.AsNoTracking().Where(w => w.State == WishState.Open);
        if (organizationId is { } orgId)
        {
            var path = await db.Organizations.AsNoTracking().Where(o => o.Id == orgId).Select(o => o.Path).FirstOrDefaultAsync(ct);
            if (path is null || !await scope.ServesAsync(path, "Organization", orgId, ct))
            {
                return Outcome<Page<WishRow>>.NotFound("组织");
            }
            // Within a community served from below (a member's), the community's own wishes; otherwise the subtree's.
            query = OrgPath.IsWithin(path, account.ScopePath) ? query.Where(w => w.OrgPath.StartsWith(path)) : query.Where(w => w.OrgPath == path);
        }
        else
        {
            var above = OrgPath.AncestorsAndSelf(account.ScopePath);
            query = query.Where(w => w.OrgPath.StartsWith(account.ScopePath) || above.Contains(w.OrgPath));
        }
        if (category is { } c)
        {
            query = query.Where(w => w.Category == c);
        }
        var today = BeijingDay.Of(db.Clock.GetUtcNow());
        return Outcome<Page<WishRow>>.Ok((await query.OrderBy(w => w.Id).ToPageAsync(request, ct)).Map(w => WishRow.Of(w, today)));
    }
}

/// <summary>
/// What the caller claimed (as a member) or their organization claimed, live ones first, with their figures: claimed
/// (not given back), fulfilled, the average rating received.
/// </summary>
public static class ClaimedWishes
{
    public sealed record Response(IReadOnlyList<WishRow> Wishes, int Claimed, int Fulfilled, decimal? AverageRating);

    public static async Task<Response> Handle(CurrentUser user, AppDb db, CancellationToken ct)
    {
        var account = await user.RequireAsync(ct);
        var memberId = account.MemberId;
        var mine = db.Wishes.AsNoTracking()
            .Where(w => (memberId != null && w.ClaimerMemberId == memberId) || (w.ClaimerKind == ClaimerKind.Organization && w.ClaimerOrganizationId == account.OrganizationId));
        var wishes = await mine.OrderByDescending(w => w.Id).Take(100).ToListAsync(ct);
        var figures = await mine.GroupBy(w => 1).Select(g => new { Claimed = g.Count(), Fulfilled = g.Count(w => w.FulfilledOn != null),
            Rated = g.Count(w => w.Rating != null), RatingSum = g.Sum(w => w.Rating ?? 0) }).FirstOrDefaultAsync(ct);
        var today = BeijingDay.Of(db.Clock.GetUtcNow());
        return new Response([.. wishes.OrderBy(w => w.State == WishState.Claimed ? 0 : 1).Select(w => WishRow.Of(w, today))], figures?.Claimed ?? 0, figures?.Fulfilled ?? 0,
            figures is { Rated: > 0 } f ? Math.Round((decimal)f.RatingSum / f.Rated, 2) : null);
    }
}

/// <summary>The wishes of a subtree by state, for the community's review and follow-up, oldest first.</summary>
public static class ListWishes
{
    public const int PageSize = 50;

    public static async Task<Outcome<Page<WishRow>>> Handle(long? organizationId, WishState? state, bool? overdue, int? page, int? pageSize, CurrentUser user,
        AppDb db, Scope scope, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var request = PageRequest.From(page, pageSize, errors, PageSize);
        if (errors.Any)
        {
            return Outcome<Page<WishRow>>.Invalid(errors);
        }
        var account = await user.RequireAsync(ct);
        var path = account.ScopePath;
        if (organizationId is { } orgId)
        {
            var org = await scope.FindAsync(db.Organizations.AsNoTracking(), orgId, ct);
            if (org is null)
            {
                return Outcome<Page<WishRow>>.NotFound("组织");
            }
            path = org.Path;
        }
        var today = BeijingDay.Of(db.Clock.GetUtcNow());
        var query = db.Wishes.AsNoTracking().Where(w => w.OrgPath.StartsWith(path));
        if (state is { } st)
        {
            query = query.Where(w => w.State == st);
        }
        if (overdue == true)
        {
            query = query.Where(w => w.Deadline < today);
        }
        return Outcome<Page<WishRow>>.Ok((await query.OrderBy(w => w.Id).ToPageAsync(request, ct)).Map(w => WishRow.Of(w, today)));
    }
}

/// <summary>
/// Figures of a region: for each organization directly below it (a street's communities, a city's districts) and in
/// all, wishes sent, claimed, fulfilled, open, overdue, the average rating and the average days from sending to
/// fulfilment, read from the communities' tallies (<see cref="WishTally"/>) and, for the overdue, from the live wishes'
/// deadlines; and, for a region small enough to read its wishes, the claimers (members and units) who fulfilled most.
/// </summary>
public static class WishFigures
{
    /// <summary>Above this many wishes the claimers' list is left out: it would read every wish of the region.</summary>
    public const int MaxWishesForClaimers = 20_000;

    public sealed record Line(long OrganizationId, string Name, int Sent, int Claimed, int Fulfilled, int Open, int Overdue, decimal? AverageRating, decimal? AverageDays);

    public sealed record Claimer(string Name, ClaimerKind Kind, string KindName, int Claimed, int Fulfilled, decimal? AverageRating);

    /// <param name="Claimers">Null when the region has more than <see cref="MaxWishesForClaimers"/> wishes: choose a smaller one.</param>
    public sealed record Response(long OrganizationId, string Name, Line Total, IReadOnlyList<Line> Below, IReadOnlyList<Claimer>? Claimers);

    public static async Task<Outcome<Response>> Handle(long? organizationId, CurrentUser user, AppDb db, Scope scope, CancellationToken ct)
    {
        var account = await user.RequireAsync(ct);
        var org = await scope.FindAsync(db.Organizations.AsNoTracking(), organizationId ?? account.OrganizationId, ct);
        if (org is null)
        {
            return Outcome<Response>.NotFound("组织");
        }
        var today = BeijingDay.Of(db.Clock.GetUtcNow());
        var children = await db.Organizations.AsNoTracking().Where(o => o.ParentId == org.Id && o.DissolvedAt == null).OrderBy(o => o.Name)
            .Select(o => new { o.Id, o.Name, o.Path }).Take(2000).ToListAsync(ct);
        var tallies = await db.WishTallies.AsNoTracking().Where(t => t.OrgPath.StartsWith(org.Path)).ToListAsync(ct);
        var overdue = await db.Wishes.AsNoTracking().Where(w => w.OrgPath.StartsWith(org.Path) && w.Deadline != null && w.Deadline < today)
            .Select(w => w.OrgPath).ToListAsync(ct);
        Line LineOf(long id, string name, string path)
        {
            var rows = tallies.Where(t => t.OrgPath.StartsWith(path, StringComparison.Ordinal)).ToList();
            var rated = rows.Sum(t => t.Rated);
            var fulfilled = rows.Sum(t => t.Fulfilled);
            return new Line(id, name, rows.Sum(t => t.Sent), rows.Sum(t => t.Claimed), fulfilled, rows.Sum(t => t.Open),
                overdue.Count(p => p.StartsWith(path, StringComparison.Ordinal)),
                rated == 0 ? null : Math.Round((decimal)rows.Sum(t => t.RatingSum) / rated, 2),
                fulfilled == 0 ? null : Math.Round((decimal)rows.Sum(t => t.DaysSum) / fulfilled, 1));
        }
        var total = LineOf(org.Id, org.Name, org.Path);
        var below = children.Select(c => LineOf(c.Id, c.Name, c.Path)).ToList();
        IReadOnlyList<Claimer>? claimers = null;
        if (total.Sent <= MaxWishesForClaimers)
        {
            var claimed = await db.Wishes.AsNoTracking().Where(w => w.OrgPath.StartsWith(org.Path) && w.ClaimerName != null)
                .Select(w => new ClaimFact(w.ClaimerName!, w.ClaimerKind!.Value, w.FulfilledOn, w.Rating)).ToListAsync(ct);
            claimers = [.. claimed.GroupBy(w => (w.Name, w.Kind))
                .Select(g => new Claimer(g.Key.Name, g.Key.Kind, g.Key.Kind.Chinese(), g.Count(), g.Count(w => w.FulfilledOn != null),
                    g.Any(w => w.Rating != null) ? Math.Round((decimal)g.Where(w => w.Rating != null).Average(w => w.Rating!.Value), 2) : null))
                .OrderByDescending(c => c.Fulfilled).ThenBy(c => c.Name, StringComparer.Ordinal).Take(20)];
        }
        return Outcome<Response>.Ok(new Response(org.Id, org.Name, total, below, claimers));
    }

    private sealed record ClaimFact(string Name, ClaimerKind Kind, DateOnly? FulfilledOn, int? Rating);
}
