using System.ComponentModel.DataAnnotations;
using Dangjian.Features.Members;
using Dangjian.Platform.Data;
using Dangjian.Platform.Http;
using Dangjian.Platform.PersonalData;
using Dangjian.Platform.Rules;
using Dangjian.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Features.Transfers;

/// <summary>
/// A letter from another city's system: the receiving organization registers the member on arrival. The letter's
/// validity is the rule in force for the receiving organization, and an expired letter is refused (the issuing side
/// extends or re-issues it first), as for letters inside the system.
/// </summary>
public static class ReceiveIncomingTransfer
{
    public sealed record Request(MemberInput? Member, [property: MaxLength(100)] string? FromExternal, [property: MaxLength(50)] string? LetterNumber, string? DuesPaidThrough,
        DateOnly? IssuedOn, [property: MaxLength(50)] string? ReceiptNumber);

    public static async Task<Outcome<long>> Handle(Request request, AppDb db, Scope scope, RuleBook rules, PersonalDataProtector protector, TimeProvider clock, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var today = clock.Today();
        MemberInput.Valid? valid = null;
        Organizations.Organization? org = null;
        if (request.Member is not { } input)
        {
            errors.Add("member", "党员信息不能为空");
        }
        else
        {
            // The member's fields travel inside "member": their errors are named so, as the JSON path is.
            var memberErrors = new FieldErrors();
            valid = input.Validate(memberErrors, today);
            org = await MemberPlacement.CheckAsync(input.OrganizationId, input.PartyGroupId, memberErrors, db, scope, ct);
            foreach (var (field, messages) in memberErrors.ToDictionary())
            {
                foreach (var message in messages)
                {
                    errors.Add("member." + field, message);
                }
            }
            if (input.WellFormedIdNumber is { } idNumber && await db.Members.AnyAsync(m => m.IdNumberHash == protector.Hash(idNumber), ct))
            {
                errors.Add("member.idNumber", "该身份证号已登记为本系统党员，请使用系统内转接");
            }
        }
        var from = errors.Text("fromExternal", "转出单位", request.FromExternal, 100);
        var letter = errors.Text("letterNumber", "介绍信编号", request.LetterNumber, 50);
        var receipt = errors.Text("receiptNumber", "回执编号", request.ReceiptNumber, 50);
        var dues = IssueTransfer.DuesMonth(errors, request.DuesPaidThrough, today);
        var issuedOn = request.IssuedOn is null ? today : errors.PastDate("issuedOn", "开具日期", request.IssuedOn, today, DateChecks.PartyFounded);
        if (letter is not null && await db.Transfers.AnyAsync(t => t.LetterNumber == letter, ct))
        {
            errors.Add("letterNumber", "介绍信编号已存在");
        }
        DateOnly validUntil = default;
        if (org is not null && issuedOn is { } issued)
        {
            var validity = (int)(await rules.ResolveAsync(RuleCatalog.TransferLetterValidityDays, org.Path, ct)).Value;
            validUntil = issued.AddDays(validity);
            if (validUntil < today)
            {
                errors.Add("issuedOn", $"介绍信已于{validUntil:yyyy-MM-dd}过期（有效期{validity}天），请原转出单位延期或重新开具");
            }
        }
        if (errors.Any || valid is null || org is null || issuedOn is null)
        {
            return Outcome<long>.Invalid(errors);
        }
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var member = new Member { Name = valid.Name, OrganizationId = org.Id, OrgPath = org.Path, PartyGroupId = request.Member!.PartyGroupId };
        MemberWriter.Apply(member, valid, protector);
        db.Members.Add(member);
        try
        {
            await db.SaveChangesAsync(ct);
            db.Transfers.Add(Transfer.ReceivedFromExternal(member.Name, member.Id, from!, org.Id, org.Path, letter!, issuedOn.Value, validUntil,
                dues!, receipt!, db.Actor, clock.GetUtcNow()));
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            // The same person or the same letter registered a moment ago by someone else.
            return Outcome<long>.Conflict("该党员或该介绍信刚被登记，请刷新后查看");
        }
        await tx.CommitAsync(ct);
        return Outcome<long>.Ok(member.Id);
    }
}
