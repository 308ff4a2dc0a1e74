using System.Globalization;
using Dangjian.Features.Members;
using Dangjian.Platform.PersonalData;
using Dangjian.Platform.Text;

namespace Dangjian.Bench.Generate;

/// <summary>
/// Makes the members of one county, deterministically from the seed and the county's place in the tree, so that
/// counties can be made in parallel and still give the same data. Every derived column is filled the way the app
/// fills it: pinyin keys by <see cref="Member.SetName"/>, ID and phone numbers encrypted and hashed by the app's
/// <see cref="PersonalDataProtector"/>.
/// </summary>
public sealed class MemberFactory(PersonalDataProtector protector, int seed)
{
    public static readonly DateOnly Today = new(2026, 11, 1);

    /// <summary>Category × status cells, in the order of <see cref="Cell"/>.</summary>
    public const int Cells = 6 * FlagValues;

    /// <summary>The values <see cref="TallyFlags.Of(Member)"/> takes: three flag bits and three work statuses.</summary>
    public const int FlagValues = 24;

    /// <summary>The slot of one tally row (category × status × flags) among an organization's <see cref="Cells"/>.</summary>
    public static int Cell(MemberCategory category, MembershipStatus status, int flags) => ((int)category * 3 + (int)status) * FlagValues + flags;

    private static readonly string[] MinorEthnicities = ["回族", "满族", "蒙古族", "壮族", "土家族", "苗族", "朝鲜族", "藏族", "维吾尔族", "彝族"];
    private static readonly string[] ServingPosts = ["企业职工", "教师", "医务人员", "公务员", "事业单位职员", "社区工作者", "工程技术人员", "个体经营者", "村干部", "军人", "农民"];
    private static readonly string[] PhonePrefixes = ["138", "139", "137", "135", "136", "150", "151", "152", "158", "159", "186", "187", "188", "189", "180", "181", "133", "153", "177", "199"];
    private static readonly string[] Destinations = ["广东省深圳市", "广东省广州市", "浙江省杭州市", "江苏省苏州市", "上海市", "北京市", "福建省厦门市", "天津市"];

    public sealed record CountyBatch(OrgNode County, List<Member> Members);

    /// <param name="tallies">Direct counts per organization id × cell; each county writes only its own branches' slots.</param>
    public CountyBatch Make(OrgNode county, int countyIndex, long[] tallies)
    {
        var random = new Random(unchecked(seed * 1_000_003 + countyIndex * 7_919 + 17));
        var members = new List<Member>();
        var sequences = new Dictionary<int, int>();
        foreach (var branch in BranchesOf(county))
        {
            var community = branch.Parent!;
            var groups = branch.Children.Where(c => c.Level == Level.Group).ToList();
            for (var i = 0; i < branch.Members; i++)
            {
                var member = MakeOne(random, branch, community, groups, i, sequences);
                member.Id = branch.FirstMemberId + i;
                members.Add(member);
                tallies[branch.Id * Cells + Cell(member.Category, member.Status, TallyFlags.Of(member))]++;
            }
        }
        return new CountyBatch(county, members);
    }

    public static IEnumerable<OrgNode> BranchesOf(OrgNode node)
    {
        if (node.Level == Level.Branch)
        {
            yield return node;
            yield break;
        }
        foreach (var child in node.Children)
        {
            foreach (var branch in BranchesOf(child))
            {
                yield return branch;
            }
        }
    }

    private Member MakeOne(Random random, OrgNode branch, OrgNode community, List<OrgNode> groups, int index, Dictionary<int, int> sequences)
    {
        // About seven in ten members are men; a third are retired, as in the reports' communities and villages.
        var sex = random.NextDouble() < 0.71 ? Sex.Male : Sex.Female;
        var roll = random.NextDouble();
        var work = roll < 0.55 ? WorkStatus.Serving : roll < 0.90 ? WorkStatus.Retired : WorkStatus.Other;
        var age = work switch
        {
            WorkStatus.Serving => random.Next(22, 61),
            WorkStatus.Retired => 55 + (int)(Math.Abs(ProvinceTree.Gaussian(random)) * 14) % 41,
            _ => random.Next(20, 81),
        };
        var birth = new DateOnly(Today.Year - age, 1, 1).AddDays(random.Next(365));
        var (idNumber, realBirth) = IdNumber(branch.AreaCode, birth, sex, sequences);
        birth = realBirth;

        var probationary = work != WorkStatus.Retired && random.NextDouble() < 0.035;
        DateOnly joined;
        if (probationary)
        {
            joined = Today.AddDays(-random.Next(30, 360));
        }
        else
        {
            var joinAge = 18 + (int)(Math.Abs(ProvinceTree.Gaussian(random)) * 8);
            joined = birth.AddYears(Math.Min(joinAge, age - 2)).AddDays(random.Next(300));
            if (joined > Today.AddYears(-1).AddDays(-30))
            {
                joined = Today.AddYears(-1).AddDays(-30 - random.Next(300));
            }
        }
        var statusRoll = random.NextDouble();
        var status = statusRoll < 0.992 ? MembershipStatus.Normal : statusRoll < 0.997 ? MembershipStatus.Reserved : MembershipStatus.Stopped;

        var name = Names.Next(random, sex);
        var member = new Member { Name = name, OrganizationId = branch.Id, OrgPath = branch.Path };
        member.SetName(name);
        member.Sex = sex;
        member.Ethnicity = random.NextDouble() < 0.94 ? "汉族" : MinorEthnicities[random.Next(MinorEthnicities.Length)];
        member.BirthDate = birth;
        member.IdNumberCipher = protector.Encrypt(idNumber);
        member.IdNumberHash = protector.Hash(idNumber);
        member.IdNumberTail = idNumber[^4..];
        member.Education = EducationFor(random, age);
        member.Category = probationary ? MemberCategory.Probationary : MemberCategory.Full;
        member.JoinedOn = joined;
        member.FullMemberOn = probationary ? null : joined.AddYears(1);
        member.JobPost = work switch
        {
            WorkStatus.Serving => ServingPosts[random.Next(ServingPosts.Length)],
            WorkStatus.Retired => "离退休人员",
            _ => community.IsVillage ? "农民" : "无固定职业",
        };
        if (random.NextDouble() < 0.92)
        {
            var phone = PhonePrefixes[random.Next(PhonePrefixes.Length)] + random.Next(0, 100_000_000).ToString("00000000", CultureInfo.InvariantCulture);
            member.PhoneCipher = protector.Encrypt(phone);
            member.PhoneHash = protector.Hash(phone);
        }
        member.Address = community.IsVillage
            ? $"{community.UnitName}{random.Next(1, 12)}组{random.Next(1, 90)}号"
            : $"{community.UnitName}{random.Next(1, 40)}号楼{random.Next(1, 7)}单元{random.Next(1, 30)}0{random.Next(1, 5)}室";
        member.Status = status;
        if (random.NextDouble() < 0.002)
        {
            member.LostContact = true;
            member.LostContactSince = Today.AddDays(-random.Next(200, 2000));
        }
        if (work != WorkStatus.Retired && random.NextDouble() < 0.04)
        {
            member.IsMobile = true;
            member.MobileDestination = Destinations[random.Next(Destinations.Length)];
        }
        member.WorkStatus = work;
        member.IsAssisting = work == WorkStatus.Retired && random.NextDouble() < 0.06;
        member.PartyGroupId = groups.Count > 0 ? groups[index % groups.Count].Id : null;
        if (random.NextDouble() < 0.12)
        {
            var post = (IdentityPostKind)random.Next(4);
            member.IdentityPost = post;
            member.IdentityPostTitle = post.Chinese();
        }
        return member;
    }

    /// <summary>
    /// A valid number that no one else in the county has: the sequence digits count people born on the same day in the
    /// same county (odd for men, even for women), as the public-security bureau assigns them.
    /// </summary>
    private static (string Id, DateOnly Birth) IdNumber(string areaCode, DateOnly birth, Sex sex, Dictionary<int, int> sequences)
    {
        while (true)
        {
            var key = birth.DayNumber * 2 + (sex == Sex.Male ? 1 : 0);
            var used = sequences.GetValueOrDefault(key);
            if (used < 500)
            {
                sequences[key] = used + 1;
                return (ChineseIdNumber.Compose(areaCode, birth, used * 2 + (sex == Sex.Male ? 1 : 0), sex), birth);
            }
            birth = birth.AddDays(1);
        }
    }

    private static Education EducationFor(Random random, int age)
    {
        var r = random.NextDouble();
        return age < 40
            ? r < 0.08 ? Education.Postgraduate : r < 0.45 ? Education.Bachelor : r < 0.75 ? Education.College : r < 0.85 ? Education.Secondary : r < 0.95 ? Education.HighSchool : Education.JuniorOrBelow
            : age < 60
                ? r < 0.03 ? Education.Postgraduate : r < 0.25 ? Education.Bachelor : r < 0.50 ? Education.College : r < 0.65 ? Education.Secondary : r < 0.85 ? Education.HighSchool : Education.JuniorOrBelow
                : r < 0.08 ? Education.Bachelor : r < 0.20 ? Education.College : r < 0.35 ? Education.Secondary : r < 0.60 ? Education.HighSchool : Education.JuniorOrBelow;
    }
}
