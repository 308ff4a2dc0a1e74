using Dangjian.Platform.Text;

namespace Dangjian.Tests.Rules;

public class PinyinTests
{
    [Theory]
    [InlineData('单', "shan")]
    [InlineData('曾', "zeng")]
    [InlineData('解', "xie")]
    [InlineData('区', "ou")]
    [InlineData('仇', "qiu")]
    [InlineData('查', "zha")]
    [InlineData('朴', "piao")]
    [InlineData('覃', "qin")]
    [InlineData('翟', "zhai")]
    [InlineData('盖', "ge")]
    [InlineData('乐', "yue")]
    [InlineData('缪', "miao")]
    [InlineData('尉', "yu")]
    [InlineData('长', "chang")]
    [InlineData('种', "chong")]
    [InlineData('重', "chong")]
    [InlineData('燕', "yan")]
    [InlineData('华', "hua")]
    [InlineData('贾', "jia")]
    [InlineData('柏', "bai")]
    [InlineData('秘', "bi")]
    [InlineData('沈', "shen")]
    [InlineData('折', "she")]
    [InlineData('葛', "ge")]
    public void A_surname_is_read_as_a_surname_first_and_as_the_common_character_after(char surname, string reading)
    {
        Pinyin.Syllables(surname + "明")[0].ShouldBe(reading);
        Pinyin.SortKey(surname + "明").ShouldStartWith(reading + " ");
    }

    [Fact]
    public void Only_the_characters_of_the_table_have_a_reading()
    {
        Pinyin.Reading('\u4E00').ShouldBe("yi");
        Pinyin.Reading('齐').ShouldBe("qi");
        Pinyin.Reading('\u4DFF').ShouldBeNull("just before the table");
        Pinyin.Reading('\uA000').ShouldBeNull("just after the table");
        Pinyin.Reading('a').ShouldBeNull();
        Pinyin.Reading('（').ShouldBeNull();
    }

    [Theory]
    [InlineData("张三", "zhangsan", "zhang san", "zs")]
    [InlineData("王建国", "wangjianguo", "wang jian guo", "wjg")]
    [InlineData("吕丽", "lvli", "lv li", "ll")]
    [InlineData("曾国藩", "zengguofan", "zeng guo fan", "zgf")]
    [InlineData("单雄信", "shanxiongxin", "shan xiong xin", "sxx")]
    [InlineData("欧阳修", "ouyangxiu", "ou yang xiu", "oyx")]
    public void Names_have_full_pinyin_a_sort_key_and_initials(string name, string full, string sortKey, string initials)
    {
        Pinyin.Full(name).ShouldBe(full);
        Pinyin.SortKey(name).ShouldBe(sortKey);
        Pinyin.Initials(name).ShouldBe(initials);
    }

    [Fact]
    public void Latin_letters_in_a_name_are_kept_lower_case_each_a_syllable_of_its_own()
    {
        Pinyin.Full("阿Li").ShouldBe("ali");
        Pinyin.SortKey("阿Li").ShouldBe("a l i");
        Pinyin.SortKey("王2号").ShouldBe("wang 2 hao");
    }

    [Fact]
    public void Names_sort_by_syllable_so_a_shorter_syllable_comes_before_a_longer_one_it_begins()
    {
        string[] names = ["刘强玉", "程芳杰", "陈国", "李新华", "程超军", "陈德", "陈超红"];
        names.OrderBy(Pinyin.SortKey, StringComparer.Ordinal).ShouldBe(["陈超红", "陈德", "陈国", "程超军", "程芳杰", "李新华", "刘强玉"]);
        // Run together, the syllables interleave: chenguo follows chengchaojun, lixinhua follows liuqiangyu.
        names.OrderBy(Pinyin.Full, StringComparer.Ordinal).ShouldBe(["陈超红", "陈德", "程超军", "程芳杰", "陈国", "刘强玉", "李新华"]);
    }

    [Theory]
    [InlineData("zhangs", new[] { "zhang s" })]
    [InlineData("ZhangS", new[] { "zhang s" })]
    [InlineData("chenchao", new[] { "chen chao", "chen cha o" })]
    [InlineData("chengchao", new[] { "cheng chao", "cheng cha o" })]
    [InlineData("lixin", new[] { "li xin", "li xi n" })]
    [InlineData("xian", new[] { "xian", "xia n", "xi an", "xi a n" })]
    [InlineData("fangan", new[] { "fang an", "fan gan", "fang a n", "fan ga n" })]
    [InlineData("changan", new[] { "chang an", "chan gan", "chang a n", "chan ga n" })]
    [InlineData("sit", new[] { "si t" })]
    [InlineData("lv", new[] { "lv" })]
    [InlineData("zhuang", new[] { "zhuang", "zhuan g", "zhu ang", "zhu an g" })]
    public void A_full_pinyin_query_reads_as_whole_syllables_and_the_start_of_one(string query, string[] expected) =>
        Pinyin.SortKeyPrefixes(query, 8).ShouldBe(expected);

    [Theory]
    [InlineData("zs")] // initials; no syllable is spelt z or s
    [InlineData("xyz")]
    [InlineData("zhangv")] // no syllable starts with v
    [InlineData("hng")] // the interjections (呣 m, 嗯 ng) are not syllables a name is read with
    [InlineData("")]
    public void A_query_that_reads_as_no_pinyin_has_no_prefix(string query) => Pinyin.SortKeyPrefixes(query, 8).ShouldBeEmpty();

    [Fact]
    public void A_query_with_many_readings_gives_the_fewest_longest_syllables_first_up_to_the_cap()
    {
        var query = string.Concat(Enumerable.Repeat("xian", 12)); // 4^12 readings
        var prefixes = Pinyin.SortKeyPrefixes(query, 8);
        prefixes.Count.ShouldBe(8);
        prefixes[0].ShouldBe(string.Join(' ', Enumerable.Repeat("xian", 12)));
        prefixes.Distinct().Count().ShouldBe(8);
        prefixes.ShouldAllBe(p => p.Replace(" ", "", StringComparison.Ordinal) == query);
        prefixes.Select(p => p.Split(' ').Length).ShouldBeInOrder();
        Pinyin.SortKeyPrefixes("xian", 2).ShouldBe(["xian", "xia n"]);
    }
}
