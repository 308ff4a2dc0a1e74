using System.Globalization;
using Dangjian.Features.Members;
using Dangjian.Features.Organizations;
using Dangjian.Platform.Audit;
using Dangjian.Platform.Security;
using Dangjian.Platform.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dangjian.Features.Meetings;

/// <summary>The kinds of organization life (三会一课 and the others), named as in the glossary.</summary>
public enum MeetingKind
{
    BranchGeneralMeeting,
    BranchCommitteeMeeting,
    PartyGroupMeeting,
    PartyLecture,
    ThemedPartyDay,
    OrganizationLifeMeeting,
    HeartToHeartTalk,
    DemocraticLifeMeeting,
    JointMeeting,
}

public enum MeetingStatus
{
    Planned,
    Held,
    Closed,
    Cancelled,
}

/// <summary>How an expected person took part. Leaves need a reason; only present and late count as attending.</summary>
public enum Attendance
{
    Unrecorded,
    Present,
    Late,
    SickLeave,
    OfficialLeave,
    PersonalLeave,
    Absent,
}

public static class MeetingNames
{
    public static string Chinese(this MeetingKind kind) => kind switch
    {
        MeetingKind.BranchGeneralMeeting => "支部党员大会",
        MeetingKind.BranchCommitteeMeeting => "支委会",
        MeetingKind.PartyGroupMeeting => "党小组会",
        MeetingKind.PartyLecture => "党课",
        MeetingKind.ThemedPartyDay => "主题党日",
        MeetingKind.OrganizationLifeMeeting => "组织生活会",
        MeetingKind.HeartToHeartTalk => "谈心谈话",
        MeetingKind.DemocraticLifeMeeting => "民主生活会",
        MeetingKind.JointMeeting => "党建联席会议",
        _ => kind.ToString(),
    };

    public static string Chinese(this MeetingStatus status) => status switch
    {
        MeetingStatus.Planned => "已计划",
        MeetingStatus.Held => "已召开",
        MeetingStatus.Closed => "已归档",
        MeetingStatus.Cancelled => "已取消",
        _ => status.ToString(),
    };

    public static string Chinese(this Attendance attendance) => attendance switch
    {
        Attendance.Unrecorded => "未登记",
        Attendance.Present => "出席",
        Attendance.Late => "迟到",
        Attendance.SickLeave => "病假",
        Attendance.OfficialLeave => "公假",
        Attendance.PersonalLeave => "事假",
        Attendance.Absent => "缺席",
        _ => attendance.ToString(),
    };

    public static bool Attended(this Attendance attendance) => attendance is Attendance.Present or Attendance.Late;

    public static bool IsLeave(this Attendance attendance) =>
        attendance is Attendance.SickLeave or Attendance.OfficialLeave or Attendance.PersonalLeave;
}

/// <summary>
/// A meeting of one organization (a Party group's meeting belongs to the group). Planned, then held, then closed with
/// its attendance, minutes and quorum; or cancelled with a reason. A closed meeting is the record the compliance
/// figures count (<see cref="MeetingTally"/>): it cannot be edited, only amended with an audited correction.
/// </summary>
public sealed class Meeting : IAudited, IScoped
{
    public long Id { get; set; }
    public long OrganizationId { get; set; }
    public string OrgPath { get; set; } = "/";
    public MeetingKind Kind { get; set; }
    public required string Topic { get; set; }
    public DateTimeOffset StartsAt { get; set; }
    public DateTimeOffset? EndsAt { get; set; }
    public required string Place { get; set; }
    public required string HostName { get; set; }
    public string? RecorderName { get; set; }

    /// <summary>Who gives a Party lecture (党课); may be from outside the organization.</summary>
    public string? LecturerName { get; set; }
    public MeetingStatus Status { get; private set; }
    public string? CancelReason { get; private set; }
    public string? Minutes { get; set; }
    public string? Resolutions { get; set; }
    public string? MinutesApprovedBy { get; private set; }
    public DateTimeOffset? MinutesApprovedAt { get; private set; }
    public DateTimeOffset? NotifiedAt { get; set; }

    /// <summary>At closing: full members with the right to vote among the expected, and how many of them attended.</summary>
    public int? EntitledToVote { get; private set; }
    public int? VotersPresent { get; private set; }
    public DateTimeOffset? ClosedAt { get; private set; }
    public string? ClosedBy { get; private set; }
    public int Version { get; set; }

    public List<MeetingAttendee> Attendees { get; set; } = [];

    /// <summary>The Beijing day the meeting starts on: the day its period is counted by.</summary>
    public DateOnly Day => BeijingDay.Of(StartsAt);

    public bool IsOpen => Status is MeetingStatus.Planned or MeetingStatus.Held;

    public string? MarkHeld(DateTimeOffset now)
    {
        if (Status != MeetingStatus.Planned)
        {
            return $"会议{Status.Chinese()}，不能再登记为已召开";
        }
        if (StartsAt > now.AddHours(1))
        {
            return "会议尚未开始，不能登记为已召开";
        }
        Status = MeetingStatus.Held;
        Version++;
        return null;
    }

    public string? ApproveMinutes(string by, DateTimeOffset at)
    {
        if (!IsOpen)
        {
            return $"会议{Status.Chinese()}，记录不能再审定";
        }
        if (string.IsNullOrWhiteSpace(Minutes))
        {
            return "会议记录为空，请记录人先填写会议记录";
        }
        MinutesApprovedBy = by;
        MinutesApprovedAt = at;
        Version++;
        return null;
    }

    /// <summary>A change of the minutes after approval needs a new approval.</summary>
    public void MinutesChanged()
    {
        MinutesApprovedBy = null;
        MinutesApprovedAt = null;
    }

    /// <summary>Closes the record with the quorum figures the caller has checked (<see cref="MeetingQuorum"/>).</summary>
    public void Close(int entitledToVote, int votersPresent, string by, DateTimeOffset at)
    {
        EntitledToVote = entitledToVote;
        VotersPresent = votersPresent;
        Status = MeetingStatus.Closed;
        ClosedAt = at;
        ClosedBy = by;
        Version++;
    }

    /// <summary>A correction of a closed record's attendance: the quorum figures follow it.</summary>
    public void Amended(int entitledToVote, int votersPresent)
    {
        EntitledToVote = entitledToVote;
        VotersPresent = votersPresent;
        Version++;
    }

    public string? Cancel(string reason, string by, DateTimeOffset at)
    {
        if (Status != MeetingStatus.Planned)
        {
            return Status == MeetingStatus.Cancelled ? "会议已取消" : $"会议{Status.Chinese()}，不能取消";
        }
        Status = MeetingStatus.Cancelled;
        CancelReason = reason;
        ClosedAt = at;
        ClosedBy = by;
        Version++;
        return null;
    }

    string IAudited.AuditScopePath => OrgPath;
    IEnumerable<string?> IScoped.ScopePaths => [OrgPath];
    string IAudited.AuditId => Id.ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// One expected person of a meeting and how they took part. The member's category and status are copied when they
/// are added, so that who could vote stays what it was on the day. One row per member and meeting (a unique index),
/// so marks sent at the same moment by the host and the member end in one row.
/// </summary>
public sealed class MeetingAttendee : IAudited
{
    public long Id { get; set; }
    public long MeetingId { get; set; }
    public long MemberId { get; set; }
    public required string MemberName { get; set; }
    public string OrgPath { get; set; } = "/";
    public MemberCategory Category { get; set; }
    public MembershipStatus MemberStatus { get; set; }
    public bool IsMobile { get; set; }
    public Attendance Attendance { get; set; }
    public string? Reason { get; set; }
    public DateTimeOffset? SignedInAt { get; set; }
    public string? RecordedBy { get; set; }

    /// <summary>Full members in good standing vote; probationary members attend without a vote (党章 第七条).</summary>
    public bool MayVote => Category == MemberCategory.Full && MemberStatus == MembershipStatus.Normal;

    string IAudited.AuditScopePath => OrgPath;
    string IAudited.AuditId => Id.ToString(CultureInfo.InvariantCulture);
}

/// <summary>A correction of a closed meeting's record: what was changed, from what, to what, why, by whom.</summary>
public sealed class MeetingCorrection : IAudited
{
    public long Id { get; set; }
    public long MeetingId { get; set; }
    public string OrgPath { get; set; } = "/";
    public required string Field { get; set; }
    public string? Before { get; set; }
    public string? After { get; set; }
    public required string Reason { get; set; }
    public required string By { get; set; }
    public DateTimeOffset At { get; set; }

    string IAudited.AuditScopePath => OrgPath;
    string IAudited.AuditId => Id.ToString(CultureInfo.InvariantCulture);
}

// Stryker disable all : the database mapping is not a rule; MigrationTests compare it with the migrations (docs/testing.md)
internal sealed class MeetingConfiguration : IEntityTypeConfiguration<Meeting>
{
    public void Configure(EntityTypeBuilder<Meeting> b)
    {
        b.Property(m => m.OrgPath).HasMaxLength(400);
        b.Property(m => m.Topic).HasMaxLength(200);
        b.Property(m => m.Place).HasMaxLength(200);
        b.Property(m => m.HostName).HasMaxLength(50);
        b.Property(m => m.RecorderName).HasMaxLength(50);
        b.Property(m => m.LecturerName).HasMaxLength(50);
        b.Property(m => m.CancelReason).HasMaxLength(500);
        b.Property(m => m.Minutes).HasMaxLength(20_000);
        b.Property(m => m.Resolutions).HasMaxLength(5_000);
        b.Property(m => m.MinutesApprovedBy).HasMaxLength(100);
        b.Property(m => m.ClosedBy).HasMaxLength(100);
        b.Property(m => m.Version).IsConcurrencyToken();
        b.Ignore(m => m.Day);
        b.Ignore(m => m.IsOpen);
        b.HasOne<Organization>().WithMany().HasForeignKey(m => m.OrganizationId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(m => m.Attendees).WithOne().HasForeignKey(a => a.MeetingId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(m => new { m.OrganizationId, m.StartsAt });
        b.HasIndex(m => new { m.OrgPath, m.StartsAt });
    }
}

/// <summary>
/// SQLite has no type for a moment with its offset, and EF cannot compare or order such values there: meetings' times
/// are stored as UTC ticks, which compare as the moments do.
/// </summary>
internal sealed class MeetingSqliteConfiguration : Dangjian.Platform.Data.ISqliteModelConfiguration
{
    public void Configure(ModelBuilder builder)
    {
        builder.Entity<Meeting>().Property(m => m.StartsAt).HasConversion(v => v.UtcTicks, v => new DateTimeOffset(v, TimeSpan.Zero));
        builder.Entity<Meeting>().Property(m => m.EndsAt).HasConversion(
            v => v == null ? (long?)null : v.Value.UtcTicks, v => v == null ? null : new DateTimeOffset(v.Value, TimeSpan.Zero));
    }
}

internal sealed class MeetingAttendeeConfiguration : IEntityTypeConfiguration<MeetingAttendee>
{
    public void Configure(EntityTypeBuilder<MeetingAttendee> b)
    {
        b.Property(a => a.MemberName).HasMaxLength(50);
        b.Property(a => a.OrgPath).HasMaxLength(400);
        b.Property(a => a.Reason).HasMaxLength(200);
        b.Property(a => a.RecordedBy).HasMaxLength(100);
        b.Ignore(a => a.MayVote);
        b.HasOne<Member>().WithMany().HasForeignKey(a => a.MemberId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(a => new { a.MeetingId, a.MemberId }).IsUnique();
        b.HasIndex(a => a.MemberId);
    }
}

internal sealed class MeetingCorrectionConfiguration : IEntityTypeConfiguration<MeetingCorrection>
{
    public void Configure(EntityTypeBuilder<MeetingCorrection> b)
    {
        b.Property(c => c.OrgPath).HasMaxLength(400);
        b.Property(c => c.Field).HasMaxLength(40);
        b.Property(c => c.Before).HasMaxLength(20_000);
        b.Property(c => c.After).HasMaxLength(20_000);
        b.Property(c => c.Reason).HasMaxLength(500);
        b.Property(c => c.By).HasMaxLength(100);
        b.HasOne<Meeting>().WithMany().HasForeignKey(c => c.MeetingId).OnDelete(DeleteBehavior.Cascade);
    }
}
