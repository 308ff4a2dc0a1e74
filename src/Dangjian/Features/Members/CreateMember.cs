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
        // Everything the checks need in one query (docs/performance.md, "Writes"): the organization, the group, and
        // whether the ID number is registered; the one-row table only gives the query a row to hang them on.
        var hash = input.WellFormedIdNumber is { } idNumber ? protector.Hash(idNumber) : null;
        var groupId = input.PartyGroupId ?? 0;
        var organizationId = input.OrganizationId;
        var found = await (
            from one in db.OneRow()
            from o in MemberPlacement.Candidates(db).Where(o => o.Id == organizationId).DefaultIfEmpty()
            from g in MemberPlacement.GroupCandidates(db).Where(g => g.Id == groupId).DefaultIfEmpty()
            select new { Organization = o, Group = g, Registered = hash != null && db.Members.Any(m => m.IdNumberHash == hash) })
            .SingleAsync(ct);
        var org = await MemberPlacement.CheckLoadedAsync(found.Organization, input.PartyGroupId, found.Group, errors, scope, ct);
        if (found.Registered)
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
