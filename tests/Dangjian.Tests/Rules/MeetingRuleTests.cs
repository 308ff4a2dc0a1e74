using Dangjian.Features.Meetings;
using Dangjian.Features.Members;
using Dangjian.Features.Organizations;
using Dangjian.Platform.Rules;

namespace Dangjian.Tests.Rules;

/// <summary>The rules of organization life at their edges: quorums, which organization holds what, and the periods of a year.</summary>
public class MeetingRuleTests
{
    private static MeetingAttendee Person(MemberCategory category, Attendance attendance, MembershipStatus status = MembershipStatus.Normal) =>
        new() { MemberName = "某", Category = category, MemberStatus = status, Attendance = attendance };

    private static List<MeetingAttendee> Branch(int fullPresent, int fullAway, int probationaryPresent = 0) =>
    [
        .. Enumerable.Range(0, fullPresent).Select(_ => Person(MemberCategory.Full, Attendance.Present)),
        .. Enumerable.Range(0, fullAway).Select(_ => Person(MemberCategory.Full, Attendance.SickLeave)),
        .. Enumerable.Range(0, probationaryPresent).Select(_ => Person(MemberCategory.Probationary, Attendance.Present)),
    ];

    [Fact]
    public void A_members_meeting_with_exactly_half_of_those_entitled_present_cannot_decide()
    {
        var result = MeetingQuorum.Check(MeetingKind.BranchGeneralMeeting, Branch(fullPresent: 5, fullAway: 5, probationaryPresent: 3), 50);
        (result.Entitled, result.Present).ShouldBe((10, 5), "probationary members attend without a vote");
        result.Refusal!.ShouldStartWith("到会有表决权的正式党员5人，未超过应到会有表决权党员10人的50%");
        result.Refusal.ShouldContain("第十一条");
    }

    [Fact]
    public void One_more_than_half_is_a_quorum_and_a_late_arrival_counts_as_present()
    {
        var attendees = Branch(fullPresent: 5, fullAway: 4);
        attendees[0].Attendance = Attendance.Late;
        MeetingQuorum.Check(MeetingKind.BranchGeneralMeeting, attendees, 50).Refusal.ShouldBeNull();
    }

    [Fact]
    public void Members_whose_membership_is_reserved_do_not_vote()
    {
        var attendees = Branch(fullPresent: 2, fullAway: 2);
        attendees.Add(Person(MemberCategory.Full, Attendance.Present, MembershipStatus.Reserved));
        var result = MeetingQuorum.Check(MeetingKind.BranchGeneralMeeting, attendees, 50);
        (result.Entitled, result.Present, result.Refusal is null).ShouldBe((4, 2, false));
    }

    [Fact]
    public void A_regional_quorum_of_two_thirds_refuses_what_half_would_accept()
    {
        var attendees = Branch(fullPresent: 6, fullAway: 4);
        MeetingQuorum.Check(MeetingKind.BranchGeneralMeeting, attendees, 50).Refusal.ShouldBeNull();
        MeetingQuorum.Check(MeetingKind.BranchGeneralMeeting, attendees, 67).Refusal.ShouldNotBeNull();
    }

    [Fact]
    public void A_committee_meeting_may_proceed_with_half_of_its_members_but_not_fewer()
    {
        MeetingQuorum.Check(MeetingKind.BranchCommitteeMeeting, Branch(fullPresent: 2, fullAway: 2), 50).Refusal.ShouldBeNull();
        MeetingQuorum.Check(MeetingKind.BranchCommitteeMeeting, Branch(fullPresent: 2, fullAway: 3), 50).Refusal!.ShouldContain("第十二条");
    }

    [Fact]
    public void Other_meetings_decide_nothing_and_need_no_quorum() =>
        MeetingQuorum.Check(MeetingKind.ThemedPartyDay, Branch(fullPresent: 1, fullAway: 9), 50).Refusal.ShouldBeNull();

    [Theory]
    [InlineData(6, false, "支委会：无需召开，正式党员不足7人，不设支委会")]
    [InlineData(7, true, "支委会：每月1次（正式党员7人，达到7人应设支委会）")]
    public void A_branch_holds_committee_meetings_from_seven_full_members_on(long fullMembers, bool required, string reason)
    {
        var requirement = MeetingRules.For(MeetingKind.BranchCommitteeMeeting, OrganizationKind.Branch, fullMembers, 7, hasGroups: false, 1);
        (requirement.Required, requirement.Reason).ShouldBe((required, reason));
    }

    [Fact]
    public void Party_group_meetings_are_the_groups_own_and_a_branch_without_groups_is_told_why_it_holds_none()
    {
        MeetingRules.For(MeetingKind.PartyGroupMeeting, OrganizationKind.PartyGroup, 0, 7, false, 1).Required.ShouldBeTrue();
        MeetingRules.For(MeetingKind.PartyGroupMeeting, OrganizationKind.Branch, 20, 7, false, 1).Reason.ShouldBe("党小组会：无需召开，未划分党小组");
        MeetingRules.For(MeetingKind.PartyGroupMeeting, OrganizationKind.Branch, 20, 7, true, 1).Reason.ShouldBe("党小组会：无需召开，由各党小组分别召开");
        MeetingRules.MayHold(MeetingKind.PartyGroupMeeting, OrganizationKind.Branch).ShouldBeFalse();
    }

    [Theory]
    [InlineData(MeetingKind.DemocraticLifeMeeting, OrganizationKind.Committee, true)]
    [InlineData(MeetingKind.DemocraticLifeMeeting, OrganizationKind.Branch, false)]
    [InlineData(MeetingKind.JointMeeting, OrganizationKind.WorkingCommittee, true)]
    [InlineData(MeetingKind.JointMeeting, OrganizationKind.Committee, false)]
    [InlineData(MeetingKind.ThemedPartyDay, OrganizationKind.JointBranch, true)]
    [InlineData(MeetingKind.ThemedPartyDay, OrganizationKind.WorkingCommittee, false)]
    [InlineData(MeetingKind.BranchGeneralMeeting, OrganizationKind.GeneralBranch, true)]
    [InlineData(MeetingKind.PartyLecture, OrganizationKind.TemporaryBranch, true)]
    public void Each_kind_of_organization_holds_its_own_meetings(MeetingKind meeting, OrganizationKind organization, bool required) =>
        MeetingRules.For(meeting, organization, 30, 7, false, 1).Required.ShouldBe(required);

    private static Organization BranchOrg() => new() { Id = 1, Name = "某支部", Kind = OrganizationKind.Branch, Path = "/1/" };

    private static List<OrganizationCompliance.KindView> Year(DateOnly today, IReadOnlyList<MeetingTally> tallies, IReadOnlyList<RuleOverride>? overrides = null,
        Organization? org = null) =>
        OrganizationCompliance.Judge(org ?? BranchOrg(), new OrganizationCompliance.Facts(8, false), 2026, today, tallies, overrides ?? [], null).ToList();

    [Fact]
    public void A_meeting_late_on_the_last_day_of_a_quarter_in_Beijing_counts_for_that_quarter()
    {
        // 23:30 in Beijing on 31 March is 15:30 UTC: still the first quarter; 00:30 on 1 April is 31 March 16:30 UTC.
        var late = new Meeting { Topic = "t", Place = "p", HostName = "h", StartsAt = new DateTimeOffset(2026, 3, 31, 15, 30, 0, TimeSpan.Zero) };
        var after = new Meeting { Topic = "t", Place = "p", HostName = "h", StartsAt = new DateTimeOffset(2026, 3, 31, 16, 30, 0, TimeSpan.Zero) };
        (MeetingTally.MonthOf(late.Day), MeetingTally.MonthOf(after.Day)).ShouldBe((202603, 202604));

        var kinds = Year(new DateOnly(2026, 4, 15), [new MeetingTally { Kind = MeetingKind.BranchGeneralMeeting, Month = 202603, Count = 1 }]);
        var general = kinds.Single(k => k.Kind == MeetingKind.BranchGeneralMeeting);
        general.Periods.Select(p => (p.Label, p.State)).ShouldBe([
            ("第一季度", ComplianceState.Done), ("第二季度", ComplianceState.Due), ("第三季度", ComplianceState.Upcoming), ("第四季度", ComplianceState.Upcoming)]);
    }

    [Fact]
    public void A_period_past_without_a_meeting_is_overdue_and_one_under_way_is_due()
    {
        var kinds = Year(new DateOnly(2026, 3, 10), [new MeetingTally { Kind = MeetingKind.ThemedPartyDay, Month = 202601, Count = 2 }]);
        var day = kinds.Single(k => k.Kind == MeetingKind.ThemedPartyDay);
        day.Periods.Take(4).Select(p => (p.Label, p.State, p.Held)).ShouldBe([
            ("1月", ComplianceState.Done, 2), ("2月", ComplianceState.Overdue, 0), ("3月", ComplianceState.Due, 0), ("4月", ComplianceState.Upcoming, 0)]);
        kinds.Single(k => k.Kind == MeetingKind.OrganizationLifeMeeting).Periods.ShouldHaveSingleItem().Label.ShouldBe("全年");
        kinds.Single(k => k.Kind == MeetingKind.BranchCommitteeMeeting).Required.ShouldBeTrue("8 full members");
        kinds.Single(k => k.Kind == MeetingKind.JointMeeting).Required.ShouldBeFalse();
    }

    [Fact]
    public void A_regional_interval_from_July_changes_the_second_half_year_only()
    {
        RuleOverride Monthly(string path, DateOnly from, string unitKind = "") => new()
        {
            RuleKey = RuleCatalog.PartyLectureInterval.Key, OrganizationPath = path, EffectiveFrom = from, Value = 1, Reason = "地方规定", UnitKind = unitKind,
        };
        var kinds = Year(new DateOnly(2026, 12, 1), [], [Monthly("/1/", new DateOnly(2026, 7, 1))]);
        var lectures = kinds.Single(k => k.Kind == MeetingKind.PartyLecture).Periods.Select(p => p.Label).ToList();
        lectures.ShouldBe(["第一季度", "第二季度", "7月", "8月", "9月", "10月", "11月", "12月"]);

        var elsewhere = Year(new DateOnly(2026, 12, 1), [], [Monthly("/2/", new DateOnly(2026, 1, 1))]);
        elsewhere.Single(k => k.Kind == MeetingKind.PartyLecture).Periods.Count.ShouldBe(4, "an override in another region does not apply");
    }

    [Fact]
    public void Periods_before_an_organization_was_founded_are_not_required()
    {
        var org = BranchOrg();
        org.EstablishedOn = new DateOnly(2026, 5, 20);
        var kinds = Year(new DateOnly(2026, 6, 1), [], org: org);
        kinds.Single(k => k.Kind == MeetingKind.ThemedPartyDay).Periods.Take(6).Select(p => p.State).ShouldBe([
            ComplianceState.NotRequired, ComplianceState.NotRequired, ComplianceState.NotRequired, ComplianceState.NotRequired,
            ComplianceState.Overdue, ComplianceState.Due]);
    }

    [Theory]
    [InlineData(2026, 1, 2026, 1, "1月")]
    [InlineData(2026, 4, 2026, 6, "第二季度")]
    [InlineData(2026, 7, 2026, 12, "下半年")]
    [InlineData(2026, 1, 2026, 12, "全年")]
    [InlineData(2026, 3, 2026, 4, "3—4月")]
    public void Periods_are_named_as_people_say_them(int y1, int m1, int y2, int m2, string label) =>
        OrganizationCompliance.Label(new DateOnly(y1, m1, 1), new DateOnly(y2, m2, 1).AddMonths(1).AddDays(-1)).ShouldBe(label);

    [Fact]
    public void A_sign_in_code_is_accepted_in_its_slot_and_the_next_and_never_for_another_meeting()
    {
        var protector = new Dangjian.Platform.PersonalData.PersonalDataProtector(new byte[32]);
        var shown = new DateTimeOffset(2026, 12, 3, 1, 0, 29, TimeSpan.Zero);
        var code = SignInCodes.Current(protector, 7, shown);
        code.ShouldMatch("^[0-9a-f]{20}$");
        SignInCodes.Accepts(protector, 7, code, shown).ShouldBeTrue();
        SignInCodes.Accepts(protector, 7, code, shown.AddSeconds(30)).ShouldBeTrue("the next slot still takes it");
        SignInCodes.Accepts(protector, 7, code, shown.AddSeconds(31)).ShouldBeFalse("two slots on (at most a minute after it was made) it is refused");
        SignInCodes.Accepts(protector, 8, code, shown).ShouldBeFalse();
        SignInCodes.Accepts(protector, 7, code.ToUpperInvariant(), shown).ShouldBeFalse();
        SignInCodes.Accepts(protector, 7, null, shown).ShouldBeFalse();
        SignInCodes.Accepts(protector, 7, code[..19], shown).ShouldBeFalse();
        SignInCodes.ExpiresAt(shown).ShouldBe(new DateTimeOffset(2026, 12, 3, 1, 1, 0, TimeSpan.Zero));
        SignInCodes.Current(new Dangjian.Platform.PersonalData.PersonalDataProtector(Enumerable.Repeat((byte)1, 32).ToArray()), 7, shown)
            .ShouldNotBe(code, "without the server's key the code cannot be made");
    }
}
