using Microsoft.EntityFrameworkCore;

namespace Dangjian.Platform.Http;

/// <summary>
/// One page of a list, the same shape in the API and on pages. <see cref="Total"/> comes from a count, never from the
/// length of a truncated list; when counting further would cost more than it tells, the count stops at
/// <see cref="PageRequest.CountCap"/> and <see cref="TotalIsAtLeast"/> says so ("至少 10000 条").
/// </summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int PageNumber, int PageSize, long Total, bool TotalIsAtLeast = false)
{
    public long PageCount => Total == 0 ? 1 : (Total + PageSize - 1) / PageSize;

    public Page<TOut> Map<TOut>(Func<T, TOut> map) => new(Items.Select(map).ToList(), PageNumber, PageSize, Total, TotalIsAtLeast);
}

/// <summary>A validated page number and size. Every list takes these two query parameters, with these limits.</summary>
public readonly record struct PageRequest(int Number, int Size)
{
    public const int DefaultSize = 20;
    public const int MaxSize = 100;
    /// <summary>Counts stop here: a pager needs to know there are many, not exactly how many.</summary>
    public const int CountCap = 10_000;

    public int Skip => (Number - 1) * Size;

    /// <summary>Validates <c>page</c> and <c>pageSize</c>, adding a Chinese message per bad field.</summary>
    public static PageRequest From(int? page, int? pageSize, FieldErrors errors, int defaultSize = DefaultSize)
    {
        var number = page ?? 1;
        var size = pageSize ?? defaultSize;
        if (number < 1)
        {
            errors.Add("page", "页码应从1开始");
        }
        if (size is < 1 or > MaxSize)
        {
            errors.Add("pageSize", $"每页条数应在1到{MaxSize}之间");
        }
        return new PageRequest(Math.Max(number, 1), Math.Clamp(size, 1, MaxSize));
    }
}

public static class PagingExtensions
{
    /// <summary>
    /// The requested page of an ordered query and its count, capped at <see cref="PageRequest.CountCap"/>. Deep pages
    /// of very large lists should page by key instead (see SearchMembers); this is for lists that stay modest.
    /// </summary>
    public static async Task<Page<T>> ToPageAsync<T>(this IQueryable<T> ordered, PageRequest request, CancellationToken ct)
    {
        var items = await ordered.Skip(request.Skip).Take(request.Size).ToListAsync(ct);
        var counted = await ordered.Take(PageRequest.CountCap + 1).CountAsync(ct);
        var atLeast = counted > PageRequest.CountCap;
        return new Page<T>(items, request.Number, request.Size, atLeast ? PageRequest.CountCap : counted, atLeast);
    }
}
