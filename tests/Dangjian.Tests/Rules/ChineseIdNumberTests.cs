using Dangjian.Platform.Text;

namespace Dangjian.Tests.Rules;

public class ChineseIdNumberTests
{
    private static readonly DateOnly Today = new(2026, 11, 22);

    [Theory]
    [InlineData("11010519491231002X", 1949, 12, 31, Sex.Female)]
    [InlineData("440524193001010010", 1930, 1, 1, Sex.Male)]
    [InlineData("11010519491231002x", 1949, 12, 31, Sex.Female)]
    public void A_good_number_gives_birth_date_and_sex(string number, int year, int month, int day, Sex sex)
    {
        var (value, error) = ChineseIdNumber.Parse(number, Today);
        error.ShouldBeNull();
        value!.BirthDate.ShouldBe(new DateOnly(year, month, day));
        value.Sex.ShouldBe(sex);
        value.Normalized.ShouldBe(number.ToUpperInvariant());
    }

    [Fact]
    public void A_wrong_check_digit_is_refused()
    {
        var (value, error) = ChineseIdNumber.Parse("110105194912310021", Today);
        value.ShouldBeNull();
        error.ShouldBe("身份证号校验位不正确，请核对");
    }

    [Theory]
    [InlineData("110105194913310020")] // month 13
    [InlineData("110105190002300020")] // 30 February
    [InlineData("110105203001010020")] // in the future
    public void An_impossible_birth_date_is_refused(string first17AndAny)
    {
        var number = first17AndAny[..17] + ChineseIdNumber.CheckCharacter(first17AndAny[..17]);
        var (value, error) = ChineseIdNumber.Parse(number, Today);
        value.ShouldBeNull();
        error!.ShouldContain("出生日期");
    }

    [Fact]
    public void The_old_fifteen_digit_form_is_refused_with_a_clear_message()
    {
        var (_, error) = ChineseIdNumber.Parse("110105491231002", Today);
        error.ShouldBe("15位旧身份证号已停止使用，请填写18位身份证号");
    }

    [Theory]
    [InlineData("", "身份证号不能为空")]
    [InlineData("1101051949123100", "身份证号应为18位，当前为16位")]
    [InlineData("11010519491231002Y", "身份证号前17位应为数字，最后一位为数字或X")]
    public void Malformed_numbers_name_what_is_wrong(string number, string message) =>
        ChineseIdNumber.Parse(number, Today).Error.ShouldBe(message);

    [Fact]
    public void Composed_numbers_are_valid_and_carry_the_sex()
    {
        for (var i = 0; i < 200; i++)
        {
            var sex = i % 2 == 0 ? Sex.Male : Sex.Female;
            var number = ChineseIdNumber.Compose("411002", new DateOnly(1960, 5, 17), i, sex);
            var (value, error) = ChineseIdNumber.Parse(number, Today);
            error.ShouldBeNull(number);
            value!.Sex.ShouldBe(sex);
        }
    }
}
