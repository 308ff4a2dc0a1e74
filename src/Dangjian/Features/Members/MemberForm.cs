namespace Dangjian.Features.Members;

/// <summary>
/// The member pages bind <see cref="MemberInput"/> itself, so that the form, the API and the import share one set of
/// fields and rules; this holds only what the form adds: the defaults of a new record and the household boxes.
/// </summary>
public static class MemberForm
{
    /// <summary>How many household boxes the form shows (a member keeps in touch with 3 to 5 households).</summary>
    public const int HouseholdBoxes = 5;

    /// <summary>A new record as the form first shows it: the usual values chosen, nothing personal filled in.</summary>
    public static MemberInput New(long organizationId) => new()
    {
        OrganizationId = organizationId,
        Ethnicity = "汉族",
        Category = MemberCategory.Full,
        Status = MembershipStatus.Normal,
        WorkStatus = WorkStatus.Serving,
    };

    /// <summary>The stored record as the edit form shows it, with the full ID and phone numbers.</summary>
    public static MemberInput From(GetMember.Response m, GetMember.Revealed full) => new()
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
        Households = m.Households,
    };
}
