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
        // The member list pages through ids by an index-only scan and reads only the page's rows (SearchMembers).
        // For that, each index it walks must hold every column the walk tests: the scope (OrgPath), the sort key
        // and LeftAt ("still a member"). LeftAt is almost always null, which costs no space in an index tuple.
        // Which index wins depends on the scope's size; the planner chooses well once it knows how large a
        // subtree is (STATISTICS 1000 on OrgPath, migration OrgPathStatistics). See docs/performance.md.
        builder.Entity<Member>().HasIndex(m => new { m.OrgPath, m.NamePinyin, m.Id }).IncludeProperties(m => new { m.LeftAt });
        builder.Entity<Member>().HasIndex(m => new { m.NamePinyin, m.Id }).IncludeProperties(m => new { m.OrgPath, m.LeftAt });
        builder.Entity<Member>().HasIndex(m => new { m.NameInitials, m.NamePinyin, m.Id }).IncludeProperties(m => new { m.OrgPath, m.LeftAt });
        // Paging the name-order walk tests the scope inside the index, without reading a row.
        builder.Entity<MemberNameGram>().HasIndex(g => new { g.Gram, g.NamePinyin, g.MemberId }).IncludeProperties(g => new { g.OrgPath });
    }
}
