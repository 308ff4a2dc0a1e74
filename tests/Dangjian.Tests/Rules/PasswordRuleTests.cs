using Dangjian.Platform.Security;
using Microsoft.AspNetCore.Identity;

namespace Dangjian.Tests.Rules;

/// <summary>The passwords refused beyond Identity's own length and character rules.</summary>
public class PasswordRuleTests
{
    private static readonly AppUser User = new() { UserName = "lihua", DisplayName = "李华" };

    private static async Task<string[]> Refusals(string? password, AppUser? user = null) =>
        (await new PasswordRules().ValidateAsync(null!, user ?? User, password)).Errors.Select(e => e.Description).ToArray();

    private const string Common = "密码过于常见，容易被猜中，请换一个";
    private const string Sequence = "密码不能包含6个以上连续的键盘或字母、数字序列（如 qwerty、123456）";
    private const string UserName = "密码不能包含用户名";

    [Theory]
    [InlineData("Xuchang#Weidu7")]
    [InlineData("hong9ying4")]
    [InlineData("abcde19xyz")] // a run of five is ordinary
    [InlineData("12345zz09876")]
    public async Task An_ordinary_password_passes(string password) => (await Refusals(password)).ShouldBeEmpty();

    [Theory]
    [InlineData("password")]
    [InlineData("PASSWORD")]
    [InlineData("password12")]
    [InlineData("2026woaini")]
    [InlineData("!woaini1314!")]
    public async Task A_common_password_alone_or_padded_with_digits_and_symbols_is_refused(string password) =>
        (await Refusals(password)).ShouldContain(Common);

    [Theory]
    [InlineData("pass-word-x")]
    [InlineData("woaini-china")]
    public async Task A_common_word_inside_other_letters_is_not_refused_as_common(string password) =>
        (await Refusals(password)).ShouldNotContain(Common);

    [Fact]
    public async Task A_password_of_only_digits_and_symbols_is_not_taken_for_an_empty_common_one() =>
        (await Refusals("19491001!!")).ShouldNotContain(Common);

    [Theory]
    [InlineData("qwerty1x")]
    [InlineData("x1asdfgh")]
    [InlineData("9876543abc")]
    [InlineData("zz-poiuyt")] // backwards
    [InlineData("Tmnbvcxz")]
    public async Task Six_keys_in_a_row_forwards_or_backwards_are_refused(string password) =>
        (await Refusals(password)).ShouldContain(Sequence);

    [Theory]
    [InlineData("qwert1x2")] // five
    [InlineData("qwe7rty8")]
    public async Task Fewer_than_six_in_a_row_pass(string password) =>
        (await Refusals(password)).ShouldNotContain(Sequence);

    [Fact]
    public async Task A_password_containing_the_user_name_in_any_case_is_refused()
    {
        (await Refusals("9LiHua#2026")).ShouldBe([UserName]);
        (await Refusals("lihua")).ShouldContain(UserName);
    }

    [Fact]
    public async Task A_user_name_shorter_than_three_characters_is_not_looked_for()
    {
        var shortName = new AppUser { UserName = "li", DisplayName = "李" };
        (await Refusals("li-hong-9ying", shortName)).ShouldBeEmpty();
        (await Refusals("lix-hong-9ying", new AppUser { UserName = "lix", DisplayName = "李" })).ShouldBe([UserName]);
        (await Refusals("hong-9ying", new AppUser { UserName = null, DisplayName = "李" })).ShouldBeEmpty();
    }

    [Fact]
    public async Task Every_refusal_is_given_at_once()
    {
        var result = await new PasswordRules().ValidateAsync(null!, new AppUser { UserName = "qwerty", DisplayName = "某" }, "qwerty");
        result.Succeeded.ShouldBeFalse();
        result.Errors.Select(e => e.Code).ShouldBe(["PasswordCommon", "PasswordSequence", "PasswordContainsUserName"]);
        result.Errors.Select(e => e.Description).ShouldBe([Common, Sequence, UserName]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public async Task No_password_is_left_to_Identitys_required_rule(string? password)
    {
        var result = await new PasswordRules().ValidateAsync(null!, User, password);
        result.ShouldBe(IdentityResult.Success);
    }
}
