using Dangjian.Features.Organizations;
using Dangjian.Platform.Rules;

namespace Dangjian.Tests.Rules;

public class StructureCheckTests
{
    private static readonly Dictionary<string, RuleBook.Resolved> Defaults =
        RuleCatalog.All.ToDictionary(r => r.Key, r => new RuleBook.Resolved(r, r.DefaultValue, r.Source));

    private static string[] Codes(OrganizationKind kind, long full, long all, int units = 0, int? committee = null) =>
        StructureChecks.Evaluate(new StructureChecks.Facts(kind, full, all, units, committee), Defaults).Select(w => w.Code).ToArray();

    [Fact]
    public void A_branch_needs_three_full_members()
    {
        Codes(OrganizationKind.Branch, 2, 5, committee: null).ShouldContain("branch-too-small");
        Codes(OrganizationKind.Branch, 3, 3).ShouldNotContain("branch-too-small");
    }

    [Fact]
    public void Over_fifty_members_suggests_a_general_branch_and_a_hundred_a_committee()
    {
        Codes(OrganizationKind.Branch, 40, 50, committee: 5).ShouldBeEmpty();
        Codes(OrganizationKind.Branch, 40, 51, committee: 5).ShouldBe(["suggest-general-branch"]);
        Codes(OrganizationKind.Branch, 90, 100, committee: 5).ShouldBe(["suggest-committee"]);
        Codes(OrganizationKind.GeneralBranch, 90, 120).ShouldBe(["suggest-committee"]);
    }

    [Fact]
    public void A_joint_branch_covers_at_most_five_units()
    {
        Codes(OrganizationKind.JointBranch, 6, 6, units: 5, committee: 3).ShouldBeEmpty();
        Codes(OrganizationKind.JointBranch, 6, 6, units: 6, committee: 3).ShouldBe(["joint-branch-too-wide"]);
    }

    [Theory]
    [InlineData(6, null, new string[0])]
    [InlineData(7, null, new[] { "committee-required" })]
    [InlineData(7, 2, new[] { "committee-required" })]
    [InlineData(7, 3, new string[0])]
    [InlineData(7, 5, new string[0])]
    [InlineData(7, 6, new[] { "committee-large" })]
    [InlineData(7, 8, new[] { "committee-too-large" })]
    public void Seven_full_members_need_a_committee_of_three_to_five(int full, int? committee, string[] expected) =>
        Codes(OrganizationKind.Branch, full, full, committee: committee).ShouldBe(expected);

    [Fact]
    public void Every_warning_names_its_source()
    {
        var warnings = StructureChecks.Evaluate(new StructureChecks.Facts(OrganizationKind.JointBranch, 1, 120, 9, 9), Defaults);
        warnings.ShouldNotBeEmpty();
        warnings.ShouldAllBe(w => w.Source.Contains("条例") || w.Source.Contains("章程"));
    }

    [Fact]
    public void A_regional_override_changes_the_threshold()
    {
        var rules = new Dictionary<string, RuleBook.Resolved>(Defaults)
        {
            [RuleCatalog.JointBranchMaxUnits.Key] = new(RuleCatalog.JointBranchMaxUnits, 8, "本地规定"),
        };
        StructureChecks.Evaluate(new StructureChecks.Facts(OrganizationKind.JointBranch, 6, 6, 7, 3), rules).ShouldBeEmpty();
    }

    private static StructureWarning[] Warnings(OrganizationKind kind, long full, long all, int units = 0, int? committee = null,
        IReadOnlyDictionary<string, RuleBook.Resolved>? rules = null) =>
        StructureChecks.Evaluate(new StructureChecks.Facts(kind, full, all, units, committee), rules ?? Defaults).ToArray();

    [Theory]
    [InlineData(OrganizationKind.Branch)]
    [InlineData(OrganizationKind.JointBranch)]
    [InlineData(OrganizationKind.TemporaryBranch)]
    public void Every_kind_of_branch_is_held_to_the_branch_rules(OrganizationKind kind) =>
        Codes(kind, 2, 2).ShouldBe(["branch-too-small"]);

    [Theory]
    [InlineData(OrganizationKind.Committee)]
    [InlineData(OrganizationKind.WorkingCommittee)]
    [InlineData(OrganizationKind.PartyGroup)]
    public void Committees_and_groups_are_not_held_to_the_branch_rules(OrganizationKind kind) =>
        Codes(kind, 1, 500, units: 9, committee: 12).ShouldBeEmpty();

    [Fact]
    public void A_general_branch_is_told_to_become_a_committee_from_exactly_a_hundred_members()
    {
        Codes(OrganizationKind.GeneralBranch, 1, 99).ShouldBeEmpty();
        Codes(OrganizationKind.GeneralBranch, 1, 100).ShouldBe(["suggest-committee"]);
    }

    [Fact]
    public void A_branch_of_exactly_a_hundred_is_told_to_become_a_committee_and_not_also_a_general_branch()
    {
        Codes(OrganizationKind.Branch, 90, 99, committee: 5).ShouldBe(["suggest-general-branch"]);
        Codes(OrganizationKind.Branch, 90, 100, committee: 5).ShouldBe(["suggest-committee"]);
    }

    [Theory]
    [InlineData(5, null)]
    [InlineData(6, "committee-large")]
    [InlineData(7, "committee-large")] // the upper limit itself is allowed, though above the usual size
    [InlineData(8, "committee-too-large")]
    public void A_committee_above_five_is_large_and_above_seven_too_large(int size, string? code) =>
        Codes(OrganizationKind.Branch, 20, 20, committee: size).ShouldBe(code is null ? [] : [code]);

    [Fact]
    public void Each_warning_says_what_is_wrong_with_the_figures_and_names_its_own_rule()
    {
        Warnings(OrganizationKind.Branch, 2, 2).ShouldBe([new("branch-too-small",
            "党支部正式党员2人，少于3人，不具备单独成立党支部的条件，可与邻近单位成立联合党支部", RuleCatalog.BranchMinimumFullMembers.Source)]);
        Warnings(OrganizationKind.Branch, 40, 51, committee: 5).ShouldBe([new("suggest-general-branch",
            "党员51人，超过50人，宜设立党总支", RuleCatalog.BranchSuggestGeneralBranch.Source)]);
        Warnings(OrganizationKind.Branch, 40, 120, committee: 5).ShouldBe([new("suggest-committee",
            "党员120人，达到100人，应当设立基层党委", RuleCatalog.CommitteeAtMembers.Source)]);
        Warnings(OrganizationKind.GeneralBranch, 40, 130).ShouldBe([new("suggest-committee",
            "党员130人，达到100人，应当设立基层党委", RuleCatalog.CommitteeAtMembers.Source)]);
        Warnings(OrganizationKind.Branch, 8, 8).ShouldBe([new("committee-required",
            "正式党员8人，达到7人，应设立3至5人的支部委员会", RuleCatalog.BranchCommitteeAtFullMembers.Source)]);
        Warnings(OrganizationKind.Branch, 8, 8, committee: 9).ShouldBe([new("committee-too-large",
            "支部委员会9人，超过7人的上限", RuleCatalog.BranchCommitteeMaxSize.Source)]);
        Warnings(OrganizationKind.Branch, 8, 8, committee: 6).ShouldBe([new("committee-large",
            "支部委员会6人，一般为3至5人", RuleCatalog.BranchCommitteeUsualMaxSize.Source)]);
        Warnings(OrganizationKind.JointBranch, 6, 6, units: 7, committee: 3).ShouldBe([new("joint-branch-too-wide",
            "联合党支部覆盖7个单位，超过5个", RuleCatalog.JointBranchMaxUnits.Source)]);
    }

    [Fact]
    public void All_the_warnings_an_organization_has_are_given_together()
    {
        Codes(OrganizationKind.JointBranch, 2, 60, units: 6).ShouldBe(["branch-too-small", "suggest-general-branch", "joint-branch-too-wide"]);
        Codes(OrganizationKind.Branch, 8, 120).ShouldBe(["suggest-committee", "committee-required"]);
        Codes(OrganizationKind.Branch, 0, 0, committee: 12).ShouldBe(["branch-too-small", "committee-too-large"]);
        Codes(OrganizationKind.Branch, 2, 2, committee: 6).ShouldBe(["branch-too-small", "committee-large"]);
    }

    [Fact]
    public void A_regional_value_is_used_in_the_check_in_the_message_and_in_the_source()
    {
        RuleBook.Resolved Local(RuleDefinition rule, decimal value) => new(rule, value, "本地规定：" + rule.Key);
        var rules = new Dictionary<string, RuleBook.Resolved>(Defaults)
        {
            [RuleCatalog.BranchMinimumFullMembers.Key] = Local(RuleCatalog.BranchMinimumFullMembers, 2),
            [RuleCatalog.BranchSuggestGeneralBranch.Key] = Local(RuleCatalog.BranchSuggestGeneralBranch, 30),
            [RuleCatalog.CommitteeAtMembers.Key] = Local(RuleCatalog.CommitteeAtMembers, 60),
            [RuleCatalog.BranchCommitteeAtFullMembers.Key] = Local(RuleCatalog.BranchCommitteeAtFullMembers, 5),
            [RuleCatalog.BranchCommitteeMinSize.Key] = Local(RuleCatalog.BranchCommitteeMinSize, 4),
            [RuleCatalog.BranchCommitteeUsualMaxSize.Key] = Local(RuleCatalog.BranchCommitteeUsualMaxSize, 4),
            [RuleCatalog.BranchCommitteeMaxSize.Key] = Local(RuleCatalog.BranchCommitteeMaxSize, 5),
            [RuleCatalog.JointBranchMaxUnits.Key] = Local(RuleCatalog.JointBranchMaxUnits, 3),
        };
        Warnings(OrganizationKind.Branch, 2, 2, rules: rules).ShouldBeEmpty();
        Warnings(OrganizationKind.Branch, 1, 1, rules: rules).Single().Source.ShouldBe("本地规定：branch.min-full-members");
        Warnings(OrganizationKind.Branch, 4, 31, committee: 4, rules: rules).ShouldBe([new("suggest-general-branch",
            "党员31人，超过30人，宜设立党总支", "本地规定：branch.general-branch-above")]);
        Warnings(OrganizationKind.Branch, 4, 60, committee: 4, rules: rules).ShouldBe([new("suggest-committee",
            "党员60人，达到60人，应当设立基层党委", "本地规定：organization.committee-at")]);
        Warnings(OrganizationKind.GeneralBranch, 4, 60, rules: rules).ShouldBe([new("suggest-committee",
            "党员60人，达到60人，应当设立基层党委", "本地规定：organization.committee-at")]);
        Warnings(OrganizationKind.Branch, 5, 5, committee: 3, rules: rules).ShouldBe([new("committee-required",
            "正式党员5人，达到5人，应设立4至4人的支部委员会", "本地规定：branch.committee-at-full-members")]);
        Warnings(OrganizationKind.Branch, 5, 5, committee: 4, rules: rules).ShouldBeEmpty();
        Warnings(OrganizationKind.Branch, 5, 5, committee: 5, rules: rules).ShouldBe([new("committee-large",
            "支部委员会5人，一般为4至4人", "本地规定：branch.committee-usual-max")]);
        Warnings(OrganizationKind.Branch, 5, 5, committee: 6, rules: rules).ShouldBe([new("committee-too-large",
            "支部委员会6人，超过5人的上限", "本地规定：branch.committee-max")]);
        Warnings(OrganizationKind.JointBranch, 5, 5, units: 4, committee: 4, rules: rules).ShouldBe([new("joint-branch-too-wide",
            "联合党支部覆盖4个单位，超过3个", "本地规定：joint-branch.max-units")]);
    }

    [Fact]
    public void A_rule_missing_from_the_resolved_set_falls_back_to_its_default_and_source()
    {
        var none = new Dictionary<string, RuleBook.Resolved>();
        Warnings(OrganizationKind.Branch, 2, 2, rules: none).ShouldBe([new("branch-too-small",
            "党支部正式党员2人，少于3人，不具备单独成立党支部的条件，可与邻近单位成立联合党支部", RuleCatalog.BranchMinimumFullMembers.Source)]);
    }

    [Fact]
    public void A_placement_the_rules_advise_against_or_forbid_is_the_first_warning()
    {
        StructureChecks.Evaluate(new StructureChecks.Facts(OrganizationKind.PartyGroup, 0, 0, 0, null, OrganizationKind.GeneralBranch), Defaults)
            .ShouldBe([new("placement-irregular", "党小组一般设在党支部之下，直接设在党总支下不符合常规", PlacementRules.Of(OrganizationKind.GeneralBranch, OrganizationKind.PartyGroup).Source)]);
        Codes2(OrganizationKind.Branch, OrganizationKind.Branch, 2).ShouldBe(["placement-forbidden", "branch-too-small"]);
        Codes2(OrganizationKind.Branch, OrganizationKind.WorkingCommittee, 3).ShouldBeEmpty();
        Codes2(OrganizationKind.PartyGroup, OrganizationKind.Branch, 0).ShouldBeEmpty();
        Codes2(OrganizationKind.Committee, null, 0).ShouldBeEmpty();
    }

    private static string[] Codes2(OrganizationKind kind, OrganizationKind? parent, long full) =>
        StructureChecks.Evaluate(new StructureChecks.Facts(kind, full, full, 0, null, parent), Defaults).Select(w => w.Code).ToArray();
}
