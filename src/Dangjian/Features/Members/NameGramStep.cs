using Dangjian.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Features.Members;

/// <summary>
/// Keeps <see cref="MemberNameGram"/> rows in step with member writes, in the same transaction: a member's windows
/// carry its current name, place, sort key and the columns the list filters and orders by, and a member who has left
/// has none. A save step rather than each use
/// case's job, so that no write path (create, edit, import, transfer, demo) can forget it. Moving a subtree rewrites
/// paths in bulk and shifts the windows itself (<see cref="Organizations.PathCopies"/>).
/// </summary>
internal sealed class NameGramStep : ISaveStep
{
    private static readonly string[] Watched = MemberNameGram.CopiedMemberProperties;

    public int Order => SaveStepOrder.DerivedRows + 100;

    public ISavePass? Plan(AppDb db)
    {
        List<(Member Member, bool Existing)> changed = [.. db.ChangeTracker.Entries<Member>()
            .Where(e => e.State == EntityState.Added || (e.State == EntityState.Modified && Watched.Any(p => e.Property(p).IsModified)))
            .Select(e => (e.Entity, e.State == EntityState.Modified))];
        return changed.Count == 0 ? null : new Pass(changed);
    }

    /// <summary>After the members are written, so that new ones have ids; the pipeline writes the windows it adds.</summary>
    private sealed class Pass(List<(Member Member, bool Existing)> changed) : IBatchedSavePass
    {
        public async Task AfterWriteAsync(AppDb db, CancellationToken ct)
        {
            foreach (var chunk in Existing(db).Chunk(500))
            {
                await db.MemberNameGrams.Where(g => chunk.Contains(g.MemberId)).ExecuteDeleteAsync(ct);
            }
            AddWindows(db);
        }

        public void AfterWrite(SaveBatch batch, AppDb db)
        {
            foreach (var chunk in Existing(db).Chunk(500))
            {
                batch.Add("DELETE FROM \"MemberNameGrams\" WHERE \"MemberId\" IN (" + string.Join(", ", chunk.Select((_, i) => $"{{{i}}}")) + ")",
                    [.. chunk.Cast<object?>()]);
            }
            AddWindows(db);
        }

        private HashSet<long> Existing(AppDb db)
        {
            var existing = changed.Where(c => c.Existing).Select(c => c.Member.Id).ToHashSet();
            // Windows added by an earlier save of this context are still tracked; the rows are deleted, so forget them.
            foreach (var stale in db.ChangeTracker.Entries<MemberNameGram>().Where(e => existing.Contains(e.Entity.MemberId)).ToList())
            {
                stale.State = EntityState.Detached;
            }
            return existing;
        }

        private void AddWindows(AppDb db)
        {
            foreach (var (member, _) in changed.Where(c => c.Member.LeftAt is null))
            {
                db.MemberNameGrams.AddRange(MemberNameGram.For(member));
            }
        }
    }
}
