using Npgsql;

namespace Dangjian.Bench.Generate;

/// <summary>
/// Serving residents: 1,000,000 residents over every community and village, 1,000,000 closed wishes (claimed by a
/// member of the community's subtree, fulfilled and rated) and 100,000 live ones at every stage, with deadlines around
/// today, and each community's tally. The statements are in <c>wishes.sql</c>, which also runs by hand against a
/// province already loaded. Wish history, escalations and the activity lines of wishes are not generated: the wall,
/// the to-do list and the figures never read them.
/// </summary>
public sealed class WishesModule : GeneratorModule
{
    public override string Name => "wishes";
    public override IReadOnlyList<string> Needs => ["members"];
    public override IReadOnlyList<string> Tables => ["Residents", "Wishes", "WishTallies"];

    public static string Sql()
    {
        using var stream = typeof(WishesModule).Assembly.GetManifestResourceStream("wishes.sql")
            ?? throw new InvalidOperationException("wishes.sql is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public override async Task<string> LoadAsync(GenerationContext context)
    {
        await using var command = new NpgsqlCommand(Sql(), context.Main) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM \"Wishes\"", context.Main);
        return $"{(long)(await count.ExecuteScalarAsync())!:N0} wishes";
    }
}
