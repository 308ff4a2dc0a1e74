using Dangjian.Features.Shared;
using Dangjian.Platform.Todo;
using Microsoft.AspNetCore.Authorization;

namespace Dangjian.Features.Todo;

/// <summary>My to-do list: what each feature asks of me next, overdue first.</summary>
[Authorize]
public class IndexModel(TodoList todo) : AppPageModel
{
    public IReadOnlyList<TodoItem> Items { get; private set; } = [];

    public async Task OnGetAsync() => Items = await todo.ForCurrentAsync(Aborted);

    public static string Css(DeadlineState state) => state switch
    {
        DeadlineState.Overdue => "text-bg-danger",
        DeadlineState.DueSoon => "text-bg-warning",
        _ => "text-bg-light border",
    };
}
