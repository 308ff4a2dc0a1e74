using System.ComponentModel.DataAnnotations;
using Dangjian.Features.Members;
using Dangjian.Features.Organizations;
using Dangjian.Platform.Data;
using Dangjian.Platform.Http;
using Dangjian.Platform.Rules;
using Dangjian.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Features.Transfers;

/// <summary>Issues an introduction letter (转出) for a member of the caller's subtree, to an organization in the system or outside it.</summary>
public static class IssueTransfer
{
    public sealed record Request(long MemberId, long? ToOrganizationId, [property: MaxLength(100)] string? ToExternal, [property: MaxLength(50)] string? LetterNumber,
        string? DuesPaidThrough, DateOnly? IssuedOn, [property: Range(1, 90)] int? ValidityDays, [property: MaxLength(500)] string? Note);

    private const string AlreadyLeaving = "该党员已有正在办理的组织关系转接，请先接收或撤销原介绍信";

    public static async Task<Outcome<long>> Handle(Request request, AppDb db, Scope scope, RuleBook rules, TimeProvider clock, CancellationToken ct)
    {
        var member = await db.Members.AsNoTracking().FirstOrDefaultAsync(m => m.Id == request.MemberId && m.LeftAt == null, ct);
        if (member is null || !await scope.AllowsAsync(member.OrgPath, nameof(Member), request.MemberId, ct))
        {
            return Outcome<long>.Invalid("memberId", "党员不存在或不在您的管辖范围内");
        }
        var errors = new FieldErrors();
        var today = clock.Today();
        Organization? target = null;
        var external = errors.Text("toExternal", "转入单位（系统外）", request.ToExternal, 100, required: false);
        if (request.ToOrganizationId is { } toId)
        {
            target = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == toId && o.DissolvedAt == null, ct);
            if (target is null)
            {
                errors.Add("toOrganizationId", "转入党组织不存在");
            }
            else if (target.Kind == OrganizationKind.PartyGroup)
            {
                errors.Add("toOrganizationId", "组织关系应转入党支部，不能转入党小组");
            }
            else if (target.Id == member.OrganizationId)
            {
                errors.Add("toOrganizationId", "转入党组织与当前所在党组织相同");
            }
            if (external is not null)
            {
                errors.Add("toExternal", "系统内转入组织和系统外转入单位只能填一个");
            }
        }
        else if (external is null && !errors.Has("toExternal"))
        {
            errors.Add("toOrganizationId", "请选择转入党组织，或填写系统外的转入单位");
        }
        var letter = errors.Text("letterNumber", "介绍信编号", request.LetterNumber, 50);
        var dues = DuesMonth(errors, request.DuesPaidThrough, today);
        var issuedOn = request.IssuedOn is null ? today : errors.PastDate("issuedOn", "开具日期", request.IssuedOn, today, DateChecks.PartyFounded);
        var validity = await ValidityDaysAsync(errors, request.ValidityDays, member.OrgPath, rules, ct);
        var note = errors.Text("note", "备注", request.Note, 500, required: false);
        if (letter is not null && await db.Transfers.AnyAsync(t => t.LetterNumber == letter, ct))
        {
            errors.Add("letterNumber", "介绍信编号已存在");
        }
        if (errors.Any || issuedOn is null || validity is null)
        {
            return Outcome<long>.Invalid(errors);
        }
        if (await db.Transfers.AnyAsync(t => t.MemberId == member.Id && t.Status == TransferStatus.Pending, ct))
        {
            return Outcome<long>.Conflict(AlreadyLeaving);
        }
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Claim the member first. Of letters issued at the same moment, the later ones find the version moved and stop
        // here, rather than colliding on the one-pending-letter index, which the database reports as an error.
        var claimed = await db.Members.Where(m => m.Id == member.Id && m.Version == member.Version && m.LeftAt == null)
            .BypassingSaveSteps("only the concurrency token moves, which audit lines, tallies and windows leave out")
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.Version, m => m.Version + 1), ct);
        if (claimed == 0)
        {
            return Outcome<long>.Conflict(AlreadyLeaving);
        }
        var transfer = new Transfer
        {
            MemberId = member.Id,
            MemberName = member.Name,
            FromOrganizationId = member.OrganizationId,
            FromPath = member.OrgPath,
            ToOrganizationId = target?.Id,
            ToPath = target?.Path,
            ToExternal = target is null ? external : null,
            LetterNumber = letter!,
            IssuedOn = issuedOn.Value,
            ValidUntil = issuedOn.Value.AddDays(validity.Value),
            DuesPaidThrough = dues!,
            Note = note,
        };
        db.Transfers.Add(transfer);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            // The last guard: the unique indexes allow one pending letter per member, and one letter per number.
            return Outcome<long>.Conflict("该党员已有正在办理的组织关系转接，或介绍信编号重复");
        }
        await tx.CommitAsync(ct);
        return Outcome<long>.Ok(transfer.Id);
    }

    /// <summary>"Dues paid through" as yyyy-MM, at most a year ahead (dues are paid in advance, not further).</summary>
    public static string? DuesMonth(FieldErrors errors, string? value, DateOnly today)
    {
        var dues = value?.Trim();
        if (string.IsNullOrEmpty(dues) || dues.Length != 7 || !DateOnly.TryParseExact(dues + "-01", "yyyy-MM-dd", out var month))
        {
            errors.Add("duesPaidThrough", "党费交至月份应为“年-月”格式，如 2026-10");
            return null;
        }
        if (month > today.AddMonths(12))
        {
            errors.Add("duesPaidThrough", "党费交至月份不能超过一年以后");
            return null;
        }
        if (month < DateChecks.PartyFounded.AddDays(1 - DateChecks.PartyFounded.Day))
        {
            errors.Add("duesPaidThrough", $"党费交至月份不能早于{DateChecks.PartyFounded:yyyy-MM}");
            return null;
        }
        return dues;
    }

    /// <summary>
    /// The validity of a letter in days: the one asked for, or the rule in force for the issuing organization; either way
    /// inside the range the rule's source allows.
    /// </summary>
    public static async Task<int?> ValidityDaysAsync(FieldErrors errors, int? requested, string organizationPath, RuleBook rules, CancellationToken ct)
    {
        var rule = RuleCatalog.TransferLetterValidityDays;
        var days = requested ?? (int)(await rules.ResolveAsync(rule, organizationPath, ct)).Value;
        if (days < rule.Minimum || days > rule.Maximum)
        {
            errors.Add("validityDays", $"介绍信有效期应在{rule.Minimum:0}到{rule.Maximum:0}天之间");
            return null;
        }
        return days;
    }
}
