using Dangjian.Features.Meetings;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Platform.Data;

/// <summary>The meetings' tables; the feature adds them to the one context.</summary>
public abstract partial class AppDb
{
    public DbSet<Meeting> Meetings => Set<Meeting>();
    public DbSet<MeetingAttendee> MeetingAttendees => Set<MeetingAttendee>();
    public DbSet<MeetingCorrection> MeetingCorrections => Set<MeetingCorrection>();
    public DbSet<MeetingTally> MeetingTallies => Set<MeetingTally>();
    public DbSet<MeetingRollup> MeetingRollups => Set<MeetingRollup>();
    public DbSet<MeetingDuty> MeetingDuties => Set<MeetingDuty>();
    public DbSet<MeetingDutyRollup> MeetingDutyRollups => Set<MeetingDutyRollup>();
}
