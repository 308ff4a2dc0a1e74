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
}
