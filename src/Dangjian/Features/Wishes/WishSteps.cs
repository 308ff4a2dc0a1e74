using System.ComponentModel.DataAnnotations;
using Dangjian.Features.Residents;
using Dangjian.Platform.Activity;
using Dangjian.Platform.Data;
using Dangjian.Platform.Http;
using Dangjian.Platform.Notifications;
using Dangjian.Platform.Rules;
using Dangjian.Platform.Security;
using Dangjian.Platform.Time;
using Dangjian.Platform.Todo;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Features.Wishes;

/// <summary>What a wish is: the same fields whether the resident sends it or someone collects it for them.</summary>
public sealed record WishInput(
    [property: MaxLength(WishRules.MaxTitle)] string? Title,
    [property: MaxLength(WishRules.MaxForWhom)] string? ForWhom,
    WishCategory? Category,
    decimal? EstimatedCost,
    [property: MaxLength(WishRules.MaxDetail)] string? Detail);

/// <summary>The services every step needs, injected once per request.</summary>
public sealed record WishServices(AppDb Db, Scope Scope, CurrentUser User, WorkCalendar Calendar, RuleBook Rules);

/// <summary>A wish sent by the resident (<see cref="SendAsync"/>) or collected for a resident (<see cref="CollectAsync"/>): it waits for the community's review.</summary>
public static class SendWish
{
    public sealed record CollectRequest(long? ResidentId, WishInput? Wish);

    private static (WishInput Clean, FieldErrors Errors) Check(WishInput? input, string prefix)
    {
        var errors = new FieldErrors();
        var title = errors.Text(prefix + "title", "心愿内容", input?.Title, WishRules.MaxTitle);
        var forWhom = errors.Text(prefix + "forWhom", "为谁许愿", input?.ForWhom, WishRules.MaxForWhom, required: false) ?? "本人";
        if (input?.Category is not { } category || !Enum.IsDefined(category))
        {
            errors.Add(prefix + "category", "请选择心愿类别");
        }
        if (input?.EstimatedCost is { } cost && (cost < 0 || cost > WishRules.MaxCost || decimal.Round(cost, 2) != cost))
        {
            errors.Add(prefix + "estimatedCost", $"预计花费应在0至{WishRules.MaxCost:0}元之间，最多两位小数");
        }
        var detail = errors.Text(prefix + "detail", "详细说明", input?.Detail, WishRules.MaxDetail, required: false) ?? "";
        return (new WishInput(title, forWhom, input?.Category, input?.EstimatedCost, detail), errors);
    }

    public static async Task<Outcome<long>> SendAsync(WishInput request, WishServices s, CancellationToken ct)
    {
        var account = await s.User.RequireAsync(ct);
        var resident = await MyResident.OfAsync(account, s.Db, ct);
        if (resident is null)
        {
            return Outcome<long>.NotFound("居民信息");
        }
        var (input, errors) = Check(request, "");
        return errors.Any ? Outcome<long>.Invalid(errors) : Outcome<long>.Ok(await AddAsync(resident, input, account, "本人", null, s, ct));
    }

    public static async Task<Outcome<long>> CollectAsync(CollectRequest request, WishServices s, CancellationToken ct)
    {
        var account = await s.User.RequireAsync(ct);
        var (input, errors) = Check(request.Wish, "wish.");
        var resident = request.ResidentId is { } id ? await s.Db.Residents.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct) : null;
        if (resident is null || !await s.Scope.ServesAsync(resident.OrgPath, nameof(Resident), resident.Id, ct))
        {
            errors.Add("residentId", "居民不存在或不在您服务的社区");
        }
        return errors.Any ? Outcome<long>.Invalid(errors)
            : Outcome<long>.Ok(await AddAsync(resident!, input, account, account.DisplayName, account.UserId, s, ct));
    }

    private static async Task<long> AddAsync(Resident resident, WishInput input, CurrentUser.Account account, string collectedBy, string? collectorId,
        WishServices s, CancellationToken ct)
    {
        var today = BeijingDay.Of(s.Db.Clock.GetUtcNow());
        var wish = new Wish
        {
            ResidentId = resident.Id, ResidentName = resident.Name, ForWhom = input.ForWhom!, Title = input.Title!, Detail = input.Detail ?? "",
            Category = input.Category!.Value, EstimatedCost = input.EstimatedCost, OrganizationId = resident.OrganizationId, OrgPath = resident.OrgPath,
            CollectedBy = collectedBy, CollectedByAccountId = collectorId, SubmittedOn = today, CreatedAt = s.Db.Clock.GetUtcNow(),
        };
        await WishAccess.SetStageAsync(wish, WishState.Submitted, today, s.Calendar, s.Rules, ct);
        s.Db.Wishes.Add(wish);
        WishAccess.Event(s.Db, wish, WishEventKind.Submitted, account, collectorId is null ? resident.Name : $"{collectedBy}（代居民提交）");
        await s.Db.SaveChangesAsync(ct);
        return wish.Id;
    }
}

/// <summary>The community's review: accepted onto the wall, or refused with a reason the resident sees.</summary>
public static class ReviewWish
{
    public sealed record Request(bool? Accept, [property: MaxLength(WishRules.MaxReason)] string? Reason);

    public static async Task<Outcome<WishState>> Handle(long id, Request request, WishServices s, CancellationToken ct)
    {
        var wish = await WishAccess.ForManagerAsync(s.Db, s.Scope, id, ct);
        if (wish is null)
        {
            return Outcome<WishState>.NotFound("心愿");
        }
        var errors = new FieldErrors();
        if (request.Accept is null)
        {
            errors.Add("accept", "请选择通过或不通过");
        }
        var reason = errors.Text("reason", "不通过的原因", request.Reason, WishRules.MaxReason, required: request.Accept == false);
        if (errors.Any)
        {
            return Outcome<WishState>.Invalid(errors);
        }
        if (wish.State != WishState.Submitted)
        {
            return Outcome<WishState>.Conflict($"心愿{wish.State.Chinese()}，不需要审核");
        }
        var account = await s.User.RequireAsync(ct);
        var today = BeijingDay.Of(s.Db.Clock.GetUtcNow());
        if (request.Accept == true)
        {
            await WishAccess.SetStageAsync(wish, WishState.Open, today, s.Calendar, s.Rules, ct);
            WishAccess.Event(s.Db, wish, WishEventKind.Accepted, account, account.DisplayName);
            await WishNotices.ToResidentAsync(s.Db, wish, "您的心愿已上心愿墙", $"“{wish.Title}”已通过社区审核，等待党员或单位认领。", ct);
        }
        else
        {
            await WishAccess.SetStageAsync(wish, WishState.Refused, today, s.Calendar, s.Rules, ct);
            wish.RefusalReason = reason;
            WishAccess.Event(s.Db, wish, WishEventKind.Refused, account, account.DisplayName, reason!);
            await WishNotices.ToResidentAsync(s.Db, wish, "您的心愿未通过审核", $"“{wish.Title}”未通过社区审核：{reason}", ct);
        }
        wish.Version++;
        return await WishSave.CommitAsync(s.Db, wish.State, ct);
    }
}

/// <summary>
/// A claim "to order" (双认领): by the signed-in member, or by the caller's organization for a unit. Exactly one claim
/// wins: the wish's version is the condition of the update, so of many claims at once the database lets one through and
/// the others are told at once who has it.
/// </summary>
public static class ClaimWish
{
    /// <param name="AsOrganization">For the caller's organization (a unit's claim) rather than as a member; by default, as a member when the account has a member record.</param>
    public sealed record Request(bool? AsOrganization);

    public sealed record Claimed(string ClaimerName, ClaimerKind Kind, DateOnly Deadline);

    public static async Task<Outcome<Claimed>> Handle(long id, Request request, WishServices s, PersonalDataCheck own, CancellationToken ct)
    {
        var account = await s.User.RequireAsync(ct);
        var wish = await WishAccess.ForServerAsync(s.Db, s.Scope, account, id, tracking: true, ct);
        if (wish is null)
        {
            return Outcome<Claimed>.NotFound("心愿");
        }
        // An account without a member record claims for its organization (a unit's secretary, the community's worker).
        var asOrganization = request.AsOrganization ?? account.MemberId is null;
        if (asOrganization && account.Role == AppRole.Member)
        {
            return Outcome<Claimed>.Invalid("asOrganization", "单位认领由单位党组织的书记或工作人员进行；党员请以个人名义认领");
        }
        var member = !asOrganization && account.MemberId is { } memberId
            ? await s.Db.Members.AsNoTracking().Where(m => m.Id == memberId && m.LeftAt == null).Select(m => new { m.Id, m.Name, m.OrganizationId, m.OrgPath, m.PhoneHash })
                .FirstOrDefaultAsync(ct)
            : null;
        if (!asOrganization && member is null)
        {
            return Outcome<Claimed>.Invalid("asOrganization", "您的账号没有关联党员信息，请以所在单位党组织的名义认领");
        }
        if (wish.State != WishState.Open)
        {
            return Outcome<Claimed>.Conflict(wish.ClaimerName is not null && wish.State is WishState.Claimed or WishState.Fulfilled or WishState.Closed
                ? $"这个心愿已被{wish.ClaimerName}认领" : $"心愿{wish.State.Chinese()}，不能认领");
        }
        if (member?.PhoneHash is not null && await own.IsResidentAsync(wish.ResidentId, member.PhoneHash, ct))
        {
            return Outcome<Claimed>.Conflict("不能认领自己的心愿");
        }
        var organization = asOrganization
            ? await s.Db.Organizations.AsNoTracking().Where(o => o.Id == account.OrganizationId).Select(o => new { o.Id, o.Name, o.Path }).FirstAsync(ct)
            : null;
        var today = BeijingDay.Of(s.Db.Clock.GetUtcNow());
        wish.ClaimerKind = asOrganization ? ClaimerKind.Organization : ClaimerKind.Member;
        wish.ClaimerMemberId = member?.Id;
        wish.ClaimerOrganizationId = organization?.Id ?? member!.OrganizationId;
        wish.ClaimerOrgPath = organization?.Path ?? member!.OrgPath;
        wish.ClaimerName = organization?.Name ?? member!.Name;
        wish.ClaimerAccountId = account.UserId;
        wish.ClaimedOn = today;
        await WishAccess.SetStageAsync(wish, WishState.Claimed, today, s.Calendar, s.Rules, ct);
        wish.Version++;
        WishAccess.Event(s.Db, wish, WishEventKind.Claimed, account, $"{wish.ClaimerName}（{wish.ClaimerKind.Value.Chinese()}）");
        if (member is not null)
        {
            ActivityLedger.Record(s.Db, member.Id, member.OrgPath, ActivityKinds.WishClaimed, "", today, 1, nameof(Wish), wish.Id);
        }
        await WishNotices.ToResidentAsync(s.Db, wish, "您的心愿有人认领了", $"“{wish.Title}”已由{wish.ClaimerName}认领，将在{wish.Deadline:M月d日}前帮您完成。", ct);
        try
        {
            await s.Db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            s.Db.ChangeTracker.Clear();
            var winner = await s.Db.Wishes.AsNoTracking().Where(w => w.Id == id).Select(w => new { w.ClaimerName, w.State }).FirstAsync(ct);
            return Outcome<Claimed>.Conflict(winner.ClaimerName is not null && winner.State != WishState.Open
                ? $"这个心愿已被{winner.ClaimerName}认领" : "心愿刚刚有了变化，请刷新后再试");
        }
        return Outcome<Claimed>.Ok(new Claimed(wish.ClaimerName!, wish.ClaimerKind.Value, wish.Deadline!.Value));
    }
}

/// <summary>Whether a member is the resident who made the wish (the same phone): a resident's wish is not theirs to claim.</summary>
public sealed class PersonalDataCheck(AppDb db)
{
    public Task<bool> IsResidentAsync(long residentId, string memberPhoneHash, CancellationToken ct) =>
        db.Residents.AnyAsync(r => r.Id == residentId && r.PhoneHash == memberPhoneHash, ct);
}

/// <summary>The start of a step only the claimer of a claimed wish may take: the wish reached, the one text the step needs, the claimer checked.</summary>
internal static class ClaimerStep
{
    public static async Task<(CurrentUser.Account Account, Wish? Wish, string? Text, Outcome<WishState>? Refusal)> StartAsync(long id, string field, string label,
        string? text, int max, string doing, WishServices s, CancellationToken ct)
    {
        var account = await s.User.RequireAsync(ct);
        var wish = await WishAccess.ForServerAsync(s.Db, s.Scope, account, id, tracking: true, ct);
        if (wish is null)
        {
            return (account, null, null, Outcome<WishState>.NotFound("心愿"));
        }
        var errors = new FieldErrors();
        var clean = errors.Text(field, label, text, max);
        if (errors.Any)
        {
            return (account, wish, null, Outcome<WishState>.Invalid(errors));
        }
        if (wish.State != WishState.Claimed || !WishAccess.IsClaimer(wish, account))
        {
            return (account, wish, null, Outcome<WishState>.Conflict(wish.State == WishState.Claimed ? $"只有认领人可以{doing}" : $"心愿{wish.State.Chinese()}，不能{doing}"));
        }
        return (account, wish, clean, null);
    }
}

/// <summary>The claimer gives the wish back, with a reason: it returns to the wall and the claim's line is reversed.</summary>
public static class WithdrawClaim
{
    public sealed record Request([property: MaxLength(WishRules.MaxReason)] string? Reason);

    public static async Task<Outcome<WishState>> Handle(long id, Request request, WishServices s, CancellationToken ct)
    {
        var (account, wish, reason, refusal) = await ClaimerStep.StartAsync(id, "reason", "撤回认领的原因", request.Reason, WishRules.MaxReason, "撤回认领", s, ct);
        if (refusal is not null)
        {
            return refusal;
        }
        var claimer = wish!.ClaimerName;
        if (wish.ClaimerMemberId is { } memberId)
        {
            await ActivityLedger.ReverseAsync(s.Db, nameof(Wish), wish.Id, memberId, ct);
        }
        wish.ClaimerKind = null;
        wish.ClaimerMemberId = wish.ClaimerOrganizationId = null;
        wish.ClaimerOrgPath = wish.ClaimerName = wish.ClaimerAccountId = null;
        wish.ClaimedOn = null;
        await WishAccess.SetStageAsync(wish, WishState.Open, BeijingDay.Of(s.Db.Clock.GetUtcNow()), s.Calendar, s.Rules, ct);
        wish.Version++;
        WishAccess.Event(s.Db, wish, WishEventKind.ClaimWithdrawn, account, claimer ?? account.DisplayName, reason!);
        await WishNotices.ToResidentAsync(s.Db, wish, "认领人撤回了认领", $"“{wish.Title}”的认领人{claimer}撤回了认领（{reason}），心愿已回到心愿墙，等待其他人认领。", ct);
        return await WishSave.CommitAsync(s.Db, wish.State, ct);
    }
}

/// <summary>The claimer has done it: a note of what was done (photos as attachments); the resident is asked to confirm and rate.</summary>
public static class FulfilWish
{
    public sealed record Request([property: MaxLength(WishRules.MaxDetail)] string? Note);

    public static async Task<Outcome<WishState>> Handle(long id, Request request, WishServices s, CancellationToken ct)
    {
        var (account, wish, note, refusal) = await ClaimerStep.StartAsync(id, "note", "完成情况", request.Note, WishRules.MaxDetail, "登记完成", s, ct);
        if (refusal is not null)
        {
            return refusal;
        }
        var today = BeijingDay.Of(s.Db.Clock.GetUtcNow());
        wish!.FulfilmentNote = note;
        wish.FulfilledOn = today;
        await WishAccess.SetStageAsync(wish, WishState.Fulfilled, today, s.Calendar, s.Rules, ct);
        wish.Version++;
        WishAccess.Event(s.Db, wish, WishEventKind.Fulfilled, account, wish.ClaimerName!, note!);
        if (wish.ClaimerMemberId is { } memberId)
        {
            ActivityLedger.Record(s.Db, memberId, wish.ClaimerOrgPath!, ActivityKinds.WishFulfilled, "", today, 1, nameof(Wish), wish.Id);
        }
        await WishNotices.ToResidentAsync(s.Db, wish, "您的心愿完成了", $"“{wish.Title}”已由{wish.ClaimerName}完成，请确认并打分。", ct);
        return await WishSave.CommitAsync(s.Db, wish.State, ct);
    }
}

/// <summary>
/// The resident confirms what was done and rates it 1 to 5, once; for a resident without an account, the one who
/// collected the wish (or the community) does it for them. The rating is the claiming member's line.
/// </summary>
public static class ConfirmWish
{
    public sealed record Request(int? Rating, [property: MaxLength(WishRules.MaxReason)] string? Comment);

    public static async Task<Outcome<WishState>> ByResidentAsync(long id, Request request, WishServices s, CancellationToken ct)
    {
        var account = await s.User.RequireAsync(ct);
        var (resident, wish) = await WishAccess.ForResidentAsync(s.Db, s.Scope, account, id, tracking: true, ct);
        return wish is null ? Outcome<WishState>.NotFound("心愿") : await ConfirmAsync(wish, request, account, resident!.Name, s, ct);
    }

    public static async Task<Outcome<WishState>> OnBehalfAsync(long id, Request request, WishServices s, CancellationToken ct)
    {
        var account = await s.User.RequireAsync(ct);
        var wish = await WishAccess.ForServerAsync(s.Db, s.Scope, account, id, tracking: true, ct);
        if (wish is null)
        {
            return Outcome<WishState>.NotFound("心愿");
        }
        var hasAccount = await s.Db.Residents.AnyAsync(r => r.Id == wish.ResidentId && r.AccountId != null, ct);
        var overdue = wish.Deadline is { } deadline && BeijingDay.Of(s.Db.Clock.GetUtcNow()) > deadline;
        var mayAct = wish.CollectedByAccountId == account.UserId || (account.Can(Permission.ManageResidentServices) && OrgPath.IsWithin(wish.OrgPath, account.ScopePath));
        if (wish.State == WishState.Fulfilled && (!mayAct || (hasAccount && !overdue) || WishAccess.IsClaimer(wish, account)))
        {
            return Outcome<WishState>.Conflict(WishAccess.IsClaimer(wish, account) ? "认领人不能替居民评价"
                : hasAccount && mayAct ? "居民有自己的账号，请居民本人确认评价；逾期未评价的可由社区代为确认"
                : "只有代居民提交心愿的人或社区可以代为确认");
        }
        return await ConfirmAsync(wish, request, account, $"{account.DisplayName}（代居民确认）", s, ct);
    }

    private static async Task<Outcome<WishState>> ConfirmAsync(Wish wish, Request request, CurrentUser.Account account, string byName, WishServices s, CancellationToken ct)
    {
        var errors = new FieldErrors();
        if (request.Rating is not (>= 1 and <= 5))
        {
            errors.Add("rating", "请打1到5分");
        }
        var comment = errors.Text("comment", "评价", request.Comment, WishRules.MaxReason, required: false);
        if (errors.Any)
        {
            return Outcome<WishState>.Invalid(errors);
        }
        if (wish.State != WishState.Fulfilled)
        {
            return Outcome<WishState>.Conflict(wish.State == WishState.Closed ? "已经评价过了" : "心愿还没有完成，完成后才能评价");
        }
        var today = BeijingDay.Of(s.Db.Clock.GetUtcNow());
        wish.Rating = request.Rating;
        wish.RatingComment = comment;
        wish.RatedBy = byName;
        wish.ClosedOn = today;
        await WishAccess.SetStageAsync(wish, WishState.Closed, today, s.Calendar, s.Rules, ct);
        wish.Version++;
        WishAccess.Event(s.Db, wish, WishEventKind.Confirmed, account, byName, $"{request.Rating}分" + (comment is null ? "" : "：" + comment));
        if (wish.ClaimerMemberId is { } memberId)
        {
            ActivityLedger.Record(s.Db, memberId, wish.ClaimerOrgPath!, ActivityKinds.WishRating, "", today, request.Rating!.Value, nameof(Wish), wish.Id);
            Notices.ToMember(s.Db, memberId, "居民评价了您完成的心愿", $"“{wish.Title}”：{request.Rating}分", $"/Wishes/Details?id={wish.Id}", nameof(Wish), wish.Id, outgoing: false);
        }
        return await WishSave.CommitAsync(s.Db, wish.State, ct);
    }
}

/// <summary>The resident (or the one who collected it) takes the wish back, with a reason, until it is fulfilled; a claimer is told.</summary>
public static class WithdrawWish
{
    public sealed record Request([property: MaxLength(WishRules.MaxReason)] string? Reason);

    public static async Task<Outcome<WishState>> ByResidentAsync(long id, Request request, WishServices s, CancellationToken ct)
    {
        var account = await s.User.RequireAsync(ct);
        var (resident, wish) = await WishAccess.ForResidentAsync(s.Db, s.Scope, account, id, tracking: true, ct);
        return wish is null ? Outcome<WishState>.NotFound("心愿") : await WithdrawAsync(wish, request, account, resident!.Name, s, ct);
    }

    public static async Task<Outcome<WishState>> ByCollectorAsync(long id, Request request, WishServices s, CancellationToken ct)
    {
        var account = await s.User.RequireAsync(ct);
        var wish = await WishAccess.ForServerAsync(s.Db, s.Scope, account, id, tracking: true, ct);
        if (wish is null)
        {
            return Outcome<WishState>.NotFound("心愿");
        }
        if (wish.CollectedByAccountId != account.UserId)
        {
            return Outcome<WishState>.Conflict("只有居民本人或代居民提交心愿的人可以撤回心愿");
        }
        return await WithdrawAsync(wish, request, account, $"{account.DisplayName}（代居民撤回）", s, ct);
    }

    private static async Task<Outcome<WishState>> WithdrawAsync(Wish wish, Request request, CurrentUser.Account account, string byName, WishServices s, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var reason = errors.Text("reason", "撤回的原因", request.Reason, WishRules.MaxReason);
        if (errors.Any)
        {
            return Outcome<WishState>.Invalid(errors);
        }
        if (wish.State is not (WishState.Submitted or WishState.Open or WishState.Claimed))
        {
            return Outcome<WishState>.Conflict(wish.State is WishState.Fulfilled or WishState.Closed ? "心愿已经完成，不能撤回" : $"心愿{wish.State.Chinese()}，不能撤回");
        }
        if (wish.State == WishState.Claimed)
        {
            if (wish.ClaimerMemberId is { } memberId)
            {
                await ActivityLedger.ReverseAsync(s.Db, nameof(Wish), wish.Id, memberId, ct);
                Notices.ToMember(s.Db, memberId, "您认领的心愿已被撤回", $"“{wish.Title}”：{reason}", $"/Wishes/Details?id={wish.Id}", nameof(Wish), wish.Id);
            }
            else if (wish.ClaimerAccountId is { } claimerAccount)
            {
                Notices.ToAccount(s.Db, claimerAccount, "您认领的心愿已被撤回", $"“{wish.Title}”：{reason}", $"/Wishes/Details?id={wish.Id}", nameof(Wish), wish.Id);
            }
        }
        wish.WithdrawalReason = reason;
        await WishAccess.SetStageAsync(wish, WishState.Withdrawn, BeijingDay.Of(s.Db.Clock.GetUtcNow()), s.Calendar, s.Rules, ct);
        wish.Version++;
        WishAccess.Event(s.Db, wish, WishEventKind.Withdrawn, account, byName, reason!);
        return await WishSave.CommitAsync(s.Db, wish.State, ct);
    }
}

/// <summary>
/// Pressing (催办) an overdue stage's owner, and supervision (督办) from the level above once it has been overdue for
/// the second limit: each an escalation record with its note, and a notice to whoever must act.
/// </summary>
public static class EscalateWish
{
    public sealed record Request([property: MaxLength(WishRules.MaxDetail)] string? Note);

    public static async Task<Outcome<EscalationLevel>> Handle(long id, EscalationLevel level, Request request, WishServices s, CancellationToken ct)
    {
        var wish = await WishAccess.ForManagerAsync(s.Db, s.Scope, id, ct);
        if (wish is null)
        {
            return Outcome<EscalationLevel>.NotFound("心愿");
        }
        var errors = new FieldErrors();
        var note = errors.Text("note", level == EscalationLevel.Pressed ? "催办意见" : "督办意见", request.Note, EscalationRules.MaxNote);
        if (errors.Any)
        {
            return Outcome<EscalationLevel>.Invalid(errors);
        }
        if (!wish.State.IsLive() || wish.Deadline is not { } deadline)
        {
            return Outcome<EscalationLevel>.Conflict($"心愿{wish.State.Chinese()}，不需要{level.Chinese()}");
        }
        var account = await s.User.RequireAsync(ct);
        var today = BeijingDay.Of(s.Db.Clock.GetUtcNow());
        var refusal = level == EscalationLevel.Pressed ? EscalationRules.PressRefusal(deadline, today)
            : EscalationRules.SuperviseRefusal(wish.SuperviseFrom ?? deadline, today, wish.OrgPath, account.ScopePath);
        if (refusal is not null)
        {
            return Outcome<EscalationLevel>.Conflict(refusal);
        }
        var stage = wish.State.StageName();
        Escalations.Add(s.Db, account, nameof(Wish), wish.Id, wish.OrganizationId, wish.OrgPath, stage, level, deadline, today, note!);
        if (level == EscalationLevel.Pressed)
        {
            wish.LastPressedOn = today;
        }
        else
        {
            wish.LastSupervisedOn = today;
        }
        wish.Version++;
        var title = $"{level.Chinese()}：心愿“{wish.Title}”{stage}已逾期";
        var body = $"期限{deadline:M月d日}，{account.DisplayName}{level.Chinese()}：{note}";
        var link = $"/Wishes/Details?id={wish.Id}";
        if (wish.State is WishState.Claimed && wish.ClaimerMemberId is { } memberId)
        {
            Notices.ToMember(s.Db, memberId, title, body, link, nameof(Wish), wish.Id);
        }
        else if (wish.State is WishState.Claimed && wish.ClaimerAccountId is { } claimer)
        {
            Notices.ToAccount(s.Db, claimer, title, body, link, nameof(Wish), wish.Id);
        }
        else if (wish.State is WishState.Fulfilled && wish.CollectedByAccountId is { } collector)
        {
            Notices.ToAccount(s.Db, collector, title, body, link, nameof(Wish), wish.Id);
        }
        else
        {
            // Waiting for review or for a claimer: the community's own accounts are the owners.
            await Notices.ToOrganizationAsync(s.Db, wish.OrganizationId, title, body, link, nameof(Wish), wish.Id, ct);
        }
        var saved = await WishSave.CommitAsync(s.Db, level, ct);
        return saved;
    }
}

internal static class WishNotices
{
    /// <summary>A notice to the resident's account, in the app; a resident without an account hears from the one who collected the wish.</summary>
    public static Task ToResidentAsync(AppDb db, Wish wish, string title, string body, CancellationToken ct) =>
        ResidentNotices.ToResidentAsync(db, wish.ResidentId, wish.ResidentName, wish.CollectedByAccountId, title, body,
            new ResidentNotices.Source(nameof(Wish), wish.Id, $"/Wishes/Mine?id={wish.Id}", $"/Wishes/Details?id={wish.Id}"), ct);
}

internal static class WishSave
{
    public static Task<Outcome<T>> CommitAsync<T>(AppDb db, T value, CancellationToken ct) => db.SaveOrConflictAsync(value, "心愿刚刚有了变化，请刷新后再试", ct);
}
