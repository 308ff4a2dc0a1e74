using Npgsql;

namespace Dangjian.Bench.Generate;

/// <summary>What a module loads into, and what it already knows: the tree, and the member counts per organization × cell.</summary>
public sealed record GenerationContext(Generator.Options Options, NpgsqlDataSource Source, NpgsqlConnection Main, ProvinceTree Tree, long[] Tallies)
{
    /// <summary>Whether the members module has filled <see cref="Tallies"/> (units and accounts count members through them).</summary>
    public bool HasMembers { get; set; }
}

/// <summary>
/// One part of the generated province: the tables it fills, the modules it needs, and how it fills them by COPY while
/// their keys and indexes are off. A later feature adds its own module (meetings, wishes, points…) here, so that a
/// benchmark generates only what it measures and the whole province still fits the machine's disk; the generator
/// prints each module's time, rows and size.
/// </summary>
public abstract class GeneratorModule
{
    public abstract string Name { get; }

    /// <summary>The modules that must be loaded with this one (their rows are referenced by its rows).</summary>
    public virtual IReadOnlyList<string> Needs => [];

    public abstract IReadOnlyList<string> Tables { get; }

    /// <summary>Loads the module's rows and says what it loaded.</summary>
    public abstract Task<string> LoadAsync(GenerationContext context);
}

public static class GeneratorModules
{
    /// <summary>
    /// Every module, in the order they load. Keys are off during the load, so a module may load before what it
    /// references: the members go first because the units count them.
    /// </summary>
    public static readonly IReadOnlyList<GeneratorModule> All = [new MembersModule(), new TreeModule(), new MeetingsModule(), new StudyModule(), new WishesModule()];

    /// <summary>The named modules (comma-separated; null or "all": every one) with the ones they need, in load order.</summary>
    public static IReadOnlyList<GeneratorModule> Resolve(string? names)
    {
        if (names is null or "all")
        {
            return All;
        }
        var wanted = new HashSet<string>(StringComparer.Ordinal);
        void Add(string name)
        {
            var module = All.FirstOrDefault(m => m.Name == name)
                ?? throw new ArgumentException($"Unknown module '{name}'; the modules are: {string.Join(", ", All.Select(m => m.Name))}.");
            if (wanted.Add(name))
            {
                foreach (var needed in module.Needs)
                {
                    Add(needed);
                }
            }
        }
        foreach (var name in names.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            Add(name);
        }
        return [.. All.Where(m => wanted.Contains(m.Name))];
    }
}

/// <summary>The organization tree: organizations, the picker's search keys, and the units that communities and villages cover.</summary>
public sealed class TreeModule : GeneratorModule
{
    public override string Name => "tree";
    public override IReadOnlyList<string> Tables => ["Organizations", "OrganizationSearchKeys", "Units", "UnitTallies"];

    public override async Task<string> LoadAsync(GenerationContext context)
    {
        await Generator.CopyOrganizationsAsync(context.Main, context.Tree);
        await Generator.CopyUnitsAsync(context.Main, context.Tree, context.Tallies);
        return $"{context.Tree.All.Count:N0} organizations and their search keys, {context.Tree.UnitCount:N0} units"
            + (context.HasMembers ? "" : " (no members: units count none)");
    }
}

/// <summary>The members of every branch, their name windows, and the tallies of every organization.</summary>
public sealed class MembersModule : GeneratorModule
{
    public override string Name => "members";
    public override IReadOnlyList<string> Needs => ["tree"];
    public override IReadOnlyList<string> Tables => ["Members", "MemberNameGrams", "MemberTallies"];

    public override async Task<string> LoadAsync(GenerationContext context)
    {
        var (members, grams) = await Generator.CopyMembersAsync(context.Source, context.Tree, context.Options, context.Tallies);
        Generator.Propagate(context.Tree, context.Tallies);
        var tallyRows = await Generator.CopyTalliesAsync(context.Main, context.Tree, context.Tallies);
        context.HasMembers = true;
        return $"{members:N0} members, {grams:N0} name windows, {tallyRows:N0} tally rows (generate + encrypt + COPY, overlapped)";
    }
}
