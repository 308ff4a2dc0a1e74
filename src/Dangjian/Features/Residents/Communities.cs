using System.ComponentModel.DataAnnotations;
using Dangjian.Features.Organizations;
using Dangjian.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Features.Residents;

/// <summary>
/// The communities and villages residents belong to: the Party organizations built in (or covering) a unit of those
/// kinds, not dissolved. Their names are public (they are on every notice board); nothing else about them is shown here.
/// </summary>
public static class Communities
{
    public sealed record Community(long Id, string Name, string Path);

    public sealed record Choice(long Id, string Name, string Above);

    public static IQueryable<Organization> All(AppDb db) =>
        db.Organizations.AsNoTracking().Where(o => o.DissolvedAt == null
            && db.Units.Any(u => (u.Id == o.UnitId || u.CoveringOrganizationId == o.Id) && (u.Kind == UnitKind.Community || u.Kind == UnitKind.Village)));

    public static Task<Community?> FindAsync(AppDb db, long? id, CancellationToken ct) =>
        All(db).Where(o => o.Id == id).Select(o => new Community(o.Id, o.Name, o.Path)).FirstOrDefaultAsync(ct)!;

    /// <summary>Communities by a piece of their name, for the registration page (at most 20; type more to narrow).</summary>
    public static async Task<IReadOnlyList<Choice>> SearchAsync([MaxLength(50)] string? q, AppDb db, CancellationToken ct)
    {
        var text = q?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return [];
        }
        var found = await All(db).Where(o => o.Name.Contains(text)).OrderBy(o => o.Name).Take(20)
            .Select(o => new { o.Id, o.Name, o.ParentId }).ToListAsync(ct);
        var parents = found.Select(f => f.ParentId).ToList();
        var names = await db.Organizations.AsNoTracking().Where(o => parents.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        return [.. found.Select(f => new Choice(f.Id, f.Name, f.ParentId is { } p ? names.GetValueOrDefault(p, "") : ""))];
    }
}
