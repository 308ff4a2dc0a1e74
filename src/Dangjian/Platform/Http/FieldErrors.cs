namespace Dangjian.Platform.Http;

/// <summary>
/// Per-field Chinese messages of a refused request, returned as RFC 9457 problem details
/// (application/problem+json, "errors" keyed by the JSON field name).
/// </summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public FieldErrors Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list))
        {
            _errors[field] = list = [];
        }
        list.Add(message);
        return this;
    }

    public bool Has(string field) => _errors.ContainsKey(field);

    public IReadOnlyDictionary<string, string[]> ToDictionary() => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray());

    /// <summary>Checks a required text: present and not longer than <paramref name="max"/>.</summary>
    public string? Text(string field, string label, string? value, int max, bool required = true)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            if (required)
            {
                Add(field, $"{label}不能为空");
            }
            return null;
        }
        if (trimmed.Length > max)
        {
            Add(field, $"{label}不能超过{max}个字符");
            return null;
        }
        return trimmed;
    }

    public IResult ToProblem(string title = "提交的数据有误") =>
        TypedResults.ValidationProblem(ToDictionary(), title: title);
}

public static class Problems
{
    public static IResult Conflict(string detail) =>
        TypedResults.Problem(title: "操作冲突", detail: detail, statusCode: StatusCodes.Status409Conflict);

    public static IResult NotFound(string what = "记录") =>
        TypedResults.Problem(title: "未找到", detail: $"{what}不存在或不在您的管辖范围内", statusCode: StatusCodes.Status404NotFound);
}
