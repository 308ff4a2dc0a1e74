using Dangjian.Platform.Text;

namespace Dangjian.Bench.Generate;

/// <summary>
/// Chinese personal names drawn the way they occur: surnames by their share of the population, given names either
/// one of the very common whole names of the members' generations (建国, 秀英…) or one or two characters drawn
/// by a falling frequency, so that many people share a name, as in any real roll.
/// </summary>
public static class Names
{
    // Share of the population in units of 0.01 % (approximate figures of the 2020 household-registration statistics).
    private static readonly (string Surname, int Weight)[] Surnames =
    [
        ("王", 712), ("李", 700), ("张", 674), ("刘", 510), ("陈", 461), ("杨", 322), ("黄", 245), ("赵", 219), ("吴", 200),
        ("周", 195), ("徐", 145), ("孙", 138), ("马", 129), ("朱", 126), ("胡", 116), ("郭", 113), ("何", 105), ("林", 101),
        ("高", 100), ("罗", 86), ("郑", 80), ("梁", 80), ("谢", 64), ("宋", 61), ("唐", 60), ("许", 58), ("韩", 55), ("邓", 54),
        ("冯", 53), ("曹", 52), ("彭", 51), ("曾", 50), ("肖", 49), ("田", 48), ("董", 47), ("潘", 46), ("袁", 45), ("蔡", 44),
        ("蒋", 43), ("余", 42), ("于", 41), ("杜", 40), ("叶", 39), ("程", 38), ("魏", 37), ("苏", 36), ("吕", 35), ("丁", 34),
        ("任", 33), ("卢", 32), ("姚", 31), ("沈", 30), ("钟", 29), ("姜", 28), ("崔", 27), ("谭", 26), ("陆", 25), ("范", 24),
        ("汪", 23), ("廖", 22), ("石", 21), ("金", 20), ("韦", 20), ("贾", 19), ("夏", 19), ("付", 18), ("方", 18), ("邹", 17),
        ("熊", 17), ("白", 17), ("孟", 16), ("秦", 16), ("邱", 16), ("侯", 15), ("江", 15), ("尹", 15), ("薛", 14), ("闫", 14),
        ("段", 14), ("雷", 13), ("龙", 13), ("黎", 13), ("史", 12), ("陶", 12), ("贺", 12), ("毛", 11), ("郝", 11), ("顾", 11),
        ("龚", 10), ("邵", 10), ("万", 10), ("覃", 10), ("武", 10), ("钱", 9), ("戴", 9), ("严", 9), ("莫", 9), ("孔", 8),
        ("向", 8), ("常", 8), ("欧阳", 3), ("司马", 1), ("诸葛", 1),
    ];

    // Whole given names that recur across the generations now in the Party (born 1935–2005), with relative weights.
    private static readonly (string Name, int Weight)[] CommonMale =
    [
        ("建国", 60), ("建华", 45), ("建军", 45), ("国强", 40), ("志强", 40), ("国华", 30), ("建平", 30), ("志刚", 30),
        ("海涛", 25), ("卫东", 25), ("卫国", 25), ("红军", 20), ("振华", 20), ("国庆", 25), ("德明", 15), ("文斌", 15),
        ("永强", 20), ("春生", 15), ("长青", 10), ("建新", 20), ("建明", 20), ("军", 60), ("伟", 80), ("强", 60), ("磊", 60),
        ("勇", 55), ("杰", 50), ("涛", 50), ("斌", 45), ("超", 45), ("明", 40), ("刚", 45), ("平", 40), ("辉", 40), ("鹏", 35),
        ("华", 35), ("飞", 30), ("鑫", 25), ("波", 30), ("宁", 20), ("浩", 25), ("宇", 25), ("俊杰", 15), ("浩然", 10),
    ];

    private static readonly (string Name, int Weight)[] CommonFemale =
    [
        ("秀英", 60), ("桂英", 45), ("秀兰", 45), ("玉兰", 40), ("桂兰", 35), ("秀珍", 35), ("凤英", 30), ("玉珍", 25),
        ("玉英", 25), ("兰英", 20), ("丽", 60), ("芳", 60), ("敏", 55), ("静", 55), ("丽娟", 30), ("艳", 45), ("娟", 40),
        ("霞", 35), ("燕", 35), ("红", 30), ("丽华", 25), ("海燕", 25), ("红梅", 25), ("晓燕", 20), ("淑珍", 20), ("玉梅", 20),
        ("秀云", 20), ("春梅", 15), ("美玲", 10), ("婷", 30), ("欣怡", 10), ("雪", 20),
    ];

    // Given-name characters, most frequent first: the weight falls with the rank (a Zipf-like curve).
    private const string MaleChars =
        "伟刚勇毅俊峰强军平保东文辉力明永健世广志义兴良海山仁波宁贵福生龙元全国胜学祥才发武新利清飞彬富顺信子杰涛昌成康星光天达安岩中茂进林有坚和彪博诚先敬震振壮会思群豪心邦承乐绍功松善厚庆磊民友裕河哲江超浩亮政谦亨奇固之轮翰朗伯宏言若鸣朋斌梁栋维启克伦翔旭鹏泽晨辰士以建家致树炎德行时泰盛雄琛钧冠策腾楠榕风航弘";

    private const string FemaleChars =
        "秀娟英华慧巧美娜静淑惠珠翠雅芝玉萍红娥玲芬芳燕彩春菊兰凤洁梅琳素云莲真环雪荣爱妹霞香月莺媛艳瑞凡佳嘉琼勤珍贞莉桂娣叶璧璐娅琦晶妍茜秋珊莎锦黛青倩婷姣婉娴瑾颖露瑶怡婵雁蓓纨仪荷丹蓉眉君琴蕊薇菁梦岚苑婕馨瑗琰韵融园艺咏卿聪澜纯毓悦昭冰爽琬茗羽希宁欣飘育滢馥筠柔竹霭凝晓欢霄枫芸菲寒伊亚宜可姬舒影荔枝丽阳妮宝贝初程梵";

    private static readonly WeightedTable<string> SurnameTable = new(Surnames);
    private static readonly WeightedTable<string> CommonMaleTable = new(CommonMale);
    private static readonly WeightedTable<string> CommonFemaleTable = new(CommonFemale);
    private static readonly WeightedTable<string> MaleCharTable = Zipf(MaleChars);
    private static readonly WeightedTable<string> FemaleCharTable = Zipf(FemaleChars);

    public static string Next(Random random, Sex sex)
    {
        var surname = SurnameTable.Next(random);
        var roll = random.NextDouble();
        string given;
        if (roll < 0.12)
        {
            given = (sex == Sex.Male ? CommonMaleTable : CommonFemaleTable).Next(random);
        }
        else
        {
            var chars = sex == Sex.Male ? MaleCharTable : FemaleCharTable;
            given = roll < 0.24 ? chars.Next(random) : chars.Next(random) + chars.Next(random);
        }
        return surname + given;
    }

    private static WeightedTable<string> Zipf(string characters) =>
        new(characters.Select((c, rank) => (c.ToString(), (int)(10_000 / (rank + 8.0)))).ToArray());
}

/// <summary>Draws items in proportion to integer weights (binary search over the running totals).</summary>
public sealed class WeightedTable<T>
{
    private readonly T[] _items;
    private readonly long[] _cumulative;

    public WeightedTable(IReadOnlyList<(T Item, int Weight)> entries)
    {
        _items = entries.Select(e => e.Item).ToArray();
        _cumulative = new long[entries.Count];
        long total = 0;
        for (var i = 0; i < entries.Count; i++)
        {
            total += entries[i].Weight;
            _cumulative[i] = total;
        }
    }

    public T Next(Random random)
    {
        var pick = random.NextInt64(_cumulative[^1]);
        var index = Array.BinarySearch(_cumulative, pick + 1);
        return _items[index >= 0 ? index : ~index];
    }
}
