using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Dangjian.Features.Residents;
using Dangjian.Platform.Activity;
using Dangjian.Platform.Data;
using Dangjian.Platform.Http;
using Dangjian.Platform.Notifications;
using Dangjian.Platform.Rules;
using Dangjian.Platform.Security;
using Dangjian.Platform.Time;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Features.ReportIn;

/// <summary>A service post or activity the community offers: on one day, with a quota and a sign-up deadline.</summary>
public static class AddActivity
{
    public sealed record Request(
        long? CommunityId,
        [property: MaxLength(ReportInRules.MaxName)] string? Title,
        [property: MaxLength(ReportInRules.MaxText)] string? Description,
        [property: MaxLength(ReportInRules.MaxName)] string? Place,
        DateTimeOffset? StartsAt,
        DateTimeOffset? EndsAt,
        int? Quota,
        DateTimeOffset? SignUpBy);

    public static async Task<Outcome<long>> Handle(Request request, ReportInServices s, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var community = request.CommunityId is { } id && await Communities.FindAsync(s.Db, id, ct) is { } c
            && await s.Scope.AllowsAsync(c.Path, "Organization", c.Id, ct) ? c : null;
        if (community is null)
        {
            errors.Add("communityId", "请选择本辖区的社区（村）");
        }
        var title = errors.Text("title", "活动名称", request.Title, ReportInRules.MaxName);
        var description = errors.Text("description", "活动内容", request.Description, ReportInRules.MaxText, required: false) ?? "";
        var place = errors.Text("place", "地点", request.Place, ReportInRules.MaxName);
        var now = s.Db.Clock.GetUtcNow();
        if (request.StartsAt is not { } starts || starts <= now)
        {
            errors.Add("startsAt", "开始时间应在现在之后");
        }
        if (request.EndsAt is not { } ends || request.StartsAt is not { } from || ends <= from || (ends - from).TotalHours > ReportInRules.MaxHoursPerEntry
            || BeijingDay.Of(ends.AddTicks(-1)) != BeijingDay.Of(from))
        {
            errors.Add("endsAt", $"结束时间应在开始之后的同一天内，最长{ReportInRules.MaxHoursPerEntry}小时");
        }
        if (request.Quota is not (>= 1 and <= ReportInRules.MaxQuota))
        {
            errors.Add("quota", $"名额应为1到{ReportInRules.MaxQuota}人");
        }
        var signUpBy = request.SignUpBy ?? request.StartsAt;
        if (signUpBy is { } by && request.StartsAt is { } start && (by > start || by <= now))
        {
            errors.Add("signUpBy", "报名截止时间应在现在之后、活动开始之前");
        }
        if (errors.Any)
        {
            return Outcome<long>.Invalid(errors);
        }
        var activity = new ServiceActivity
        {
            CommunityId = community!.Id, CommunityPath = community.Path, Title = title!, Description = description, Place = place!, StartsAt = request.StartsAt!.Value,
            EndsAt = request.EndsAt!.Value, Quota = request.Quota!.Value, SignUpBy = signUpBy!.Value, CreatedAt = now,
        };
        s.Db.ServiceActivities.Add(activity);
        await s.Db.SaveChangesAsync(ct);
        return Outcome<long>.Ok(activity.Id);
    }
}

/// <summary>The signed-in member and their organization: whose hours these are, and whose unit kind's working time applies.</summary>
internal sealed record ServingMember(long Id, string Name, long OrganizationId, string OrgPath)
{
    public static async Task<ServingMember?> OfAsync(CurrentUser.Account account, AppDb db, CancellationToken ct) =>
        account.MemberId is not { } id ? null
        : await db.Members.AsNoTracking().Where(m => m.Id == id && m.LeftAt == null)
            .Select(m => new ServingMember(m.Id, m.Name, m.OrganizationId, m.OrgPath)).FirstOrDefaultAsync(ct);

    /// <summary>The part of a span outside the working time of the member's unit kind on that day (rules; the calendar says which days are worked).</summary>
    public async Task<decimal> OutsideHoursAsync(DateOnly date, TimeOnly from, TimeOnly to, ReportInServices s, CancellationToken ct)
    {
        var subject = await Rules.RuleSubjects.ForAsync(s.Db, OrgPath, date, ct);
        var rules = await s.Rules.ResolveAsync([RuleCatalog.WorkdayStartHour, RuleCatalog.WorkdayEndHour], subject, ct);
        var working = (await s.Calendar.ForAsync(date, date, ct)).IsWorkingDay(date);
        return OutsideWork.Hours(from, to, working, (int)rules[RuleCatalog.WorkdayStartHour.Key].Value, (int)rules[RuleCatalog.WorkdayEndHour.Key].Value);
    }
}

/// <summary>
/// A member reported in to the activity's community signs up before the deadline, while places remain: the place is
/// taken by one conditional update (below the quota), so of many at once for the last place exactly one has it.
/// </summary>
public static class SignUpForActivity
{
    public static async Task<Outcome<long>> Handle(long id, ReportInServices s, CancellationToken ct)
    {
        var account = await s.User.RequireAsync(ct);
        var (member, activity) = await ForMemberAsync(id, account, s, ct);
        if (activity is null)
        {
            return Outcome<long>.NotFound("活动");
        }
        var now = s.Db.Clock.GetUtcNow();
        if (activity.Cancelled || now > activity.SignUpBy)
        {
            return Outcome<long>.Conflict(activity.Cancelled ? "活动已取消" : $"报名已于{activity.SignUpBy.ToBeijing():M月d日 H:mm}截止");
        }
        if (await s.Db.ActivitySignUps.AnyAsync(x => x.ActivityId == id && x.MemberId == member!.Id, ct))
        {
            return Outcome<long>.Conflict("您已经报名了");
        }
        await using var tx = await s.Db.Database.BeginTransactionAsync(ct);
        var taken = await s.Db.ServiceActivities.Where(a => a.Id == id && a.SignedUp < a.Quota)
            .BypassingSaveSteps("a place taken on its own condition: the count is the activity's, not a record anyone edits")
            .ExecuteUpdateAsync(u => u.SetProperty(a => a.SignedUp, a => a.SignedUp + 1), ct);
        if (taken == 0)
        {
            return Outcome<long>.Conflict($"名额已满（{activity.Quota}人）");
        }
        var signUp = new ActivitySignUp { ActivityId = id, MemberId = member!.Id, MemberName = member.Name, SignedUpAt = now };
        s.Db.ActivitySignUps.Add(signUp);
        try
        {
            await s.Db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            return Outcome<long>.Conflict("您已经报名了");
        }
        await tx.CommitAsync(ct);
        return Outcome<long>.Ok(signUp.Id);
    }

    /// <summary>The member and the activity, when it belongs to a community the member is reported in to; else absent (and audited).</summary>
    internal static async Task<(ServingMember? Member, ServiceActivity? Activity)> ForMemberAsync(long id, CurrentUser.Account account, ReportInServices s, CancellationToken ct)
    {
        var member = await ServingMember.OfAsync(account, s.Db, ct);
        var activity = member is null ? null : await s.Db.ServiceActivities.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct);
        if (activity is null)
        {
            return (member, null);
        }
        var communities = await ReportInAccess.CommunitiesOfMemberAsync(s.Db, member!.Id, member.OrgPath, ct);
        if (!communities.Contains(activity.CommunityId))
        {
            await s.Scope.DeniedAsync(nameof(ServiceActivity), id, activity.CommunityPath, ct);
            return (member, null);
        }
        return (member, activity);
    }
}

/// <summary>Signing in at the activity on its day: the member's hours are reported for the community to verify.</summary>
public static class SignInAtActivity
{
    public static async Task<Outcome<long>> Handle(long id, ReportInServices s, CancellationToken ct)
    {
        var account = await s.User.RequireAsync(ct);
        var (member, activity) = await SignUpForActivity.ForMemberAsync(id, account, s, ct);
        if (activity is null)
        {
            return Outcome<long>.NotFound("活动");
        }
        if (!await s.Db.ActivitySignUps.AnyAsync(x => x.ActivityId == id && x.MemberId == member!.Id, ct))
        {
            return Outcome<long>.Conflict("您没有报名这个活动");
        }
        var now = s.Db.Clock.GetUtcNow();
        if (activity.Cancelled || now < activity.StartsAt.AddHours(-1) || BeijingDay.Of(now) != BeijingDay.Of(activity.StartsAt))
        {
            return Outcome<long>.Conflict($"请在活动当天（{activity.StartsAt.ToBeijing():M月d日}）开始前一小时起签到");
        }
        var day = BeijingDay.Of(activity.StartsAt);
        var from = TimeOnly.FromDateTime(activity.StartsAt.ToBeijing().DateTime);
        var to = TimeOnly.FromDateTime(activity.EndsAt.ToBeijing().DateTime);
        var hours = new ServiceHours
        {
            MemberId = member!.Id, MemberName = member.Name, OrganizationId = member.OrganizationId, OrgPath = member.OrgPath, CommunityId = activity.CommunityId,
            CommunityPath = activity.CommunityPath, ActivityId = activity.Id, Date = day, From = from, To = to, Hours = OutsideWork.Round((decimal)(to - from).TotalMinutes),
            OutsideHours = await member.OutsideHoursAsync(day, from, to, s, ct), What = activity.Title, State = HoursState.Reported, CreatedAt = now,
        };
        s.Db.ServiceHours.Add(hours);
        await s.Db.ActivitySignUps.Where(x => x.ActivityId == id && x.MemberId == member.Id)
            .BypassingSaveSteps("the sign-in moment of a sign-up; the hours it reports are the audited record")
            .ExecuteUpdateAsync(u => u.SetProperty(x => x.SignedInAt, now), ct);
        try
        {
            await s.Db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            return Outcome<long>.Conflict("您已经签到了");
        }
        return Outcome<long>.Ok(hours.Id);
    }
}

/// <summary>Hours a member served a community they are reported in to, reported by the member: the community verifies them.</summary>
public static class ReportHours
{
    public sealed record Request(long? CommunityId, DateOnly? Date, string? From, string? To, [property: MaxLength(ReportInRules.MaxText)] string? What);

    public static async Task<Outcome<long>> Handle(Request request, ReportInServices s, CancellationToken ct)
    {
        var account = await s.User.RequireAsync(ct);
        var member = await ServingMember.OfAsync(account, s.Db, ct);
        if (member is null)
        {
            return Outcome<long>.Invalid("communityId", "您的账号没有关联党员信息");
        }
        var errors = new FieldErrors();
        var communities = await ReportInAccess.CommunitiesOfMemberAsync(s.Db, member.Id, member.OrgPath, ct);
        var community = request.CommunityId is { } cid && communities.Contains(cid) ? await Communities.FindAsync(s.Db, cid, ct) : null;
        if (community is null)
        {
            errors.Add("communityId", "请选择您已报到的社区");
        }
        var now = s.Db.Clock.GetUtcNow();
        var today = BeijingDay.Of(now);
        if (request.Date is not { } date)
        {
            errors.Add("date", "请填写服务日期");
        }
        else if (date > today || date < today.AddDays(-ReportInRules.ReportDaysBack))
        {
            errors.Add("date", $"服务日期应在最近{ReportInRules.ReportDaysBack}天内，不能晚于今天");
        }
        var from = Time(errors, "from", "开始时间", request.From);
        var to = Time(errors, "to", "结束时间", request.To);
        if (from is { } f && to is { } t)
        {
            if (t <= f || (t - f).TotalHours > ReportInRules.MaxHoursPerEntry)
            {
                errors.Add("to", $"结束时间应在开始时间之后，一次最多{ReportInRules.MaxHoursPerEntry}小时");
            }
            else if (request.Date == today && t > TimeOnly.FromDateTime(now.ToBeijing().DateTime))
            {
                errors.Add("to", "结束时间不能晚于现在");
            }
        }
        var what = errors.Text("what", "做了什么", request.What, ReportInRules.MaxText);
        if (errors.Any)
        {
            return Outcome<long>.Invalid(errors);
        }
        var hours = new ServiceHours
        {
            MemberId = member.Id, MemberName = member.Name, OrganizationId = member.OrganizationId, OrgPath = member.OrgPath, CommunityId = community!.Id,
            CommunityPath = community.Path, Date = request.Date!.Value, From = from!.Value, To = to!.Value, Hours = OutsideWork.Round((decimal)(to.Value - from.Value).TotalMinutes),
            OutsideHours = await member.OutsideHoursAsync(request.Date.Value, from.Value, to.Value, s, ct), What = what!, State = HoursState.Reported, CreatedAt = now,
        };
        s.Db.ServiceHours.Add(hours);
        await ReportInNotices.ToCommunityAsync(s.Db, community.Id, $"核实服务时长：{member.Name}", $"{member.Name}报告{hours.Date:M月d日}服务{hours.Hours}小时：{what}", nameof(ServiceHours), ct);
        await s.Db.SaveChangesAsync(ct);
        return Outcome<long>.Ok(hours.Id);
    }

    private static TimeOnly? Time(FieldErrors errors, string field, string label, string? text)
    {
        if (TimeOnly.TryParseExact(text?.Trim(), "H:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            return time;
        }
        errors.Add(field, $"{label}应写成 19:30 这样");
        return null;
    }
}

/// <summary>
/// The community (the organizer) verifies reported hours, or refuses them with a reason the member sees. Verified hours
/// are the member's activity lines: all the hours, and the part outside working time.
/// </summary>
public static class VerifyHours
{
    public sealed record Request(bool? Approve, [property: MaxLength(ReportInRules.MaxReason)] string? Reason);

    public static async Task<Outcome<HoursState>> Handle(long id, Request request, ReportInServices s, CancellationToken ct)
    {
        var hours = await s.Db.ServiceHours.FirstOrDefaultAsync(h => h.Id == id, ct);
        if (hours is null || !await s.Scope.AllowsAsync(hours.CommunityPath, nameof(ServiceHours), id, ct))
        {
            return Outcome<HoursState>.NotFound("服务时长");
        }
        var errors = new FieldErrors();
        if (request.Approve is null)
        {
            errors.Add("approve", "请选择核实通过或不通过");
        }
        var reason = errors.Text("reason", "不通过的原因", request.Reason, ReportInRules.MaxReason, required: request.Approve == false);
        if (errors.Any)
        {
            return Outcome<HoursState>.Invalid(errors);
        }
        if (hours.State != HoursState.Reported)
        {
            return Outcome<HoursState>.Conflict($"服务时长{hours.State.Chinese()}，不需要再核实");
        }
        var account = await s.User.RequireAsync(ct);
        hours.VerifiedBy = account.DisplayName;
        hours.VerifiedOn = BeijingDay.Of(s.Db.Clock.GetUtcNow());
        hours.Version++;
        if (request.Approve == true)
        {
            hours.State = HoursState.Verified;
            ActivityLedger.Record(s.Db, hours.MemberId, hours.OrgPath, ActivityKinds.ServiceHours, "", hours.Date, hours.Hours, nameof(ServiceHours), hours.Id);
            if (hours.OutsideHours > 0)
            {
                ActivityLedger.Record(s.Db, hours.MemberId, hours.OrgPath, ActivityKinds.ServiceHoursOutsideWork, "", hours.Date, hours.OutsideHours, nameof(ServiceHours), hours.Id);
            }
            Notices.ToMember(s.Db, hours.MemberId, "服务时长已核实", $"{hours.Date:M月d日}服务{hours.Hours}小时（8小时外{hours.OutsideHours}小时）", "/ReportIn", nameof(ServiceHours), hours.Id,
                outgoing: false);
        }
        else
        {
            hours.State = HoursState.Refused;
            hours.RefusalReason = reason;
            Notices.ToMember(s.Db, hours.MemberId, "服务时长未核实通过", $"{hours.Date:M月d日}：{reason}", "/ReportIn", nameof(ServiceHours), hours.Id, outgoing: false);
        }
        return await ReportInSave.CommitAsync(s.Db, hours.State, ct);
    }
}
