using Dangjian.Features.Members;
using Dangjian.Features.Transfers;
using Dangjian.Platform.Audit;
using Dangjian.Platform.Data;
using Dangjian.Platform.Security;
using Dangjian.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Tests.Access;

/// <summary>
/// The scope-checked look-up on its own: what it answers for each kind of id, and where it files the attempts it
/// refuses. Every endpoint relies on it; <see cref="ForeignIdTests"/> proves that each one calls it.
/// </summary>
public class ScopeLookupTests(AppFactory app) : DemoApiTest(app)
{
    private Task<List<AuditEntry>> Denials(string entityType, long id) => AuditRows(AuditActions.AccessDenied, entityType, id.ToString());

    [Fact]
    public async Task No_id_and_an_id_that_does_not_exist_are_both_absent_and_leave_no_trace()
    {
        var missing = await App.WithDbAsync(async db => await db.Members.MaxAsync(m => m.Id)) + 1_000_000;
        await AsSignedIn("yanzhong", async (db, scope) =>
        {
            (await scope.FindAsync(db.Members, null, CancellationToken.None)).ShouldBeNull();
            (await scope.FindAsync(db.Members, missing, CancellationToken.None)).ShouldBeNull();
        });
        (await Denials(nameof(Member), missing)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_record_in_the_subtree_is_found_and_one_outside_is_absent_and_audited_under_both_sides()
    {
        var own = await SomeMemberOf(await OrgId(DemoOrgs.First));
        var foreign = await SomeMemberOf(await OrgId(DemoOrgs.Guangming));
        var foreignPath = (await Org(await OrgId(DemoOrgs.Guangming))).Path;
        var yanzhongPath = (await Org(await OrgId(DemoOrgs.First))).Path;
        var communityPath = (await Org(await OrgId(DemoOrgs.Yanzhong))).Path;
        await AsSignedIn("yanzhong", async (db, scope) =>
        {
            (await scope.FindAsync(db.Members, own, CancellationToken.None))!.Id.ShouldBe(own);
            (await scope.FindAsync(db.Members, foreign, CancellationToken.None)).ShouldBeNull();
        });
        (await Denials(nameof(Member), own)).ShouldBeEmpty();
        var lines = await Denials(nameof(Member), foreign);
        lines.Select(l => l.ScopePath).ShouldBe([foreignPath, communityPath], ignoreOrder: true);
        lines.ShouldAllBe(l => l.UserName == "yanzhong" && l.Note == $"越权访问：调用者范围 {yanzhongPath}");
    }

    [Fact]
    public async Task A_probe_its_superiors_can_see_anyway_is_filed_once()
    {
        // 第二党支部 lies under 延中社区, the prober's parent: the line under the target already reaches the prober's superiors.
        var sibling = await SomeMemberOf(await OrgId(DemoOrgs.Second));
        await AsSignedIn("yanzhong", async (db, scope) =>
            (await scope.FindAsync(db.Members, sibling, CancellationToken.None)).ShouldBeNull());
        var lines = await Denials(nameof(Member), sibling);
        lines.Count.ShouldBe(1);
        lines[0].ScopePath.ShouldBe((await Org(await OrgId(DemoOrgs.Second))).Path);
    }

    [Fact]
    public async Task A_letter_is_found_from_either_side_and_from_neither_outside_them()
    {
        var member = await CreateMember(await OrgId(DemoOrgs.First), "两边甲");
        var letter = await IssueTransfer(member, await OrgId(DemoOrgs.Guangming));
        await AsSignedIn("yanzhong", async (db, scope) => (await scope.FindAsync(db.Transfers, letter, CancellationToken.None)).ShouldNotBeNull());
        await AsSignedIn("minjing", async (db, scope) => (await scope.FindAsync(db.Transfers, letter, CancellationToken.None)).ShouldNotBeNull());
        await AsSignedIn("zhongyuan", async (db, scope) => (await scope.FindAsync(db.Transfers, letter, CancellationToken.None)).ShouldBeNull());
        var issuer = (await Org(await OrgId(DemoOrgs.First))).Path;
        (await Denials(nameof(Transfer), letter)).ShouldContain(l => l.UserName == "zhongyuan" && l.ScopePath == issuer, "filed under the issuing side");
    }

    [Fact]
    public async Task A_record_with_no_place_in_the_tree_is_refused_even_to_the_root_and_filed_at_the_root()
    {
        var orphan = await App.WithDbAsync(async db =>
        {
            var t = new Transfer
            {
                MemberName = "无处甲", LetterNumber = NewLetterNumber("WC"), DuesPaidThrough = "2026-10",
                IssuedOn = new DateOnly(2026, 11, 1), ValidUntil = new DateOnly(2026, 12, 1),
            };
            db.Transfers.Add(t);
            await db.SaveChangesAsync();
            return t.Id;
        });
        await AsSignedIn("admin", async (db, scope) => (await scope.FindAsync(db.Transfers, orphan, CancellationToken.None)).ShouldBeNull());
        var lines = await Denials(nameof(Transfer), orphan);
        var rootPath = (await Org(await OrgId(DemoOrgs.Root))).Path;
        lines.Count.ShouldBe(1, "filed at the top of the tree, which every superior sees");
        lines[0].ScopePath.ShouldBe(OrgPath.Root);
        lines[0].Note.ShouldBe($"越权访问：调用者范围 {rootPath}");
    }

    [Fact]
    public async Task A_path_is_allowed_inside_refused_outside_with_a_line_and_refused_silently_when_missing()
    {
        var inside = (await Org(await OrgId(DemoOrgs.First))).Path;
        var outside = (await Org(await OrgId(DemoOrgs.Youyi))).Path;
        await AsSignedIn("yanzhong", async (_, scope) =>
        {
            (await scope.AllowsAsync(inside, "Probe", 901)).ShouldBeTrue();
            (await scope.AllowsAsync(outside, "Probe", 902)).ShouldBeFalse();
            (await scope.AllowsAsync(null, "Probe", 903)).ShouldBeFalse();
        });
        (await AuditRows(AuditActions.AccessDenied, "Probe", "901")).ShouldBeEmpty();
        (await AuditRows(AuditActions.AccessDenied, "Probe", "902")).ShouldContain(l => l.ScopePath == outside && l.UserName == "yanzhong");
        (await AuditRows(AuditActions.AccessDenied, "Probe", "903")).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_look_up_inside_an_open_transaction_is_refused_before_it_can_deadlock()
    {
        var foreign = await SomeMemberOf(await OrgId(DemoOrgs.Guangming));
        await AsSignedIn("yanzhong", async (db, scope) =>
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            var refusal = await Should.ThrowAsync<InvalidOperationException>(() => scope.FindAsync(db.Members, foreign, CancellationToken.None));
            refusal.Message.ShouldContain("before opening a transaction");
        });
    }
}
