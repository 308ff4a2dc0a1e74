using System.Diagnostics;
using Dangjian.Platform.Text;
using Dangjian.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Tests.Members;

/// <summary>A county-sized sheet: 5,000 members imported in one go, then exported again, in reasonable time.</summary>
public class ExcelVolumeTests(AppFactory app, ITestOutputHelper output) : ExcelApiTest(app)
{
    [Fact]
    public async Task Five_thousand_rows_import_and_export_in_reasonable_time()
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

        var clock = Stopwatch.StartNew();
        var report = await Imported(await PostSheet(client, sheet));
        var imported = clock.Elapsed;

        report.Imported.ShouldBe(count);
        (await MemberCount()).ShouldBe(before + count);
        (await App.WithDbAsync(db => db.MemberNameGrams.Select(g => g.MemberId).Distinct().CountAsync())).ShouldBeGreaterThanOrEqualTo(before + count);

        clock.Restart();
        var file = await (await client.GetAsync("/api/v1/members/export.xlsx")).Content.ReadAsByteArrayAsync();
        var exportTime = clock.Elapsed;
        var exported = ExcelBooks.Read(file);

        exported.Count.ShouldBe(1 + before + count - await OutsideBalingAsync());
        output.WriteLine($"{TestDatabase.Name}: {sheet.Length / 1024} KB sheet, import of {count} rows {imported.TotalSeconds:0.0} s, "
            + $"export of {exported.Count - 1} rows {exportTime.TotalSeconds:0.0} s ({file.Length / 1024} KB)");
        imported.ShouldBeLessThan(TimeSpan.FromSeconds(90));
        exportTime.ShouldBeLessThan(TimeSpan.FromSeconds(30));
    }

    private Task<int> OutsideBalingAsync() => App.WithDbAsync(async db =>
    {
        var path = await db.Organizations.Where(o => o.Name == "中共灞陵街道工作委员会").Select(o => o.Path).SingleAsync();
        return await db.Members.CountAsync(m => !m.OrgPath.StartsWith(path) || m.LeftAt != null);
    });
}
