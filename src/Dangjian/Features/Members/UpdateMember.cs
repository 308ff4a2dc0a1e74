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
        // Everything the checks need in one query (docs/performance.md, "Writes"): the member with its households, its
        // organization and the chosen group, and whether another member has the ID number.
        var hash = input.WellFormedIdNumber is { } idNumber ? protector.Hash(idNumber) : null;
        var groupId = input.PartyGroupId ?? 0;
        var found = await (
            from m in db.Members.Where(m => m.Id == id && m.LeftAt == null)
            from o in MemberPlacement.Candidates(db).Where(o => o.Id == m.OrganizationId).DefaultIfEmpty()
            from g in MemberPlacement.GroupCandidates(db).Where(g => g.Id == groupId).DefaultIfEmpty()
            select new
            {
                Member = m,
                Households = m.Households.ToList(),
                Organization = o,
                Group = g,
                Registered = hash != null && db.Members.Any(other => other.Id != id && other.IdNumberHash == hash),
            }).FirstOrDefaultAsync(ct);
        var member = await scope.AdmitAsync(found?.Member, ct);
        if (member is null || found is null)
        {
            return Outcome<long>.NotFound("党员");
        }
        var errors = new FieldErrors();
        var valid = input.Validate(errors, DateOnly.FromDateTime(clock.GetLocalNow().Date));
        if (input.OrganizationId != 0 && input.OrganizationId != member.OrganizationId)
        {
            errors.Add("organizationId", "变更所在党组织请办理组织关系转接");
        }
        await MemberPlacement.CheckLoadedAsync(found.Organization, input.PartyGroupId, found.Group, errors, scope, ct);
        if (found.Registered)
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
