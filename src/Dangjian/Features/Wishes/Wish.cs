using Dangjian.Platform.Audit;
using Dangjian.Platform.Data;
using Dangjian.Platform.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dangjian.Features.Wishes;

/// <summary>Where a wish stands: sent → accepted onto the wall (or refused) → claimed → fulfilled → confirmed and rated (closed); or withdrawn.</summary>
public enum WishState
{
    Submitted,
    Refused,
    Open,
    Claimed,
    Fulfilled,
    Closed,
    Withdrawn,
}

public enum WishCategory
{
    DailyNeeds,
    Study,
    ElderlyCare,
    Health,
    Repair,
    Jobs,
    Other,
}

/// <summary>Who claimed a wish (双认领): a member, or a unit's organization.</summary>
public enum ClaimerKind
{
    Member,
    Organization,
}

public enum WishEventKind
{
    Submitted,
    Accepted,
    Refused,
    Claimed,
    ClaimWithdrawn,
    Fulfilled,
    Confirmed,
    Withdrawn,
}

public static class WishNames
{
    public static string Chinese(this WishState state) => state switch
    {
        WishState.Submitted => "待审核",
        WishState.Refused => "未通过",
        WishState.Open => "待认领",
        WishState.Claimed => "已认领，待完成",
        WishState.Fulfilled => "已完成，待评价",
        WishState.Closed => "已评价",
        _ => "已撤回",
    };

    public static string Chinese(this WishCategory category) => category switch
    {
        WishCategory.DailyNeeds => "生活物品",
        WishCategory.Study => "学习用品",
        WishCategory.ElderlyCare => "助老助残",
        WishCategory.Health => "看病就医",
        WishCategory.Repair => "维修帮忙",
        WishCategory.Jobs => "就业创业",
        _ => "其他",
    };

    public static string Chinese(this WishEventKind kind) => kind switch
    {
        WishEventKind.Submitted => "提交心愿",
        WishEventKind.Accepted => "审核通过，上墙",
        WishEventKind.Refused => "审核未通过",
        WishEventKind.Claimed => "认领",
        WishEventKind.ClaimWithdrawn => "撤回认领，心愿回到心愿墙",
        WishEventKind.Fulfilled => "完成心愿",
        WishEventKind.Confirmed => "确认并评价",
        _ => "撤回心愿",
    };

    public static string Chinese(this ClaimerKind kind) => kind == ClaimerKind.Member ? "党员认领" : "单位认领";

    /// <summary>The stage a live wish waits in, as escalations name it.</summary>
    public static string StageName(this WishState state) => state switch
    {
        WishState.Submitted => "待审核",
        WishState.Open => "待认领",
        WishState.Claimed => "待完成",
        WishState.Fulfilled => "待确认评价",
        _ => "",
    };

    public static bool IsLive(this WishState state) => state is WishState.Submitted or WishState.Open or WishState.Claimed or WishState.Fulfilled;
}

/// <summary>
/// A resident's micro-wish (微心愿): what, for whom, the category and estimated cost, sent by the resident or collected
/// for them, reviewed by the community, put on the wall of those it serves, claimed by exactly one member or unit
/// organization, fulfilled with evidence, confirmed and rated by the resident (or by the collector for a resident
/// without a phone). Every live stage has a deadline in working days (rules); an overdue stage is pressed and, past the
/// second limit, supervised from above. Claimed once: the version settles many claims at once.
/// </summary>
public sealed class Wish : IAudited, IScoped
{
    public long Id { get; set; }
    public long ResidentId { get; set; }
    public required string ResidentName { get; set; }
    public required string ForWhom { get; set; }
    public required string Title { get; set; }
    public string Detail { get; set; } = "";
    public WishCategory Category { get; set; }
    public decimal? EstimatedCost { get; set; }

    /// <summary>The community's organization: who reviews it, whose wall shows it.</summary>
    public long OrganizationId { get; set; }
    public required string OrgPath { get; set; }

    /// <summary>Who sent it: "本人" for the resident, else the worker or member who collected it (and who acts for the resident).</summary>
    public required string CollectedBy { get; set; }
    public string? CollectedByAccountId { get; set; }

    public WishState State { get; set; }
    public DateOnly SubmittedOn { get; set; }

    /// <summary>The live stage's deadline and the first day the level above may supervise it; null once the wish is done.</summary>
    public DateOnly? Deadline { get; set; }
    public DateOnly? SuperviseFrom { get; set; }
    public DateOnly? LastPressedOn { get; set; }
    public DateOnly? LastSupervisedOn { get; set; }

    public string? RefusalReason { get; set; }

    public ClaimerKind? ClaimerKind { get; set; }
    public long? ClaimerMemberId { get; set; }

    /// <summary>The claiming unit's organization, or the claiming member's: the claimer's side sees the wish through it.</summary>
    public long? ClaimerOrganizationId { get; set; }
    public string? ClaimerOrgPath { get; set; }
    public string? ClaimerName { get; set; }
    public string? ClaimerAccountId { get; set; }
    public DateOnly? ClaimedOn { get; set; }

    public string? FulfilmentNote { get; set; }
    public DateOnly? FulfilledOn { get; set; }
    public int? Rating { get; set; }
    public string? RatingComment { get; set; }
    public string? RatedBy { get; set; }
    public DateOnly? ClosedOn { get; set; }
    public string? WithdrawalReason { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public int Version { get; set; }

    public IEnumerable<string?> ScopePaths => [OrgPath, ClaimerOrgPath];

    string IAudited.AuditScopePath => OrgPath;

    string IAudited.AuditId => Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>One step of a wish's history, shown on its page: who did what, when, and what they said.</summary>
public sealed class WishEvent
{
    public long Id { get; set; }
    public long WishId { get; set; }
    public Wish? Wish { get; set; }
    public WishEventKind Kind { get; set; }
    public DateTimeOffset At { get; set; }
    public required string ByName { get; set; }
    public string? ByAccountId { get; set; }
    public string Note { get; set; } = "";
}

// Stryker disable all : the database mapping is not a rule; MigrationTests compare it with the migrations (docs/testing.md)
internal sealed class WishConfiguration : IEntityTypeConfiguration<Wish>
{
    public void Configure(EntityTypeBuilder<Wish> b)
    {
        b.Property(w => w.ResidentName).HasMaxLength(50);
        b.Property(w => w.ForWhom).HasMaxLength(WishRules.MaxForWhom);
        b.Property(w => w.Title).HasMaxLength(WishRules.MaxTitle);
        b.Property(w => w.Detail).HasMaxLength(WishRules.MaxDetail);
        b.Property(w => w.Category).HasConversion<string>().HasMaxLength(20);
        b.Property(w => w.EstimatedCost).HasPrecision(12, 2);
        b.Property(w => w.OrgPath).HasMaxLength(400);
        b.Property(w => w.CollectedBy).HasMaxLength(100);
        b.Property(w => w.CollectedByAccountId).HasMaxLength(64);
        b.Property(w => w.State).HasConversion<string>().HasMaxLength(20);
        b.Property(w => w.RefusalReason).HasMaxLength(WishRules.MaxReason);
        b.Property(w => w.ClaimerKind).HasConversion<string>().HasMaxLength(20);
        b.Property(w => w.ClaimerOrgPath).HasMaxLength(400);
        b.Property(w => w.ClaimerName).HasMaxLength(100);
        b.Property(w => w.ClaimerAccountId).HasMaxLength(64);
        b.Property(w => w.FulfilmentNote).HasMaxLength(WishRules.MaxDetail);
        b.Property(w => w.RatingComment).HasMaxLength(WishRules.MaxReason);
        b.Property(w => w.RatedBy).HasMaxLength(100);
        b.Property(w => w.WithdrawalReason).HasMaxLength(WishRules.MaxReason);
        b.Property(w => w.Version).IsConcurrencyToken();
        // The wall, a review queue, a region's overdue: by state within a subtree.
        b.HasIndex(w => new { w.State, w.OrgPath, w.Id });
        // Live wishes only carry a deadline: a region's overdue and due-for-supervision stages are one range on this.
        b.HasIndex(w => new { w.OrgPath, w.Deadline }).HasFilter("\"Deadline\" IS NOT NULL");
        b.HasIndex(w => new { w.CollectedByAccountId, w.State });
        // A region's wishes whatever their state: the list, and the claimers of a small region.
        b.HasIndex(w => new { w.OrgPath, w.Id });
        b.HasIndex(w => new { w.ResidentId, w.Id });
        b.HasIndex(w => new { w.ClaimerMemberId, w.State });
        b.HasIndex(w => new { w.ClaimerOrganizationId, w.State });
    }
}

internal sealed class WishEventConfiguration : IEntityTypeConfiguration<WishEvent>
{
    public void Configure(EntityTypeBuilder<WishEvent> b)
    {
        b.Property(e => e.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(e => e.ByName).HasMaxLength(100);
        b.Property(e => e.ByAccountId).HasMaxLength(64);
        b.Property(e => e.Note).HasMaxLength(WishRules.MaxDetail);
        b.HasOne(e => e.Wish).WithMany().HasForeignKey(e => e.WishId);
        b.HasIndex(e => new { e.WishId, e.Id });
    }
}
// Stryker restore all

public static class WishRules
{
    public const int MaxTitle = 50;
    public const int MaxForWhom = 30;
    public const int MaxDetail = 500;
    public const int MaxReason = 200;
    public const decimal MaxCost = 100_000;
}
