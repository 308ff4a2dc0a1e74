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
    [InlineData("meeting.branch-general.interval-months", 3, 1, 3)]
    [InlineData("meeting.branch-general.quorum-percent", 50, 50, 80)]
    [InlineData("meeting.branch-committee.interval-months", 1, 1, 1)]
    [InlineData("meeting.party-group.interval-months", 1, 1, 1)]
    [InlineData("meeting.party-lecture.interval-months", 3, 1, 12)]
    [InlineData("meeting.themed-party-day.interval-months", 1, 1, 1)]
    [InlineData("meeting.organization-life.interval-months", 12, 1, 12)]
    [InlineData("meeting.heart-to-heart.interval-months", 12, 1, 12)]
    [InlineData("meeting.democratic-life.interval-months", 12, 1, 12)]
    [InlineData("meeting.joint.interval-months", 2, 1, 3)]
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

    private static RuleOverride Version(string path, decimal? value, DateOnly from, string unitKind = "") => new()
    {
        RuleKey = RuleCatalog.PartyLectureInterval.Key, OrganizationPath = path, Value = value, EffectiveFrom = from, UnitKind = unitKind, Reason = path + unitKind,
    };

    private static readonly DateOnly Jan = new(2026, 1, 1);

    [Fact]
    public void Within_one_organization_the_override_for_the_unit_kind_wins_over_the_one_for_all()
    {
        var overrides = new[] { Version("/1/", 2, Jan), Version("/1/", 1, Jan, "Village") };
        RuleBook.On(RuleCatalog.PartyLectureInterval, overrides, "Village", Jan).Value.ShouldBe(1);
        RuleBook.On(RuleCatalog.PartyLectureInterval, overrides, "Community", Jan).Value.ShouldBe(2);
        RuleBook.On(RuleCatalog.PartyLectureInterval, overrides, null, Jan).Value.ShouldBe(2);
    }

    [Fact]
    public void A_deeper_region_wins_over_a_unit_kind_override_above_it()
    {
        var overrides = new[] { Version("/1/", 1, Jan, "Village"), Version("/1/5/", 2, Jan) };
        RuleBook.On(RuleCatalog.PartyLectureInterval, overrides, "Village", Jan).Value.ShouldBe(2);
    }

    [Fact]
    public void Each_day_is_judged_by_the_version_in_force_on_it()
    {
        var overrides = new[] { Version("/1/", 2, Jan), Version("/1/", 1, new DateOnly(2026, 7, 1)) };
        RuleBook.On(RuleCatalog.PartyLectureInterval, overrides, null, new DateOnly(2025, 12, 31)).Value.ShouldBe(3, "before any version: the national value");
        RuleBook.On(RuleCatalog.PartyLectureInterval, overrides, null, new DateOnly(2026, 6, 30)).Value.ShouldBe(2);
        RuleBook.On(RuleCatalog.PartyLectureInterval, overrides, null, new DateOnly(2026, 7, 1)).Value.ShouldBe(1);
    }

    [Fact]
    public void A_withdrawn_version_lets_the_region_above_apply_again()
    {
        var overrides = new[] { Version("/1/", 2, Jan), Version("/1/5/", 1, Jan), Version("/1/5/", null, new DateOnly(2026, 3, 1)) };
        RuleBook.On(RuleCatalog.PartyLectureInterval, overrides, null, new DateOnly(2026, 2, 1)).Value.ShouldBe(1);
        var after = RuleBook.On(RuleCatalog.PartyLectureInterval, overrides, null, new DateOnly(2026, 3, 1));
        after.Value.ShouldBe(2);
        after.Override!.OrganizationPath.ShouldBe("/1/");
        after.Source.ShouldStartWith("本地规定：/1/");
    }

    [Fact]
    public void A_meeting_interval_must_divide_the_year_and_may_not_be_longer_than_its_source_allows()
    {
        RuleCatalog.PartyLectureInterval.RefusalOf(5).ShouldBe("“党课周期”只能取1、2、3、6、12");
        RuleCatalog.PartyLectureInterval.RefusalOf(6).ShouldBeNull();
        RuleCatalog.BranchGeneralMeetingInterval.RefusalOf(6).ShouldBe("“支部党员大会召开周期”依据规定只能在1到3之间");
        RuleCatalog.ThemedPartyDayInterval.RefusalOf(2).ShouldNotBeNull("the themed Party day is monthly by the regulations");
    }

    [Fact]
    public void The_meeting_rules_name_their_articles_and_say_which_are_local_practice()
    {
        RuleCatalog.BranchGeneralMeetingInterval.Source.ShouldContain("第十一条");
        RuleCatalog.BranchCommitteeMeetingInterval.Source.ShouldContain("第十二条");
        RuleCatalog.ThemedPartyDayInterval.Source.ShouldContain("第二十条");
        RuleCatalog.PartyLectureInterval.IsLocalPractice.ShouldBeTrue();
        RuleCatalog.JointMeetingInterval.IsLocalPractice.ShouldBeTrue();
        RuleCatalog.BranchGeneralMeetingInterval.IsLocalPractice.ShouldBeFalse();
        RuleCatalog.BranchGeneralMeetingInterval.EffectiveFrom.ShouldBe(new DateOnly(2018, 10, 28));
    }
}
