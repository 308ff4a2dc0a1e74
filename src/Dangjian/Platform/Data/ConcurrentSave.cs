using Dangjian.Platform.Http;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Platform.Data;

/// <summary>The save of a step on a record that carries a version (a wish, a booking, a report-in).</summary>
public static class ConcurrentSave
{
    /// <summary>Saves; a step taken at the same moment by someone else (the version moved) is refused with <paramref name="conflict"/>, nothing written.</summary>
    public static async Task<Outcome<T>> SaveOrConflictAsync<T>(this AppDb db, T value, string conflict, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return Outcome<T>.Ok(value);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Outcome<T>.Conflict(conflict);
        }
    }
}
