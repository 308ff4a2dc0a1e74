using System.Text.RegularExpressions;
using Dangjian.Platform.Data;
using Dangjian.Platform.Http;
using Dangjian.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Features.Organizations;

/// <summary>
/// The office telephone and address of an organization (a community's 党群服务中心), which its residents see on their
/// home page. Both may be cleared; the change is audited like any other.
/// </summary>
public static partial class SetOrganizationContact
{
    public const int PhoneMaxLength = 20;
    public const int AddressMaxLength = 200;

    public sealed record Request(string? Phone, string? Address, int? Version);

    [GeneratedRegex("^[0-9][0-9-]{5,18}[0-9]$")]
    private static partial Regex OfficePhone();

    public static async Task<Outcome<long>> Handle(long id, Request request, AppDb db, Scope scope, CancellationToken ct)
    {
        var org = await scope.FindAsync(db.Organizations.Where(o => o.DissolvedAt == null), id, ct);
        if (org is null)
        {
            return Outcome<long>.NotFound("党组织");
        }
        var errors = new FieldErrors();
        var phone = Blank(request.Phone);
        var address = Blank(request.Address);
        if (phone is not null && (phone.Length > PhoneMaxLength || !OfficePhone().IsMatch(phone)))
        {
            errors.Add("phone", "联系电话应为7到20位数字，区号与号码之间可用“-”连接，如：0374-5123456");
        }
        if (address is not null && address.Length > AddressMaxLength)
        {
            errors.Add("address", $"地址不能超过{AddressMaxLength}个字");
        }
        if (request.Version is { } version && version != org.Version)
        {
            return Outcome<long>.Conflict("该组织刚被他人修改，请刷新后重试");
        }
        if (errors.Any)
        {
            return Outcome<long>.Invalid(errors);
        }
        if (org.ContactPhone == phone && org.ContactAddress == address)
        {
            return Outcome<long>.Ok(id);
        }
        org.ContactPhone = phone;
        org.ContactAddress = address;
        org.Version++;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Outcome<long>.Conflict("该组织刚被他人修改，请刷新后重试");
        }
        return Outcome<long>.Ok(id);
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>
    /// The contact a resident or member of <paramref name="organizationId"/> should use: its own, or else the nearest
    /// organization above it that has one (a branch's community).
    /// </summary>
    public static async Task<(string Name, string? Phone, string? Address)?> NearestAsync(long organizationId, AppDb db, CancellationToken ct)
    {
        var path = await db.Organizations.Where(o => o.Id == organizationId).Select(o => o.Path).FirstOrDefaultAsync(ct);
        if (path is null)
        {
            return null;
        }
        var ids = OrgPath.Ids(path);
        var withContact = await db.Organizations.AsNoTracking()
            .Where(o => ids.Contains(o.Id) && o.DissolvedAt == null && (o.ContactPhone != null || o.ContactAddress != null))
            .Select(o => new { o.Name, o.Depth, o.ContactPhone, o.ContactAddress }).ToListAsync(ct);
        return withContact.OrderByDescending(o => o.Depth).Select(o => ((string, string?, string?)?)(o.Name, o.ContactPhone, o.ContactAddress)).FirstOrDefault();
    }
}
