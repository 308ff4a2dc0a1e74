using System.ComponentModel.DataAnnotations;
using Dangjian.Platform.Data;
using Dangjian.Platform.Http;
using Dangjian.Platform.PersonalData;
using Dangjian.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Features.Residents;

/// <summary>
/// A resident entered by a grid worker, building head or member for someone who will not register themselves (an old
/// person without a smartphone): the name, the phone if there is one, the community. The one who entered them acts for
/// them (sends their wishes, confirms what was done); registering later with the same number links the account.
/// </summary>
public static class EnterResident
{
    public sealed record Request([property: MaxLength(ResidentRules.MaxName)] string? Name, [property: MaxLength(30)] string? Phone, long? CommunityId);

    public static async Task<Outcome<long>> Handle(Request request, CurrentUser user, AppDb db, Scope scope, PersonalDataProtector protector, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var name = errors.Text("name", "姓名", request.Name, ResidentRules.MaxName);
        string? phone = null;
        if (!string.IsNullOrWhiteSpace(request.Phone) && (phone = ResidentRules.CleanMobile(request.Phone)) is null)
        {
            errors.Add("phone", "手机号码应为11位手机号；没有手机可以不填");
        }
        var community = await Communities.FindAsync(db, request.CommunityId, ct);
        if (community is null || !await scope.ServesAsync(community.Path, "Organization", request.CommunityId!.Value, ct))
        {
            errors.Add("communityId", "社区（村）不存在或不在您服务的范围内");
        }
        var hash = phone is null ? null : protector.Hash(phone);
        if (hash is not null && await db.Residents.AnyAsync(r => r.PhoneHash == hash, ct))
        {
            errors.Add("phone", "这个手机号的居民已经登记过了，请在居民名单中查找");
        }
        if (errors.Any)
        {
            return Outcome<long>.Invalid(errors);
        }
        var account = await user.RequireAsync(ct);
        var resident = new Resident
        {
            Name = name!, PhoneCipher = phone is null ? null : protector.Encrypt(phone), PhoneHash = hash, OrganizationId = community!.Id,
            OrgPath = community.Path, EnteredBy = account.DisplayName, EnteredByAccountId = account.UserId, CreatedAt = db.Clock.GetUtcNow(),
        };
        db.Residents.Add(resident);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            return Outcome<long>.Invalid("phone", "这个手机号的居民已经登记过了，请在居民名单中查找");
        }
        return Outcome<long>.Ok(resident.Id);
    }
}

/// <summary>The residents of the communities the caller serves, by a piece of the name or the whole phone number; phones masked.</summary>
public static class ListResidents
{
    public sealed record Row(long Id, string Name, string? Phone, bool HasAccount, long CommunityId, string Community, string EnteredBy);

    public static async Task<Outcome<IReadOnlyList<Row>>> Handle([MaxLength(50)] string? q, long? communityId, CurrentUser user, AppDb db, Scope scope,
        PersonalDataProtector protector, CancellationToken ct)
    {
        var account = await user.RequireAsync(ct);
        var served = OrgPath.AncestorsAndSelf(account.ScopePath);
        var query = db.Residents.AsNoTracking().Where(r => r.OrgPath.StartsWith(account.ScopePath) || served.Contains(r.OrgPath));
        if (communityId is not null)
        {
            var community = await Communities.FindAsync(db, communityId, ct);
            if (community is null || !await scope.ServesAsync(community.Path, "Organization", communityId.Value, ct))
            {
                return Outcome<IReadOnlyList<Row>>.NotFound("社区（村）");
            }
            query = query.Where(r => r.OrganizationId == community.Id);
        }
        var text = q?.Trim();
        if (ResidentRules.CleanMobile(text) is { } phone)
        {
            var hash = protector.Hash(phone);
            query = query.Where(r => r.PhoneHash == hash);
        }
        else if (!string.IsNullOrEmpty(text))
        {
            query = query.Where(r => r.Name.Contains(text));
        }
        var rows = await query.OrderByDescending(r => r.Id).Take(50)
            .Select(r => new { r.Id, r.Name, r.PhoneCipher, r.AccountId, r.OrganizationId, r.EnteredBy }).ToListAsync(ct);
        var ids = rows.Select(r => r.OrganizationId).Distinct().ToList();
        var names = await db.Organizations.AsNoTracking().Where(o => ids.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        return Outcome<IReadOnlyList<Row>>.Ok([.. rows.Select(r => new Row(r.Id, r.Name, r.PhoneCipher is null ? null : Mask.Phone(protector.Decrypt(r.PhoneCipher)),
            r.AccountId is not null, r.OrganizationId, names.GetValueOrDefault(r.OrganizationId, ""), r.EnteredBy))]);
    }
}

/// <summary>The signed-in resident's own record: name, masked phone, community and its office.</summary>
public static class MyResident
{
    public sealed record Response(long Id, string Name, string? Phone, long CommunityId, string Community);

    internal static Task<Resident?> OfAsync(CurrentUser.Account account, AppDb db, CancellationToken ct) =>
        db.Residents.AsNoTracking().FirstOrDefaultAsync(r => r.AccountId == account.UserId, ct);

    public static async Task<Outcome<Response>> Handle(CurrentUser user, AppDb db, PersonalDataProtector protector, CancellationToken ct)
    {
        var resident = await OfAsync(await user.RequireAsync(ct), db, ct);
        if (resident is null)
        {
            return Outcome<Response>.NotFound("居民信息");
        }
        var community = await db.Organizations.AsNoTracking().Where(o => o.Id == resident.OrganizationId).Select(o => o.Name).FirstAsync(ct);
        return Outcome<Response>.Ok(new Response(resident.Id, resident.Name,
            resident.PhoneCipher is null ? null : Mask.Phone(protector.Decrypt(resident.PhoneCipher)), resident.OrganizationId, community));
    }
}
