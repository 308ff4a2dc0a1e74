using System.Security.Cryptography;
using System.Text.Json;
using Dangjian.Features.Organizations;
using Dangjian.Platform.Audit;
using Dangjian.Platform.Data;
using Dangjian.Platform.PersonalData;

namespace Dangjian.Features.Members;

/// <summary>
/// Writes the members of a checked sheet in bulk, in one transaction, with everything a save of the same members one by
/// one would write (docs/adr/0005-save-steps.md), but without the change tracker:
/// <list type="bullet">
/// <item>the member rows, filled by <see cref="MemberWriter.Apply"/> as the member form's are (sort key, initials, encrypted
/// ID and phone, their keyed hashes, the ID tail), and their contact households;</item>
/// <item>the name windows of <see cref="NameGramStep"/> (<see cref="MemberNameGram.Of"/>);</item>
/// <item>the tallies of <see cref="MemberTallyStep"/> (<see cref="TallyWriter.AddMember"/>), applied last, so that the
/// ancestors' rows, the province's among them, stay locked only for the end of the transaction;</item>
/// <item>instead of the audit step's line per member and household: one line for the file (its name, SHA-256 and the
/// rows written), linked into the hash chain by the chain step, and the members' snapshots in bulk
/// (<see cref="MemberImportChunk"/>), whose digest that line carries.</item>
/// </list>
/// Rows go in by binary COPY on PostgreSQL and by one prepared INSERT on SQLite (<see cref="BulkInsert"/>).
/// ImportTests compare every row this writes with what creating the same members one by one writes.
/// </summary>
internal static class MemberImportWriter
{
    /// <summary>Members per snapshot chunk: a member's trail decompresses one chunk (tens of kilobytes) to show its line.</summary>
    public const int MembersPerChunk = 1_000;

    /// <summary>Where an import's audit line names the background job that wrote it.</summary>
    public const string JobIdKey = "JobId";

    public sealed record Row(MemberInput.Valid Valid, Organization Organization, long? PartyGroupId);

    /// <summary>How long each part of a write took, for the log: where an import's time goes on a given machine.</summary>
    public sealed record Timings(TimeSpan Prepared, TimeSpan Members, TimeSpan Households, TimeSpan Grams, TimeSpan Snapshots, TimeSpan TalliesAndAudit)
    {
        public override string ToString() => string.Join(", ",
            $"prepared {Prepared.TotalMilliseconds:F0} ms", $"members {Members.TotalMilliseconds:F0} ms", $"households {Households.TotalMilliseconds:F0} ms",
            $"name windows {Grams.TotalMilliseconds:F0} ms", $"snapshots {Snapshots.TotalMilliseconds:F0} ms", $"tallies, audit and commit {TalliesAndAudit.TotalMilliseconds:F0} ms");
    }

    /// <summary>The stages of a write, in order, as a background import's progress names them.</summary>
    public static readonly IReadOnlyList<string> Stages =
        ["正在加密和整理", "正在写入党员", "正在写入联系户", "正在建立姓名检索", "正在生成审计记录", "正在更新统计并提交"];

    /// <summary>
    /// Writes every row or none; null when an ID number was registered meanwhile (the unique index decided).
    /// <paramref name="jobId"/>, for an import run as a background job, is named in the audit line; <paramref name="stage"/>
    /// hears the index in <see cref="Stages"/> of each stage as it begins.
    /// </summary>
    public static async Task<Timings?> WriteAsync(List<Row> rows, ImportMembers.ImportFile file, string scopePath, AppDb db,
        PersonalDataProtector protector, CancellationToken ct, long? jobId = null, Action<int>? stage = null)
    {
        stage?.Invoke(0);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        TimeSpan Lap()
        {
            var lap = clock.Elapsed;
            clock.Restart();
            return lap;
        }
        var members = new Member[rows.Count];
        // Encryption, hashing and pinyin are most of the work before the database: spread over the cores.
        Parallel.For(0, rows.Count, new ParallelOptions { CancellationToken = ct }, i =>
        {
            var (valid, organization, partyGroupId) = rows[i];
            var member = new Member { Name = valid.Name, OrganizationId = organization.Id, OrgPath = organization.Path, PartyGroupId = partyGroupId };
            MemberWriter.Apply(member, valid, protector);
            members[i] = member;
        });

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            var ids = await BulkInsert.ReserveIdsAsync<Member>(db, members.Length, ct);
            var households = new List<ContactHousehold>();
            var grams = new List<MemberNameGram>(members.Length * 2);
            for (var i = 0; i < members.Length; i++)
            {
                var member = members[i];
                member.Id = ids[i];
                foreach (var household in member.Households)
                {
                    household.MemberId = member.Id;
                    households.Add(household);
                }
                if (member.LeftAt is null)
                {
                    grams.AddRange(MemberNameGram.For(member));
                }
            }
            var householdIds = await BulkInsert.ReserveIdsAsync<ContactHousehold>(db, households.Count, ct);
            for (var i = 0; i < households.Count; i++)
            {
                households[i].Id = householdIds[i];
            }

            var prepared = Lap();
            stage?.Invoke(1);
            await BulkInsert.WriteAsync(db, members, ct);
            var membersWritten = Lap();
            stage?.Invoke(2);
            await BulkInsert.WriteAsync(db, households, ct);
            var householdsWritten = Lap();
            stage?.Invoke(3);
            await BulkInsert.WriteAsync(db, grams, ct);
            var gramsWritten = Lap();

            stage?.Invoke(4);
            var (chunks, digest) = Snapshots(members, db);
            var snapshots = Lap();
            stage?.Invoke(5);
            var deltas = new Dictionary<TallyWriter.Key, long>();
            foreach (var member in members)
            {
                TallyWriter.AddMember(deltas, member, +1);
            }
            await TallyWriter.ApplyAsync(db, deltas, ct);

            var after = new SortedDictionary<string, object?>(StringComparer.Ordinal)
            {
                ["FileName"] = file.Name,
                ["FileSha256"] = file.Sha256,
                ["Rows"] = members.Length,
                ["FirstMemberId"] = ids.Length > 0 ? ids[0] : null,
                ["LastMemberId"] = ids.Length > 0 ? ids[^1] : null,
                ["SnapshotSha256"] = digest,
            };
            if (jobId is { } job)
            {
                // A job run again after this commit (its app stopped before the job was marked done) finds its import here.
                after[JobIdKey] = job;
            }
            var line = new AuditEntry
            {
                At = db.Clock.GetUtcNow(),
                UserName = db.Actor,
                Action = AuditActions.Imported,
                EntityType = nameof(Member),
                ScopePath = scopePath,
                Note = $"从Excel导入党员{members.Length}名：文件“{file.Name}”，SHA-256 {file.Sha256}",
                After = JsonSerializer.Serialize(after, AuditStep.Json),
            };
            db.AuditEntries.Add(line);
            await db.SaveChangesAsync(ct);
            foreach (var chunk in chunks)
            {
                chunk.AuditEntryId = line.Id;
            }
            db.MemberImportChunks.AddRange(chunks);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return new Timings(prepared, membersWritten, householdsWritten, gramsWritten, snapshots, Lap());
        }
        catch (Exception e) when (e.IsUniqueViolationError())
        {
            // Someone registered one of these people between the check and the write: nothing of the file is kept.
            return null;
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>
    /// Every member's snapshot as the audit step would take it for a new row, with its households, in chunks; and the
    /// SHA-256 of the chunks' stored contents in order, which the import's audit line records.
    /// </summary>
    private static (List<MemberImportChunk> Chunks, string Digest) Snapshots(Member[] members, AppDb db)
    {
        var memberType = db.Model.FindEntityType(typeof(Member))!;
        var householdType = db.Model.FindEntityType(typeof(ContactHousehold))!;
        var slices = members.Chunk(MembersPerChunk).ToList();
        var contents = new byte[slices.Count][];
        Parallel.For(0, slices.Count, i => contents[i] = MemberImportChunk.Compress(slices[i].Select(m =>
        {
            var values = AuditStep.SnapshotValues(memberType, m);
            values[nameof(Member.Households)] = m.Households.Select(h => AuditStep.SnapshotValues(householdType, h)).ToList();
            return values;
        })));
        using var digest = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var chunks = new List<MemberImportChunk>(slices.Count);
        for (var i = 0; i < slices.Count; i++)
        {
            digest.AppendData(contents[i]);
            chunks.Add(new MemberImportChunk
            {
                Position = i,
                FirstMemberId = slices[i][0].Id,
                LastMemberId = slices[i][^1].Id,
                Members = slices[i].Length,
                Content = contents[i],
            });
        }
        return (chunks, Convert.ToHexStringLower(digest.GetHashAndReset()));
    }

    /// <summary>The digest an import's audit line records, recomputed from its stored chunks (for checks and tests).</summary>
    public static string DigestOf(IEnumerable<MemberImportChunk> chunks)
    {
        using var digest = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var chunk in chunks.OrderBy(c => c.Position))
        {
            digest.AppendData(chunk.Content);
        }
        return Convert.ToHexStringLower(digest.GetHashAndReset());
    }
}
