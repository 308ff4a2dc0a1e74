using Dangjian.Features.Organizations;
using Dangjian.Platform.Rules;

namespace Dangjian.Features.Meetings;

/// <summary>What an organization must hold, from its kind and its facts: the rule in words, or why it need not.</summary>
public sealed record Requirement(bool Required, string Reason);

/// <summary>
/// Which kinds of organization hold which meetings, and how often (the interval rules of <see cref="RuleCatalog"/>). The
/// facts a requirement depends on are the organization's kind, its full members (a branch committee exists from
/// <see cref="RuleCatalog.BranchCommitteeAtFullMembers"/> on) and whether it has Party groups.
/// </summary>
public static class MeetingRules
{
    public static readonly IReadOnlyList<MeetingKind> Kinds = Enum.GetValues<MeetingKind>();

    public static RuleDefinition IntervalRule(MeetingKind kind) => kind switch
    {
        MeetingKind.BranchGeneralMeeting => RuleCatalog.BranchGeneralMeetingInterval,
        MeetingKind.BranchCommitteeMeeting => RuleCatalog.BranchCommitteeMeetingInterval,
        MeetingKind.PartyGroupMeeting => RuleCatalog.PartyGroupMeetingInterval,
        MeetingKind.PartyLecture => RuleCatalog.PartyLectureInterval,
        MeetingKind.ThemedPartyDay => RuleCatalog.ThemedPartyDayInterval,
        MeetingKind.OrganizationLifeMeeting => RuleCatalog.OrganizationLifeMeetingInterval,
        MeetingKind.HeartToHeartTalk => RuleCatalog.HeartToHeartTalkInterval,
        MeetingKind.DemocraticLifeMeeting => RuleCatalog.DemocraticLifeMeetingInterval,
        MeetingKind.JointMeeting => RuleCatalog.JointMeetingInterval,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>Every rule a compliance check resolves for one organization: the intervals and the committee threshold.</summary>
    public static readonly IReadOnlyList<RuleDefinition> ComplianceRules =
        [.. Kinds.Select(IntervalRule), RuleCatalog.BranchCommitteeAtFullMembers];

    private static bool IsBranch(OrganizationKind kind) =>
        kind is OrganizationKind.Branch or OrganizationKind.JointBranch or OrganizationKind.TemporaryBranch;

    /// <summary>"每月1次", "每季度1次", "每两个月1次", "每年1次".</summary>
    public static string Frequency(int intervalMonths) => intervalMonths switch
    {
        1 => "每月1次",
        2 => "每两个月1次",
        3 => "每季度1次",
        6 => "每半年1次",
        12 => "每年1次",
        _ => $"每{intervalMonths}个月1次",
    };

    public static Requirement For(MeetingKind meeting, OrganizationKind organization, long fullMembers, int committeeAt, bool hasGroups, int intervalMonths)
    {
        var name = meeting.Chinese();
        var required = new Requirement(true, $"{name}：{Frequency(intervalMonths)}");
        Requirement Not(string why) => new(false, $"{name}：无需召开，{why}");
        return meeting switch
        {
            MeetingKind.BranchGeneralMeeting => IsBranch(organization) || organization == OrganizationKind.GeneralBranch
                ? required : Not("由党支部（党总支）召开"),
            MeetingKind.BranchCommitteeMeeting => organization == OrganizationKind.GeneralBranch
                ? required
                : !IsBranch(organization) ? Not("由党支部（党总支）召开")
                : fullMembers >= committeeAt ? new Requirement(true, $"{name}：{Frequency(intervalMonths)}（正式党员{fullMembers}人，达到{committeeAt}人应设支委会）")
                : Not($"正式党员不足{committeeAt}人，不设支委会"),
            MeetingKind.PartyGroupMeeting => organization == OrganizationKind.PartyGroup
                ? required
                : IsBranch(organization) || organization == OrganizationKind.GeneralBranch
                    ? Not(hasGroups ? "由各党小组分别召开" : "未划分党小组")
                    : Not("由党小组召开"),
            MeetingKind.PartyLecture or MeetingKind.ThemedPartyDay or MeetingKind.OrganizationLifeMeeting or MeetingKind.HeartToHeartTalk =>
                IsBranch(organization) ? required : Not(organization == OrganizationKind.PartyGroup ? "由所在党支部组织" : "由所属党支部组织"),
            MeetingKind.DemocraticLifeMeeting => organization is OrganizationKind.Committee or OrganizationKind.WorkingCommittee
                ? required : Not("由党委（党工委）领导班子召开"),
            MeetingKind.JointMeeting => organization == OrganizationKind.WorkingCommittee
                ? required : Not("由街道党工委与驻区单位召开"),
            _ => Not("不适用"),
        };
    }

    /// <summary>Whether an organization of this kind may hold a meeting of that kind at all (planning refuses the rest).</summary>
    public static bool MayHold(MeetingKind meeting, OrganizationKind organization) =>
        // A branch below the committee threshold may still meet as a committee when it chose to set one up.
        For(meeting, organization, fullMembers: int.MaxValue, committeeAt: 0, hasGroups: true, intervalMonths: 1).Required;

    /// <summary>The first month of the period of <paramref name="intervalMonths"/> months that holds <paramref name="month"/> (1–12).</summary>
    public static int PeriodStartMonth(int month, int intervalMonths) => (month - 1) / intervalMonths * intervalMonths + 1;
}
