using Dangjian.Features.Members;
using Dangjian.Features.Organizations;
using static Dangjian.Features.Organizations.OrganizationKind;

namespace Dangjian.Tests.Rules;

/// <summary>Which kinds of organization keep members directly (党章 art. 8; 支部工作条例 ch. 2): every kind but the Party group.</summary>
public class MemberPlacementRuleTests
{
    [Theory]
    [InlineData(Committee, true)]
    [InlineData(WorkingCommittee, true)]
    [InlineData(GeneralBranch, true)]
    [InlineData(Branch, true)]
    [InlineData(JointBranch, true)]
    [InlineData(TemporaryBranch, true)]
    [InlineData(PartyGroup, false)]
    public void Members_are_kept_by_every_kind_but_the_party_group(OrganizationKind kind, bool holds)
    {
        MemberPlacement.HoldsMembers(kind).ShouldBe(holds);
        if (holds)
        {
            MemberPlacement.RefusalOf(kind).ShouldBeNull();
        }
        else
        {
            MemberPlacement.RefusalOf(kind).ShouldBe("党员应编入党支部，党小组请在“所在党小组”中选择");
        }
    }

    [Fact]
    public void Every_kind_is_decided()
    {
        Enum.GetValues<OrganizationKind>().Where(MemberPlacement.HoldsMembers).ShouldBe([Committee, WorkingCommittee, GeneralBranch, Branch, JointBranch, TemporaryBranch]);
    }
}
