using Dangjian.Platform.Rules;

namespace Dangjian.Features.Meetings;

/// <summary>
/// Whether a meeting that decides had enough of those entitled: a branch members' meeting needs more than
/// <see cref="RuleCatalog.BranchGeneralMeetingQuorumPercent"/> per cent (strictly more than half) of the full members
/// entitled to vote, probationary members attending without a vote; a committee meeting needs at least half of its
/// members (半数以上, which includes half). Other meetings record who came and decide nothing.
/// </summary>
public static class MeetingQuorum
{
    public sealed record Result(int Entitled, int Present, string? Refusal);

    public static Result Check(MeetingKind kind, IReadOnlyCollection<MeetingAttendee> attendees, decimal quorumPercent)
    {
        switch (kind)
        {
            case MeetingKind.BranchGeneralMeeting:
            {
                var entitled = attendees.Count(a => a.MayVote);
                var present = attendees.Count(a => a.MayVote && a.Attendance.Attended());
                var met = present * 100m > entitled * quorumPercent;
                return new Result(entitled, present, met ? null
                    : $"到会有表决权的正式党员{present}人，未超过应到会有表决权党员{entitled}人的{quorumPercent:0}%，会议不能作出决定（{RuleCatalog.BranchGeneralMeetingQuorumPercent.Source}）");
            }
            case MeetingKind.BranchCommitteeMeeting:
            {
                var members = attendees.Count;
                var present = attendees.Count(a => a.Attendance.Attended());
                var met = members > 0 && present * 2 >= members;
                return new Result(members, present, met ? null
                    : $"到会委员{present}人，不足应到委员{members}人的半数（《中国共产党支部工作条例（试行）》(2018) 第十二条：须有半数以上委员到会方可进行）");
            }
            default:
                return new Result(attendees.Count(a => a.MayVote), attendees.Count(a => a.MayVote && a.Attendance.Attended()), null);
        }
    }
}
