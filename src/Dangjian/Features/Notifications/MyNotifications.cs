using Dangjian.Platform.Data;
using Dangjian.Platform.Http;
using Dangjian.Platform.Notifications;
using Dangjian.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Features.Notifications;

/// <summary>
/// The signed-in person's notices: those to their account and, when the account is linked to a member record, those
/// to the member; newest first, a page at a time (before an id), with the number unread.
/// </summary>
public static class MyNotifications
{
    public const int PageSize = 30;

    public sealed record Row(long Id, string Title, string Body, string? Link, DateTimeOffset CreatedAt, bool Read);

    public sealed record Response(int Unread, IReadOnlyList<Row> Items, long? Before);

    public static IQueryable<Notification> Mine(AppDb db, CurrentUser.Account account) =>
        account.MemberId is { } memberId
            ? db.Notifications.Where(n => n.AccountId == account.UserId || n.MemberId == memberId)
            : db.Notifications.Where(n => n.AccountId == account.UserId);

    public static async Task<Outcome<Response>> Handle(long? before, CurrentUser user, AppDb db, CancellationToken ct)
    {
        if (before is <= 0)
        {
            return Outcome<Response>.Invalid("before", "应为正整数");
        }
        var account = await user.RequireAsync(ct);
        var mine = Mine(db, account).AsNoTracking();
        var unread = await mine.CountAsync(n => n.ReadAt == null, ct);
        var page = await mine.Where(n => before == null || n.Id < before).OrderByDescending(n => n.Id).Take(PageSize + 1)
            .Select(n => new Row(n.Id, n.Title, n.Body, n.Link, n.CreatedAt, n.ReadAt != null)).ToListAsync(ct);
        var more = page.Count > PageSize;
        var items = page.Take(PageSize).ToList();
        return Outcome<Response>.Ok(new Response(unread, items, more ? items[^1].Id : null));
    }

    /// <summary>Marks one notice read (404 for one that is not the caller's), or with a null id every unread one.</summary>
    public static async Task<Outcome<int>> MarkReadAsync(long? id, CurrentUser user, AppDb db, TimeProvider clock, CancellationToken ct)
    {
        var account = await user.RequireAsync(ct);
        var query = Mine(db, account).Where(n => n.ReadAt == null);
        if (id is { } one)
        {
            if (!await Mine(db, account).AnyAsync(n => n.Id == one, ct))
            {
                return Outcome<int>.NotFound("通知");
            }
            query = query.Where(n => n.Id == one);
        }
        var now = clock.GetUtcNow();
        var marked = await query.BypassingSaveSteps("reading one's own notices is not audited").ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), ct);
        return Outcome<int>.Ok(marked);
    }
}

public static class NotificationEndpoints
{
    public static void MapNotificationEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/me/notifications").WithTags("通知与待办").RequireAuthorization();
        group.MapGet("/", async (long? before, CurrentUser user, AppDb db, CancellationToken ct) =>
                (await MyNotifications.Handle(before, user, db, ct)).ToHttp(Results.Ok))
            .Produces<MyNotifications.Response>().ProducesValidationProblem()
            .WithSummary($"本人的通知，新的在前，每页{MyNotifications.PageSize}条（before 为上一页 before 的值），并给出未读条数");
        group.MapPost("/{id:long}/read", async (long id, CurrentUser user, AppDb db, TimeProvider clock, CancellationToken ct) =>
                (await MyNotifications.MarkReadAsync(id, user, db, clock, ct)).ToHttp(_ => Results.NoContent()))
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("把一条通知标为已读");
        group.MapPost("/read", async (CurrentUser user, AppDb db, TimeProvider clock, CancellationToken ct) =>
                (await MyNotifications.MarkReadAsync(null, user, db, clock, ct)).ToHttp(_ => Results.NoContent()))
            .Produces(StatusCodes.Status204NoContent)
            .WithSummary("把全部未读通知标为已读");
    }
}
