using Dangjian.Features.Members;
using Dangjian.Platform;
using Dangjian.Platform.Data;
using Dangjian.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dangjian.Tests.Members;

/// <summary>
/// Keys emptied by a migration (PinyinBySyllable) are filled after the migrations run, together with the windows'
/// copies, without touching anything else.
/// </summary>
public class MemberSortKeyBackfillTests(AppFactory app) : DemoApiTest(app)
{
    [Fact]
    public async Task Emptied_sort_keys_and_their_window_copies_are_filled_once_after_the_migrations_without_audit_lines()
    {
        var branch = await CreateOrganization(await OrgId(DemoOrgs.Hancheng), "回填测试党支部");
        var twins = new[] { await CreateMember(branch, "陈国建新"), await CreateMember(branch, "陈国建新"), await CreateMember(branch, "程建新") };
        var before = await RowCounts();
        var keys = await Keys();
        keys.ShouldContain($"{twins[0]} chen guo jian xin");

        var emptied = await App.WithDbAsync(async db =>
        {
            var count = await db.Database.ExecuteSqlRawAsync("""UPDATE "Members" SET "NamePinyin" = '' WHERE "Id" % 2 = 0 OR "OrganizationId" = {0}""", branch);
            await db.Database.ExecuteSqlRawAsync("""UPDATE "MemberNameGrams" SET "NamePinyin" = '' WHERE "MemberId" % 2 = 0 OR "MemberId" IN ({0}, {1}, {2})""",
                twins[0], twins[1], twins[2]);
            return count;
        });
        emptied.ShouldBeGreaterThan(10);

        await Startup.MigrateAsync(App.Services);

        (await Keys()).ShouldBe(keys);
        (await App.WithDbAsync(db => db.Members.AsNoTracking().Select(m => new { m.Name, m.NamePinyin }).ToListAsync()))
            .ShouldAllBe(m => m.NamePinyin == Member.NamePinyinOf(m.Name));
        await AssertDerivedRowsMatchMembers();
        // Not a change of any record: no audit line, no version moved, no row added or removed.
        (await RowCounts()).ShouldBe(before);

        (await RunBackfill()).ShouldBe(0);
        (await RowCounts()).ShouldBe(before);

        // Members who share a name are filled by one statement and counted each.
        await App.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("""UPDATE "Members" SET "NamePinyin" = '' WHERE "OrganizationId" = {0}""", branch));
        (await RunBackfill()).ShouldBe(3);
        (await MemberRow(twins[1])).NamePinyin.ShouldBe("chen guo jian xin");
        (await MemberRow(twins[2])).NamePinyin.ShouldBe("cheng jian xin");
    }

    [Fact]
    public async Task With_nothing_to_fill_the_backfill_changes_nothing()
    {
        var before = await RowCounts();
        (await RunBackfill()).ShouldBe(0);
        (await RowCounts()).ShouldBe(before);
        await AssertDerivedRowsMatchMembers();
    }

    private Task<List<string>> Keys() => App.WithDbAsync(db => db.Members.AsNoTracking().OrderBy(m => m.Id).Select(m => m.Id + " " + m.NamePinyin).ToListAsync());

    private async Task<int> RunBackfill()
    {
        await using var scope = App.Services.CreateAsyncScope();
        var backfill = scope.ServiceProvider.GetServices<IDerivedDataBackfill>().OfType<MemberSortKeyBackfill>().ShouldHaveSingleItem();
        return await backfill.RunAsync(scope.ServiceProvider.GetRequiredService<AppDb>(), CancellationToken.None);
    }
}
