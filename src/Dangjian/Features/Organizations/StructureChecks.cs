using Dangjian.Platform.Rules;

namespace Dangjian.Features.Organizations;

public sealed record StructureWarning(string Code, string Message, string Source);

/// <summary>
/// The structure rules of the branch regulations, as warnings: an organization that breaks one still exists
/// and works; the warning tells its secretary and the committee above what to put right.
/// </summary>
public static class StructureChecks
{
    /// <param name="ParentKind">The kind of the organization above, null for the top of the tree.</param>
    public sealed record Facts(OrganizationKind Kind, long FullMembers, long AllMembers, int CoveredUnits, int? CommitteeSize, OrganizationKind? ParentKind = null);

    public static IReadOnlyList<StructureWarning> Evaluate(Facts facts, IReadOnlyDictionary<string, RuleBook.Resolved> rules)
    {
        var warnings = new List<StructureWarning>();
        decimal V(RuleDefinition r) => rules.TryGetValue(r.Key, out var v) ? v.Value : r.DefaultValue;
        string S(RuleDefinition r) => rules.TryGetValue(r.Key, out var v) ? v.Source : r.Source;

        // A forbidden placement is refused on every write; one that exists anyway (data from before the rule) is shown too.
        if (facts.ParentKind is { } parentKind && PlacementRules.Of(parentKind, facts.Kind) is { Verdict: not PlacementVerdict.Allowed } placement)
        {
            warnings.Add(new(placement.Verdict == PlacementVerdict.Forbidden ? "placement-forbidden" : "placement-irregular", placement.Message!, placement.Source));
        }

        var branchLike = facts.Kind is OrganizationKind.Branch or OrganizationKind.JointBranch or OrganizationKind.TemporaryBranch;
        if (branchLike)
        {
            var minimum = V(RuleCatalog.BranchMinimumFullMembers);
            if (facts.FullMembers < minimum)
            {
                warnings.Add(new("branch-too-small", $"党支部正式党员{facts.FullMembers}人，少于{minimum}人，不具备单独成立党支部的条件，可与邻近单位成立联合党支部", S(RuleCatalog.BranchMinimumFullMembers)));
            }
            var generalAbove = V(RuleCatalog.BranchSuggestGeneralBranch);
            var committeeAt = V(RuleCatalog.CommitteeAtMembers);
            if (facts.AllMembers >= committeeAt)
            {
                warnings.Add(new("suggest-committee", $"党员{facts.AllMembers}人，达到{committeeAt}人，应当设立基层党委", S(RuleCatalog.CommitteeAtMembers)));
            }
            else if (facts.AllMembers > generalAbove)
            {
                warnings.Add(new("suggest-general-branch", $"党员{facts.AllMembers}人，超过{generalAbove}人，宜设立党总支", S(RuleCatalog.BranchSuggestGeneralBranch)));
            }
            var committeeThreshold = V(RuleCatalog.BranchCommitteeAtFullMembers);
            var min = V(RuleCatalog.BranchCommitteeMinSize);
            var usualMax = V(RuleCatalog.BranchCommitteeUsualMaxSize);
            var max = V(RuleCatalog.BranchCommitteeMaxSize);
            if (facts.FullMembers >= committeeThreshold && (facts.CommitteeSize is not { } given || given < min))
            {
                warnings.Add(new("committee-required", $"正式党员{facts.FullMembers}人，达到{committeeThreshold}人，应设立{min}至{usualMax}人的支部委员会", S(RuleCatalog.BranchCommitteeAtFullMembers)));
            }
            // The size of a committee that exists is checked whatever the membership: a 12-person committee is too large
            // in a branch of any size.
            if (facts.CommitteeSize is { } size && size > max)
            {
                warnings.Add(new("committee-too-large", $"支部委员会{size}人，超过{max}人的上限", S(RuleCatalog.BranchCommitteeMaxSize)));
            }
            else if (facts.CommitteeSize is { } usual && usual > usualMax)
            {
                warnings.Add(new("committee-large", $"支部委员会{usual}人，一般为{min}至{usualMax}人", S(RuleCatalog.BranchCommitteeUsualMaxSize)));
            }
        }
        else if (facts.Kind == OrganizationKind.GeneralBranch && facts.AllMembers >= V(RuleCatalog.CommitteeAtMembers))
        {
            warnings.Add(new("suggest-committee", $"党员{facts.AllMembers}人，达到{V(RuleCatalog.CommitteeAtMembers)}人，应当设立基层党委", S(RuleCatalog.CommitteeAtMembers)));
        }
        if (facts.Kind == OrganizationKind.JointBranch && facts.CoveredUnits > V(RuleCatalog.JointBranchMaxUnits))
        {
            warnings.Add(new("joint-branch-too-wide", $"联合党支部覆盖{facts.CoveredUnits}个单位，超过{V(RuleCatalog.JointBranchMaxUnits)}个", S(RuleCatalog.JointBranchMaxUnits)));
        }
        return warnings;
    }
}
