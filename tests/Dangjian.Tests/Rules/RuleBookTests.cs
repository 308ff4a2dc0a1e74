using Dangjian.Platform.Rules;

namespace Dangjian.Tests.Rules;

/// <summary>The catalogue itself: each rule's range, its refusals, and that every default lies in the range its source allows.</summary>
public class RuleBookTests
{
    private static readonly RuleDefinition Committee = RuleCatalog.BranchCommitteeMinSize; // 3, allowed 3 to 5

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void A_whole_value_within_the_range_is_accepted(int value) => Committee.RefusalOf(value).ShouldBeNull();

    [Theory]
    [InlineData(2)]
    [InlineData(6)]
    [InlineData(-3)]
    public void A_value_outside_the_range_is_refused_with_the_rule_and_its_range_named(int value) =>
        Committee.RefusalOf(value).ShouldBe("“支委会最少委员数”依据规定只能在3到5之间");

    [Theory]
    [InlineData("3.5")]
    [InlineData("4.001")]
    [InlineData("0.5")]
    public void A_fraction_is_refused_even_within_the_range(string value) =>
        Committee.RefusalOf(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture)).ShouldBe("取值应为整数");

    [Fact]
    public void Every_rule_has_a_unique_key_a_title_a_source_and_a_default_its_source_allows()
    {
        RuleCatalog.All.Select(r => r.Key).ShouldBeUnique();
        RuleCatalog.All.ShouldAllBe(r => r.Title.Length > 0 && r.Source.Length > 0 && r.Minimum <= r.DefaultValue && r.DefaultValue <= r.Maximum);
        RuleCatalog.All.ShouldAllBe(r => r.RefusalOf(r.DefaultValue) == null);
    }

    [Fact]
    public void A_rule_is_found_by_its_key_and_an_unknown_key_finds_none()
    {
        RuleCatalog.Find("transfer.letter-validity-days").ShouldBeSameAs(RuleCatalog.TransferLetterValidityDays);
        RuleCatalog.Find("branch.committee-min").ShouldBeSameAs(RuleCatalog.BranchCommitteeMinSize);
        RuleCatalog.Find("no.such-rule").ShouldBeNull();
    }

    // The values the regulations give, written out here rather than read back from the catalogue: a changed default
    // must be a decision, not a slip.
    [Theory]
    [InlineData("branch.min-full-members", 3, 1, 3)]
    [InlineData("branch.general-branch-above", 50, 20, 50)]
    [InlineData("organization.committee-at", 100, 50, 100)]
    [InlineData("joint-branch.max-units", 5, 2, 5)]
    [InlineData("branch.committee-at-full-members", 7, 3, 7)]
    [InlineData("branch.committee-min", 3, 3, 5)]
    [InlineData("branch.committee-usual-max", 5, 3, 7)]
    [InlineData("branch.committee-max", 7, 5, 7)]
    [InlineData("transfer.letter-validity-days", 30, 1, 90)]
    public void The_catalogue_holds_the_values_of_the_regulations(string key, int value, int minimum, int maximum)
    {
        var rule = RuleCatalog.Find(key)!;
        (rule.DefaultValue, rule.Minimum, rule.Maximum).ShouldBe((value, minimum, maximum));
    }

    [Fact]
    public void Each_rule_names_the_text_it_comes_from()
    {
        RuleCatalog.BranchMinimumFullMembers.Source.ShouldStartWith("《中国共产党支部工作条例（试行）》(2018) 第六条");
        RuleCatalog.BranchCommitteeMaxSize.Source.ShouldStartWith("《中国共产党基层组织选举工作条例》(2020) 第七条");
        RuleCatalog.CommitteeAtMembers.Source.ShouldContain("《中国共产党章程》第三十条");
        RuleCatalog.TransferLetterValidityDays.Source.ShouldContain("介绍信有效期一般为1个月");
    }
}
