using Dangjian.Platform.Text;

namespace Dangjian.Features.Members;

/// <summary>
/// The member fields as an HTML form posts them (mutable, households as five boxes); mapped by hand onto
/// <see cref="MemberInput"/>, whose property names it keeps so that the use case's field errors land on the right box.
/// </summary>
public sealed class MemberForm
{
    public const int HouseholdBoxes = 5;

    public string? Name { get; set; }
    public long OrganizationId { get; set; }
    public string? IdNumber { get; set; }
    public Sex? Sex { get; set; }
    public string? Ethnicity { get; set; } = "汉族";
    public DateOnly? BirthDate { get; set; }
    public Education? Education { get; set; }
    public MemberCategory? Category { get; set; } = MemberCategory.Full;
    public DateOnly? JoinedOn { get; set; }
    public DateOnly? FullMemberOn { get; set; }
    public string? JobPost { get; set; }
    public string? Phone { get; set; }
    public string? Address { get; set; }
    public MembershipStatus? Status { get; set; } = MembershipStatus.Normal;
    public bool LostContact { get; set; }
    public DateOnly? LostContactSince { get; set; }
    public bool IsMobile { get; set; }
    public string? MobileDestination { get; set; }
    public WorkStatus? WorkStatus { get; set; } = Members.WorkStatus.Serving;
    public bool IsAssisting { get; set; }
    public long? PartyGroupId { get; set; }
    public IdentityPostKind? IdentityPost { get; set; }
    public string? IdentityPostTitle { get; set; }
    public string? ContactRoad { get; set; }
    public string?[] Households { get; set; } = new string?[HouseholdBoxes];

    public MemberInput ToInput() => new()
    {
        Name = Name,
        OrganizationId = OrganizationId,
        IdNumber = IdNumber,
        Sex = Sex,
        Ethnicity = Ethnicity,
        BirthDate = BirthDate,
        Education = Education,
        Category = Category,
        JoinedOn = JoinedOn,
        FullMemberOn = FullMemberOn,
        JobPost = JobPost,
        Phone = Phone,
        Address = Address,
        Status = Status,
        LostContact = LostContact,
        LostContactSince = LostContactSince,
        IsMobile = IsMobile,
        MobileDestination = MobileDestination,
        WorkStatus = WorkStatus,
        IsAssisting = IsAssisting,
        PartyGroupId = PartyGroupId,
        IdentityPost = IdentityPost,
        IdentityPostTitle = IdentityPostTitle,
        ContactRoad = ContactRoad,
        Households = Households.Where(h => !string.IsNullOrWhiteSpace(h)).Select(h => h!).ToList(),
    };

    public static MemberForm From(GetMember.Response m, GetMember.Revealed full)
    {
        var households = new string?[HouseholdBoxes];
        for (var i = 0; i < Math.Min(HouseholdBoxes, m.Households.Count); i++)
        {
            households[i] = m.Households[i];
        }
        return new MemberForm
        {
            Name = m.Name,
            OrganizationId = m.OrganizationId,
            IdNumber = full.IdNumber,
            Sex = m.Sex,
            Ethnicity = m.Ethnicity,
            BirthDate = m.BirthDate,
            Education = m.Education,
            Category = m.Category,
            JoinedOn = m.JoinedOn,
            FullMemberOn = m.FullMemberOn,
            JobPost = m.JobPost,
            Phone = full.Phone,
            Address = m.Address,
            Status = m.Status,
            LostContact = m.LostContact,
            LostContactSince = m.LostContactSince,
            IsMobile = m.IsMobile,
            MobileDestination = m.MobileDestination,
            WorkStatus = m.WorkStatus,
            IsAssisting = m.IsAssisting,
            PartyGroupId = m.PartyGroupId,
            IdentityPost = m.IdentityPost,
            IdentityPostTitle = m.IdentityPostTitle,
            ContactRoad = m.ContactRoad,
            Households = households,
        };
    }
}
