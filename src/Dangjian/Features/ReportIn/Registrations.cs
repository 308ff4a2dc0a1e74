using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using Dangjian.Features.Residents;
using Dangjian.Platform.Data;
using Dangjian.Platform.Http;
using Dangjian.Platform.Notifications;
using Dangjian.Platform.Rules;
using Dangjian.Platform.Security;
using Dangjian.Platform.Time;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Features.ReportIn;

/// <summary>The services every report-in step needs, injected once per request.</summary>
public sealed record ReportInServices(AppDb Db, Scope Scope, CurrentUser User, WorkCalendar Calendar, RuleBook Rules);

/// <summary>
/// A report-in to a community: a serving member for themself (where they live; any community), or a unit's
/// organization in the caller's subtree (where the unit sits). One live report-in per member, and per organization and
/// community: the held key is unique, so a second at once is refused by the database.
/// </summary>
public static class Register
{
    /// <summary>A serving member's own report-in, with the community where they live.</summary>
    public sealed record MemberRequest(long? CommunityId, [property: MaxLength(ReportInRules.MaxText)] string? Offers);

    /// <summary>A unit's organization (in the caller's subtree; the caller's own by default) with the community where the unit sits.</summary>
    public sealed record UnitRequest(long? OrganizationId, long? CommunityId, [property: MaxLength(ReportInRules.MaxText)] string? Offers);

    public static Task<Outcome<long>> MemberAsync(MemberRequest request, ReportInServices s, CancellationToken ct) =>
        Handle(new Request(RegistrantKind.Member, request.CommunityId, null, request.Offers), s, ct);

    public static Task<Outcome<long>> UnitAsync(UnitRequest request, ReportInServices s, CancellationToken ct) =>
        Handle(new Request(RegistrantKind.Unit, request.CommunityId, request.OrganizationId, request.Offers), s, ct);

    internal sealed record Request(RegistrantKind? Kind, long? CommunityId, long? OrganizationId, string? Offers);

    internal static async Task<Outcome<long>> Handle(Request request, ReportInServices s, CancellationToken ct)
    {
        var account = await s.User.RequireAsync(ct);
        var errors = new FieldErrors();
        var offers = errors.Text("offers", "能提供的服务", request.Offers, ReportInRules.MaxText, required: false) ?? "";
        var community = await Communities.FindAsync(s.Db, request.CommunityId, ct);
        if (community is null)
        {
            errors.Add("communityId", "请选择要报到的社区（村）");
        }
        if (request.Kind is not { } kind || !Enum.IsDefined(kind))
        {
            errors.Add("kind", "请选择单位党组织报到或在职党员报到");
            return Outcome<long>.Invalid(errors);
        }
        long organizationId;
        string orgPath, name, key;
        long? memberId = null;
        if (kind == RegistrantKind.Member)
        {
            var member = account.MemberId is { } id
                ? await s.Db.Members.AsNoTracking().Where(m => m.Id == id && m.LeftAt == null).Select(m => new { m.Id, m.Name, m.OrganizationId, m.OrgPath }).FirstOrDefaultAsync(ct)
                : null;
            if (member is null)
            {
                errors.Add("communityId", "您的账号没有关联党员信息，不能以党员身份报到");
                return Outcome<long>.Invalid(errors);
            }
            (organizationId, orgPath, name, memberId, key) = (member.OrganizationId, member.OrgPath, member.Name, member.Id, $"m:{member.Id}");
        }
        else
        {
            if (!account.Can(Permission.ManageResidentServices))
            {
                errors.Add("organizationId", "单位党组织报到由单位党组织的书记或组织部门办理");
                return Outcome<long>.Invalid(errors);
            }
            var organization = await s.Scope.FindAsync(s.Db.Organizations.AsNoTracking().Where(o => o.DissolvedAt == null), request.OrganizationId ?? account.OrganizationId, ct);
            if (organization is null)
            {
                errors.Add("organizationId", "请选择本单位的党组织");
                return Outcome<long>.Invalid(errors);
            }
            (organizationId, orgPath, name, key) = (organization.Id, organization.Path, organization.Name, $"o:{organization.Id}:{request.CommunityId}");
        }
        if (errors.Any)
        {
            return Outcome<long>.Invalid(errors);
        }
        var live = await s.Db.ReportInRegistrations.AsNoTracking().Where(r => r.HeldKey == key)
            .Join(s.Db.Organizations, r => r.CommunityId, o => o.Id, (r, o) => new { o.Name, r.State }).FirstOrDefaultAsync(ct);
        if (live is not null)
        {
            return Outcome<long>.Conflict($"已向{live.Name}报到（{live.State.Chinese()}），如要改到别的社区，请先结束原来的报到");
        }
        var registration = new Registration
        {
            Kind = kind, CommunityId = community!.Id, CommunityPath = community.Path, OrganizationId = organizationId, OrgPath = orgPath, MemberId = memberId, Name = name,
            Offers = offers, State = RegistrationState.Pending, RequestedOn = BeijingDay.Of(s.Db.Clock.GetUtcNow()), RequestedByAccountId = account.UserId,
            CardCode = Convert.ToHexString(RandomNumberGenerator.GetBytes(10)), HeldKey = key, CreatedAt = s.Db.Clock.GetUtcNow(),
        };
        s.Db.ReportInRegistrations.Add(registration);
        await ReportInNotices.ToCommunityAsync(s.Db, community.Id, $"{kind.Chinese()}：{name}", $"{name}申请向{community.Name}报到，请确认", nameof(Registration), ct);
        try
        {
            await s.Db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            return Outcome<long>.Conflict("已经报到过了，请刷新后查看");
        }
        return Outcome<long>.Ok(registration.Id);
    }
}

/// <summary>The community confirms a report-in, or refuses it with a reason the registrant sees.</summary>
public static class DecideRegistration
{
    public sealed record Request(bool? Confirm, [property: MaxLength(ReportInRules.MaxReason)] string? Reason);

    public static async Task<Outcome<RegistrationState>> Handle(long id, Request request, ReportInServices s, CancellationToken ct)
    {
        var registration = await ReportInAccess.ForCommunityAsync(id, s, ct);
        if (registration is null)
        {
            return Outcome<RegistrationState>.NotFound("报到");
        }
        var errors = new FieldErrors();
        if (request.Confirm is null)
        {
            errors.Add("confirm", "请选择同意或不同意");
        }
        var reason = errors.Text("reason", "不同意的原因", request.Reason, ReportInRules.MaxReason, required: request.Confirm == false);
        if (errors.Any)
        {
            return Outcome<RegistrationState>.Invalid(errors);
        }
        if (registration.State != RegistrationState.Pending)
        {
            return Outcome<RegistrationState>.Conflict($"报到{registration.State.Chinese()}，不需要再确认");
        }
        var account = await s.User.RequireAsync(ct);
        registration.DecidedBy = account.DisplayName;
        if (request.Confirm == true)
        {
            registration.State = RegistrationState.Confirmed;
            registration.ConfirmedOn = BeijingDay.Of(s.Db.Clock.GetUtcNow());
        }
        else
        {
            registration.State = RegistrationState.Refused;
            registration.RefusalReason = reason;
            registration.HeldKey = null;
        }
        registration.Version++;
        ReportInNotices.ToRegistrant(s.Db, registration, request.Confirm == true ? "报到已确认" : "报到未获同意",
            request.Confirm == true ? $"社区已确认您的报到（{registration.Name}）" : $"社区未同意报到：{reason}");
        return await ReportInSave.CommitAsync(s.Db, registration.State, ct);
    }
}

/// <summary>A report-in ended, with a reason, by the registrant's side or by the community.</summary>
public static class EndRegistration
{
    public sealed record Request([property: MaxLength(ReportInRules.MaxReason)] string? Reason);

    /// <summary>The member ends their own report-in; another's is absent (and audited).</summary>
    public static async Task<Outcome<RegistrationState>> ByMemberAsync(long id, Request request, ReportInServices s, CancellationToken ct)
    {
        var account = await s.User.RequireAsync(ct);
        var registration = await s.Db.ReportInRegistrations.FirstOrDefaultAsync(r => r.Id == id, ct);
        if (registration is not null && (account.MemberId is null || registration.MemberId != account.MemberId))
        {
            await s.Scope.DeniedAsync(nameof(Registration), id, registration.CommunityPath, ct);
            registration = null;
        }
        return registration is null ? Outcome<RegistrationState>.NotFound("报到") : await EndAsync(registration, request, account, s, ct);
    }

    /// <summary>The unit organization's side or the community's side (their subtrees) ends it.</summary>
    public static async Task<Outcome<RegistrationState>> Handle(long id, Request request, ReportInServices s, CancellationToken ct)
    {
        var account = await s.User.RequireAsync(ct);
        var registration = await s.Scope.FindAsync(s.Db.ReportInRegistrations, id, ct);
        return registration is null ? Outcome<RegistrationState>.NotFound("报到") : await EndAsync(registration, request, account, s, ct);
    }

    private static async Task<Outcome<RegistrationState>> EndAsync(Registration registration, Request request, CurrentUser.Account account, ReportInServices s,
        CancellationToken ct)
    {
        var errors = new FieldErrors();
        var reason = errors.Text("reason", "结束报到的原因", request.Reason, ReportInRules.MaxReason);
        if (errors.Any)
        {
            return Outcome<RegistrationState>.Invalid(errors);
        }
        if (registration.State is not (RegistrationState.Pending or RegistrationState.Confirmed))
        {
            return Outcome<RegistrationState>.Conflict($"报到{registration.State.Chinese()}");
        }
        registration.State = RegistrationState.Ended;
        registration.EndedOn = BeijingDay.Of(s.Db.Clock.GetUtcNow());
        registration.EndReason = $"{reason}（{account.DisplayName}）";
        registration.HeldKey = null;
        registration.Version++;
        return await ReportInSave.CommitAsync(s.Db, registration.State, ct);
    }
}

/// <summary>Who reaches a report-in: the community's side (its subtree), the registrant's side (the member, or the unit organization's subtree).</summary>
public static class ReportInAccess
{
    public static async Task<Registration?> ForCommunityAsync(long id, ReportInServices s, CancellationToken ct)
    {
        var registration = await s.Db.ReportInRegistrations.FirstOrDefaultAsync(r => r.Id == id, ct);
        return registration is not null && await s.Scope.AllowsAsync(registration.CommunityPath, nameof(Registration), id, ct) ? registration : null;
    }

    /// <summary>
    /// The communities a member is reported in to and confirmed: their own report-in, or their unit organization's (or
    /// an organization above theirs).
    /// </summary>
    public static async Task<List<long>> CommunitiesOfMemberAsync(AppDb db, long memberId, string memberPath, CancellationToken ct)
    {
        var above = OrgPath.AncestorsAndSelf(memberPath);
        return await db.ReportInRegistrations.AsNoTracking()
            .Where(r => r.State == RegistrationState.Confirmed && (r.MemberId == memberId || (r.Kind == RegistrantKind.Unit && above.Contains(r.OrgPath))))
            .Select(r => r.CommunityId).Distinct().ToListAsync(ct);
    }
}

internal static class ReportInNotices
{
    /// <summary>The community's own accounts: those who confirm and verify (a new request, without its id yet).</summary>
    public static Task ToCommunityAsync(AppDb db, long communityId, string title, string body, string sourceType, CancellationToken ct) =>
        Notices.ToOrganizationAsync(db, communityId, title, body, $"/ReportIn/Manage?communityId={communityId}", sourceType, 0, ct);

    public static void ToRegistrant(AppDb db, Registration registration, string title, string body)
    {
        if (registration.MemberId is { } member)
        {
            Notices.ToMember(db, member, title, body, "/ReportIn", nameof(Registration), registration.Id, outgoing: false);
        }
        else if (registration.RequestedByAccountId is { } account)
        {
            Notices.ToAccount(db, account, title, body, "/ReportIn", nameof(Registration), registration.Id);
        }
    }
}

internal static class ReportInSave
{
    public static Task<Outcome<T>> CommitAsync<T>(AppDb db, T value, CancellationToken ct) => db.SaveOrConflictAsync(value, "记录刚刚有了变化，请刷新后再试", ct);
}
