using Dangjian.Features.Organizations;

namespace Dangjian.Tests.Rules;

/// <summary>The picker's keys: one per character, so that any piece of a name is the prefix of one of them.</summary>
public class OrganizationSearchKeyTests
{
    [Fact]
    public void Each_character_starts_a_key_of_the_next_six_characters_and_their_initials()
    {
        var keys = OrganizationSearchKey.Of(7, "中共光明社区委员会", "/1/7/").ToList();
        keys.Select(k => k.Position).ShouldBe(Enumerable.Range(0, 9));
        keys.ShouldAllBe(k => k.OrganizationId == 7 && k.Path == "/1/7/");
        (keys[0].Name, keys[0].Initials).ShouldBe(("中共光明社区", "zggmsq"));
        (keys[2].Name, keys[2].Initials).ShouldBe(("光明社区委员", "gmsqwy"));
        (keys[8].Name, keys[8].Initials).ShouldBe(("会", "h"));
    }

    [Fact]
    public void Punctuation_starts_no_key_and_has_no_initial_while_letters_and_digits_keep_their_own()
    {
        var keys = OrganizationSearchKey.Of(1, "林山寨第1社区（A区）", "/1/").ToList();
        keys.Select(k => k.Name[0]).ShouldBe(['林', '山', '寨', '第', '1', '社', '区', 'A', '区']);
        keys.Select(k => k.Position).ShouldBe(Enumerable.Range(0, 9));
        keys[0].Initials.ShouldBe("lszd1s");
        keys[5].Name.ShouldBe("社区（A区）");
        keys[5].Initials.ShouldBe("sqaq");
        OrganizationSearchKey.InitialsOfName("林山寨第1社区（A区）").ShouldBe("lszd1sqaq");
    }

    [Fact]
    public void A_name_of_punctuation_alone_has_no_keys() =>
        OrganizationSearchKey.Of(1, "（）", "/1/").ShouldBeEmpty();
}
