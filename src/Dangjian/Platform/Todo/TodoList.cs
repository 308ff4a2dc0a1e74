using Dangjian.Platform.Data;
using Dangjian.Platform.Security;

namespace Dangjian.Platform.Todo;

/// <summary>Where a deadline stands: the colour a to-do item, a request or a measure shows.</summary>
public enum DeadlineState
{
    Normal,
    DueSoon,
    Overdue,
}

public static class Deadlines
{
    /// <summary>Days before the deadline from which an item is due soon.</summary>
    public const int DueSoonDays = 3;

    /// <summary>Overdue from the day after the deadline; due soon from <paramref name="dueSoonDays"/> days before it (the deadline day included).</summary>
    public static DeadlineState Of(DateOnly deadline, DateOnly today, int dueSoonDays = DueSoonDays) =>
        today > deadline ? DeadlineState.Overdue
        : deadline.DayNumber - today.DayNumber < dueSoonDays ? DeadlineState.DueSoon
        : DeadlineState.Normal;

    public static string Chinese(this DeadlineState state) => state switch
    {
        DeadlineState.Overdue => "已逾期",
        DeadlineState.DueSoon => "即将到期",
        _ => "正常",
    };
}

/// <summary>
/// One thing the signed-in person is to do next: what, why, where to do it (a page of the app), by when. Items are not
/// stored: each feature computes its own from its records (<see cref="ITodoSource"/>), so an item disappears the
/// moment what it asks for is done.
/// </summary>
public sealed record TodoItem(string Kind, string Title, string Detail, string Link, DateOnly? Deadline, DeadlineState State)
{
    public string StateName => State.Chinese();
}

/// <summary>A feature's contribution to everyone's to-do list: the items it has for one account.</summary>
public interface ITodoSource
{
    Task<IReadOnlyList<TodoItem>> ItemsAsync(CurrentUser.Account account, AppDb db, TimeProvider clock, CancellationToken ct);
}

/// <summary>The signed-in person's to-do list: every feature's items, overdue first, then by deadline.</summary>
public sealed class TodoList(IEnumerable<ITodoSource> sources, CurrentUser user, AppDb db, TimeProvider clock)
{
    public async Task<IReadOnlyList<TodoItem>> ForCurrentAsync(CancellationToken ct)
    {
        var account = await user.RequireAsync(ct);
        var items = new List<TodoItem>();
        // One source after another: they share the request's database context.
        foreach (var source in sources)
        {
            items.AddRange(await source.ItemsAsync(account, db, clock, ct));
        }
        return Order(items);
    }

    public static IReadOnlyList<TodoItem> Order(IEnumerable<TodoItem> items) =>
        [.. items.OrderBy(i => i.State == DeadlineState.Overdue ? 0 : i.State == DeadlineState.DueSoon ? 1 : 2)
            .ThenBy(i => i.Deadline ?? DateOnly.MaxValue).ThenBy(i => i.Title, StringComparer.Ordinal)];
}
