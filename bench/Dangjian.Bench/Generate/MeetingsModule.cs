using Dangjian.Features.Meetings;
using Dangjian.Features.Members;
using Dangjian.Platform.Rules;
using Dangjian.Platform.Time;
using Npgsql;
using NpgsqlTypes;

namespace Dangjian.Bench.Generate;

/// <summary>
/// One calendar year of closed meetings for every organization, each kind as often as its rule asks (a period is missed
/// now and then, as in life), up to yesterday; with the duties, tallies and rollups the app's save steps would have
/// written for them, so that the compliance figures read what the app keeps. Attendance rows are not generated: the
/// compliance figures never read them.
/// </summary>
public sealed class MeetingsModule : GeneratorModule
{
    /// <summary>The share of required periods in which an organization held its meeting.</summary>
    public const double HeldShare = 0.93;

    private static readonly int[] Lengths = [.. MeetingTally.Lengths];

    /// <summary>Where each length's periods start among an organization's 25 period slots (12 + 6 + 4 + 2 + 1).</summary>
    private static readonly int[] SlotOffsets = [0, 12, 18, 22, 24];
    private const int Slots = 25;

    public override string Name => "meetings";
    public override IReadOnlyList<string> Needs => ["members"];
    public override IReadOnlyList<string> Tables => ["Meetings", "MeetingTallies", "MeetingRollups", "MeetingDuties", "MeetingDutyRollups"];

    public override async Task<string> LoadAsync(GenerationContext context)
    {
        var tree = context.Tree;
        var kinds = MeetingRules.Kinds.Count;
        var size = tree.All.Max(o => o.Id) + 1;
        var rollup = new int[size * kinds * Slots];
        var dutyRollup = new int[size * kinds];
        var random = new Random(context.Options.Seed + 8);
        var today = BeijingDay.Of(DateTimeOffset.UtcNow);
        var year = today.Year;
        var committeeAt = (int)RuleCatalog.BranchCommitteeAtFullMembers.DefaultValue;

        await using var tallyConnection = await context.Source.OpenConnectionAsync();
        await using var dutyConnection = await context.Source.OpenConnectionAsync();
        await Generator.LoadSettingsAsync(tallyConnection);
        await Generator.LoadSettingsAsync(dutyConnection);
        await using var meetings = await context.Main.BeginBinaryImportAsync(
            """
            COPY "Meetings" ("Id", "OrganizationId", "OrgPath", "Kind", "Topic", "StartsAt", "EndsAt", "Place", "HostName", "RecorderName",
              "LecturerName", "Status", "Minutes", "MinutesApprovedBy", "MinutesApprovedAt", "NotifiedAt", "EntitledToVote", "VotersPresent",
              "ClosedAt", "ClosedBy", "Version") FROM STDIN (FORMAT BINARY)
            """);
        await using var tallies = await tallyConnection.BeginBinaryImportAsync(
            "COPY \"MeetingTallies\" (\"OrganizationId\", \"Kind\", \"Months\", \"Month\", \"Count\") FROM STDIN (FORMAT BINARY)");
        await using var duties = await dutyConnection.BeginBinaryImportAsync(
            "COPY \"MeetingDuties\" (\"OrganizationId\", \"Kind\", \"Required\", \"Threshold\") FROM STDIN (FORMAT BINARY)");

        long id = 0, tallyRows = 0, dutyRows = 0;
        var months = new int[12];
        foreach (var org in tree.All)
        {
            var full = FullMembers(context.Tallies, org.Id);
            foreach (var duty in MeetingDuties.Judge(org.Id, org.Kind, dissolved: false, full, committeeAt))
            {
                await duties.StartRowAsync();
                await duties.WriteAsync(duty.OrganizationId, NpgsqlDbType.Bigint);
                await duties.WriteAsync(duty.Kind.ToString(), NpgsqlDbType.Text);
                await duties.WriteAsync(duty.Required, NpgsqlDbType.Boolean);
                if (duty.Threshold is { } threshold)
                {
                    await duties.WriteAsync(threshold, NpgsqlDbType.Integer);
                }
                else
                {
                    await duties.WriteNullAsync();
                }
                dutyRows++;
                if (!duty.Required)
                {
                    continue;
                }
                var k = (int)duty.Kind;
                for (var a = org; a is not null; a = a.Parent)
                {
                    dutyRollup[a.Id * kinds + k]++;
                }

                Array.Clear(months);
                var interval = (int)MeetingRules.IntervalRule(duty.Kind).DefaultValue;
                for (var start = 1; start <= 12; start += interval)
                {
                    var first = new DateOnly(year, start, 1);
                    var last = first.AddMonths(interval).AddDays(-1);
                    if (last >= today)
                    {
                        last = today.AddDays(-1);
                    }
                    if (first > last || random.NextDouble() >= HeldShare)
                    {
                        continue;
                    }
                    var day = first.AddDays(random.Next(last.DayNumber - first.DayNumber + 1));
                    await WriteMeetingAsync(meetings, ++id, org, duty.Kind, day, full, random);
                    months[day.Month - 1]++;
                }

                // The organization's own tallies and the rollups of it and every ancestor, as MeetingTallyStep keeps them.
                for (var l = 0; l < Lengths.Length; l++)
                {
                    var length = Lengths[l];
                    for (var p = 0; p < 12 / length; p++)
                    {
                        var count = 0;
                        for (var m = p * length; m < (p + 1) * length; m++)
                        {
                            count += months[m];
                        }
                        if (count == 0)
                        {
                            continue;
                        }
                        await tallies.StartRowAsync();
                        await tallies.WriteAsync(org.Id, NpgsqlDbType.Bigint);
                        await tallies.WriteAsync(duty.Kind.ToString(), NpgsqlDbType.Text);
                        await tallies.WriteAsync(length, NpgsqlDbType.Integer);
                        await tallies.WriteAsync(year * 100 + p * length + 1, NpgsqlDbType.Integer);
                        await tallies.WriteAsync(count, NpgsqlDbType.Integer);
                        tallyRows++;
                        for (var a = org; a is not null; a = a.Parent)
                        {
                            rollup[(a.Id * kinds + k) * Slots + SlotOffsets[l] + p]++;
                        }
                    }
                }
            }
        }
        await meetings.CompleteAsync();
        await meetings.DisposeAsync();
        await tallies.CompleteAsync();
        await duties.CompleteAsync();

        await using var rollups = await context.Main.BeginBinaryImportAsync(
            "COPY \"MeetingRollups\" (\"OrganizationId\", \"Kind\", \"Months\", \"Month\", \"Held\") FROM STDIN (FORMAT BINARY)");
        long rollupRows = 0;
        for (long o = 0; o < size; o++)
        {
            for (var k = 0; k < kinds; k++)
            {
                for (var l = 0; l < Lengths.Length; l++)
                {
                    for (var p = 0; p < 12 / Lengths[l]; p++)
                    {
                        var held = rollup[(o * kinds + k) * Slots + SlotOffsets[l] + p];
                        if (held == 0)
                        {
                            continue;
                        }
                        await rollups.StartRowAsync();
                        await rollups.WriteAsync(o, NpgsqlDbType.Bigint);
                        await rollups.WriteAsync(((MeetingKind)k).ToString(), NpgsqlDbType.Text);
                        await rollups.WriteAsync(Lengths[l], NpgsqlDbType.Integer);
                        await rollups.WriteAsync(year * 100 + p * Lengths[l] + 1, NpgsqlDbType.Integer);
                        await rollups.WriteAsync(held, NpgsqlDbType.Integer);
                        rollupRows++;
                    }
                }
            }
        }
        await rollups.CompleteAsync();
        await rollups.DisposeAsync();

        await using var dutyRollups = await context.Main.BeginBinaryImportAsync(
            "COPY \"MeetingDutyRollups\" (\"OrganizationId\", \"Kind\", \"Required\") FROM STDIN (FORMAT BINARY)");
        for (long o = 0; o < size; o++)
        {
            for (var k = 0; k < kinds; k++)
            {
                if (dutyRollup[o * kinds + k] is var required and > 0)
                {
                    await dutyRollups.StartRowAsync();
                    await dutyRollups.WriteAsync(o, NpgsqlDbType.Bigint);
                    await dutyRollups.WriteAsync(((MeetingKind)k).ToString(), NpgsqlDbType.Text);
                    await dutyRollups.WriteAsync(required, NpgsqlDbType.Integer);
                }
            }
        }
        await dutyRollups.CompleteAsync();
        return $"{id:N0} meetings in {year} up to {today.AddDays(-1):yyyy-MM-dd}, {tallyRows:N0} tally rows, {rollupRows:N0} rollup rows, {dutyRows:N0} duties";
    }

    /// <summary>Full members in good standing or reserved, counted from the members module's tallies (the organization's whole subtree).</summary>
    private static long FullMembers(long[] tallies, long orgId)
    {
        long sum = 0;
        foreach (var status in new[] { MembershipStatus.Normal, MembershipStatus.Reserved })
        {
            for (var flags = 0; flags < MemberFactory.FlagValues; flags++)
            {
                sum += tallies[orgId * MemberFactory.Cells + MemberFactory.Cell(MemberCategory.Full, status, flags)];
            }
        }
        return sum;
    }

    private static readonly string[] Topics = ["学习贯彻党的二十届四中全会精神", "学习《中国共产党支部工作条例（试行）》", "讨论本季度工作安排", "开展主题党日志愿服务", "学习新修订的党章"];

    private static async Task WriteMeetingAsync(NpgsqlBinaryImporter copy, long id, OrgNode org, MeetingKind kind, DateOnly day, long full, Random random)
    {
        var starts = BeijingDay.Start(day).AddHours(9).UtcDateTime;
        await copy.StartRowAsync();
        await copy.WriteAsync(id, NpgsqlDbType.Bigint);
        await copy.WriteAsync(org.Id, NpgsqlDbType.Bigint);
        await copy.WriteAsync(org.Path, NpgsqlDbType.Text);
        await copy.WriteAsync(kind.ToString(), NpgsqlDbType.Text);
        await copy.WriteAsync(Topics[random.Next(Topics.Length)], NpgsqlDbType.Text);
        await copy.WriteAsync(starts, NpgsqlDbType.TimestampTz);
        await copy.WriteAsync(starts.AddHours(2), NpgsqlDbType.TimestampTz);
        await copy.WriteAsync("党员活动室", NpgsqlDbType.Text);
        await copy.WriteAsync("书记", NpgsqlDbType.Text);
        await copy.WriteAsync("组织委员", NpgsqlDbType.Text);
        if (kind == MeetingKind.PartyLecture)
        {
            await copy.WriteAsync("党校教师", NpgsqlDbType.Text);
        }
        else
        {
            await copy.WriteNullAsync();
        }
        await copy.WriteAsync(nameof(MeetingStatus.Closed), NpgsqlDbType.Text);
        await copy.WriteAsync("传达学习有关精神，讨论并部署工作。", NpgsqlDbType.Text);
        await copy.WriteAsync("书记", NpgsqlDbType.Text);
        await copy.WriteAsync(starts.AddHours(3), NpgsqlDbType.TimestampTz);
        await copy.WriteAsync(starts.AddDays(-3), NpgsqlDbType.TimestampTz);
        if (kind == MeetingKind.BranchGeneralMeeting)
        {
            await copy.WriteAsync((int)full, NpgsqlDbType.Integer);
            await copy.WriteAsync((int)(full * 9 / 10) + 1, NpgsqlDbType.Integer);
        }
        else
        {
            await copy.WriteNullAsync();
            await copy.WriteNullAsync();
        }
        await copy.WriteAsync(starts.AddHours(3), NpgsqlDbType.TimestampTz);
        await copy.WriteAsync("书记", NpgsqlDbType.Text);
        await copy.WriteAsync(0, NpgsqlDbType.Integer);
    }
}
