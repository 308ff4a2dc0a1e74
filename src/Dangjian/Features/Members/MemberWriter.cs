using Dangjian.Platform.Data;
using Dangjian.Platform.PersonalData;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Features.Members;

/// <summary>Copies validated input onto a member, encrypting what must be, and keeps the search keys in step.</summary>
public static class MemberWriter
{
    public static void Apply(Member member, MemberInput.Valid v, PersonalDataProtector protector)
    {
        if (member.Name != v.Name || member.NamePinyin.Length == 0)
        {
            member.SetName(v.Name);
        }
        var idHash = protector.Hash(v.IdNumber);
        if (member.IdNumberHash != idHash)
        {
            member.IdNumberCipher = protector.Encrypt(v.IdNumber);
            member.IdNumberHash = idHash;
            member.IdNumberTail = v.IdNumber[^4..];
        }
        var phoneHash = v.Phone is null ? null : protector.Hash(v.Phone);
        if (member.PhoneHash != phoneHash)
        {
            member.PhoneCipher = v.Phone is null ? null : protector.Encrypt(v.Phone);
            member.PhoneHash = phoneHash;
        }
        member.Sex = v.Sex;
        member.Ethnicity = v.Ethnicity;
        member.BirthDate = v.BirthDate;
        member.Education = v.Education;
        member.Category = v.Category;
        member.JoinedOn = v.JoinedOn;
        member.FullMemberOn = v.FullMemberOn;
        member.JobPost = v.JobPost;
        member.Address = v.Address;
        member.Status = v.Status;
        member.LostContact = v.LostContact;
        member.LostContactSince = v.LostContactSince;
        member.IsMobile = v.IsMobile;
        member.MobileDestination = v.MobileDestination;
        member.WorkStatus = v.WorkStatus;
        member.IsAssisting = v.IsAssisting;
        member.IdentityPost = v.IdentityPost;
        member.IdentityPostTitle = v.IdentityPost is null ? null : v.IdentityPostTitle;
        member.ContactRoad = v.ContactRoad;
        var wanted = v.Households.ToList();
        foreach (var household in member.Households)
        {
            household.MemberOrgPath = member.OrgPath;
        }
        member.Households.RemoveAll(h => !wanted.Contains(h.Address));
        foreach (var address in wanted.Where(a => member.Households.All(h => h.Address != a)))
        {
            member.Households.Add(new ContactHousehold { Address = address, MemberOrgPath = member.OrgPath });
        }
    }
}
