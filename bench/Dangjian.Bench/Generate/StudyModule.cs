using Npgsql;

namespace Dangjian.Bench.Generate;

/// <summary>
/// A year of study hours in the activity record: each member in the province gets up to three training-class lines
/// (4 to 16 class hours each, about two in three members reaching the 32-hour target), deterministic by member id, so
/// that a subtree's hours against the target sum what the app reads. Written by one statement over the loaded members.
/// The classes themselves are not generated: the hours read only the lines.
/// </summary>
public sealed class StudyModule : GeneratorModule
{
    public override string Name => "study";
    public override IReadOnlyList<string> Needs => ["members"];
    public override IReadOnlyList<string> Tables => ["ActivityEntries"];

    /// <summary>The statement, with the year as its one parameter; also run by hand against a province already loaded (docs/performance.md).</summary>
    public const string Sql =
        """
        INSERT INTO "ActivityEntries" ("MemberId", "OrganizationId", "OrgPath", "Kind", "Detail", "OccurredOn", "Quantity", "SourceType", "SourceId", "RecordedAt")
        SELECT m."Id", m."OrganizationId", m."OrgPath", 'study-hours', 'training-class',
               make_date($1, 1 + ((m."Id" * 7 + g) % 11)::int, 1 + ((m."Id" + g * 13) % 28)::int), (4 * (1 + (m."Id" + g) % 4))::numeric, 'TrainingClass', 0, now()
        FROM "Members" m CROSS JOIN generate_series(1, 3) g
        WHERE m."LeftAt" IS NULL AND (m."Id" * 31 + g * 17) % 10 < 7
        """;

    public override async Task<string> LoadAsync(GenerationContext context)
    {
        await using var command = new NpgsqlCommand(Sql, context.Main) { CommandTimeout = 0 };
        command.Parameters.AddWithValue(DateTime.UtcNow.AddHours(8).Year);
        var rows = await command.ExecuteNonQueryAsync();
        return $"{rows:N0} study lines";
    }
}
