using System.ComponentModel.DataAnnotations;
using System.Linq.Expressions;
using Dangjian.Features.Organizations;
using Dangjian.Features.Transfers;
using Dangjian.Platform.Data;
using Dangjian.Platform.Http;
using Dangjian.Platform.PersonalData;
using Dangjian.Platform.Security;
using Dangjian.Platform.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;

namespace Dangjian.Features.Members;

/// <summary>
/// The member list: one subtree (an index range on OrgPath), filtered, searched and paged. The search box takes
/// a name or part of it (two-character windows, e.g. 建国), pinyin initials (zs) or full pinyin (zhangsan),
/// the last four characters of an ID number, a whole ID number, or a phone number.
/// </summary>
public static class SearchMembers
{
    public const int MaxPageSize = 100;
    public const int CountCap = 10_000;

    public sealed record Query([property: MaxLength(50)] string? Q = null, long? OrganizationId = null, MemberCategory? Category = null,
        MembershipStatus? Status = null, [property: RegularExpression(FlagList)] string? Flags = null, string? Sort = null,
        [property: Range(1, int.MaxValue)] int Page = 1, [property: Range(1, MaxPageSize)] int PageSize = 20);

    /// <summary>The <see cref="Query.Flags"/> the list understands, comma-separated (the keys of <see cref="FlagNames"/>).</summary>
    public const string FlagList = "^((serving|retired|assisting|mobile|lost)(,|$))*$";

    public sealed record Row(long Id, string Name, long OrganizationId, string OrganizationName, string SexName, int BirthYear,
        string IdNumberMasked, string CategoryName, string StatusName, DateOnly JoinedOn, string WorkStatusName,
        bool IsAssisting, bool IsMobile, bool LostContact, bool IsLeaving);

    public sealed record Response(IReadOnlyList<Row> Items, int Page, int PageSize, long Total, bool TotalIsAtLeast, string SearchedBy);

    /// <summary>The orders the list offers (<see cref="Query.Sort"/>), with their names on the page.</summary>
    public static readonly IReadOnlyList<(string Value, string Label)> Sorts =
    [
        ("name", "姓名拼音 A→Z"), ("-name", "姓名拼音 Z→A"), ("joinedOn", "入党日期 早→晚"), ("-joinedOn", "入党日期 晚→早"),
        ("birthDate", "出生日期 早→晚"), ("-birthDate", "出生日期 晚→早"),
    ];

    public static readonly IReadOnlyDictionary<string, string> FlagNames = new Dictionary<string, string>
    {
        ["serving"] = "在职", ["retired"] = "离退休", ["assisting"] = "协管党员", ["mobile"] = "流动党员", ["lost"] = "失联党员",
    };

    /// <summary>
    /// A validated filter: the members it selects (not yet ordered), and what the totals need to know. When the
    /// search is a two-character name, <see cref="GramMatches"/> holds the same selection (the name, the scope and
    /// every other filter) as rows of the name-gram table, which can be counted and paged without reading a member row.
    /// </summary>
    public sealed record Filtered(IQueryable<Member> Members, string SearchedBy, long ScopeOrganizationId, string ScopePath, bool NarrowedByText,
        IReadOnlyList<string> Flags, IQueryable<MemberNameGram>? GramMatches = null);

    public static async Task<Outcome<Response>> Handle(Query query, AppDb db, Scope scope, CurrentUser user, PersonalDataProtector protector, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var page = query.Page;
        var size = query.PageSize;
        if (page < 1)
        {
            errors.Add("page", "页码应从1开始");
        }
        if (size is < 1 or > MaxPageSize)
        {
            errors.Add("pageSize", $"每页条数应在1到{MaxPageSize}之间");
        }
        CheckFilter(query, errors);
        if (errors.Any)
        {
            return Outcome<Response>.Invalid(errors);
        }
        var outcome = await FilterAsync(query, db, scope, user, protector, ct);
        if (outcome.Value is not { } filtered)
        {
            return outcome.NotFoundWhat is { } what ? Outcome<Response>.NotFound(what) : Outcome<Response>.Invalid(outcome.Errors!);
        }
        var (members, searchedBy, scopeOrgId, _, narrowed, flags, gramMatches) = filtered;

        long total = 0;
        var atLeast = false;
        var counted = false;
        IQueryable<long>? pageIds = null;
        List<long>? foundPage = null;
        if (gramMatches is not null)
        {
            // A two-character name: the gram table holds each match's place, sort keys and filtered columns, so the
            // count is one index range and a page in any order is a walk or a sort of it, none touching a member row.
            total = await gramMatches.Take(CountCap + 1).CountAsync(ct);
            atLeast = total > CountCap;
            total = Math.Min(total, CountCap);
            counted = true;
            var ordered = (query.Sort ?? "name") switch
            {
                "-name" => gramMatches.OrderByDescending(g => g.NamePinyin).ThenByDescending(g => g.MemberId),
                "joinedOn" => gramMatches.OrderBy(g => g.JoinedOn).ThenBy(g => g.MemberId),
                "-joinedOn" => gramMatches.OrderByDescending(g => g.JoinedOn).ThenByDescending(g => g.MemberId),
                "birthDate" => gramMatches.OrderBy(g => g.BirthDate).ThenBy(g => g.MemberId),
                "-birthDate" => gramMatches.OrderByDescending(g => g.BirthDate).ThenByDescending(g => g.MemberId),
                _ => gramMatches.OrderBy(g => g.NamePinyin).ThenBy(g => g.MemberId),
            };
            pageIds = ordered.Skip((page - 1) * size).Take(size).Select(g => g.MemberId);
        }
        else if (searchedBy is "infix" or "exact" or "idTail" or "idNumber" or "phone")
        {
            // An infix match costs a gram look-up per candidate member, however few rows are shown, and the total needs
            // every match up to the cap: find the matching ids once. When there are few, the page is ordered from them
            // alone; past the cap, matches are dense enough that walking the name order finds a page at once.
            // A name, an ID tail or a number matches few members (an ID tail: about one in 10,000): found through its
            // own index first, so that no order's index is walked in search of them (1 match per 11,000 entries
            // walked along the birth dates of a province: 0.6 s).
            // The matches come with their sort keys: when they are few enough, the page is cut from them here.
            // Ordered in the database, "these ids by birth date, first 20" was planned as a walk of the birth-date index
            // in search of them (an ID tail among the retired of a province: 350 ms).
            var found = await members.Select(m => new SortKeys(m.Id, m.NamePinyin, m.JoinedOn, m.BirthDate)).Take(CountCap + 1).ToListAsync(ct);
            atLeast = found.Count > CountCap;
            total = Math.Min(found.Count, CountCap);
            counted = true;
            if (!atLeast)
            {
                foundPage = [.. SortKeys.Order(found, query.Sort).Skip((page - 1) * size).Take(size).Select(k => k.Id)];
            }
        }

        // The page is found by id first and its rows read afterwards: walking past the skipped members then stays
        // inside an index (an index-only scan) instead of reading every skipped member's row, 10,000 rows for
        // page 501 (docs/performance.md).
        pageIds ??= Order(members, query.Sort, searchedBy).Skip((page - 1) * size).Take(size).Select(m => m.Id);
        // The ids are fetched on their own, not as a subquery of the rows' query: as a subquery PostgreSQL may plan
        // them as the inner side of a semi-join, sorting the scope once per member of it when it misjudges the scope's
        // size (a street of 2,263 members estimated at one: 307 ms for twenty rows; docs/performance.md).
        var pageIdList = foundPage ?? await pageIds.ToListAsync(ct);
        // The rows are read by id, and the ids may come from the gram table: the scope is tested again on the member
        // rows themselves, so that a gram row that does not agree with its member can never show someone outside.
        var scopePath = filtered.ScopePath;
        var scopeEnd = OrgPath.UpperBound(scopePath);
        var rows = await Order(db.Members.AsNoTracking().Where(m => pageIdList.Contains(m.Id)
            && string.Compare(m.OrgPath, scopePath) >= 0 && string.Compare(m.OrgPath, scopeEnd) < 0 && m.LeftAt == null), query.Sort, searchedBy).ToListAsync(ct);

        if (!counted && !narrowed)
        {
            // Totals without a search come from the tallies, not from counting millions of rows: any filter on
            // category, status and flags is a sum of the scope's rows.
            var tallies = db.MemberTallies.AsNoTracking().Where(t => t.OrganizationId == scopeOrgId);
            if (TallyFlags.Test(flags) is not { } test)
            {
                tallies = tallies.Where(t => false);
            }
            else if (test.Mask != 0)
            {
                var (mask, value) = test;
                tallies = tallies.Where(t => (t.Flags & mask) == value);
            }
            if (query.Category is { } c)
            {
                var name = c.ToString();
                tallies = tallies.Where(t => t.Category == name);
            }
            if (query.Status is { } s)
            {
                var name = s.ToString();
                tallies = tallies.Where(t => t.Status == name);
            }
            total = await tallies.SumAsync(t => t.Count, ct);
        }
        else if (!counted)
        {
            total = await members.Take(CountCap + 1).CountAsync(ct);
            atLeast = total > CountCap;
            total = Math.Min(total, CountCap);
        }

        var ids = rows.Select(r => r.Id).ToList();
        var leaving = await db.Transfers.AsNoTracking().Where(t => t.Status == TransferStatus.Pending && ids.Contains(t.MemberId!.Value))
            .Select(t => t.MemberId!.Value).ToListAsync(ct);
        var orgIds = rows.Select(r => r.OrganizationId).Distinct().ToList();
        var orgNames = await db.Organizations.AsNoTracking().Where(o => orgIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);

        var items = rows.Select(m => new Row(m.Id, m.Name, m.OrganizationId, orgNames.GetValueOrDefault(m.OrganizationId, ""), m.Sex.Chinese(),
            m.BirthDate.Year, Mask.IdNumber(protector.Decrypt(m.IdNumberCipher)), m.Category.Chinese(), m.Status.Chinese(), m.JoinedOn,
            m.WorkStatus.Chinese(), m.IsAssisting, m.IsMobile, m.LostContact, leaving.Contains(m.Id))).ToList();
        return Outcome<Response>.Ok(new Response(items, page, size, total, atLeast, searchedBy));
    }

    /// <summary>A member's sort keys, for ordering a few found members in the app exactly as <see cref="Order"/> does in the database.</summary>
    private sealed record SortKeys(long Id, string NamePinyin, DateOnly JoinedOn, DateOnly BirthDate)
    {
        // Bytewise, as both databases compare the key ("C" on PostgreSQL, BINARY on SQLite).
        public static IEnumerable<SortKeys> Order(IEnumerable<SortKeys> keys, string? sort) => (sort ?? "name") switch
        {
            "-name" => keys.OrderByDescending(k => k.NamePinyin, StringComparer.Ordinal).ThenByDescending(k => k.Id),
            "joinedOn" => keys.OrderBy(k => k.JoinedOn).ThenBy(k => k.Id),
            "-joinedOn" => keys.OrderByDescending(k => k.JoinedOn).ThenByDescending(k => k.Id),
            "birthDate" => keys.OrderBy(k => k.BirthDate).ThenBy(k => k.Id),
            "-birthDate" => keys.OrderByDescending(k => k.BirthDate).ThenByDescending(k => k.Id),
            _ => keys.OrderBy(k => k.NamePinyin, StringComparer.Ordinal).ThenBy(k => k.Id),
        };
    }

    /// <summary>Checks the filter part of a query (search text and flags), adding a message per bad field.</summary>
    public static string[] CheckFilter(Query query, FieldErrors errors)
    {
        if ((query.Q?.Trim() ?? "").Length > 50)
        {
            errors.Add("q", "搜索内容不能超过50个字符");
        }
        var flags = (query.Flags ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var unknown in flags.Where(f => !FlagNames.ContainsKey(f)))
        {
            errors.Add("flags", $"未知的筛选条件“{unknown}”");
        }
        if (query.Sort is { } sort && !Sorts.Any(s => s.Value == sort))
        {
            errors.Add("sort", $"未知的排序方式“{sort}”，可选：{string.Join("、", Sorts.Select(s => s.Value))}");
        }
        return flags;
    }

    /// <summary>
    /// The members a query selects inside the caller's subtree (or the organization it names, which must lie inside it),
    /// filtered in the query itself. The list and the Excel export both start here.
    /// </summary>
    public static async Task<Outcome<Filtered>> FilterAsync(Query query, AppDb db, Scope scope, CurrentUser user, PersonalDataProtector protector, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var flags = CheckFilter(query, errors);
        if (errors.Any)
        {
            return Outcome<Filtered>.Invalid(errors);
        }
        var text = query.Q?.Trim() ?? "";
        var account = await user.RequireAsync(ct);
        var scopeOrgId = account.OrganizationId;
        var path = account.ScopePath;
        if (query.OrganizationId is { } orgId && orgId != account.OrganizationId)
        {
            var org = await scope.FindAsync(db.Organizations.AsNoTracking(), orgId, ct);
            if (org is null)
            {
                return Outcome<Filtered>.NotFound("党组织");
            }
            path = org.Path;
            scopeOrgId = orgId;
        }
        var hi = OrgPath.UpperBound(path);
        var members = db.Members.AsNoTracking().Where(m => string.Compare(m.OrgPath, path) >= 0 && string.Compare(m.OrgPath, hi) < 0 && m.LeftAt == null);
        if (query.Category is { } category)
        {
            members = members.Where(m => m.Category == category);
        }
        if (query.Status is { } status)
        {
            members = members.Where(m => m.Status == status);
        }
        foreach (var flag in flags)
        {
            members = flag switch
            {
                "serving" => members.Where(m => m.WorkStatus == WorkStatus.Serving),
                "retired" => members.Where(m => m.WorkStatus == WorkStatus.Retired),
                "assisting" => members.Where(m => m.IsAssisting),
                "mobile" => members.Where(m => m.IsMobile),
                _ => members.Where(m => m.LostContact),
            };
        }

        // The same filters on the name windows, which copy the columns they test.
        IQueryable<MemberNameGram> NarrowGrams(IQueryable<MemberNameGram> grams)
        {
            if (query.Category is { } c)
            {
                grams = grams.Where(g => g.Category == c);
            }
            if (query.Status is { } s)
            {
                grams = grams.Where(g => g.Status == s);
            }
            if (TallyFlags.Test(flags) is not { } test)
            {
                return grams.Where(g => false);
            }
            if (test.Mask != 0)
            {
                var (mask, value) = test;
                grams = grams.Where(g => (g.Flags & mask) == value);
            }
            return grams;
        }

        var searchedBy = "none";
        IQueryable<MemberNameGram>? gramMatches = null;
        if (text.Length > 0)
        {
            (members, searchedBy, gramMatches) = await ApplyTextAsync(members, text, path, NarrowGrams, db, protector, ct);
        }
        return Outcome<Filtered>.Ok(new Filtered(members, searchedBy, scopeOrgId, path, text.Length > 0, flags,
            searchedBy == "infix" && text.Length == 2 ? gramMatches : null));
    }

    public static IOrderedQueryable<Member> Order(IQueryable<Member> members, string? sort, string searchedBy) => (sort ?? "name") switch
    {
        // Initials: order by the searched column first, so a common prefix stays one short index range (either way).
        "-name" when searchedBy == "initials" => members.OrderByDescending(m => m.NameInitials).ThenByDescending(m => m.NamePinyin).ThenByDescending(m => m.Id),
        "-name" => members.OrderByDescending(m => m.NamePinyin).ThenByDescending(m => m.Id),
        // A name prefix (initials, pinyin, a surname) narrows to one index range: its matches are sorted there. Ordered by
        // the bare column, the planner walks the whole date index instead, expecting matches evenly spread; they are
        // not (the newest members are probationary, so "full members called zs, newest first" walked 116,761 rows of
        // the joining-date index for twenty: 246 ms, against 40 ms for sorting the range's 48,123 matches). Adding
        // zero days keeps the order and the value but no longer names the indexed column.
        "joinedOn" when IsNamePrefix(searchedBy) => members.OrderBy(m => m.JoinedOn.AddDays(0)).ThenBy(m => m.Id),
        "-joinedOn" when IsNamePrefix(searchedBy) => members.OrderByDescending(m => m.JoinedOn.AddDays(0)).ThenByDescending(m => m.Id),
        "birthDate" when IsNamePrefix(searchedBy) => members.OrderBy(m => m.BirthDate.AddDays(0)).ThenBy(m => m.Id),
        "-birthDate" when IsNamePrefix(searchedBy) => members.OrderByDescending(m => m.BirthDate.AddDays(0)).ThenByDescending(m => m.Id),
        "joinedOn" => members.OrderBy(m => m.JoinedOn).ThenBy(m => m.Id),
        "-joinedOn" => members.OrderByDescending(m => m.JoinedOn).ThenByDescending(m => m.Id),
        "birthDate" => members.OrderBy(m => m.BirthDate).ThenBy(m => m.Id),
        "-birthDate" => members.OrderByDescending(m => m.BirthDate).ThenByDescending(m => m.Id),
        _ when searchedBy == "initials" => members.OrderBy(m => m.NameInitials).ThenBy(m => m.NamePinyin).ThenBy(m => m.Id),
        _ => members.OrderBy(m => m.NamePinyin).ThenBy(m => m.Id),
    };

    private static bool IsNamePrefix(string searchedBy) => searchedBy is "initials" or "pinyin" or "surname";

    /// <summary>How many readings of a full-pinyin query are searched ("xian": xian, xia n, xi an, xi a n), each a range.</summary>
    public const int MaxPinyinReadings = 8;

    /// <summary>
    /// Members whose sort key starts with one of the prefixes: an OR of ranges [p, p + "{") on NamePinyin, so that
    /// the filter and the order stay on one column and its indexes. With several readings the ranges are also
    /// enclosed in one range from the lowest to the highest, which an ordered index walk can start and stop at.
    /// </summary>
    private static Expression<Func<Member, bool>> SortKeyStartsWithAny(IReadOnlyList<string> prefixes)
    {
        if (prefixes.Count == 0)
        {
            return m => false;
        }
        // '{' follows 'z': a range holds every key that starts with its prefix. Built from lambdas that capture the
        // bounds, so that EF sends them as parameters.
        static Expression<Func<Member, bool>> Range(string low, string high) =>
            m => string.Compare(m.NamePinyin, low) >= 0 && string.Compare(m.NamePinyin, high) < 0;
        var bounds = prefixes.Select(p => (Low: p, High: p + "{")).ToList();
        var ranges = bounds.Select(b => Range(b.Low, b.High)).ToList();
        var member = ranges[0].Parameters[0];
        Expression Body(Expression<Func<Member, bool>> range) => ReplacingExpressionVisitor.Replace(range.Parameters[0], member, range.Body);
        var any = ranges.Skip(1).Aggregate(ranges[0].Body, (body, range) => Expression.OrElse(body, Body(range)));
        if (prefixes.Count > 1)
        {
            var enclosing = Range(bounds.Select(b => b.Low).Min(StringComparer.Ordinal)!, bounds.Select(b => b.High).Max(StringComparer.Ordinal)!);
            any = Expression.AndAlso(Body(enclosing), any);
        }
        return Expression.Lambda<Func<Member, bool>>(any, member);
    }

    private static async Task<(IQueryable<Member>, string, IQueryable<MemberNameGram>?)> ApplyTextAsync(IQueryable<Member> members, string text, string path,
        Func<IQueryable<MemberNameGram>, IQueryable<MemberNameGram>> narrowGrams, AppDb db, PersonalDataProtector protector, CancellationToken ct)
    {
        var upper = text.ToUpperInvariant();
        bool IdLike(string s) => s.All(c => char.IsAsciiDigit(c) || c == 'X');
        if (upper.Length == 18 && IdLike(upper))
        {
            var hash = protector.Hash(upper);
            return (members.Where(m => m.IdNumberHash == hash), "idNumber", null);
        }
        if (upper.Length == 4 && IdLike(upper))
        {
            return (members.Where(m => m.IdNumberTail == upper), "idTail", null);
        }
        if (text.Length is >= 7 and <= 12 && text.All(char.IsAsciiDigit))
        {
            var hash = protector.Hash(text);
            return (members.Where(m => m.PhoneHash == hash), "phone", null);
        }
        if (IdLike(upper))
        {
            // "139": part of a number. Numbers are stored only encrypted and hashed, so only whole ones can be found.
            return (members.Where(m => false), "partialNumber", null);
        }
        if (Pinyin.IsLatinQuery(text))
        {
            var lower = text.ToLowerInvariant();
            var upperBound = lower + "{"; // '{' follows 'z': the range holds every key that starts with the query
            var byInitials = members.Where(m => string.Compare(m.NameInitials, lower) >= 0 && string.Compare(m.NameInitials, upperBound) < 0);
            // Without a vowel no pinyin syllable can be spelt ("cw"): such a query means initials even when none match.
            if (lower.Length <= 4 && (!lower.Any(c => "aeiouv".Contains(c, StringComparison.Ordinal)) || await byInitials.AnyAsync(ct)))
            {
                return (byInitials, "initials", null);
            }
            return (members.Where(SortKeyStartsWithAny(Pinyin.SortKeyPrefixes(lower, MaxPinyinReadings))), "pinyin", null);
        }
        if (text.Length == 1)
        {
            var next = text + "\uFFFF";
            return (members.Where(m => string.Compare(m.Name, text) >= 0 && string.Compare(m.Name, next) < 0), "surname", null);
        }
        if (text.Length >= 3)
        {
            var exact = members.Where(m => m.Name == text);
            if (await exact.AnyAsync(ct))
            {
                return (exact, "exact", null);
            }
        }
        // Matches are found through the name's two-character windows, restricted to the scope inside the gram
        // table. A two-character query is its own gram; a longer one also needs up to two more windows, then the name
        // itself.
        var hi = OrgPath.UpperBound(path);
        var grams = MemberNameGram.Of(text).ToList();
        var first = grams[0];
        var matches = narrowGrams(db.MemberNameGrams.AsNoTracking()
            .Where(g => g.Gram == first && string.Compare(g.OrgPath, path) >= 0 && string.Compare(g.OrgPath, hi) < 0));
        var byGram = members.Where(m => matches.Select(g => g.MemberId).Contains(m.Id));
        if (text.Length == 2)
        {
            return (byGram, "infix", matches);
        }
        foreach (var other in grams.Skip(1).Take(2))
        {
            byGram = byGram.Where(m => db.MemberNameGrams.Any(g => g.Gram == other && g.MemberId == m.Id));
        }
        return (byGram.Where(m => m.Name.Contains(text)), "infix", null);
    }
}
