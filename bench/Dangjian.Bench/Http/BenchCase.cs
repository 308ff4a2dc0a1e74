using Dangjian.Features.Members;
using Npgsql;

namespace Dangjian.Bench.Http;

/// <summary>One scope of the benchmark: an account bound to an organization, and the search terms that fit it.</summary>
public sealed record BenchScope(string Name, string UserName, string UserId, long OrganizationId, string OrganizationName, string Path, long Members, string ExactName);

/// <summary>One measured request: its URL and the use-case call the endpoint makes for it (null query: the stats tile).</summary>
public sealed record BenchCase(string Key, string Label, string Url, SearchMembers.Query? Query);

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
    ];

    /// <summary>The accounts the generator made, with their organizations, sizes and a three-character name found in each scope.</summary>
    public static async Task<IReadOnlyList<BenchScope>> LoadScopesAsync(NpgsqlDataSource source)
    {
        var scopes = new List<BenchScope>();
        await using var connection = await source.OpenConnectionAsync();
        await using (var command = new NpgsqlCommand(
            """
            SELECT u."UserName", u."Id", o."Id", o."Name", o."Path",
                   (SELECT coalesce(sum(t."Count"), 0) FROM "MemberTallies" t WHERE t."OrganizationId" = o."Id")
            FROM "AspNetUsers" u JOIN "Organizations" o ON o."Id" = u."OrganizationId"
            WHERE u."UserName" LIKE 'bench-%'
            ORDER BY o."Depth"
            """, connection))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                var userName = reader.GetString(0);
                scopes.Add(new BenchScope(userName["bench-".Length..], userName, reader.GetString(1), reader.GetInt64(2), reader.GetString(3),
                    reader.GetString(4), reader.GetInt64(5), ""));
            }
        }
        if (scopes.Count == 0)
        {
            throw new InvalidOperationException("No bench-* accounts: run the generate command first.");
        }
        for (var i = 0; i < scopes.Count; i++)
        {
            // A real person of the scope: the three-character name of the member in the middle of its id range.
            await using var pick = new NpgsqlCommand(
                """
                SELECT "Name" FROM "Members"
                WHERE "OrgPath" >= $1 AND "OrgPath" < $2 AND char_length("Name") = 3 AND "LeftAt" IS NULL
                ORDER BY "Id" OFFSET (SELECT count(*) / 2 FROM "Members" WHERE "OrgPath" >= $1 AND "OrgPath" < $2 AND char_length("Name") = 3) LIMIT 1
                """, connection)
            {
                Parameters = { new() { Value = scopes[i].Path }, new() { Value = Dangjian.Platform.Data.OrgPath.UpperBound(scopes[i].Path) } },
            };
            scopes[i] = scopes[i] with { ExactName = (string?)await pick.ExecuteScalarAsync() ?? "张建国" };
        }
        return scopes;
    }
}
