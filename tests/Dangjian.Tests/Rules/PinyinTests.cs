using Dangjian.Platform.Text;

namespace Dangjian.Tests.Rules;

public class PinyinTests
{
    [Theory]
    [InlineData("张三", "zhangsan", "zs")]
    [InlineData("王建国", "wangjianguo", "wjg")]
    [InlineData("吕丽", "lvli", "ll")]
    [InlineData("曾国藩", "zengguofan", "zgf")]
    [InlineData("单雄信", "shanxiongxin", "sxx")]
    [InlineData("欧阳修", "ouyangxiu", "oyx")]
    public void Names_have_full_pinyin_and_initials(string name, string full, string initials)
    {
        Pinyin.Full(name).ShouldBe(full);
        Pinyin.Initials(name).ShouldBe(initials);
    }

    [Fact]
    public void Latin_letters_in_a_name_are_kept_lower_case() => Pinyin.Full("阿Li").ShouldBe("ali");
}
