using Dangjian.Features.Members;
using Dangjian.Platform.Audit;
using Dangjian.Platform.Security;
using Dangjian.Platform.Text;

namespace Dangjian.Tests.Rules;

public class MemberStateTests
{
    private static Member Full(DateOnly? fullOn) => new()
    {
        Name = "张建国", Category = fullOn is null ? MemberCategory.Probationary : MemberCategory.Full, FullMemberOn = fullOn,
        OrgPath = "/1/2/", OrganizationId = 2,
    };

    [Theory]
    [InlineData("2016-03-15", "2026-03-14", 9)] // the day before the anniversary
    [InlineData("2016-03-15", "2026-03-15", 10)] // the anniversary itself
    [InlineData("2016-03-15", "2026-12-01", 10)]
    [InlineData("2026-03-15", "2026-03-15", 0)]
    [InlineData("2016-02-29", "2026-02-28", 10)] // in a common year, a 29 February anniversary falls on 28 February
    public void Years_of_membership_count_whole_years_from_full_membership(string since, string today, int years) =>
        Full(DateOnly.Parse(since, System.Globalization.CultureInfo.InvariantCulture))
            .YearsOfMembership(DateOnly.Parse(today, System.Globalization.CultureInfo.InvariantCulture)).ShouldBe(years);

    [Fact]
    public void A_probationary_member_or_one_full_from_a_later_day_has_no_years_yet()
    {
        Full(null).YearsOfMembership(new DateOnly(2026, 12, 1)).ShouldBe(0);
        var probationaryWithDate = Full(new DateOnly(2010, 1, 1));
        probationaryWithDate.Category = MemberCategory.Probationary;
        probationaryWithDate.YearsOfMembership(new DateOnly(2026, 12, 1)).ShouldBe(0);
        Full(new DateOnly(2027, 1, 1)).YearsOfMembership(new DateOnly(2026, 12, 1)).ShouldBe(0);
        Full(new DateOnly(2026, 12, 1)).YearsOfMembership(new DateOnly(2026, 12, 1)).ShouldBe(0);
    }

    [Fact]
    public void A_member_leaves_the_system_once()
    {
        var m = Full(new DateOnly(2010, 1, 1));
        var at = new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.FromHours(8));
        m.Leave(at).ShouldBeNull();
        m.LeftAt.ShouldBe(at);
        m.Leave(at.AddDays(1)).ShouldBe("该党员已转出本系统");
        m.LeftAt.ShouldBe(at);
    }

    [Fact]
    public void A_move_takes_the_new_organizations_path_and_group()
    {
        var m = Full(new DateOnly(2010, 1, 1));
        m.PartyGroupId = 9;
        m.MoveTo(5, "/1/5/", null);
        (m.OrganizationId, m.OrgPath, m.PartyGroupId).ShouldBe((5L, "/1/5/", (long?)null));
        m.MoveTo(6, "/1/6/", 12);
        m.PartyGroupId.ShouldBe(12);
        ((IScoped)m).ScopePaths.ShouldBe(["/1/6/"]);
        ((IAudited)m).AuditScopePath.ShouldBe("/1/6/");
        m.Id = 77;
        ((IAudited)m).AuditId.ShouldBe("77");
    }

    [Fact]
    public void A_name_sets_its_pinyin_and_initials_and_a_very_long_pinyin_is_cut_to_the_column()
    {
        var m = Full(null);
        m.SetName("李建国");
        (m.Name, m.NamePinyin, m.NameInitials).ShouldBe(("李建国", Pinyin.SortKey("李建国"), Pinyin.Initials("李建国")));
        m.NamePinyin.ShouldBe("li jian guo");
        Member.NamePinyinOf("李建国").ShouldBe("li jian guo");
        var longName = new string('庄', 50);
        m.SetName(longName);
        m.NamePinyin.Length.ShouldBe(Member.NamePinyinMaxLength);
        m.NamePinyin.ShouldBe(Pinyin.SortKey(longName)[..200]);
        Member.NamePinyinOf(longName).ShouldBe(m.NamePinyin);
        var exact = new string('庄', 27) + new string('一', 4); // 27 × 6 + 4 × 2 letters and 30 spaces = 200: kept whole
        m.SetName(exact);
        m.NamePinyin.ShouldBe(Pinyin.SortKey(exact));
        m.NamePinyin.Length.ShouldBe(200);
    }

    [Fact]
    public void A_names_windows_are_its_distinct_character_pairs()
    {
        MemberNameGram.Of("张建国").ShouldBe(["张建", "建国"]);
        MemberNameGram.Of("建国建国").ShouldBe(["建国", "国建"]);
        MemberNameGram.Of("李").ShouldBeEmpty();
        MemberNameGram.Of("李四").ShouldBe(["李四"]);
    }

    [Fact]
    public void Every_choice_has_its_Chinese_name()
    {
        Enum.GetValues<MemberCategory>().Select(c => c.Chinese()).ShouldBe(["预备党员", "正式党员"]);
        Enum.GetValues<MembershipStatus>().Append((MembershipStatus)9).Select(c => c.Chinese()).ShouldBe(["正常", "保留党籍", "停止党籍", "9"]);
        Enum.GetValues<Education>().Append((Education)9).Select(c => c.Chinese()).ShouldBe(["研究生", "大学本科", "大学专科", "中专", "高中", "初中及以下", "9"]);
        Enum.GetValues<WorkStatus>().Append((WorkStatus)9).Select(c => c.Chinese()).ShouldBe(["在职", "离退休", "其他", "9"]);
        Enum.GetValues<IdentityPostKind>().Append((IdentityPostKind)9).Select(c => c.Chinese()).ShouldBe(["党员先锋岗", "党员示范区", "党员责任区", "党员突击队", "9"]);
        Enum.GetValues<Sex>().Select(c => c.Chinese()).ShouldBe(["男", "女"]);
    }

    [Fact]
    public void A_contact_household_is_audited_under_its_member_and_only_through_the_member_writer()
    {
        var household = new ContactHousehold { MemberId = 5, Address = "1号楼101" };
        Should.Throw<InvalidOperationException>(() => ((IAudited)household).AuditScopePath);
        ((IAudited)household).AuditId.ShouldBe("5");
    }
}
