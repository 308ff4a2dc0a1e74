using Dangjian.Platform.Audit;
using Dangjian.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dangjian.Platform.Rules;

/// <summary>
/// A numeric rule with the regulation it comes from. Regions (an organization's subtree, optionally only its units of one
/// kind) may override it, but only within [<see cref="Minimum"/>, <see cref="Maximum"/>]: the room the source itself
/// leaves (a letter may be valid for at most 3 months, a branch committee has 3 to 7 members). Every value is a whole
/// number (days, people, months, hours).
/// </summary>
public sealed record RuleDefinition(string Key, string Title, decimal DefaultValue, string Source, decimal Minimum, decimal Maximum)
{
    /// <summary>The day the source took effect; null where the text's date could not be confirmed (the page says so).</summary>
    public DateOnly? EffectiveFrom { get; init; }

    /// <summary>True when the value is a common local practice rather than a national text (the page says so).</summary>
    public bool IsLocalPractice { get; init; }

    /// <summary>The unit a value is read in (人, 天, 个月, 学时), for pages.</summary>
    public string Unit { get; init; } = "";

    /// <summary>
    /// The only values allowed within the range, where not every whole number makes sense: a meeting interval in months
    /// must divide the year, so that its periods are whole months, quarters or half years that never straddle a year.
    /// </summary>
    public IReadOnlyList<int>? AllowedValues { get; init; }

    /// <summary>Why a value cannot be set, in Chinese, or null when the value lies in the range the source allows.</summary>
    public string? RefusalOf(decimal value) =>
        decimal.Truncate(value) != value ? "取值应为整数"
        : value < Minimum || value > Maximum ? $"“{Title}”依据规定只能在{Minimum:0}到{Maximum:0}之间"
        : AllowedValues is { } allowed && !allowed.Contains((int)value) ? $"“{Title}”只能取{string.Join("、", allowed)}"
        : null;
}

/// <summary>
/// The rules the product enforces, each with its source. Where two official texts differ, the one chosen is named
/// in <see cref="RuleDefinition.Source"/>, and a region can set its own value (<see cref="RuleOverride"/>).
/// </summary>
public static class RuleCatalog
{
    private const string BranchRegulations = "《中国共产党支部工作条例（试行）》(2018) 第六条";
    private const string GrassrootsElections = "《中国共产党基层组织选举工作条例》(2020) 第七条";
    private const string BranchWork = "《中国共产党支部工作条例（试行）》(2018)";
    private static readonly DateOnly BranchRegulationsIssued = new(2018, 10, 28);
    private static readonly int[] IntervalMonths = [1, 2, 3, 6, 12];

    public static readonly RuleDefinition BranchMinimumFullMembers = new(
        "branch.min-full-members", "党支部正式党员最少人数", 3, BranchRegulations + "：正式党员3人以上的，应当成立党支部",
        Minimum: 1, Maximum: 3) { EffectiveFrom = BranchRegulationsIssued, Unit = "人" };
    public static readonly RuleDefinition BranchSuggestGeneralBranch = new(
        "branch.general-branch-above", "党员超过此数宜设党总支", 50, BranchRegulations + "：党员人数一般不超过50人；党员50人以上的，经批准可以成立党总支",
        Minimum: 20, Maximum: 50) { EffectiveFrom = BranchRegulationsIssued, Unit = "人" };
    public static readonly RuleDefinition CommitteeAtMembers = new(
        "organization.committee-at", "党员达到此数宜设基层党委", 100, "《中国共产党章程》第三十条、《支部工作条例》第六条：党员100人以上的，设立基层党委",
        Minimum: 50, Maximum: 100) { EffectiveFrom = BranchRegulationsIssued, Unit = "人" };
    public static readonly RuleDefinition JointBranchMaxUnits = new(
        "joint-branch.max-units", "联合党支部覆盖单位上限", 5, BranchRegulations + "：联合党支部覆盖单位一般不超过5个",
        Minimum: 2, Maximum: 5) { EffectiveFrom = BranchRegulationsIssued, Unit = "个" };
    public static readonly RuleDefinition BranchCommitteeAtFullMembers = new(
        "branch.committee-at-full-members", "正式党员达到此数应设支委会", 7, BranchRegulations + "：正式党员7人以上的党支部，设立支部委员会",
        Minimum: 3, Maximum: 7) { EffectiveFrom = BranchRegulationsIssued, Unit = "人" };
    public static readonly RuleDefinition BranchCommitteeMinSize = new(
        "branch.committee-min", "支委会最少委员数", 3, BranchRegulations + "：支部委员会由3至5人组成，一般不超过7人",
        Minimum: 3, Maximum: 5) { EffectiveFrom = BranchRegulationsIssued, Unit = "人" };
    public static readonly RuleDefinition BranchCommitteeUsualMaxSize = new(
        "branch.committee-usual-max", "支委会一般最多委员数", 5, BranchRegulations + "：支部委员会由3至5人组成，一般不超过7人",
        Minimum: 3, Maximum: 7) { EffectiveFrom = BranchRegulationsIssued, Unit = "人" };
    public static readonly RuleDefinition BranchCommitteeMaxSize = new(
        "branch.committee-max", "支委会委员数上限", 7, GrassrootsElections + "、" + BranchRegulations + "：一般不超过7人",
        Minimum: 5, Maximum: 7) { EffectiveFrom = new DateOnly(2020, 7, 13), Unit = "人" };
    public static readonly RuleDefinition TransferLetterValidityDays = new(
        "transfer.letter-validity-days", "组织关系介绍信有效期（天）", 30,
        "中共中央组织部《关于进一步规范党员组织关系转接工作的通知》：介绍信有效期一般为1个月（各地可在3个月内自定）",
        Minimum: 1, Maximum: 90) { Unit = "天" };

    // Organization life (组织生活). An interval is the length of the periods, in months, within which one meeting of the
    // kind must be held: 1 a month, 3 a quarter, 12 a year. A region may ask for meetings more often than the source, never
    // less often, so each source's own interval is the maximum.
    public static readonly RuleDefinition BranchGeneralMeetingInterval = new(
        "meeting.branch-general.interval-months", "支部党员大会召开周期", 3, BranchWork + " 第十一条：党员大会一般每季度召开1次",
        Minimum: 1, Maximum: 3) { EffectiveFrom = BranchRegulationsIssued, Unit = "个月", AllowedValues = IntervalMonths };
    public static readonly RuleDefinition BranchGeneralMeetingQuorumPercent = new(
        "meeting.branch-general.quorum-percent", "支部党员大会到会人数须超过有表决权党员的百分比", 50,
        BranchWork + " 第十一条、《中国共产党发展党员工作细则》(2014) 第二十六条：有表决权的到会人数须超过应到会有表决权人数的半数（预备党员列席，不计入）",
        Minimum: 50, Maximum: 80) { EffectiveFrom = BranchRegulationsIssued, Unit = "%" };
    public static readonly RuleDefinition BranchCommitteeMeetingInterval = new(
        "meeting.branch-committee.interval-months", "支委会召开周期", 1, BranchWork + " 第十二条：党支部委员会会议一般每月召开1次；须有半数以上委员到会方可进行",
        Minimum: 1, Maximum: 1) { EffectiveFrom = BranchRegulationsIssued, Unit = "个月", AllowedValues = IntervalMonths };
    public static readonly RuleDefinition PartyGroupMeetingInterval = new(
        "meeting.party-group.interval-months", "党小组会召开周期", 1, BranchWork + " 第十三条：党小组会一般每月召开1次（仅划分了党小组的支部）",
        Minimum: 1, Maximum: 1) { EffectiveFrom = BranchRegulationsIssued, Unit = "个月", AllowedValues = IntervalMonths };
    public static readonly RuleDefinition PartyLectureInterval = new(
        "meeting.party-lecture.interval-months", "党课周期", 3,
        "地方通行做法：党课每季度至少1次（" + BranchWork + " 第十九条只规定按时上党课，未定次数）",
        Minimum: 1, Maximum: 12) { EffectiveFrom = BranchRegulationsIssued, IsLocalPractice = true, Unit = "个月", AllowedValues = IntervalMonths };
    public static readonly RuleDefinition ThemedPartyDayInterval = new(
        "meeting.themed-party-day.interval-months", "主题党日周期", 1, BranchWork + " 第二十条：党支部每月相对固定1天开展主题党日",
        Minimum: 1, Maximum: 1) { EffectiveFrom = BranchRegulationsIssued, Unit = "个月", AllowedValues = IntervalMonths };
    public static readonly RuleDefinition OrganizationLifeMeetingInterval = new(
        "meeting.organization-life.interval-months", "组织生活会周期", 12, BranchWork + " 第二十一条：党支部每年至少召开1次组织生活会，一般安排在第四季度",
        Minimum: 1, Maximum: 12) { EffectiveFrom = BranchRegulationsIssued, Unit = "个月", AllowedValues = IntervalMonths };
    public static readonly RuleDefinition HeartToHeartTalkInterval = new(
        "meeting.heart-to-heart.interval-months", "谈心谈话周期", 12, BranchWork + " 第二十二条：支部委员之间、支部委员和党员之间、党员和党员之间，每年谈心谈话一般不少于1次",
        Minimum: 1, Maximum: 12) { EffectiveFrom = BranchRegulationsIssued, Unit = "个月", AllowedValues = IntervalMonths };
    public static readonly RuleDefinition DemocraticLifeMeetingInterval = new(
        "meeting.democratic-life.interval-months", "民主生活会周期", 12, "《县以上党和国家机关党员领导干部民主生活会若干规定》：领导班子民主生活会一般每年召开1次",
        Minimum: 1, Maximum: 12) { Unit = "个月", AllowedValues = IntervalMonths };
    public static readonly RuleDefinition JointMeetingInterval = new(
        "meeting.joint.interval-months", "街道与驻区单位党建联席会议周期", 2,
        "地方通行做法：街道党工委与驻区单位党组织每两个月召开1次党建联席会议（中共中央办公厅《关于加强和改进城市基层党的建设工作的意见》(2019) 要求建立联席会议制度，未定次数）",
        Minimum: 1, Maximum: 3) { EffectiveFrom = new DateOnly(2019, 5, 8), IsLocalPractice = true, Unit = "个月", AllowedValues = IntervalMonths };

    /// <summary>优秀 at most one in N of those evaluated: N, so that "one third" is exact (3 of 9) without rounding.</summary>
    public static readonly RuleDefinition EvaluationExcellentAtMostOneIn = new(
        "evaluation.excellent-at-most-one-in", "民主评议党员：评为优秀的不超过参评党员的N分之一（N）", 3,
        "地方通行做法：民主评议党员（中共中央组织部《关于党员民主评议的意见》规定评议等次为优秀、合格、基本合格、不合格），"
        + "各地细则一般规定评为优秀的不超过参评党员的三分之一；文件日期未经核实",
        Minimum: 3, Maximum: 10) { IsLocalPractice = true, Unit = "分之一" };

    /// <summary>A region may ask for more hours, never fewer than the plan's "一般不少于".</summary>
    public static readonly RuleDefinition StudyHoursPerYear = new(
        "study.member-hours-per-year", "党员每年集中学习培训学时", 32,
        "中共中央《2019—2023年全国党员教育培训工作规划》：党员每年集中学习培训时间一般不少于32学时"
        + "（培训班、送学上门等集中学习计入；规划印发日期及现行规划的数值未经核实）",
        Minimum: 32, Maximum: 120) { Unit = "学时" };

    private const string WishPractice = "地方通行做法：微心愿“收集—审核—上墙—认领—兑现—评价”各环节限时办结（各地社区微心愿活动方案；"
        + "无全国统一规定，数值为常见做法，未经核实）";

    public static readonly RuleDefinition WishReviewWorkingDays = new(
        "wish.review-working-days", "微心愿：社区审核期限（收到后N个工作日内）", 3, WishPractice, Minimum: 1, Maximum: 10)
    { IsLocalPractice = true, Unit = "个工作日" };

    public static readonly RuleDefinition WishClaimWorkingDays = new(
        "wish.claim-working-days", "微心愿：上墙后待认领期限（N个工作日）", 10, WishPractice, Minimum: 1, Maximum: 30)
    { IsLocalPractice = true, Unit = "个工作日" };

    public static readonly RuleDefinition WishFulfilWorkingDays = new(
        "wish.fulfil-working-days", "微心愿：认领后兑现期限（N个工作日）", 15, WishPractice, Minimum: 1, Maximum: 60)
    { IsLocalPractice = true, Unit = "个工作日" };

    public static readonly RuleDefinition WishConfirmWorkingDays = new(
        "wish.confirm-working-days", "微心愿：兑现后居民确认评价期限（N个工作日）", 5, WishPractice, Minimum: 1, Maximum: 20)
    { IsLocalPractice = true, Unit = "个工作日" };

    /// <summary>The second limit: how long a stage may stay overdue (and pressed) before the level above supervises it.</summary>
    public static readonly RuleDefinition WishSuperviseAfterWorkingDays = new(
        "wish.supervise-after-working-days", "微心愿：逾期N个工作日后由上级督办", 5, WishPractice, Minimum: 1, Maximum: 30)
    { IsLocalPractice = true, Unit = "个工作日" };

    public static readonly RuleDefinition BookingRecordWorkingDays = new(
        "booking.record-working-days", "预约上门服务：上门后登记服务情况期限（N个工作日内）", 1,
        "地方通行做法：上门服务当天或次个工作日内登记服务情况，留痕备查（各地“预约上门”“代办帮办”服务规范；无全国统一规定，数值未经核实）",
        Minimum: 0, Maximum: 5) { IsLocalPractice = true, Unit = "个工作日" };

    private const string WorkingTime = "《国务院关于职工工作时间的规定》(1995修订) 第三条：职工每日工作8小时、每周工作40小时；"
        + "上下班的钟点由各单位自定，此处取常见的9时至17时，各地、各类单位可按本单位作息设定（“8小时外”服务据此计算）";
    private static readonly DateOnly WorkingTimeFrom = new(1995, 5, 1);

    public static readonly RuleDefinition WorkdayStartHour = new(
        "workday.start-hour", "工作日上班时间（时）", 9, WorkingTime, Minimum: 6, Maximum: 12) { EffectiveFrom = WorkingTimeFrom, Unit = "时" };

    public static readonly RuleDefinition WorkdayEndHour = new(
        "workday.end-hour", "工作日下班时间（时）", 17, WorkingTime, Minimum: 14, Maximum: 21) { EffectiveFrom = WorkingTimeFrom, Unit = "时" };

    public static readonly IReadOnlyList<RuleDefinition> All =
    [
        BranchMinimumFullMembers, BranchSuggestGeneralBranch, CommitteeAtMembers, JointBranchMaxUnits,
        BranchCommitteeAtFullMembers, BranchCommitteeMinSize, BranchCommitteeUsualMaxSize, BranchCommitteeMaxSize,
        TransferLetterValidityDays,
        BranchGeneralMeetingInterval, BranchGeneralMeetingQuorumPercent, BranchCommitteeMeetingInterval, PartyGroupMeetingInterval,
        PartyLectureInterval, ThemedPartyDayInterval, OrganizationLifeMeetingInterval, HeartToHeartTalkInterval,
        DemocraticLifeMeetingInterval, JointMeetingInterval, EvaluationExcellentAtMostOneIn, StudyHoursPerYear,
        WishReviewWorkingDays, WishClaimWorkingDays, WishFulfilWorkingDays, WishConfirmWorkingDays, WishSuperviseAfterWorkingDays,
        BookingRecordWorkingDays, WorkdayStartHour, WorkdayEndHour,
    ];

    public static RuleDefinition? Find(string key) => All.FirstOrDefault(r => r.Key == key);
}

/// <summary>
/// A region's own value for a rule, from a day on: applies to the organization's whole subtree, or only to the
/// organizations of its units of one kind (<see cref="UnitKind"/>, the kind's name; empty for all). Overrides are
/// versions: a change from another day adds a row, so that a past period is judged by the value then in force; a
/// change on the same day replaces that day's row (audited with its before and after). A row without a value
/// withdraws the region's value from its day on, and the region above applies again.
/// </summary>
public sealed class RuleOverride : IAudited
{
    public long Id { get; set; }
    public required string RuleKey { get; set; }
    public long OrganizationId { get; set; }
    public string OrganizationPath { get; set; } = "/";

    /// <summary>The unit kind this override is limited to (the name of the kind), or empty for every organization of the subtree.</summary>
    public string UnitKind { get; set; } = "";
    public DateOnly EffectiveFrom { get; set; }

    /// <summary>The region's value; null when this version withdraws the region's own value.</summary>
    public decimal? Value { get; set; }
    public required string Reason { get; set; }

    string IAudited.AuditScopePath => OrganizationPath;
    string IAudited.AuditId => Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

// Stryker disable all : the database mapping is not a rule; MigrationTests compare it with the migrations (docs/testing.md)
internal sealed class RuleOverrideConfiguration : IEntityTypeConfiguration<RuleOverride>
{
    public void Configure(EntityTypeBuilder<RuleOverride> b)
    {
        b.Property(r => r.RuleKey).HasMaxLength(100);
        b.Property(r => r.OrganizationPath).HasMaxLength(400);
        b.Property(r => r.UnitKind).HasMaxLength(40);
        b.Property(r => r.Reason).HasMaxLength(500);
        b.Property(r => r.Value).HasPrecision(18, 4);
        b.HasIndex(r => new { r.RuleKey, r.OrganizationId, r.UnitKind, r.EffectiveFrom }).IsUnique();
        b.HasIndex(r => r.OrganizationPath);
    }
}

// Stryker restore all
/// <summary>What a rule is resolved for: an organization (its path and its unit's kind) on a day.</summary>
public readonly record struct RuleSubject(string OrganizationPath, string? UnitKind, DateOnly On);

/// <summary>Resolves the value of a rule in force for an organization on a day: the nearest override, else the default.</summary>
public sealed class RuleBook(AppDb db, TimeProvider clock)
{
    /// <summary>The value in force, its source in words, and the override it comes from (null for the national default).</summary>
    public sealed record Resolved(RuleDefinition Rule, decimal Value, string Source, RuleOverride? Override = null);

    public Task<Resolved> ResolveAsync(RuleDefinition rule, string organizationPath, CancellationToken ct = default) =>
        ResolveAsync(rule, new RuleSubject(organizationPath, null, Today), ct);

    public async Task<Resolved> ResolveAsync(RuleDefinition rule, RuleSubject subject, CancellationToken ct = default) =>
        (await ResolveAsync([rule], subject, ct))[rule.Key];

    public Task<IReadOnlyDictionary<string, Resolved>> ResolveAllAsync(string organizationPath, CancellationToken ct = default) =>
        ResolveAsync(RuleCatalog.All, new RuleSubject(organizationPath, null, Today), ct);

    /// <summary>Several rules for one organization in one query.</summary>
    public async Task<IReadOnlyDictionary<string, Resolved>> ResolveAsync(IReadOnlyList<RuleDefinition> rules, RuleSubject subject, CancellationToken ct = default)
    {
        var ancestors = OrgPath.AncestorsAndSelf(subject.OrganizationPath);
        var keys = rules.Select(r => r.Key).ToList();
        var overrides = await db.RuleOverrides.AsNoTracking()
            .Where(r => keys.Contains(r.RuleKey) && ancestors.Contains(r.OrganizationPath) && r.EffectiveFrom <= subject.On)
            .ToListAsync(ct);
        return rules.ToDictionary(r => r.Key, r => Pick(r, overrides.Where(o => o.RuleKey == r.Key), subject.UnitKind));
    }

    /// <summary>
    /// Every version of the overrides of these rules on the organization's ancestors, for resolving them on many days
    /// (a year's periods) with <see cref="Pick"/> and no further query.
    /// </summary>
    public async Task<IReadOnlyList<RuleOverride>> OverridesAsync(IReadOnlyList<RuleDefinition> rules, string organizationPath, CancellationToken ct = default)
    {
        var ancestors = OrgPath.AncestorsAndSelf(organizationPath);
        var keys = rules.Select(r => r.Key).ToList();
        return await db.RuleOverrides.AsNoTracking().Where(r => keys.Contains(r.RuleKey) && ancestors.Contains(r.OrganizationPath)).ToListAsync(ct);
    }

    /// <summary>The rule in force on a day among <paramref name="overrides"/> (from <see cref="OverridesAsync"/>).</summary>
    public static Resolved On(RuleDefinition rule, IEnumerable<RuleOverride> overrides, string? unitKind, DateOnly day) =>
        Pick(rule, overrides.Where(o => o.RuleKey == rule.Key && o.EffectiveFrom <= day), unitKind);

    /// <summary>
    /// The rule's value among the overrides on the organization's ancestors in force on the day: at each region
    /// (organization, and unit kind or all) the latest version counts, a withdrawn one counting as none; the deepest
    /// region wins, and within one organization the override for the subject's unit kind wins over the one for all.
    /// </summary>
    public static Resolved Pick(RuleDefinition rule, IEnumerable<RuleOverride> overrides, string? unitKind)
    {
        var nearest = overrides
            .Where(o => o.UnitKind.Length == 0 || o.UnitKind == unitKind)
            .GroupBy(o => (o.OrganizationPath, o.UnitKind))
            .Select(g => g.MaxBy(o => o.EffectiveFrom)!)
            .Where(o => o.Value is not null)
            .OrderByDescending(o => o.OrganizationPath.Length)
            .ThenByDescending(o => o.UnitKind.Length)
            .FirstOrDefault();
        return nearest is null
            ? new Resolved(rule, rule.DefaultValue, rule.Source, null)
            : new Resolved(rule, nearest.Value!.Value, $"本地规定：{nearest.Reason}（国家规定：{rule.Source}）", nearest);
    }

    private DateOnly Today => DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
}
