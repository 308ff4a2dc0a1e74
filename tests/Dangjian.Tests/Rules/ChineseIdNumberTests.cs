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

    [Theory]
    [InlineData("18991231", false)]
    [InlineData("19000101", true)]
    [InlineData("20261122", true)] // born today
    [InlineData("20261123", false)] // born tomorrow
    public void The_birth_date_lies_between_1900_and_today(string birth, bool valid)
    {
        var first17 = "110105" + birth + "002";
        var (value, error) = ChineseIdNumber.Parse(first17 + ChineseIdNumber.CheckCharacter(first17), Today);
        if (valid)
        {
            error.ShouldBeNull();
            value!.BirthDate.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture).ShouldBe(birth);
        }
        else
        {
            value.ShouldBeNull();
            error.ShouldBe($"身份证号中的出生日期“{birth}”无效");
        }
    }

    [Theory]
    [InlineData('0', Sex.Female)]
    [InlineData('1', Sex.Male)]
    [InlineData('2', Sex.Female)]
    [InlineData('3', Sex.Male)]
    [InlineData('4', Sex.Female)]
    [InlineData('5', Sex.Male)]
    [InlineData('6', Sex.Female)]
    [InlineData('7', Sex.Male)]
    [InlineData('8', Sex.Female)]
    [InlineData('9', Sex.Male)]
    public void The_seventeenth_digit_gives_the_sex(char digit, Sex sex)
    {
        var first17 = "1101051960051700" + digit;
        ChineseIdNumber.Parse(first17 + ChineseIdNumber.CheckCharacter(first17), Today).Value!.Sex.ShouldBe(sex);
    }

    [Fact]
    public void The_old_fifteen_digit_form_is_refused_with_a_clear_message()
    {
        var (_, error) = ChineseIdNumber.Parse("110105491231002", Today);
        error.ShouldBe("15位旧身份证号已停止使用，请填写18位身份证号");
    }

    [Theory]
    [InlineData(null, "身份证号不能为空")]
    [InlineData("", "身份证号不能为空")]
    [InlineData("   ", "身份证号不能为空")]
    [InlineData("11010549123100A", "身份证号应为18位，当前为15位")]
    [InlineData("1101051949A231002X", "身份证号前17位应为数字，最后一位为数字或X")]
    [InlineData("X10105194912310020", "身份证号前17位应为数字，最后一位为数字或X")]
    [InlineData("1101051949123100", "身份证号应为18位，当前为16位")]
    [InlineData("11010519491231002Y", "身份证号前17位应为数字，最后一位为数字或X")]
    public void Malformed_numbers_name_what_is_wrong(string? number, string message) =>
        ChineseIdNumber.Parse(number, Today).Error.ShouldBe(message);

    // Expectations that do not come from the code under test: the two examples printed in GB 11643-1999 itself, and one
    // worked by hand (4·7+1·9+1·10+0·5+0·8+2·4+1·2+9·1+6·6+0·3+0·7+5·9+1·10+7·5+0·8+0·4+1·2 = 194, 194 mod 11 = 7,
    // and position 7 of "10X98765432" is "5").
    [Theory]
    [InlineData("110105", 1949, 12, 31, 2, Sex.Female, "11010519491231002X")]
    [InlineData("440524", 1880, 1, 1, 1, Sex.Male, "440524188001010014")]
    [InlineData("411002", 1960, 5, 17, 1, Sex.Male, "411002196005170015")]
    public void Compose_and_the_check_character_give_the_published_numbers(string area, int year, int month, int day, int sequence, Sex sex, string expected)
    {
        ChineseIdNumber.Compose(area, new DateOnly(year, month, day), sequence, sex).ShouldBe(expected);
        ChineseIdNumber.CheckCharacter(expected[..17]).ShouldBe(expected[17]);
    }

    [Fact]
    public void Composed_numbers_carry_the_sex_in_the_parity_of_the_seventeenth_digit()
    {
        for (var i = 0; i < 200; i++)
        {
            var sex = i % 2 == 0 ? Sex.Male : Sex.Female;
            var number = ChineseIdNumber.Compose("411002", new DateOnly(1960, 5, 17), i, sex);
            number.Length.ShouldBe(18);
            number[..14].ShouldBe("41100219600517");
            // GB 11643: odd sequence numbers are given to men, even ones to women.
            ((number[16] - '0') % 2 == 1).ShouldBe(sex == Sex.Male, number);
        }
    }
}
