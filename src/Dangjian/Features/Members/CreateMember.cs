using Dangjian.Platform.Data;
using Dangjian.Platform.Http;
using Dangjian.Platform.PersonalData;
using Dangjian.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Features.Members;

public static class CreateMember
{
    public static async Task<Outcome<long>> Handle(MemberInput input, AppDb db, Scope scope, PersonalDataProtector protector, TimeProvider clock, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var valid = input.Validate(errors, DateOnly.FromDateTime(clock.GetLocalNow().Date));
        var org = await MemberPlacement.CheckAsync(input.OrganizationId, input.PartyGroupId, errors, db, scope, ct);
        if (input.WellFormedIdNumber is { } idNumber && await db.Members.AnyAsync(m => m.IdNumberHash == protector.Hash(idNumber), ct))
        {
            errors.Add("idNumber", "该身份证号已登记为党员，如需调入请办理组织关系转接");
        }
        if (errors.Any || valid is null || org is null)
        {
            return Outcome<long>.Invalid(errors);
        }
        var member = new Member { Name = valid.Name, OrganizationId = org.Id, OrgPath = org.Path, PartyGroupId = input.PartyGroupId };
        MemberWriter.Apply(member, valid, protector);
        db.Members.Add(member);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            // Two requests registering the same person at once: the unique index decides.
            return Outcome<long>.Invalid("idNumber", "该身份证号已登记为党员");
        }
        catch (PathMovedException)
        {
            return Outcome<long>.Conflict(PathMovedException.Reason);
        }
        return Outcome<long>.Ok(member.Id);
    }
}
