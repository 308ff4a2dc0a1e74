using Dangjian.Platform.Data;
using Dangjian.Platform.Http;
using Dangjian.Platform.PersonalData;
using Dangjian.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Features.Members;

/// <summary>Edits a member's record. The organization does not change here: that is a transfer (组织关系转接).</summary>
public static class UpdateMember
{
    public static async Task<Outcome<long>> Handle(long id, MemberInput input, int? version, AppDb db, Scope scope, PersonalDataProtector protector, TimeProvider clock, CancellationToken ct)
    {
        var member = await scope.FindAsync(db.Members.Include(m => m.Households).Where(m => m.LeftAt == null), id, ct);
        if (member is null)
        {
            return Outcome<long>.NotFound("党员");
        }
        var errors = new FieldErrors();
        var valid = input.Validate(errors, DateOnly.FromDateTime(clock.GetLocalNow().Date));
        if (input.OrganizationId != 0 && input.OrganizationId != member.OrganizationId)
        {
            errors.Add("organizationId", "变更所在党组织请办理组织关系转接");
        }
        await MemberPlacement.CheckAsync(member.OrganizationId, input.PartyGroupId, errors, db, scope, ct);
        if (input.WellFormedIdNumber is { } idNumber && await db.Members.AnyAsync(m => m.Id != id && m.IdNumberHash == protector.Hash(idNumber), ct))
        {
            errors.Add("idNumber", "该身份证号已登记为其他党员");
        }
        if (errors.Any || valid is null)
        {
            return Outcome<long>.Invalid(errors);
        }
        if (version is { } expected && expected != member.Version)
        {
            return Outcome<long>.Conflict("该党员信息刚被他人修改，请刷新后重试");
        }
        MemberWriter.Apply(member, valid, protector);
        member.PartyGroupId = input.PartyGroupId;
        member.Version++;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Outcome<long>.Conflict("该党员信息刚被他人修改，请刷新后重试");
        }
        return Outcome<long>.Ok(id);
    }
}
