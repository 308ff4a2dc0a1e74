using Dangjian.Features.Members;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Dangjian.Platform.Data;

/// <summary>
/// Keeps <see cref="MemberNameGram"/> rows in step with member writes, in the same transaction: a member's grams carry
/// its current name, place and sort key, and a member who has left has none. Done here rather than by each use case,
/// so that no write path (create, edit, import, transfer, demo) can forget it. Moving a subtree rewrites paths in bulk
/// and updates the grams itself (MoveOrganization).
/// </summary>
public static class NameGramWriter
{
    private static readonly string[] Watched = [nameof(Member.Name), nameof(Member.NamePinyin), nameof(Member.OrgPath), nameof(Member.LeftAt)];

    /// <summary>The members whose grams a save must rewrite, with whether they may already have some.</summary>
    public static List<(Member Member, bool Existing)> Collect(ChangeTracker tracker) =>
        [.. tracker.Entries<Member>()
            .Where(e => e.State == EntityState.Added || (e.State == EntityState.Modified && Watched.Any(p => e.Property(p).IsModified)))
            .Select(e => (e.Entity, e.State == EntityState.Modified))];

    /// <summary>Runs after the members are saved (so new ones have ids); the caller saves the grams it adds.</summary>
    public static async Task ApplyAsync(AppDb db, List<(Member Member, bool Existing)> changed, CancellationToken ct)
    {
        var existing = changed.Where(c => c.Existing).Select(c => c.Member.Id).ToHashSet();
        // Grams added by an earlier save of this context are still tracked; the rows are deleted below, so forget them.
        foreach (var stale in db.ChangeTracker.Entries<MemberNameGram>().Where(e => existing.Contains(e.Entity.MemberId)).ToList())
        {
            stale.State = EntityState.Detached;
        }
        foreach (var chunk in existing.Chunk(500))
        {
            await db.MemberNameGrams.Where(g => chunk.Contains(g.MemberId)).ExecuteDeleteAsync(ct);
        }
        foreach (var (member, _) in changed.Where(c => c.Member.LeftAt is null))
        {
            foreach (var gram in MemberNameGram.Of(member.Name))
            {
                db.MemberNameGrams.Add(new MemberNameGram { Gram = gram, MemberId = member.Id, OrgPath = member.OrgPath, NamePinyin = member.NamePinyin });
            }
        }
    }
}
