using Dangjian.Platform.Text;
using Dangjian.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Tests.Members;

/// <summary>
/// A street-sized sheet: 5,000 members imported in one go (batched saves, one transaction), then exported again.
/// Correctness only: speed belongs to the benchmarks, never to a timed test.
/// </summary>
public class ExcelVolumeTests(AppFactory app) : ExcelApiTest(app)
{
    [Fact]
    public async Task Five_thousand_rows_import_in_one_go_and_export_again()
    {
        const int count = 5_000;
        var client = await As("baling");
        string[] branches = ["延中社区第一党支部", "延中社区第二党支部", "延中社区离退休党支部", "灞陵街道无主管楼院临时党支部"];
        string[] surnames = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄"];
        string[] given = ["建", "国", "华", "明", "军", "伟", "芳", "秀", "英", "丽"];
        var rows = Enumerable.Range(0, count).Select(i =>
        {
            var birth = new DateOnly(1950, 1, 1).AddDays(i * 3 % 18000);
            var sex = i % 2 == 0 ? Sex.Male : Sex.Female;
            return new ExcelBooks.Row(surnames[i % 8] + given[i / 8 % 10] + given[i / 80 % 10], branches[i % 4], ExcelBooks.NewIdNumber(birth, sex))
            {
                JoinedOn = birth.AddYears(22),
                FullMemberOn = birth.AddYears(23),
                Address = $"灞陵街道{i % 40}号院",
            };
        }).ToList();
        var sheet = ExcelBooks.Sheet(rows);
        var before = await MemberCount();

        var report = await Imported(await PostSheet(client, sheet));

        report.Imported.ShouldBe(count);
        (await MemberCount()).ShouldBe(before + count);
        (await App.WithDbAsync(db => db.MemberNameGrams.Select(g => g.MemberId).Distinct().CountAsync())).ShouldBeGreaterThanOrEqualTo(before + count);

        var file = await (await client.GetAsync("/api/v1/members/export.xlsx")).Content.ReadAsByteArrayAsync();
        var exported = ExcelBooks.Read(file);

        exported.Count.ShouldBe(1 + before + count - await OutsideBalingAsync());
    }

    private Task<int> OutsideBalingAsync() => App.WithDbAsync(async db =>
    {
        var path = await db.Organizations.Where(o => o.Name == "中共灞陵街道工作委员会").Select(o => o.Path).SingleAsync();
        return await db.Members.CountAsync(m => !m.OrgPath.StartsWith(path) || m.LeftAt != null);
    });
}
