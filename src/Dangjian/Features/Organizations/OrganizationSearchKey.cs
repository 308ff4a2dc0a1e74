using Dangjian.Platform.Data;
using Dangjian.Platform.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dangjian.Features.Organizations;

/// <summary>
/// One place in an organization's name to start a search from: the next few characters of the name and the initials
/// of their pinyin, from <see cref="Position"/> on. Official names begin with "中共" and end with the kind, so people type
/// a piece from the middle ("光明", "gmsq" for 中共光明社区委员会); one row per character makes every such piece a prefix,
/// and a prefix is one index range however large the province. The place is copied in, so that "within this subtree"
/// is tested inside the same index.
/// </summary>
public sealed class OrganizationSearchKey
{
    /// <summary>How much of the name each key holds: longer queries match on this much and are checked against the name.</summary>
    public const int Width = 6;

    public long OrganizationId { get; set; }
    public int Position { get; set; }
    public required string Name { get; set; }
    public required string Initials { get; set; }
    public required string Path { get; set; }

    /// <summary>The keys of a name: one per letter, digit or Chinese character; punctuation starts none and has no initial.</summary>
    public static IEnumerable<OrganizationSearchKey> Of(long organizationId, string name, string path)
    {
        var initials = InitialsOf(name);
        var letters = 0;
        for (var i = 0; i < name.Length; i++)
        {
            if (initials[i] == '\0')
            {
                continue;
            }
            var following = new string(initials.AsSpan(i).ToArray().Where(c => c != '\0').Take(Width).ToArray());
            yield return new OrganizationSearchKey
            {
                OrganizationId = organizationId,
                Position = letters++,
                Name = name.Substring(i, Math.Min(Width, name.Length - i)),
                Initials = following,
                Path = path,
            };
        }
    }

    /// <summary>The initial of each character of the name, aligned with it; '\0' where a character has none.</summary>
    public static char[] InitialsOf(string name)
    {
        var result = new char[name.Length];
        for (var i = 0; i < name.Length; i++)
        {
            var ch = name[i];
            result[i] = Pinyin.Reading(ch) is { Length: > 0 } reading ? reading[0]
                : char.IsAsciiLetterOrDigit(ch) ? char.ToLowerInvariant(ch)
                : '\0';
        }
        return result;
    }

    /// <summary>The initials of the whole name, for checking a query longer than a key.</summary>
    public static string InitialsOfName(string name) => new(InitialsOf(name).Where(c => c != '\0').ToArray());
}

// Stryker disable all : the database mapping is not a rule; MigrationTests compare it with the migrations (docs/testing.md)
internal sealed class OrganizationSearchKeyConfiguration : IEntityTypeConfiguration<OrganizationSearchKey>
{
    public void Configure(EntityTypeBuilder<OrganizationSearchKey> b)
    {
        b.HasKey(k => new { k.OrganizationId, k.Position });
        b.Property(k => k.Name).HasMaxLength(OrganizationSearchKey.Width);
        b.Property(k => k.Initials).HasMaxLength(OrganizationSearchKey.Width);
        b.Property(k => k.Path).HasMaxLength(400);
        // A prefix of the name or of its initials, then the subtree, both inside one index.
        b.HasIndex(k => new { k.Name, k.Path });
        b.HasIndex(k => new { k.Initials, k.Path });
        b.HasOne<Organization>().WithMany().HasForeignKey(k => k.OrganizationId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>On PostgreSQL the keys sort bytewise ("C"), so that prefix ranges use their btrees.</summary>
internal sealed class OrganizationSearchKeyPostgresConfiguration : IPostgresModelConfiguration
{
    public void Configure(ModelBuilder builder) => builder.Entity<OrganizationSearchKey>(b =>
    {
        b.Property(k => k.Name).UseCollation("C");
        b.Property(k => k.Initials).UseCollation("C");
        b.Property(k => k.Path).UseCollation("C");
    });
}
// Stryker restore all

/// <summary>
/// Keeps <see cref="OrganizationSearchKey"/> rows in step with organization writes, in the same transaction: a live
/// organization's keys carry its current name and place, a dissolved one has none. A save step, so that no write path
/// (create, rename, demo) can forget it; a subtree move shifts the keys' paths itself (<see cref="PathCopies"/>).
/// </summary>
internal sealed class OrganizationSearchKeyStep : ISaveStep
{
    private static readonly string[] Watched = [nameof(Organization.Name), nameof(Organization.Path), nameof(Organization.DissolvedAt)];

    public int Order => SaveStepOrder.DerivedRows + 110;

    public ISavePass? Plan(AppDb db)
    {
        List<(Organization Organization, bool Existing)> changed = [.. db.ChangeTracker.Entries<Organization>()
            .Where(e => e.State == EntityState.Added || (e.State == EntityState.Modified && Watched.Any(p => e.Property(p).IsModified)))
            .Select(e => (e.Entity, e.State == EntityState.Modified))];
        return changed.Count == 0 ? null : new Pass(changed);
    }

    /// <summary>After the organizations are written and their paths completed; the pipeline writes the keys it adds.</summary>
    private sealed class Pass(List<(Organization Organization, bool Existing)> changed) : ISavePass
    {
        public async Task AfterWriteAsync(AppDb db, CancellationToken ct)
        {
            var existing = changed.Where(c => c.Existing).Select(c => c.Organization.Id).ToHashSet();
            foreach (var stale in db.ChangeTracker.Entries<OrganizationSearchKey>().Where(e => existing.Contains(e.Entity.OrganizationId)).ToList())
            {
                stale.State = EntityState.Detached;
            }
            foreach (var chunk in existing.Chunk(500))
            {
                await db.OrganizationSearchKeys.Where(k => chunk.Contains(k.OrganizationId)).ExecuteDeleteAsync(ct);
            }
            foreach (var (organization, _) in changed.Where(c => c.Organization.DissolvedAt is null))
            {
                db.OrganizationSearchKeys.AddRange(OrganizationSearchKey.Of(organization.Id, organization.Name, organization.Path));
            }
        }
    }
}

/// <summary>
/// Gives every live organization without search keys its keys: a database from before the keys existed, after
/// <c>migrate</c>. Cheap when there is nothing to do: one anti-join on the keys' primary key that finds no row. The keys
/// are derived rows, not a change of the record: no audit line.
/// </summary>
public sealed class OrganizationSearchKeyBackfill : IDerivedDataBackfill
{
    public int Order => 200;

    public string What => "Organization search keys";

    public async Task<int> RunAsync(AppDb db, CancellationToken ct)
    {
        var filled = 0;
        while (true)
        {
            var batch = await db.Organizations.AsNoTracking()
                .Where(o => o.DissolvedAt == null && !db.OrganizationSearchKeys.Any(k => k.OrganizationId == o.Id))
                .OrderBy(o => o.Id).Take(1_000).Select(o => new { o.Id, o.Name, o.Path }).ToListAsync(ct);
            if (batch.Count == 0)
            {
                return filled;
            }
            foreach (var o in batch)
            {
                db.OrganizationSearchKeys.AddRange(OrganizationSearchKey.Of(o.Id, o.Name, o.Path));
            }
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
            filled += batch.Count;
        }
    }
}
