using Dangjian.Platform.Todo;

namespace Dangjian.Features.Todo;

public static class TodoEndpoints
{
    public sealed record Response(IReadOnlyList<TodoItem> Items, int Overdue);

    public static void MapTodoEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/me/todo", async (TodoList todo, CancellationToken ct) =>
            {
                var items = await todo.ForCurrentAsync(ct);
                return TypedResults.Ok(new Response(items, items.Count(i => i.State == DeadlineState.Overdue)));
            })
            .WithTags("通知与待办").RequireAuthorization()
            .Produces<Response>()
            .WithSummary("本人的待办：各项工作接下来要本人做的事、期限和状态（正常、即将到期、已逾期），逾期的在前");
    }
}
