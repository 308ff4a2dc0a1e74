using Dangjian.Features.Members;
using Dangjian.Features.Organizations;

namespace Dangjian.Bench.Http;

/// <summary>One scope of the benchmark: an account bound to an organization, and the search terms that fit it.</summary>
public sealed record BenchScope(string Name, string UserName, string UserId, long OrganizationId, string OrganizationName, string Path, long Members, string ExactName,
    string Place = "", string PlaceInitials = "", string SecurityStamp = "")
{
    /// <summary>The exact name's full pinyin as typed ("mabangyan").</summary>
    public string ExactNamePinyin => Dangjian.Platform.Text.Pinyin.SortKey(ExactName).Replace(" ", "", StringComparison.Ordinal);

    /// <summary>The last four characters of the exact name's holder's ID number, and their phone ("" when none).</summary>
    public string IdTail { get; init; } = "";
    public string Phone { get; init; } = "";

    /// <summary>The child organization with the most members, for the organization filter (none for a branch).</summary>
    public long? ChildOrganizationId { get; init; }
}

/// <summary>
/// One measured request: its URL and the use-case call the endpoint makes for it (null query and no picker call: the
/// stats tile).
/// </summary>
public sealed record BenchCase(string Key, string Label, string Url, SearchMembers.Query? Query, PickerCall? Picker = null, ComplianceCall? Compliance = null,
    bool StudyHours = false, WishCall? Wishes = null);

/// <summary>A serving-residents request: the wish wall, a region's figures, or the caller's whole to-do list.</summary>
public enum WishCall
{
    Wall,
    Figures,
    Todo,
}

/// <summary>A compliance request: the region's summary, the grid of one kind (a street or smaller), or the organization's own year.</summary>
public enum ComplianceCall
{
    Summary,
    Grid,
    Year,
}

/// <summary>An organization picker request: <c>/organizations/search</c> (q or parentId) or <c>/organizations/directory</c> (q).</summary>
public sealed record PickerCall(string? Q, long? ParentId, bool Directory = false);

public static class BenchCases
{
    public const string TwoCharacterName = "建国";
    public const string Initials = "zs";
    public const int DeepPage = 501;

    public static IReadOnlyList<BenchCase> For(BenchScope scope) =>
    [
        new("stats", "subtree count, by category × status (`/members/stats`)", "/api/v1/members/stats", null),
        new("total", "subtree count as list total (`?pageSize=1`)", "/api/v1/members?pageSize=1", new SearchMembers.Query(PageSize: 1)),
        new("first", "first page by name (`?pageSize=20`)", "/api/v1/members?pageSize=20", new SearchMembers.Query(PageSize: 20)),
        new("deep", $"page {DeepPage} by name (`?page={DeepPage}&pageSize=20`)", $"/api/v1/members?page={DeepPage}&pageSize=20", new SearchMembers.Query(Page: DeepPage, PageSize: 20)),
        new("initials", $"pinyin initials (`q={Initials}`)", $"/api/v1/members?q={Initials}&pageSize=20", new SearchMembers.Query(Q: Initials, PageSize: 20)),
        new("exact", $"exact name (`q={scope.ExactName}`)", $"/api/v1/members?q={Uri.EscapeDataString(scope.ExactName)}&pageSize=20", new SearchMembers.Query(Q: scope.ExactName, PageSize: 20)),
        new("infix", $"two-character name (`q={TwoCharacterName}`)", $"/api/v1/members?q={Uri.EscapeDataString(TwoCharacterName)}&pageSize=20", new SearchMembers.Query(Q: TwoCharacterName, PageSize: 20)),
        .. PickerFor(scope),
        .. ComplianceFor(scope),
        .. StudyFor(scope),
        .. WishesFor(scope),
    ];

    /// <summary>The wish wall (a street and a branch's community), a region's figures (a city and above too), and the to-do list of every source.</summary>
    public static IReadOnlyList<BenchCase> WishesFor(BenchScope scope) =>
    [
        .. scope.Name is "street" or "branch" ? new[] { new BenchCase("wi-wall", "wish wall, first page (`/wishes/wall`)", "/api/v1/wishes/wall", null, Wishes: WishCall.Wall) } : [],
        new("wi-figures", "wish figures per organization below (`/wishes/figures`)", "/api/v1/wishes/figures", null, Wishes: WishCall.Figures),
        new("todo", "the whole to-do list, every feature's items (`/me/todo`)", "/api/v1/me/todo", null, Wishes: WishCall.Todo),
    ];

    /// <summary>Study hours against the target, summed from the activity record: answered up to a county (50,000 members), refused above.</summary>
    public static IReadOnlyList<BenchCase> StudyFor(BenchScope scope) =>
        scope.Name is "county" or "street" or "branch"
            ? [new("st-hours", "study hours against the target (`/study/hours`)", "/api/v1/study/hours", null, StudyHours: true)]
            : [];

    /// <summary>Organization life by rule, from the rollups (summary), the subtree's tallies (grid) and the organization's own (year).</summary>
    public static IReadOnlyList<BenchCase> ComplianceFor(BenchScope scope) =>
    [
        new("mt-summary", "compliance summary (`/meetings/compliance/summary`)", "/api/v1/meetings/compliance/summary", null, Compliance: ComplianceCall.Summary),
        new("mt-year", "organization's own year (`/meetings/compliance`)", "/api/v1/meetings/compliance", null, Compliance: ComplianceCall.Year),
        // The grid answers a subtree of at most 2,000 organizations: a street and below.
        .. scope.Name is "street" or "branch"
            ? new[] { new BenchCase("mt-grid", "compliance grid, themed Party day (`/meetings/compliance/grid`)", "/api/v1/meetings/compliance/grid?kind=ThemedPartyDay", null,
                Compliance: ComplianceCall.Grid) }
            : [],
    ];

    /// <summary>Dense initials: every community (社区) and its branches.</summary>
    public const string ShortInitials = "sq";

    /// <summary>The organization picker's requests, as the picker sends them (no Party groups).</summary>
    public static IReadOnlyList<BenchCase> PickerFor(BenchScope scope) =>
    [
        new("org-name", $"picker, place name (`search?q={scope.Place}`)", $"/api/v1/organizations/search?q={Uri.EscapeDataString(scope.Place)}", null,
            new PickerCall(scope.Place, null)),
        new("org-init", $"picker, initials (`search?q={scope.PlaceInitials}`)", $"/api/v1/organizations/search?q={scope.PlaceInitials}", null,
            new PickerCall(scope.PlaceInitials, null)),
        new("org-short", $"picker, short initials (`search?q={ShortInitials}`)", $"/api/v1/organizations/search?q={ShortInitials}", null,
            new PickerCall(ShortInitials, null)),
        new("org-level", "picker, one level (`search?parentId=<scope>`)", $"/api/v1/organizations/search?parentId={scope.OrganizationId}", null,
            new PickerCall(null, scope.OrganizationId)),
        new("org-dir", $"directory, whole system (`directory?q={scope.PlaceInitials}`)", $"/api/v1/organizations/directory?q={scope.PlaceInitials}", null,
            new PickerCall(scope.PlaceInitials, null, Directory: true)),
    ];

    /// <summary>The accounts the generator made, with their organizations, sizes and a three-character name found in each scope.</summary>
    public static async Task<IReadOnlyList<BenchScope>> LoadScopesAsync(BenchDb db)
    {
        // SQL both PostgreSQL and SQLite read alike: named parameters, length(), LIKE, LIMIT before OFFSET.
        var scopes = new List<BenchScope>();
        await using var connection = await db.OpenAsync();
        await using (var command = BenchDb.Command(connection,
            """
            SELECT u."UserName", u."Id", o."Id", o."Name", o."Path",
                   (SELECT coalesce(sum(t."Count"), 0) FROM "MemberTallies" t WHERE t."OrganizationId" = o."Id"), u."SecurityStamp"
            FROM "AspNetUsers" u JOIN "Organizations" o ON o."Id" = u."OrganizationId"
            WHERE u."UserName" LIKE 'bench-%'
            ORDER BY o."Depth"
            """))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                var userName = reader.GetString(0);
                scopes.Add(new BenchScope(userName["bench-".Length..], userName, reader.GetString(1), reader.GetInt64(2), reader.GetString(3),
                    reader.GetString(4), reader.GetInt64(5), "", SecurityStamp: reader.GetString(6)));
            }
        }
        if (scopes.Count == 0)
        {
            throw new InvalidOperationException("No bench-* accounts: run the generate command first.");
        }
        for (var i = 0; i < scopes.Count; i++)
        {
            var low = scopes[i].Path;
            var high = Dangjian.Platform.Data.OrgPath.UpperBound(low);
            // A real person of the scope: the three-character name of the member in the middle of its id range.
            var exact = (string?)await BenchDb.ScalarAsync(connection,
                """
                SELECT "Name" FROM "Members"
                WHERE "OrgPath" >= @p0 AND "OrgPath" < @p1 AND length("Name") = 3 AND "LeftAt" IS NULL
                ORDER BY "Id" LIMIT 1 OFFSET (SELECT count(*) / 2 FROM "Members" WHERE "OrgPath" >= @p0 AND "OrgPath" < @p1 AND length("Name") = 3)
                """, low, high);
            scopes[i] = scopes[i] with { ExactName = exact ?? "张建国" };

            // The same person's ID tail and phone, for the searches by number; the phone is stored only encrypted.
            await using (var numbers = BenchDb.Command(connection,
                """
                SELECT "IdNumberTail", "PhoneCipher" FROM "Members"
                WHERE "OrgPath" >= @p0 AND "OrgPath" < @p1 AND "Name" = @p2 AND "LeftAt" IS NULL ORDER BY "PhoneCipher" IS NULL, "Id" LIMIT 1
                """, low, high, scopes[i].ExactName))
            await using (var reader = await numbers.ExecuteReaderAsync())
            {
                if (await reader.ReadAsync())
                {
                    var protector = new Dangjian.Platform.PersonalData.PersonalDataProtector(BenchKey.Bytes);
                    scopes[i] = scopes[i] with
                    {
                        IdTail = reader.GetString(0),
                        Phone = reader.IsDBNull(1) ? "" : protector.Decrypt(reader.GetString(1)),
                    };
                }
            }
            var child = await BenchDb.ScalarAsync(connection,
                """
                SELECT o."Id" FROM "Organizations" o JOIN "MemberTallies" t ON t."OrganizationId" = o."Id"
                WHERE o."ParentId" = @p0 AND o."Kind" <> 'PartyGroup' AND o."DissolvedAt" IS NULL
                GROUP BY o."Id" ORDER BY sum(t."Count") DESC, o."Id" LIMIT 1
                """, scopes[i].OrganizationId);
            scopes[i] = scopes[i] with { ChildOrganizationId = child is null ? null : Convert.ToInt64(child, System.Globalization.CultureInfo.InvariantCulture) };

            // A place of the scope for the picker: the one of the community (社区) in the middle of its organizations
            // (the scope's own name when it is one), e.g. 星竹 and xzsq from 星竹社区.
            var name = (string?)await BenchDb.ScalarAsync(connection,
                """
                SELECT "Name" FROM "Organizations"
                WHERE "Path" >= @p0 AND "Path" < @p1 AND "Name" LIKE '__%社区%' AND "DissolvedAt" IS NULL
                ORDER BY "Id" LIMIT 1 OFFSET (SELECT count(*) / 2 FROM "Organizations" WHERE "Path" >= @p0 AND "Path" < @p1 AND "Name" LIKE '__%社区%')
                """, low, high) ?? "中共光明社区委员会";
            var at = name.IndexOf("社区", 2, StringComparison.Ordinal);
            var piece = name[(at - 2)..at];
            scopes[i] = scopes[i] with { Place = piece, PlaceInitials = OrganizationSearchKey.InitialsOfName(piece + "社区") };
        }
        return scopes;
    }
}
