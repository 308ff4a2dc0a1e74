using System.Reflection;
using Dangjian.Features.Members;
using Dangjian.Features.Organizations;
using Dangjian.Platform.Audit;
using Dangjian.Platform.Data;
using Dangjian.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Tests.Platform;

/// <summary>The save pipeline: which steps run, in which order, what each one does, and what may bypass it.</summary>
public class SaveStepTests(AppFactory app) : DemoApiTest(app)
{
    [Fact]
    public void The_steps_run_in_a_defined_order_completion_derived_rows_then_audit()
    {
        SaveSteps.All.Select(s => s.GetType().Name).ShouldBe(["CompletionStep", "PathGuardStep", "MemberTallyStep", "UnitTallyStep", "NameGramStep", "OrganizationSearchKeyStep", "MeetingTallyStep", "MeetingDutyStep", "WishTallyStep", "AuditStep", "AuditChainStep"]);
        SaveSteps.All.Select(s => s.Order).ShouldBeInOrder();
        SaveSteps.All[^1].Order.ShouldBe(SaveStepOrder.AuditChain);
    }

    [Fact]
    public void Platform_code_imports_nothing_from_the_features()
    {
        var platform = Path.Combine(RepositoryRoot(), "src", "Dangjian", "Platform");
        var offending = Directory.EnumerateFiles(platform, "*.cs", SearchOption.AllDirectories)
            .Where(f => File.ReadAllText(f).Contains("Dangjian.Features", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(platform, f)).ToList();
        offending.ShouldBeEmpty();
    }

    [Fact]
    public async Task Completion_gives_a_new_organization_its_real_path_before_the_audit_line_is_taken()
    {
        var parent = await Org(await OrgId(DemoOrgs.Hancheng));
        var id = await App.WithDbAsync(async db =>
        {
            var org = new Organization { Name = "补全测试党支部", Kind = OrganizationKind.Branch, ParentId = parent.Id, Path = Organization.PendingPath(parent.Path), Depth = parent.Depth + 1 };
            db.Organizations.Add(org);
            await db.SaveChangesAsync();
            return org.Id;
        });
        var path = OrgPath.Child(parent.Path, id);
        (await Org(id)).Path.ShouldBe(path);
        (await AuditRows(AuditActions.Created, nameof(Organization), id.ToString())).ShouldHaveSingleItem().After!.ShouldContain($"\"Path\":\"{path}\"");
    }

    [Fact]
    public async Task The_tally_step_counts_a_member_on_every_ancestor_and_takes_them_off_when_the_member_leaves()
    {
        var branch = await Org(await OrgId(DemoOrgs.Youyi));
        var ancestors = OrgPath.Ids(branch.Path);
        var before = await TalliesOf(ancestors);
        var id = await App.WithDbAsync(async db =>
        {
            var member = NewMember(branch, "计数步骤");
            db.Members.Add(member);
            await db.SaveChangesAsync();
            return member.Id;
        });
        (await TalliesOf(ancestors)).ShouldBe(before.Select(n => n + 1).ToList());

        await App.WithDbAsync(async db =>
        {
            var member = await db.Members.SingleAsync(m => m.Id == id);
            member.LeftAt = App.Clock.GetUtcNow();
            return await db.SaveChangesAsync();
        });
        (await TalliesOf(ancestors)).ShouldBe(before);
        await AssertDerivedRowsMatchMembers();
    }

    [Fact]
    public async Task The_name_window_step_rewrites_a_renamed_members_windows()
    {
        var branch = await Org(await OrgId(DemoOrgs.Guangming));
        var id = await App.WithDbAsync(async db =>
        {
            var member = NewMember(branch, "窗口甲乙");
            db.Members.Add(member);
            await db.SaveChangesAsync();
            member.SetName("窗口丙丁");
            await db.SaveChangesAsync();
            return member.Id;
        });
        var grams = await App.WithDbAsync(db => db.MemberNameGrams.Where(g => g.MemberId == id).Select(g => g.Gram).OrderBy(g => g).ToListAsync());
        grams.ShouldBe(["口丙", "丙丁", "窗口"], ignoreOrder: true);
        await AssertDerivedRowsMatchMembers();
    }

    [Fact]
    public async Task The_audit_step_leaves_out_unaudited_properties_and_masks_encrypted_ones_by_their_marks()
    {
        var branch = await Org(await OrgId(DemoOrgs.Guangming));
        var id = await App.WithDbAsync(async db =>
        {
            var member = NewMember(branch, "标记审计");
            member.PhoneCipher = "cipher-text";
            member.PhoneHash = "hash-text";
            db.Members.Add(member);
            await db.SaveChangesAsync();
            return member.Id;
        });
        var after = (await AuditRows(AuditActions.Created, nameof(Member), id.ToString())).ShouldHaveSingleItem().After!;
        after.ShouldContain("\"Phone\":\"(已加密)\"");
        after.ShouldContain("\"IdNumber\":\"(已加密)\"");
        after.ShouldNotContain("cipher-text");
        after.ShouldNotContain("hash-text");
        after.ShouldNotContain("\"Version\"");
    }

    [Fact]
    public void Every_audited_property_that_holds_a_cipher_or_a_keyed_hash_is_marked()
    {
        // A tripwire on names only: the marks decide what the audit line shows, and a new secret column must carry one.
        var audited = typeof(AppDb).Assembly.GetTypes().Where(t => typeof(IAudited).IsAssignableFrom(t) && t.IsClass);
        var unmarked = audited.SelectMany(t => t.GetProperties())
            .Where(p => p.Name.EndsWith("Cipher", StringComparison.Ordinal) || p.Name.EndsWith("Hash", StringComparison.Ordinal))
            .Where(p => p.GetCustomAttribute<EncryptedAttribute>() is null && p.GetCustomAttribute<NotAuditedAttribute>() is null)
            .Select(p => $"{p.DeclaringType!.Name}.{p.Name}").ToList();
        unmarked.ShouldBeEmpty();
    }

    [Fact]
    public async Task Bulk_writes_on_audited_entities_are_refused()
    {
        var audited = await App.WithDbAsync(db => Task.FromResult(db.Model.GetEntityTypes()
            .Select(e => e.ClrType).Where(t => typeof(IAudited).IsAssignableFrom(t)).ToList()));
        audited.Count.ShouldBeGreaterThan(5);
        foreach (var type in audited)
        {
            var update = (Task<int>)typeof(SaveStepTests).GetMethod(nameof(BumpNothing), BindingFlags.NonPublic | BindingFlags.Static)!
                .MakeGenericMethod(type).Invoke(null, [App])!;
            (await Should.ThrowAsync<InvalidOperationException>(update)).Message.ShouldContain("skips its audit line", customMessage: type.Name);
        }
        var counts = await RowCounts();
        var organization = await OrgId(DemoOrgs.Hancheng);
        await Should.ThrowAsync<InvalidOperationException>(() => App.WithDbAsync(db =>
            db.Organizations.Where(o => o.Id == organization).ExecuteUpdateAsync(s => s.SetProperty(o => o.Name, "绕过审计"))));
        (await Org(organization)).Name.ShouldBe(DemoOrgs.Hancheng);
        (await RowCounts()).ShouldBe(counts);
    }

    [Fact]
    public async Task Nothing_bulk_deletes_or_rewrites_audit_lines_even_when_it_says_it_bypasses_the_steps()
    {
        var count = await App.WithDbAsync(db => db.AuditEntries.LongCountAsync());
        (await Should.ThrowAsync<InvalidOperationException>(() => App.WithDbAsync(db => db.AuditEntries.BypassingSaveSteps("test").ExecuteDeleteAsync())))
            .Message.ShouldContain("append-only");
        await Should.ThrowAsync<InvalidOperationException>(() => App.WithDbAsync(db =>
            db.AuditEntries.BypassingSaveSteps("test").ExecuteUpdateAsync(s => s.SetProperty(a => a.Note, "篡改"))));
        (await App.WithDbAsync(db => db.AuditEntries.LongCountAsync())).ShouldBeGreaterThanOrEqualTo(count);
    }

    [Fact]
    public async Task A_bulk_write_that_says_it_does_the_steps_work_itself_is_allowed_on_unaudited_rows_and_marked_ones()
    {
        var id = await SomeMemberOf(await OrgId(DemoOrgs.Guangming));
        var version = (await MemberRow(id)).Version;
        var changed = await App.WithDbAsync(db => db.Members.Where(m => m.Id == id)
            .BypassingSaveSteps("test: only the version moves").ExecuteUpdateAsync(s => s.SetProperty(m => m.Version, m => m.Version + 1)));
        changed.ShouldBe(1);
        (await MemberRow(id)).Version.ShouldBe(version + 1);
    }

    private static Task<int> BumpNothing<T>(AppFactory app) where T : class =>
        app.WithDbAsync(db => db.Set<T>().Where(_ => false).ExecuteDeleteAsync());

    private Task<List<long>> TalliesOf(long[] organizations) => App.WithDbAsync(async db =>
    {
        var rows = await db.MemberTallies.AsNoTracking()
            .Where(t => organizations.Contains(t.OrganizationId) && t.Category == nameof(MemberCategory.Full) && t.Status == nameof(MembershipStatus.Normal))
            .ToListAsync();
        return organizations.Select(o => rows.Where(r => r.OrganizationId == o).Sum(r => r.Count)).ToList();
    });

    private static Member NewMember(Organization branch, string name)
    {
        var member = new Member
        {
            Name = name,
            OrganizationId = branch.Id,
            OrgPath = branch.Path,
            BirthDate = new DateOnly(1980, 1, 1),
            JoinedOn = new DateOnly(2005, 1, 1),
            FullMemberOn = new DateOnly(2006, 1, 1),
            Category = MemberCategory.Full,
            Status = MembershipStatus.Normal,
            IdNumberCipher = "cipher-" + Guid.NewGuid().ToString("N"),
            IdNumberHash = Guid.NewGuid().ToString("N"),
            IdNumberTail = "0000",
        };
        member.SetName(name);
        return member;
    }

    internal static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Dangjian.slnx")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new InvalidOperationException("Dangjian.slnx not found above " + AppContext.BaseDirectory);
    }
}
