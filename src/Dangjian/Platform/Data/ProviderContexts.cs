using Dangjian.Features.Members;
using Dangjian.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Platform.Data;

/// <summary>The embedded default: a SQLite file under data/.</summary>
public sealed class SqliteAppDb(DbContextOptions<SqliteAppDb> options, CurrentUser? currentUser = null, TimeProvider? clock = null)
    : AppDb(options, currentUser, clock);

/// <summary>The production database.</summary>
public sealed class PostgresAppDb(DbContextOptions<PostgresAppDb> options, CurrentUser? currentUser = null, TimeProvider? clock = null)
    : AppDb(options, currentUser, clock)
{
    protected override void ConfigureProvider(ModelBuilder builder)
    {
        // Byte-order collation: btree ranges and prefix look-ups use the index only under "C" (PERF-FLOOR trap 1).
        foreach (var entity in builder.Model.GetEntityTypes())
        {
            foreach (var property in entity.GetProperties().Where(p => p.ClrType == typeof(string)
                         && (p.Name.EndsWith("Path", StringComparison.Ordinal) || p.Name is nameof(Member.NamePinyin)
                             or nameof(Member.NameInitials) or nameof(Member.IdNumberTail) or nameof(MemberNameGram.Gram))))
            {
                property.SetCollation("C");
            }
        }
        builder.Entity<Member>().HasIndex(m => new { m.NamePinyin, m.Id }).IncludeProperties(m => m.OrgPath);
        builder.Entity<Member>().HasIndex(m => new { m.NameInitials, m.NamePinyin, m.Id }).IncludeProperties(m => m.OrgPath);
    }
}
