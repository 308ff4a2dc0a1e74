using Dangjian.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Features.Members;

/// <summary>
/// Fills the sort key (<see cref="Member.NamePinyin"/>) of the members whose key is empty, which migration
/// PinyinBySyllable makes of every member when the key changes form, and then the copies the name windows carry.
/// Members who share a name share the key, so it is computed once per name and written to all of them by one
/// statement. A derived sort key is not a change of the record: nothing is tracked, no audit line is written and
/// no tally moves. One transaction, so that a run cut short leaves every key empty and the next run starts again.
/// </summary>
internal sealed class MemberSortKeyBackfill : IDerivedDataBackfill
{
    private const int BatchSize = 1000;
    private const string Reason = "a derived sort key, not a change of the record: no audit line, no tally; the windows' copies follow below";

    public int Order => 100;

    public string What => "Member name sort keys";

    public async Task<int> RunAsync(AppDb db, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var filled = 0;
        long after = 0;
        while (true)
        {
            // The (NamePinyin, Id) index holds the empty keys together, in id order: each batch is one short range,
            // and the first finds nothing at once when every key is filled.
            var batch = await db.Members.AsNoTracking().Where(m => m.NamePinyin == "" && m.Id > after).OrderBy(m => m.Id)
                .Select(m => new { m.Id, m.Name }).Take(BatchSize).ToListAsync(ct);
            if (batch.Count == 0)
            {
                break;
            }
            after = batch[^1].Id;
            foreach (var name in batch.Select(m => m.Name).Distinct(StringComparer.Ordinal))
            {
                var key = Member.NamePinyinOf(name);
                if (key.Length == 0)
                {
                    continue; // a name without a syllable has an empty key anyway
                }
                filled += await db.Members.Where(m => m.Name == name && m.NamePinyin == "").BypassingSaveSteps(Reason)
                    .ExecuteUpdateAsync(s => s.SetProperty(m => m.NamePinyin, key), ct);
            }
        }
        if (filled > 0)
        {
            await db.MemberNameGrams.Where(g => g.NamePinyin == "").BypassingSaveSteps(Reason)
                .ExecuteUpdateAsync(s => s.SetProperty(g => g.NamePinyin, g => db.Members.Where(m => m.Id == g.MemberId).Select(m => m.NamePinyin).First()), ct);
        }
        await tx.CommitAsync(ct);
        return filled;
    }
}
