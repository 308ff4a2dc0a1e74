using System.Net;
using System.Net.Http.Json;
using Dangjian.Features.Demo;
using Dangjian.Features.Members;
using Dangjian.Platform;
using Dangjian.Platform.Audit;
using Dangjian.Platform.Data;
using Dangjian.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dangjian.Tests.Platform;

/// <summary>The audit log's hash chain: every line is linked, however it was written, and concurrent writers queue.</summary>
public class AuditChainTests(AppFactory app) : DemoApiTest(app)
{
    [Fact]
    public async Task Lines_from_row_changes_refused_accesses_reveals_and_sign_ins_are_all_linked()
    {
        var mark = await App.WithDbAsync(db => db.AuditEntries.MaxAsync(a => a.Sequence));
        var outsider = await SomeMemberOf(await OrgId(DemoOrgs.Guangming));
        (await (await As("yanzhong")).GetAsync($"/api/v1/members/{outsider}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await App.AnonymousClient().PostAsJsonAsync("/api/v1/auth/token", new { userName = "minjing", password = DemoData.Password })).EnsureSuccessStatusCode();
        var member = await CreateMember(await OrgId(DemoOrgs.Youyi), "链条甲");
        (await (await As("admin")).PostAsync($"/api/v1/members/{member}/reveal", null)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var lines = await App.WithDbAsync(db => db.AuditEntries.AsNoTracking().Where(a => a.Sequence > mark).OrderBy(a => a.Sequence).ToListAsync());
        lines.Select(l => l.Action).ShouldContain(AuditActions.AccessDenied);
        lines.Select(l => l.Action).ShouldContain(AuditActions.SignedIn);
        lines.Select(l => l.Action).ShouldContain(AuditActions.Created);
        lines.Select(l => l.Action).ShouldContain(AuditActions.Revealed);
        string? previous = null;
        foreach (var line in lines)
        {
            line.Hash.ShouldBe(AuditChain.HashOf(line), $"line {line.Sequence} {line.Action}");
            if (previous is not null)
            {
                line.PreviousHash.ShouldBe(previous);
            }
            previous = line.Hash;
        }
        lines.Select(l => l.Sequence).ShouldBe(Enumerable.Range(0, lines.Count).Select(i => mark + 1 + i));
        (await App.WithDbAsync(db => AuditChain.VerifyAsync(db, CancellationToken.None))).Intact.ShouldBeTrue();
        (await Startup.VerifyAuditAsync(App.Services)).ShouldBe(0);
    }

    [Fact]
    public async Task Concurrent_writers_queue_on_the_chain_head_and_never_fork_the_chain()
    {
        var mark = await App.WithDbAsync(db => db.AuditEntries.MaxAsync(a => a.Sequence));
        var branch = await OrgId(DemoOrgs.Guangming);
        var path = (await Org(branch)).Path;
        const int writers = 8;
        const int savesEach = 4;
        var direct = Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < savesEach; i++)
            {
                await using var scope = App.Services.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<AppDb>();
                db.ActorOverride = $"writer-{w}";
                db.Audit(AuditActions.Exported, nameof(Member), null, path, $"并发写入 {w}-{i}");
                db.Audit(AuditActions.Exported, nameof(Member), null, path, $"并发写入 {w}-{i} 第二条");
                await db.SaveChangesAsync();
            }
        }));
        // Row changes too, through the API, whose audit lines the audit step adds after the write.
        var viaApi = Enumerable.Range(0, 4).Select(i => CreateMember(branch, $"并发链{i}"));
        await Task.WhenAll(direct.Concat(viaApi));

        var lines = await App.WithDbAsync(db => db.AuditEntries.AsNoTracking().Where(a => a.Sequence > mark).OrderBy(a => a.Sequence).ToListAsync());
        lines.Count(l => l.Note != null && l.Note.StartsWith("并发写入", StringComparison.Ordinal)).ShouldBe(writers * savesEach * 2);
        lines.Select(l => l.Sequence).ShouldBe(Enumerable.Range(0, lines.Count).Select(i => mark + 1 + i), "one chain without gaps or forks");
        lines.Select(l => l.PreviousHash).Distinct().Count().ShouldBe(lines.Count, "no two lines link to the same predecessor");
        (await App.WithDbAsync(db => AuditChain.VerifyAsync(db, CancellationToken.None))).Intact.ShouldBeTrue();
    }
}

/// <summary>Tampering with the stored log is found, on a database of its own (the test breaks its chain on purpose).</summary>
public class AuditChainTamperTests(AppFactory app) : DemoApiTest(app)
{
    private Task<AuditChain.Verdict> Verify() => App.WithDbAsync(db => AuditChain.VerifyAsync(db, CancellationToken.None));

    private Task Sql(string sql, params object[] parameters) => App.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(sql, parameters));

    [Fact]
    public async Task Backfilled_lines_verify_and_a_changed_removed_or_cut_off_line_is_reported_as_the_first_broken_link()
    {
        await CreateMember(await OrgId(DemoOrgs.Youyi), "篡改测试");
        var lines = await App.WithDbAsync(db => db.AuditEntries.AsNoTracking().OrderBy(a => a.Sequence).ToListAsync());
        lines.Count.ShouldBeGreaterThan(10);
        (await Verify()).Intact.ShouldBeTrue();

        // As before the chain existed: no hashes, the head at the last line. The migration's backfill links them again.
        await Sql("UPDATE \"AuditEntries\" SET \"Hash\" = NULL, \"PreviousHash\" = NULL");
        await Sql("UPDATE \"AuditChainHeads\" SET \"Hash\" = NULL");
        (await Verify()).Problem.ShouldNotBeNull();
        (await App.WithDbAsync(db => AuditChain.BackfillAsync(db, CancellationToken.None))).ShouldBe(lines.Count);
        (await Verify()).ShouldBe(new AuditChain.Verdict(lines.Count, null, null, null));

        var middle = lines[lines.Count / 2];
        await Sql("UPDATE \"AuditEntries\" SET \"Note\" = {0} WHERE \"Id\" = {1}", "篡改", middle.Id);
        var changed = await Verify();
        (changed.BrokenAtSequence, changed.BrokenAtId, changed.Lines).ShouldBe((middle.Sequence, middle.Id, middle.Sequence - 1));
        changed.Problem!.ShouldContain("内容与哈希不符");
        (await Startup.VerifyAuditAsync(App.Services)).ShouldBe(1);
        await (middle.Note is null
            ? Sql("UPDATE \"AuditEntries\" SET \"Note\" = NULL WHERE \"Id\" = {0}", middle.Id)
            : Sql("UPDATE \"AuditEntries\" SET \"Note\" = {0} WHERE \"Id\" = {1}", middle.Note, middle.Id));
        (await Verify()).Intact.ShouldBeTrue();

        var last = lines[^1];
        await Sql("DELETE FROM \"AuditEntries\" WHERE \"Id\" = {0}", last.Id);
        (await Verify()).Problem!.ShouldContain("链头");

        await Sql("DELETE FROM \"AuditEntries\" WHERE \"Id\" = {0}", middle.Id);
        var removed = await Verify();
        (removed.BrokenAtSequence, removed.Lines).ShouldBe((middle.Sequence + 1, middle.Sequence - 1));
        removed.Problem!.ShouldContain($"第{middle.Sequence}条缺失");
    }
}
