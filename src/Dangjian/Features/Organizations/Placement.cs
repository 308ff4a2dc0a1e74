namespace Dangjian.Features.Organizations;

public enum PlacementVerdict
{
    /// <summary>The usual structure.</summary>
    Allowed,

    /// <summary>Saved, with a structure warning on the organization: the texts advise against it but do not forbid it.</summary>
    Irregular,

    /// <summary>Refused on create, edit and move.</summary>
    Forbidden,
}

/// <summary>What one kind of organization may have directly under it, with the text that says so.</summary>
public sealed record Placement(OrganizationKind Parent, OrganizationKind Child, PlacementVerdict Verdict, string? Message, string Source);

/// <summary>
/// Which kind of organization may sit under which. The Party Constitution sets up primary committees, general branches
/// and branches by the number of members (art. 30); the branch regulations divide a branch into Party groups (ch. 2).
/// So: committees and working committees hold committees, general branches and branches; a general branch holds
/// branches; a branch holds Party groups; a group holds nothing. A group directly under a general branch is not
/// forbidden by any text but is irregular (its members' branch life has no branch), so it is a warning, not a refusal.
/// </summary>
public static class PlacementRules
{
    private const string Constitution = "《中国共产党章程》第三十条：党的基层组织根据工作需要和党员人数，经上级党组织批准，分别设立党的基层委员会、总支部委员会、支部委员会";
    private const string Groups = "《中国共产党支部工作条例（试行）》(2018) 第二章：党员人数较多或者党员工作地、居住地比较分散的党支部，应当划分若干党小组";

    private static bool IsBranch(OrganizationKind k) => k is OrganizationKind.Branch or OrganizationKind.JointBranch or OrganizationKind.TemporaryBranch;

    public static Placement Of(OrganizationKind parent, OrganizationKind child)
    {
        var p = parent.Chinese();
        var c = child.Chinese();
        if (parent == OrganizationKind.PartyGroup)
        {
            return new(parent, child, PlacementVerdict.Forbidden, "党小组下不能再设组织", Groups);
        }
        if (IsBranch(parent))
        {
            return child == OrganizationKind.PartyGroup
                ? new(parent, child, PlacementVerdict.Allowed, null, Groups)
                : new(parent, child, PlacementVerdict.Forbidden, $"{p}下只能设立党小组，不能设立{c}", Groups);
        }
        if (parent == OrganizationKind.GeneralBranch)
        {
            return IsBranch(child) ? new(parent, child, PlacementVerdict.Allowed, null, Constitution)
                : child == OrganizationKind.PartyGroup ? new(parent, child, PlacementVerdict.Irregular, "党小组一般设在党支部之下，直接设在党总支下不符合常规", Groups)
                : new(parent, child, PlacementVerdict.Forbidden, $"党总支下只能设立党支部，不能设立{c}", Constitution);
        }
        // A committee or working committee.
        return child == OrganizationKind.PartyGroup
            ? new(parent, child, PlacementVerdict.Forbidden, $"{p}下不能直接设立党小组，党小组应设在党支部之下", Groups)
            : new(parent, child, PlacementVerdict.Allowed, null, Constitution);
    }

    /// <summary>The kinds that may be created or moved under <paramref name="parent"/> (irregular ones included).</summary>
    public static IEnumerable<OrganizationKind> ChildrenOf(OrganizationKind parent) =>
        Enum.GetValues<OrganizationKind>().Where(k => Of(parent, k).Verdict != PlacementVerdict.Forbidden);

    /// <summary>The kinds under which <paramref name="child"/> may sit.</summary>
    public static IReadOnlyList<OrganizationKind> ParentsOf(OrganizationKind child) =>
        Enum.GetValues<OrganizationKind>().Where(k => Of(k, child).Verdict != PlacementVerdict.Forbidden).ToList();

    /// <summary>The refusal for putting <paramref name="child"/> under <paramref name="parent"/>, or null.</summary>
    public static string? RefusalOf(OrganizationKind parent, OrganizationKind child) =>
        Of(parent, child) is { Verdict: PlacementVerdict.Forbidden } rule ? $"{rule.Message}（依据{rule.Source[..rule.Source.IndexOf('：')]}）" : null;
}
