namespace Dangjian.Platform.Http;

/// <summary>What a use case returns: a value, or why not. Endpoints turn it into HTTP, pages into form errors.</summary>
public sealed class Outcome<T>
{
    private Outcome() { }

    public T? Value { get; private init; }
    public FieldErrors? Errors { get; private init; }
    public string? NotFoundWhat { get; private init; }
    public string? ConflictReason { get; private init; }
    public bool Succeeded => Errors is null && NotFoundWhat is null && ConflictReason is null;

    public static Outcome<T> Ok(T value) => new() { Value = value };
    public static Outcome<T> Invalid(FieldErrors errors) => new() { Errors = errors };
    public static Outcome<T> Invalid(string field, string message) => new() { Errors = new FieldErrors().Add(field, message) };
    public static Outcome<T> NotFound(string what) => new() { NotFoundWhat = what };
    public static Outcome<T> Conflict(string reason) => new() { ConflictReason = reason };

    /// <summary>This refusal as the outcome of another use case, which refuses for the same reason.</summary>
    public Outcome<TOther> Refusal<TOther>() => Succeeded
        ? throw new InvalidOperationException("Only a refusal can be passed on.")
        : new Outcome<TOther> { Errors = Errors, NotFoundWhat = NotFoundWhat, ConflictReason = ConflictReason };

    public IResult ToHttp(Func<T, IResult> onSuccess) =>
        Errors is not null ? Errors.ToProblem()
        : NotFoundWhat is not null ? Problems.NotFound(NotFoundWhat)
        : ConflictReason is not null ? Problems.Conflict(ConflictReason)
        : onSuccess(Value!);

    /// <summary>One message per field for a Razor form; a not-found or conflict goes to the form-wide slot ("").</summary>
    public IEnumerable<(string Field, string Message)> Messages()
    {
        if (Errors is not null)
        {
            foreach (var (field, messages) in Errors.ToDictionary())
            {
                foreach (var message in messages)
                {
                    yield return (field, message);
                }
            }
        }
        if (NotFoundWhat is not null)
        {
            yield return ("", $"{NotFoundWhat}不存在或不在您的管辖范围内");
        }
        if (ConflictReason is not null)
        {
            yield return ("", ConflictReason);
        }
    }
}
