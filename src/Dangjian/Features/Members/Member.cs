using System.Globalization;
using Dangjian.Features.Organizations;
using Dangjian.Platform.Audit;
using Dangjian.Platform.Data;
using Dangjian.Platform.Security;
using Dangjian.Platform.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dangjian.Features.Members;

public enum MemberCategory
{
    Probationary,
    Full,
}

public enum MembershipStatus
{
    Normal,
    Reserved,
    Stopped,
}

public enum Education
{
    Postgraduate,
    Bachelor,
    College,
    Secondary,
    HighSchool,
    JuniorOrBelow,
}

public enum WorkStatus
{
    Serving,
    Retired,
    Other,
}

public enum IdentityPostKind
{
    PioneerPost,
    ModelZone,
    ResponsibilityArea,
    CommandoTeam,
}

/// <summary>
/// A Party member: the 16 fields of the national collection form (全国党员信息采集表), the flags the reports use,
/// and the denormalized search keys. ID and phone numbers are stored only encrypted, with a keyed hash for look-up.
/// </summary>
public sealed class Member : IAudited, IScoped, IWrittenInOneCommand
{
    public long Id { get; set; }
    public long OrganizationId { get; set; }

    /// <summary>Copy of the organization's path: subtree lists are one index range on this table.</summary>
    public string OrgPath { get; set; } = "/";

    public required string Name { get; set; }

    /// <summary>The sort key: the name's syllables joined by a space ("chen chao hong"); set by <see cref="SetName"/>.</summary>
    public string NamePinyin { get; set; } = "";
    public string NameInitials { get; set; } = "";
    public Sex Sex { get; set; }
    public string Ethnicity { get; set; } = "汉族";
    public DateOnly BirthDate { get; set; }
    [Encrypted(AuditName = "IdNumber")]
    public string IdNumberCipher { get; set; } = "";

    [NotAudited]
    public string IdNumberHash { get; set; } = "";

    /// <summary>The last four characters, which the masked form shows anyway; searched by "ID tail".</summary>
    public string IdNumberTail { get; set; } = "";
    public Education Education { get; set; }
    public MemberCategory Category { get; set; }
    public DateOnly JoinedOn { get; set; }
    public DateOnly? FullMemberOn { get; set; }

    /// <summary>Work post (工作岗位) as on the collection form.</summary>
    public string? JobPost { get; set; }
    [Encrypted(AuditName = "Phone")]
    public string? PhoneCipher { get; set; }

    [NotAudited]
    public string? PhoneHash { get; set; }
    public string? Address { get; set; }
    public MembershipStatus Status { get; set; }
    public bool LostContact { get; set; }
    public DateOnly? LostContactSince { get; set; }
    public bool IsMobile { get; set; }
    public string? MobileDestination { get; set; }
    public WorkStatus WorkStatus { get; set; }

    /// <summary>协管党员: lives in the community and helps there while the membership is elsewhere.</summary>
    public bool IsAssisting { get; set; }

    /// <summary>The Party group (党小组) the member is assigned to, under the member's own organization.</summary>
    public long? PartyGroupId { get; set; }
    public IdentityPostKind? IdentityPost { get; set; }
    public string? IdentityPostTitle { get; set; }

    /// <summary>The road segment the member looks after, instead of households.</summary>
    public string? ContactRoad { get; set; }

    /// <summary>Set when the membership left this system (transferred to another city's system); the record is kept.</summary>
    public DateTimeOffset? LeftAt { get; set; }
    public int Version { get; set; }

    public List<ContactHousehold> Households { get; set; } = [];

    /// <summary>
    /// The membership moves to another organization of this system (a transfer letter was received there): the member
    /// takes its path and may be placed in one of its Party groups.
    /// </summary>
    public void MoveTo(long organizationId, string organizationPath, long? partyGroupId)
    {
        OrganizationId = organizationId;
        OrgPath = organizationPath;
        PartyGroupId = partyGroupId;
    }

    /// <summary>
    /// The membership leaves this system (a letter to another city's system came back received). The record is kept,
    /// and leaves the tallies and name search. Refuses a member who has already left.
    /// </summary>
    public string? Leave(DateTimeOffset at)
    {
        if (LeftAt is not null)
        {
            return "该党员已转出本系统";
        }
        LeftAt = at;
        return null;
    }

    /// <summary>Years of membership (党龄), counted from the day the member became full (Party Constitution, art. 7).</summary>
    public int YearsOfMembership(DateOnly today)
    {
        if (Category != MemberCategory.Full || FullMemberOn is not { } since || since > today)
        {
            return 0;
        }
        var years = today.Year - since.Year;
        return since.AddYears(years) > today ? years - 1 : years;
    }

    public void SetName(string name)
    {
        Name = name;
        NamePinyin = NamePinyinOf(name);
        NameInitials = Pinyin.Initials(name);
    }

    /// <summary>The sort key stored for a name (<see cref="Pinyin.SortKey"/>), cut to its column.</summary>
    public static string NamePinyinOf(string name)
    {
        // Fifty characters of six-letter syllables (庄 zhuang) make 349 characters with the spaces; the column holds
        // 200, which is more than any real name needs for sorting and a prefix search.
        var key = Pinyin.SortKey(name);
        return key.Length > NamePinyinMaxLength ? key[..NamePinyinMaxLength] : key;
    }

    public const int NamePinyinMaxLength = 200;

    string IAudited.AuditScopePath => OrgPath;
    IEnumerable<string?> IScoped.ScopePaths => [OrgPath];
    string IAudited.AuditId => Id.ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// One of the 3–5 households a member keeps in touch with (联系3到5户居民). Adding or removing one is part of the
/// member's record: its audit line is filed under the member's id and organization, so that it shows in the
/// member's audit trail and to whoever may read the member's.
/// </summary>
public sealed class ContactHousehold : IAudited, IWrittenInOneCommand
{
    public long Id { get; set; }
    public long MemberId { get; set; }
    public required string Address { get; set; }
    public string? HeadName { get; set; }

    /// <summary>The member's organization path, for the audit line. Not stored: MemberWriter sets it with the change.</summary>
    internal string? MemberOrgPath { get; set; }

    string IAudited.AuditScopePath => MemberOrgPath
        ?? throw new InvalidOperationException("A contact household is audited under its member: change households through MemberWriter.Apply.");
    string IAudited.AuditId => MemberId.ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// One two-character window of a current member's name, so that an infix search such as 建国 is an index look-up
/// (trigram indexes cannot serve two-character queries), with the member's place and sort key copied beside it, so
/// that a name search inside a subtree is one index range over this table alone (docs/performance.md). Kept in step
/// by <see cref="NameGramStep"/> on every save; members who have left have none.
/// </summary>
public sealed class MemberNameGram : IWrittenInOneCommand
{
    public required string Gram { get; set; }
    public long MemberId { get; set; }
    public required string OrgPath { get; set; }
    public required string NamePinyin { get; set; }

    // Copies of the member's columns the list filters and orders by, so that a two-character search with any filter
    // and in any order is counted and paged inside this table's indexes without reading a member row.
    public MemberCategory Category { get; set; }
    public MembershipStatus Status { get; set; }

    /// <summary>The member's flags and work status, packed as <see cref="TallyFlags"/>.</summary>
    public int Flags { get; set; }
    public DateOnly JoinedOn { get; set; }
    public DateOnly BirthDate { get; set; }

    /// <summary>The member columns the windows copy: a change of any of them rewrites the member's windows.</summary>
    public static readonly string[] CopiedMemberProperties =
    [
        nameof(Member.Name), nameof(Member.NamePinyin), nameof(Member.OrgPath), nameof(Member.LeftAt), nameof(Member.Category),
        nameof(Member.Status), nameof(Member.IsMobile), nameof(Member.LostContact), nameof(Member.IsAssisting), nameof(Member.WorkStatus),
        nameof(Member.JoinedOn), nameof(Member.BirthDate),
    ];

    /// <summary>The windows of a member who is still a member (none once they have left), with their copied columns.</summary>
    public static IEnumerable<MemberNameGram> For(Member member) => member.LeftAt is not null ? [] : Of(member.Name).Select(gram => new MemberNameGram
    {
        Gram = gram, MemberId = member.Id, OrgPath = member.OrgPath, NamePinyin = member.NamePinyin, Category = member.Category,
        Status = member.Status, Flags = TallyFlags.Of(member), JoinedOn = member.JoinedOn, BirthDate = member.BirthDate,
    });

    public static IEnumerable<string> Of(string name)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i + 2 <= name.Length; i++)
        {
            var gram = name.Substring(i, 2);
            if (seen.Add(gram))
            {
                yield return gram;
            }
        }
    }
}

public static class MemberEnumNames
{
    public static string Chinese(this MemberCategory c) => c == MemberCategory.Full ? "正式党员" : "预备党员";

    public static string Chinese(this MembershipStatus s) => s switch
    {
        MembershipStatus.Normal => "正常",
        MembershipStatus.Reserved => "保留党籍",
        MembershipStatus.Stopped => "停止党籍",
        _ => s.ToString(),
    };

    public static string Chinese(this Education e) => e switch
    {
        Education.Postgraduate => "研究生",
        Education.Bachelor => "大学本科",
        Education.College => "大学专科",
        Education.Secondary => "中专",
        Education.HighSchool => "高中",
        Education.JuniorOrBelow => "初中及以下",
        _ => e.ToString(),
    };

    public static string Chinese(this WorkStatus w) => w switch
    {
        WorkStatus.Serving => "在职",
        WorkStatus.Retired => "离退休",
        WorkStatus.Other => "其他",
        _ => w.ToString(),
    };

    public static string Chinese(this IdentityPostKind k) => k switch
    {
        IdentityPostKind.PioneerPost => "党员先锋岗",
        IdentityPostKind.ModelZone => "党员示范区",
        IdentityPostKind.ResponsibilityArea => "党员责任区",
        IdentityPostKind.CommandoTeam => "党员突击队",
        _ => k.ToString(),
    };

    public static string Chinese(this Sex s) => s == Sex.Male ? "男" : "女";
}

// Stryker disable all : the database mapping is not a rule; MigrationTests compare it with the migrations (docs/testing.md)
internal sealed class MemberConfiguration : IEntityTypeConfiguration<Member>
{
    public void Configure(EntityTypeBuilder<Member> b)
    {
        b.Property(m => m.Name).HasMaxLength(50);
        b.Property(m => m.NamePinyin).HasMaxLength(Member.NamePinyinMaxLength);
        b.Property(m => m.NameInitials).HasMaxLength(50);
        b.Property(m => m.OrgPath).HasMaxLength(400);
        b.Property(m => m.Ethnicity).HasMaxLength(20);
        b.Property(m => m.IdNumberCipher).HasMaxLength(200);
        b.Property(m => m.IdNumberHash).HasMaxLength(64);
        b.Property(m => m.IdNumberTail).HasMaxLength(4);
        b.Property(m => m.PhoneCipher).HasMaxLength(200);
        b.Property(m => m.PhoneHash).HasMaxLength(64);
        b.Property(m => m.JobPost).HasMaxLength(100);
        b.Property(m => m.Address).HasMaxLength(200);
        b.Property(m => m.MobileDestination).HasMaxLength(100);
        b.Property(m => m.IdentityPostTitle).HasMaxLength(100);
        b.Property(m => m.ContactRoad).HasMaxLength(100);
        b.Property(m => m.Version).IsConcurrencyToken();

        b.HasOne<Organization>().WithMany().HasForeignKey(m => m.OrganizationId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Organization>().WithMany().HasForeignKey(m => m.PartyGroupId).OnDelete(DeleteBehavior.SetNull);
        b.HasMany(m => m.Households).WithOne().HasForeignKey(h => h.MemberId).OnDelete(DeleteBehavior.Cascade);

        // One person, one record: the keyed hash of the ID number is unique.
        b.HasIndex(m => m.IdNumberHash).IsUnique();
        b.HasIndex(m => m.PhoneHash);
        b.HasIndex(m => new { m.OrgPath, m.NamePinyin, m.Id });
        b.HasIndex(m => new { m.NamePinyin, m.Id });
        // Ordered by the filtered column, so that a common prefix is a short range.
        b.HasIndex(m => new { m.NameInitials, m.NamePinyin, m.Id });
        b.HasIndex(m => new { m.Name, m.OrgPath });
        b.HasIndex(m => new { m.IdNumberTail, m.OrgPath });
        // The other orders of the list: walked in order for large scopes.
        b.HasIndex(m => new { m.JoinedOn, m.Id });
        b.HasIndex(m => new { m.BirthDate, m.Id });
    }
}

internal sealed class ContactHouseholdConfiguration : IEntityTypeConfiguration<ContactHousehold>
{
    public void Configure(EntityTypeBuilder<ContactHousehold> b)
    {
        b.Property(h => h.Address).HasMaxLength(200);
        b.Property(h => h.HeadName).HasMaxLength(50);
        b.Ignore(h => h.MemberOrgPath);
    }
}

internal sealed class MemberNameGramConfiguration : IEntityTypeConfiguration<MemberNameGram>
{
    public void Configure(EntityTypeBuilder<MemberNameGram> b)
    {
        b.HasKey(g => new { g.Gram, g.MemberId });
        b.Property(g => g.Gram).HasMaxLength(2);
        b.Property(g => g.OrgPath).HasMaxLength(400);
        b.Property(g => g.NamePinyin).HasMaxLength(Member.NamePinyinMaxLength);
        b.HasIndex(g => g.MemberId);
        // The matches inside a subtree (to count them), and the matches in name order (to page them).
        b.HasIndex(g => new { g.Gram, g.OrgPath, g.MemberId });
        b.HasIndex(g => new { g.Gram, g.NamePinyin, g.MemberId });
        b.HasOne<Member>().WithMany().HasForeignKey(g => g.MemberId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>
/// On SQLite the scope-first walks are covering indexes: every column the list tests or orders by is a trailing key, so
/// that a county's page is a walk of one index without a row look-up per member (docs/performance.md, "SQLite").
/// </summary>
internal sealed class MemberSqliteConfiguration : ISqliteModelConfiguration
{
    public void Configure(ModelBuilder builder)
    {
        var member = builder.Entity<Member>();
        Replace(member.Metadata, [nameof(Member.OrgPath), nameof(Member.NamePinyin), nameof(Member.Id)],
            [nameof(Member.LeftAt), nameof(Member.Category), nameof(Member.Status), nameof(Member.WorkStatus), nameof(Member.IsMobile),
             nameof(Member.LostContact), nameof(Member.IsAssisting), nameof(Member.JoinedOn), nameof(Member.BirthDate), nameof(Member.NameInitials)]);
        var gram = builder.Entity<MemberNameGram>();
        Replace(gram.Metadata, [nameof(MemberNameGram.Gram), nameof(MemberNameGram.OrgPath), nameof(MemberNameGram.MemberId)],
            [nameof(MemberNameGram.Category), nameof(MemberNameGram.Status), nameof(MemberNameGram.Flags), nameof(MemberNameGram.JoinedOn),
             nameof(MemberNameGram.BirthDate), nameof(MemberNameGram.NamePinyin)]);
        Replace(gram.Metadata, [nameof(MemberNameGram.Gram), nameof(MemberNameGram.NamePinyin), nameof(MemberNameGram.MemberId)],
            [nameof(MemberNameGram.OrgPath), nameof(MemberNameGram.Category), nameof(MemberNameGram.Status), nameof(MemberNameGram.Flags)]);
    }

    /// <summary>The index on <paramref name="keys"/>, under its name, with <paramref name="covered"/> appended as keys.</summary>
    private static void Replace(IMutableEntityType entity, string[] keys, string[] covered)
    {
        var properties = keys.Select(k => entity.FindProperty(k)!).ToList();
        var index = entity.FindIndex(properties) ?? throw new InvalidOperationException($"{entity.DisplayName()}: no index on {string.Join(", ", keys)}");
        var name = index.GetDatabaseName();
        entity.RemoveIndex(index);
        var wider = entity.AddIndex([.. properties, .. covered.Select(c => entity.FindProperty(c)!)]);
        wider.SetDatabaseName(name);
    }
}

/// <summary>
/// On PostgreSQL the search keys sort bytewise ("C"), so that prefix ranges use their btrees, and the member list's
/// indexes cover every column its walks test.
/// </summary>
internal sealed class MemberPostgresConfiguration : IPostgresModelConfiguration
{
    /// <summary>The rare kinds of member with indexes of their own, and the predicate the list's filter for each implies.</summary>
    private static readonly (string Name, string Filter)[] RareKinds =
    [
        ("Probationary", "\"Category\" = 'Probationary'"),
        ("Reserved", "\"Status\" = 'Reserved'"),
        ("Stopped", "\"Status\" = 'Stopped'"),
        ("Mobile", "\"IsMobile\""),
        ("LostContact", "\"LostContact\""),
        ("Assisting", "\"IsAssisting\""),
    ];

    /// <summary>The work statuses the list filters by (serving, retired), each with indexes of its own in the other orders.</summary>
    private static readonly (string Name, string Filter)[] CommonKinds =
    [
        ("Serving", "\"WorkStatus\" = 'Serving'"),
        ("Retired", "\"WorkStatus\" = 'Retired'"),
    ];

    public void Configure(ModelBuilder builder)
    {
        builder.Entity<Member>(b =>
        {
            b.Property(m => m.NamePinyin).UseCollation("C");
            b.Property(m => m.NameInitials).UseCollation("C");
            b.Property(m => m.IdNumberTail).UseCollation("C");
        });
        builder.Entity<MemberNameGram>(b =>
        {
            b.Property(g => g.Gram).UseCollation("C");
            b.Property(g => g.NamePinyin).UseCollation("C");
        });
        // The member list pages through ids by an index-only scan and reads only the page's rows (SearchMembers).
        // For that, each index it walks must hold every column the walk tests: the scope (OrgPath), the sort key
        // and LeftAt ("still a member"). LeftAt is almost always null, which costs no space in an index tuple.
        // Which index wins depends on the scope's size; the planner chooses well once it knows how large a
        // subtree is (STATISTICS 1000 on OrgPath, migration OrgPathStatistics). See docs/performance.md.
        //
        // Every filter of the list (category, status, the flags) is tested inside the index too, and the scope-first index
        // carries every sort key, so that a filtered page or another order is still an index-only walk, whatever the
        // combination (the member matrix in bench/ measures them all).
        var member = builder.Entity<Member>();
        // A search by ID tail or exact name finds its few members by these, with their sort keys (SearchMembers): with
        // the filtered columns and the keys inside, the few thousand matches of a common tail at province are read
        // without a row look-up each.
        member.HasIndex(m => new { m.IdNumberTail, m.OrgPath }).IncludeProperties(m => new
        {
            m.Id, m.LeftAt, m.Category, m.Status, m.WorkStatus, m.IsMobile, m.LostContact, m.IsAssisting, m.JoinedOn, m.BirthDate, m.NamePinyin,
        });
        member.HasIndex(m => new { m.Name, m.OrgPath }).IncludeProperties(m => new
        {
            m.Id, m.LeftAt, m.Category, m.Status, m.WorkStatus, m.IsMobile, m.LostContact, m.IsAssisting, m.JoinedOn, m.BirthDate, m.NamePinyin,
        });
        member.HasIndex(m => new { m.OrgPath, m.NamePinyin, m.Id }).IncludeProperties(m => new
        {
            m.LeftAt, m.Category, m.Status, m.WorkStatus, m.IsMobile, m.LostContact, m.IsAssisting, m.JoinedOn, m.BirthDate, m.NameInitials,
        });
        member.HasIndex(m => new { m.NamePinyin, m.Id }).IncludeProperties(m => new
        {
            m.OrgPath, m.LeftAt, m.Category, m.Status, m.WorkStatus, m.IsMobile, m.LostContact, m.IsAssisting,
        });
        member.HasIndex(m => new { m.JoinedOn, m.Id }).IncludeProperties(m => new
        {
            m.OrgPath, m.LeftAt, m.Category, m.Status, m.WorkStatus, m.IsMobile, m.LostContact, m.IsAssisting,
        });
        member.HasIndex(m => new { m.BirthDate, m.Id }).IncludeProperties(m => new
        {
            m.OrgPath, m.LeftAt, m.Category, m.Status, m.WorkStatus, m.IsMobile, m.LostContact, m.IsAssisting,
        });
        member.HasIndex(m => new { m.NameInitials, m.NamePinyin, m.Id }).IncludeProperties(m => new
        {
            m.OrgPath, m.LeftAt, m.Category, m.Status, m.WorkStatus, m.IsMobile, m.LostContact, m.IsAssisting, m.JoinedOn, m.BirthDate,
        });
        // One kind's own index per order of the list, holding only its members.
        void OrderIndexes(string name, string filter)
        {
            member.HasIndex(m => new { m.NamePinyin, m.Id }, $"IX_Members_{name}_NamePinyin").HasFilter(filter)
                .IncludeProperties(m => new { m.OrgPath, m.LeftAt, m.Category, m.Status, m.WorkStatus, m.IsMobile, m.LostContact, m.IsAssisting });
            member.HasIndex(m => new { m.JoinedOn, m.Id }, $"IX_Members_{name}_JoinedOn").HasFilter(filter)
                .IncludeProperties(m => new { m.OrgPath, m.LeftAt, m.Category, m.Status, m.WorkStatus, m.IsMobile, m.LostContact, m.IsAssisting });
            member.HasIndex(m => new { m.BirthDate, m.Id }, $"IX_Members_{name}_BirthDate").HasFilter(filter)
                .IncludeProperties(m => new { m.OrgPath, m.LeftAt, m.Category, m.Status, m.WorkStatus, m.IsMobile, m.LostContact, m.IsAssisting });
        }

        // A rare kind of member (0.2 % to 3 % of a province) filtered in a large scope would be found one in 30 to one in
        // 500 along the walks above, and a deep page would read most of the index: each rare kind has its own small
        // indexes, scope first and in each order, holding only its members.
        foreach (var (name, filter) in RareKinds)
        {
            member.HasIndex(m => new { m.OrgPath, m.NamePinyin, m.Id }, $"IX_Members_{name}_OrgPath").HasFilter(filter)
                .IncludeProperties(m => new { m.LeftAt, m.Category, m.Status, m.WorkStatus, m.IsMobile, m.LostContact, m.IsAssisting, m.JoinedOn, m.BirthDate, m.NameInitials });
            OrderIndexes(name, filter);
        }
        // A work status is common (serving about 55 %, retired about 35 %), but in a city a deep page in another order
        // would still walk one entry in twenty of the whole order's index: each has its own index per order.
        foreach (var (name, filter) in CommonKinds)
        {
            OrderIndexes(name, filter);
        }
        // Counting and paging the windows tests the scope and every filter inside the index, without reading a row;
        // the scope-first index also carries the date orders' keys.
        builder.Entity<MemberNameGram>().HasIndex(g => new { g.Gram, g.NamePinyin, g.MemberId })
            .IncludeProperties(g => new { g.OrgPath, g.Category, g.Status, g.Flags });
        builder.Entity<MemberNameGram>().HasIndex(g => new { g.Gram, g.OrgPath, g.MemberId })
            .IncludeProperties(g => new { g.Category, g.Status, g.Flags, g.JoinedOn, g.BirthDate, g.NamePinyin });
    }
}
