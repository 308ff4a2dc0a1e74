using Dangjian.Features.Transfers;
using Dangjian.Platform.Audit;
using Dangjian.Platform.Data;
using Dangjian.Platform.Http;
using Dangjian.Platform.PersonalData;
using Dangjian.Platform.Security;
using Dangjian.Platform.Text;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Features.Members;

/// <summary>A member's page: every field, with ID and phone masked, and the transfer history.</summary>
public static class GetMember
{
    public sealed record TransferRow(long Id, string LetterNumber, string From, string To, TransferStatus Status, DateOnly IssuedOn, DateOnly ValidUntil);
    public sealed record Response(long Id, string Name, long OrganizationId, string OrganizationName, Sex Sex, string SexName, string Ethnicity,
        DateOnly BirthDate, int Age, string IdNumberMasked, Education Education, string EducationName, MemberCategory Category, string CategoryName,
        DateOnly JoinedOn, DateOnly? FullMemberOn, int YearsOfMembership, string? JobPost, string? PhoneMasked, string? Address,
        MembershipStatus Status, string StatusName, bool LostContact, DateOnly? LostContactSince, bool IsMobile, string? MobileDestination,
        WorkStatus WorkStatus, string WorkStatusName, bool IsAssisting, long? PartyGroupId, string? PartyGroupName,
        IdentityPostKind? IdentityPost, string? IdentityPostName, string? IdentityPostTitle, string? ContactRoad, IReadOnlyList<string> Households,
        int Version, bool IsLeaving, IReadOnlyList<TransferRow> Transfers);

    public static async Task<Outcome<Response>> Handle(long id, AppDb db, Scope scope, PersonalDataProtector protector, TimeProvider clock, CancellationToken ct)
    {
        var m = await scope.FindAsync(db.Members.AsNoTracking().Include(x => x.Households).Where(x => x.LeftAt == null), id, ct);
        if (m is null)
        {
            return Outcome<Response>.NotFound("党员");
        }
        var today = DateOnly.FromDateTime(clock.GetLocalNow().Date);
        var orgIds = new[] { m.OrganizationId, m.PartyGroupId ?? 0 };
        var names = await db.Organizations.AsNoTracking().Where(o => orgIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        var transfers = await db.Transfers.AsNoTracking().Where(t => t.MemberId == id).OrderByDescending(t => t.Id).ToListAsync(ct);
        var transferOrgIds = transfers.SelectMany(t => new[] { t.FromOrganizationId ?? 0, t.ToOrganizationId ?? 0 }).Distinct().ToList();
        var transferNames = await db.Organizations.AsNoTracking().Where(o => transferOrgIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        var age = today.Year - m.BirthDate.Year - (m.BirthDate.AddYears(today.Year - m.BirthDate.Year) > today ? 1 : 0);
        return Outcome<Response>.Ok(new Response(m.Id, m.Name, m.OrganizationId, names.GetValueOrDefault(m.OrganizationId, ""), m.Sex, m.Sex.Chinese(),
            m.Ethnicity, m.BirthDate, age, Mask.IdNumber(protector.Decrypt(m.IdNumberCipher)), m.Education, m.Education.Chinese(), m.Category,
            m.Category.Chinese(), m.JoinedOn, m.FullMemberOn, m.YearsOfMembership(today), m.JobPost,
            m.PhoneCipher is null ? null : Mask.Phone(protector.Decrypt(m.PhoneCipher)), m.Address, m.Status, m.Status.Chinese(),
            m.LostContact, m.LostContactSince, m.IsMobile, m.MobileDestination, m.WorkStatus, m.WorkStatus.Chinese(), m.IsAssisting,
            m.PartyGroupId, m.PartyGroupId is { } g ? names.GetValueOrDefault(g) : null, m.IdentityPost, m.IdentityPost?.Chinese(),
            m.IdentityPostTitle, m.ContactRoad, m.Households.Select(h => h.Address).ToList(), m.Version,
            transfers.Any(t => t.Status == TransferStatus.Pending),
            transfers.Select(t => new TransferRow(t.Id, t.LetterNumber,
                t.FromExternal ?? transferNames.GetValueOrDefault(t.FromOrganizationId ?? 0, ""),
                t.ToExternal ?? transferNames.GetValueOrDefault(t.ToOrganizationId ?? 0, ""), t.Status, t.IssuedOn, t.ValidUntil)).ToList()));
    }

    public sealed record Revealed(string IdNumber, string? Phone);

    /// <summary>Shows the full ID and phone numbers to a viewer who holds the right; every reveal is audited.</summary>
    public static async Task<Outcome<Revealed>> Reveal(long id, AppDb db, Scope scope, PersonalDataProtector protector, CancellationToken ct)
    {
        var m = await scope.FindAsync(db.Members.AsNoTracking().Where(x => x.LeftAt == null), id, ct);
        if (m is null)
        {
            return Outcome<Revealed>.NotFound("党员");
        }
        db.Audit(AuditActions.Revealed, nameof(Member), id.ToString(System.Globalization.CultureInfo.InvariantCulture), m.OrgPath, "查看完整身份证号和联系电话");
        await db.SaveChangesAsync(ct);
        return Outcome<Revealed>.Ok(new Revealed(protector.Decrypt(m.IdNumberCipher), m.PhoneCipher is null ? null : protector.Decrypt(m.PhoneCipher)));
    }
}
