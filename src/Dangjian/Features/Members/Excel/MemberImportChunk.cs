using System.IO.Compression;
using System.Text.Json;
using Dangjian.Platform.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dangjian.Features.Members;

/// <summary>
/// The audit snapshots of up to <see cref="MemberImportWriter.MembersPerChunk"/> members one import created, in bulk
/// form: a gzip-compressed JSON array, one element per member as its "created" audit line would have recorded it
/// (encrypted fields as "(已加密)", keyed hashes left out), with its contact households. The import's single audit line
/// carries the SHA-256 of its chunks' contents in order, so the hash chain covers them too. Written once, never
/// changed; a member's audit trail finds its chunk by the id range.
/// </summary>
public sealed class MemberImportChunk
{
    public long Id { get; set; }

    /// <summary>The import's audit line: its id is the import's number.</summary>
    public long AuditEntryId { get; set; }

    /// <summary>0, 1, 2… within the import, the order the audit line's digest reads them in.</summary>
    public int Position { get; set; }
    public long FirstMemberId { get; set; }
    public long LastMemberId { get; set; }
    public int Members { get; set; }
    public required byte[] Content { get; set; }

    /// <summary>The snapshots of <paramref name="members"/> (ascending ids), compressed.</summary>
    internal static byte[] Compress(IEnumerable<SortedDictionary<string, object?>> members)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            JsonSerializer.Serialize(gzip, members, AuditStep.Json);
        }
        return output.ToArray();
    }

    /// <summary>The snapshot of one member of this chunk as JSON, or null when the member is not in it.</summary>
    public string? SnapshotOf(long memberId)
    {
        if (memberId < FirstMemberId || memberId > LastMemberId)
        {
            return null;
        }
        using var input = new GZipStream(new MemoryStream(Content), CompressionMode.Decompress);
        using var document = JsonDocument.Parse(input);
        foreach (var member in document.RootElement.EnumerateArray())
        {
            if (member.TryGetProperty(nameof(Member.Id), out var id) && id.GetInt64() == memberId)
            {
                return member.GetRawText();
            }
        }
        return null;
    }
}

// Stryker disable all : the database mapping is not a rule; MigrationTests compare it with the migrations (docs/testing.md)
internal sealed class MemberImportChunkConfiguration : IEntityTypeConfiguration<MemberImportChunk>
{
    public void Configure(EntityTypeBuilder<MemberImportChunk> b)
    {
        b.HasOne<AuditEntry>().WithMany().HasForeignKey(c => c.AuditEntryId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(c => new { c.AuditEntryId, c.Position }).IsUnique();
        // A member's trail: the chunks whose range ends at or after the id, read until one starts after it.
        b.HasIndex(c => new { c.LastMemberId, c.FirstMemberId });
    }
}

// Stryker restore all
