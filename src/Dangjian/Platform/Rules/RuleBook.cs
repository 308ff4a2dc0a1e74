using Dangjian.Platform.Audit;
using Dangjian.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dangjian.Platform.Rules;

/// <summary>
/// A numeric rule with the regulation it comes from. Regions (an organization's subtree) may override it, but only
/// within [<see cref="Minimum"/>, <see cref="Maximum"/>]: the room the source itself leaves (a letter may be valid for
/// at most 3 months, a branch committee has 3 to 7 members). Every value is a whole number (days, people, units).
/// </summary>
public sealed record RuleDefinition(string Key, string Title, decimal DefaultValue, string Source, decimal Minimum, decimal Maximum)
{
    /// <summary>Why a value cannot be set, in Chinese, or null when the value lies in the range the source allows.</summary>
    public string? RefusalOf(decimal value) =>
        decimal.Truncate(value) != value ? "取值应为整数"
        : value < Minimum || value > Maximum ? $"“{Title}”依据规定只能在{Minimum:0}到{Maximum:0}之间"
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

    public static readonly RuleDefinition BranchMinimumFullMembers = new(
        "branch.min-full-members", "党支部正式党员最少人数", 3, BranchRegulations + "：正式党员3人以上的，应当成立党支部",
        Minimum: 1, Maximum: 3);
    public static readonly RuleDefinition BranchSuggestGeneralBranch = new(
        "branch.general-branch-above", "党员超过此数宜设党总支", 50, BranchRegulations + "：党员人数一般不超过50人；党员50人以上的，经批准可以成立党总支",
        Minimum: 20, Maximum: 50);
    public static readonly RuleDefinition CommitteeAtMembers = new(
        "organization.committee-at", "党员达到此数宜设基层党委", 100, "《中国共产党章程》第三十条、《支部工作条例》第六条：党员100人以上的，设立基层党委",
        Minimum: 50, Maximum: 100);
    public static readonly RuleDefinition JointBranchMaxUnits = new(
        "joint-branch.max-units", "联合党支部覆盖单位上限", 5, BranchRegulations + "：联合党支部覆盖单位一般不超过5个",
        Minimum: 2, Maximum: 5);
    public static readonly RuleDefinition BranchCommitteeAtFullMembers = new(
        "branch.committee-at-full-members", "正式党员达到此数应设支委会", 7, BranchRegulations + "：正式党员7人以上的党支部，设立支部委员会",
        Minimum: 3, Maximum: 7);
    public static readonly RuleDefinition BranchCommitteeMinSize = new(
        "branch.committee-min", "支委会最少委员数", 3, BranchRegulations + "：支部委员会由3至5人组成，一般不超过7人",
        Minimum: 3, Maximum: 5);
    public static readonly RuleDefinition BranchCommitteeUsualMaxSize = new(
        "branch.committee-usual-max", "支委会一般最多委员数", 5, BranchRegulations + "：支部委员会由3至5人组成，一般不超过7人",
        Minimum: 3, Maximum: 7);
    public static readonly RuleDefinition BranchCommitteeMaxSize = new(
        "branch.committee-max", "支委会委员数上限", 7, GrassrootsElections + "、" + BranchRegulations + "：一般不超过7人",
        Minimum: 5, Maximum: 7);
    public static readonly RuleDefinition TransferLetterValidityDays = new(
        "transfer.letter-validity-days", "组织关系介绍信有效期（天）", 30,
        "中共中央组织部《关于进一步规范党员组织关系转接工作的通知》：介绍信有效期一般为1个月（各地可在3个月内自定）",
        Minimum: 1, Maximum: 90);

    public static readonly IReadOnlyList<RuleDefinition> All =
    [
        BranchMinimumFullMembers, BranchSuggestGeneralBranch, CommitteeAtMembers, JointBranchMaxUnits,
        BranchCommitteeAtFullMembers, BranchCommitteeMinSize, BranchCommitteeUsualMaxSize, BranchCommitteeMaxSize,
        TransferLetterValidityDays,
    ];

    public static RuleDefinition? Find(string key) => All.FirstOrDefault(r => r.Key == key);
}

/// <summary>A region's own value for a rule: applies to the organization's whole subtree; the deepest one wins.</summary>
public sealed class RuleOverride : IAudited
{
    public long Id { get; set; }
    public required string RuleKey { get; set; }
    public long OrganizationId { get; set; }
    public string OrganizationPath { get; set; } = "/";
    public decimal Value { get; set; }
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
        b.Property(r => r.Reason).HasMaxLength(500);
        b.Property(r => r.Value).HasPrecision(18, 4);
        b.HasIndex(r => new { r.RuleKey, r.OrganizationId }).IsUnique();
    }
}

// Stryker restore all
/// <summary>Resolves the value of a rule in force for an organization: its own or nearest ancestor's override, else the default.</summary>
public sealed class RuleBook(AppDb db)
{
    public sealed record Resolved(RuleDefinition Rule, decimal Value, string Source);

    public async Task<Resolved> ResolveAsync(RuleDefinition rule, string organizationPath, CancellationToken ct = default)
    {
        var ancestors = AncestorPaths(organizationPath);
        var overrides = await db.RuleOverrides.AsNoTracking()
            .Where(r => r.RuleKey == rule.Key && ancestors.Contains(r.OrganizationPath))
            .ToListAsync(ct);
        var nearest = overrides.OrderByDescending(r => r.OrganizationPath.Length).FirstOrDefault();
        return nearest is null
            ? new Resolved(rule, rule.DefaultValue, rule.Source)
            : new Resolved(rule, nearest.Value, $"本地规定：{nearest.Reason}（国家规定：{rule.Source}）");
    }

    public async Task<IReadOnlyDictionary<string, Resolved>> ResolveAllAsync(string organizationPath, CancellationToken ct = default)
    {
        var result = new Dictionary<string, Resolved>();
        foreach (var rule in RuleCatalog.All)
        {
            result[rule.Key] = await ResolveAsync(rule, organizationPath, ct);
        }
        return result;
    }

    private static List<string> AncestorPaths(string path)
    {
        var result = new List<string>();
        for (var i = 1; i < path.Length; i++)
        {
            if (path[i] == '/')
            {
                result.Add(path[..(i + 1)]);
            }
        }
        return result;
    }
}
