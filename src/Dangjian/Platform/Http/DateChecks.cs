namespace Dangjian.Platform.Http;

/// <summary>
/// The one check of a date that records something that has happened (a founding, an admission, an assignment, a
/// letter issued): not after today and not before a plausible earliest day. Every use case that takes such a date calls
/// it, so that 2999-01-01 is refused everywhere with the same message naming the field.
/// </summary>
public static class DateChecks
{
    /// <summary>The founding of the Party: no Party organization, membership or letter is older.</summary>
    public static readonly DateOnly PartyFounded = new(1921, 7, 1);

    /// <summary>The earliest day of any other record (a birth, a job, an assignment).</summary>
    public static readonly DateOnly Earliest = new(1900, 1, 1);

    /// <summary>Today in the server's time zone: the day a user means by "today".</summary>
    public static DateOnly Today(this TimeProvider clock) => DateOnly.FromDateTime(clock.GetLocalNow().Date);

    /// <summary>
    /// Adds "<paramref name="label"/>不能晚于今天" or "…不能早于…" for a date that cannot be true, and returns the date when
    /// it can (null when it was absent or refused).
    /// </summary>
    public static DateOnly? PastDate(this FieldErrors errors, string field, string label, DateOnly? value, DateOnly today, DateOnly? earliest = null)
    {
        if (value is not { } date)
        {
            return null;
        }
        if (date > today)
        {
            errors.Add(field, $"{label}不能晚于今天");
            return null;
        }
        var floor = earliest ?? Earliest;
        if (date < floor)
        {
            errors.Add(field, $"{label}不能早于{floor:yyyy-MM-dd}");
            return null;
        }
        return date;
    }
}
