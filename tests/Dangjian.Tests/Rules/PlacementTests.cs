using Dangjian.Features.Organizations;
using static Dangjian.Features.Organizations.OrganizationKind;
using static Dangjian.Features.Organizations.PlacementVerdict;

namespace Dangjian.Tests.Rules;

/// <summary>Which kind of organization may sit under which (党章 art. 30; 支部工作条例 ch. 2).</summary>
public class PlacementTests
{
    // Rows: parent; columns: child, in the order Committee, WorkingCommittee, GeneralBranch, Branch, JointBranch,
    // TemporaryBranch, PartyGroup. Written out in full, so that a changed rule is a changed line here.
    public static TheoryData<OrganizationKind, PlacementVerdict[]> Table => new()
    {
        { Committee, [Allowed, Allowed, Allowed, Allowed, Allowed, Allowed, Forbidden] },
        { WorkingCommittee, [Allowed, Allowed, Allowed, Allowed, Allowed, Allowed, Forbidden] },
        { GeneralBranch, [Forbidden, Forbidden, Forbidden, Allowed, Allowed, Allowed, Irregular] },
        { Branch, [Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, Allowed] },
        { JointBranch, [Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, Allowed] },
        { TemporaryBranch, [Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, Allowed] },
        { PartyGroup, [Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden] },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void Each_kind_may_hold_only_the_kinds_the_rules_put_under_it(OrganizationKind parent, PlacementVerdict[] verdicts)
    {
        Enum.GetValues<OrganizationKind>().Select(child => PlacementRules.Of(parent, child).Verdict).ShouldBe(verdicts);
        PlacementRules.ChildrenOf(parent).ShouldBe(Enum.GetValues<OrganizationKind>().Where((_, i) => verdicts[i] != Forbidden));
    }

    [Fact]
    public void The_parents_a_kind_may_have_are_read_from_the_same_table()
    {
        PlacementRules.ParentsOf(Branch).ShouldBe([Committee, WorkingCommittee, GeneralBranch]);
        PlacementRules.ParentsOf(PartyGroup).ShouldBe([GeneralBranch, Branch, JointBranch, TemporaryBranch]);
        PlacementRules.ParentsOf(Committee).ShouldBe([Committee, WorkingCommittee]);
    }

    [Fact]
    public void Every_placement_names_its_source_and_every_one_not_allowed_says_why()
    {
        foreach (var parent in Enum.GetValues<OrganizationKind>())
        {
            foreach (var child in Enum.GetValues<OrganizationKind>())
            {
                var rule = PlacementRules.Of(parent, child);
                (rule.Parent, rule.Child).ShouldBe((parent, child));
                rule.Source.ShouldStartWith("《中国共产党");
                if (rule.Verdict == Allowed)
                {
                    rule.Message.ShouldBeNull();
                    PlacementRules.RefusalOf(parent, child).ShouldBeNull();
                }
                else
                {
                    rule.Message.ShouldNotBeNullOrWhiteSpace();
                }
            }
        }
    }

    [Theory]
    [InlineData(WorkingCommittee, PartyGroup, "党工委下不能直接设立党小组，党小组应设在党支部之下（依据《中国共产党支部工作条例（试行）》(2018) 第二章）")]
    [InlineData(Branch, Branch, "党支部下只能设立党小组，不能设立党支部（依据《中国共产党支部工作条例（试行）》(2018) 第二章）")]
    [InlineData(JointBranch, GeneralBranch, "联合党支部下只能设立党小组，不能设立党总支（依据《中国共产党支部工作条例（试行）》(2018) 第二章）")]
    [InlineData(GeneralBranch, Committee, "党总支下只能设立党支部，不能设立党委（依据《中国共产党章程》第三十条）")]
    [InlineData(PartyGroup, PartyGroup, "党小组下不能再设组织（依据《中国共产党支部工作条例（试行）》(2018) 第二章）")]
    public void A_forbidden_placement_is_refused_naming_the_rule(OrganizationKind parent, OrganizationKind child, string message) =>
        PlacementRules.RefusalOf(parent, child).ShouldBe(message);

    [Fact]
    public void An_irregular_placement_is_not_refused() => PlacementRules.RefusalOf(GeneralBranch, PartyGroup).ShouldBeNull();
}
