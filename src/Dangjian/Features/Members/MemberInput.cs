using System.ComponentModel.DataAnnotations;
using Dangjian.Platform.Http;
using Dangjian.Platform.Text;

namespace Dangjian.Features.Members;

/// <summary>
/// The editable fields of a member, as the create and edit forms, the API and the Excel import send them.
/// <see cref="Validate"/> applies the record's rules and names every bad field in Chinese.
/// </summary>
public sealed record MemberInput
{
    [MaxLength(50)]
    public string? Name { get; init; }
    public long OrganizationId { get; init; }
    public string? IdNumber { get; init; }
    public Sex? Sex { get; init; }
    public string? Ethnicity { get; init; }
    public DateOnly? BirthDate { get; init; }
    public Education? Education { get; init; }
    public MemberCategory? Category { get; init; }
    public DateOnly? JoinedOn { get; init; }
    public DateOnly? FullMemberOn { get; init; }
    [MaxLength(100)]
    public string? JobPost { get; init; }
    [RegularExpression("^[0-9]{7,12}$")]
    public string? Phone { get; init; }
    [MaxLength(200)]
    public string? Address { get; init; }
    public MembershipStatus? Status { get; init; }
    public bool LostContact { get; init; }
    public DateOnly? LostContactSince { get; init; }
    public bool IsMobile { get; init; }
    [MaxLength(100)]
    public string? MobileDestination { get; init; }
    public WorkStatus? WorkStatus { get; init; }
    public bool IsAssisting { get; init; }
    public long? PartyGroupId { get; init; }
    public IdentityPostKind? IdentityPost { get; init; }
    [MaxLength(100)]
    public string? IdentityPostTitle { get; init; }
    [MaxLength(100)]
    public string? ContactRoad { get; init; }
    public IReadOnlyList<string>? Households { get; init; }

    /// <summary>The 56 ethnic groups of China (GB/T 3304), plus the forms used for naturalized citizens.</summary>
    public static readonly IReadOnlySet<string> Ethnicities = new HashSet<string>(StringComparer.Ordinal)
    {
        "汉族", "蒙古族", "回族", "藏族", "维吾尔族", "苗族", "彝族", "壮族", "布依族", "朝鲜族", "满族", "侗族", "瑶族", "白族",
        "土家族", "哈尼族", "哈萨克族", "傣族", "黎族", "傈僳族", "佤族", "畲族", "高山族", "拉祜族", "水族", "东乡族", "纳西族",
        "景颇族", "柯尔克孜族", "土族", "达斡尔族", "仫佬族", "羌族", "布朗族", "撒拉族", "毛南族", "仡佬族", "锡伯族", "阿昌族",
        "普米族", "塔吉克族", "怒族", "乌孜别克族", "俄罗斯族", "鄂温克族", "德昂族", "保安族", "裕固族", "京族", "塔塔尔族",
        "独龙族", "鄂伦春族", "赫哲族", "门巴族", "珞巴族", "基诺族", "穿青人", "其他", "外国血统",
    };

    /// <summary>
    /// The ID number in its stored form when it is well formed, even if other fields are not, so that a duplicate is
    /// reported together with every other mistake instead of after they are fixed.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string? WellFormedIdNumber => ChineseIdNumber.Parse(IdNumber, DateOnly.MaxValue).Value?.Normalized;

    public sealed record Valid(string Name, string IdNumber, Sex Sex, string Ethnicity, DateOnly BirthDate, Education Education,
        MemberCategory Category, DateOnly JoinedOn, DateOnly? FullMemberOn, string? JobPost, string? Phone, string? Address,
        MembershipStatus Status, bool LostContact, DateOnly? LostContactSince, bool IsMobile, string? MobileDestination,
        WorkStatus WorkStatus, bool IsAssisting, IdentityPostKind? IdentityPost, string? IdentityPostTitle, string? ContactRoad,
        IReadOnlyList<string> Households);

    public Valid? Validate(FieldErrors errors, DateOnly today)
    {
        var name = errors.Text("name", "姓名", Name, 50);
        if (name is not null && name.Any(c => char.IsControl(c) || c is '<' or '>'))
        {
            errors.Add("name", "姓名不能包含特殊字符");
        }
        var (id, idError) = ChineseIdNumber.Parse(IdNumber, today);
        if (idError is not null)
        {
            errors.Add("idNumber", idError);
        }
        if (id is not null && Sex is { } sex && sex != id.Sex)
        {
            errors.Add("sex", $"性别与身份证号不符（身份证号显示为{id.Sex.Chinese()}）");
        }
        if (id is not null && BirthDate is { } birth && birth != id.BirthDate)
        {
            errors.Add("birthDate", $"出生日期与身份证号不符（身份证号显示为{id.BirthDate:yyyy-MM-dd}）");
        }
        var ethnicity = string.IsNullOrWhiteSpace(Ethnicity) ? "汉族" : Ethnicity.Trim();
        if (!Ethnicities.Contains(ethnicity))
        {
            errors.Add("ethnicity", $"民族“{Truncate(ethnicity)}”不在国家标准民族名称中");
        }
        if (Education is null)
        {
            errors.Add("education", "学历不能为空");
        }
        if (Category is null)
        {
            errors.Add("category", "人员类别不能为空");
        }
        if (JoinedOn is null)
        {
            errors.Add("joinedOn", "入党日期不能为空");
        }
        else
        {
            errors.PastDate("joinedOn", "入党日期", JoinedOn, today, DateChecks.PartyFounded);
            // Party Constitution art. 1: members are admitted at 18 or older.
            if (id is not null && JoinedOn < id.BirthDate.AddYears(18))
            {
                errors.Add("joinedOn", "入党时应年满18岁");
            }
        }
        if (Category == MemberCategory.Full)
        {
            if (FullMemberOn is null)
            {
                errors.Add("fullMemberOn", "正式党员应填写转正日期");
            }
            else if (JoinedOn is not null && FullMemberOn < JoinedOn)
            {
                errors.Add("fullMemberOn", "转正日期不能早于入党日期");
            }
            else
            {
                errors.PastDate("fullMemberOn", "转正日期", FullMemberOn, today, DateChecks.PartyFounded);
            }
        }
        else if (Category == MemberCategory.Probationary && FullMemberOn is not null)
        {
            errors.Add("fullMemberOn", "预备党员不应填写转正日期");
        }
        var phone = Phone?.Trim().Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        if (!string.IsNullOrEmpty(phone) && (phone.Length is < 7 or > 12 || !phone.All(char.IsAsciiDigit)))
        {
            errors.Add("phone", "联系电话应为7到12位数字");
        }
        var jobPost = errors.Text("jobPost", "工作岗位", JobPost, 100, required: false);
        var address = errors.Text("address", "家庭住址", Address, 200, required: false);
        var mobileDestination = errors.Text("mobileDestination", "流向", MobileDestination, 100, required: false);
        if (IsMobile && mobileDestination is null && !errors.Has("mobileDestination"))
        {
            errors.Add("mobileDestination", "流动党员应填写流向");
        }
        if (LostContact && LostContactSince is null)
        {
            errors.Add("lostContactSince", "失联党员应填写失联日期");
        }
        errors.PastDate("lostContactSince", "失联日期", LostContactSince, today, DateChecks.PartyFounded);
        var postTitle = errors.Text("identityPostTitle", "岗位名称", IdentityPostTitle, 100, required: false);
        var road = errors.Text("contactRoad", "联系路段", ContactRoad, 100, required: false);
        var households = (Households ?? []).Select(h => h?.Trim() ?? "").Where(h => h.Length > 0).ToList();
        if (households.Count > 5)
        {
            errors.Add("households", "每名党员联系3到5户居民，最多5户");
        }
        if (households.Any(h => h.Length > 200))
        {
            errors.Add("households", "联系户地址不能超过200个字符");
        }
        if (households.Count > 0 && road is not null)
        {
            errors.Add("contactRoad", "联系户和联系路段只能选一种");
        }
        foreach (var (field, value) in new (string, Enum?)[] { ("sex", Sex), ("education", Education), ("category", Category), ("status", Status), ("workStatus", WorkStatus), ("identityPost", IdentityPost) })
        {
            if (value is not null && !Enum.IsDefined(value.GetType(), value))
            {
                errors.Add(field, "取值无效");
            }
        }
        if (errors.Any || id is null)
        {
            return null;
        }
        return new Valid(name!, id.Normalized, id.Sex, ethnicity, id.BirthDate, Education!.Value, Category!.Value, JoinedOn!.Value,
            Category == MemberCategory.Full ? FullMemberOn : null, jobPost, string.IsNullOrEmpty(phone) ? null : phone, address,
            Status ?? MembershipStatus.Normal, LostContact, LostContact ? LostContactSince : null, IsMobile, IsMobile ? mobileDestination : null,
            WorkStatus ?? Members.WorkStatus.Serving, IsAssisting, IdentityPost, postTitle, road, households);
    }

    private static string Truncate(string s) => s.Length > 20 ? s[..20] + "…" : s;
}
