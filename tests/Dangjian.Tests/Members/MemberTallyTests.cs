using Dangjian.Features.Members;
using Dangjian.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Tests.Members;

/// <summary>
/// The tallies' arithmetic on its own: which changes of a member move which counts, on every ancestor. The HTTP tests
/// check afterwards that the tallies match a count of the members (<see cref="DemoApiTest.AssertDerivedRowsMatchMembers"/>).
/// </summary>
public class MemberTallyTests(AppFactory app) : DemoApiTest(app)
{
    // The demo's members created here are serving, with no other flag: flags 0.
    private static TallyWriter.Key K(long id, string category, string status = "Normal", int flags = 0) => new(id, category, status, flags);

    private Task<Dictionary<TallyWriter.Key, long>> DeltasOf(Action<Features.Members.Member> change, long memberId) =>
        App.WithDbAsync(async db =>
        {
            var member = await db.Members.SingleAsync(m => m.Id == memberId);
            change(member);
            return TallyWriter.Collect(db.ChangeTracker);
        });

    private async Task<(long Id, long[] Ancestors)> SomeMember()
    {
        var id = await CreateMember(await OrgId(DemoOrgs.First), "计数甲");
        var path = (await MemberRow(id)).OrgPath;
        return (id, Dangjian.Platform.Data.OrgPath.Ids(path));
    }

    [Fact]
    public void A_path_adds_its_amount_to_every_ancestor()
    {
        var deltas = new Dictionary<TallyWriter.Key, long>();
        TallyWriter.AddPath(deltas, "/1/5/23/", "Full", "Normal", 0, +1);
        TallyWriter.AddPath(deltas, "/1/5/", "Full", "Normal", 0, +2);
        TallyWriter.AddPath(deltas, "/1/5/23/", "Probationary", "Normal", 0, -1);
        deltas.ShouldBe(new Dictionary<TallyWriter.Key, long>
        {
            [K(1, "Full")] = 3, [K(5, "Full")] = 3, [K(23, "Full")] = 1,
            [K(1, "Probationary")] = -1, [K(5, "Probationary")] = -1, [K(23, "Probationary")] = -1,
        }, ignoreOrder: true);
    }

    [Fact]
    public async Task A_new_member_counts_on_every_ancestor_and_one_who_has_already_left_counts_nowhere()
    {
        var organization = await Org(await OrgId(DemoOrgs.First));
        var ids = Dangjian.Platform.Data.OrgPath.Ids(organization.Path);
        var deltas = await App.WithDbAsync(db =>
        {
            db.Members.Add(new Features.Members.Member { Name = "新甲", OrganizationId = organization.Id, OrgPath = organization.Path, Category = MemberCategory.Probationary });
            db.Members.Add(new Features.Members.Member { Name = "已走", OrganizationId = organization.Id, OrgPath = organization.Path, LeftAt = DateTimeOffset.UnixEpoch });
            return Task.FromResult(TallyWriter.Collect(db.ChangeTracker));
        });
        deltas.ShouldBe(ids.ToDictionary(id => K(id, "Probationary"), _ => 1L), ignoreOrder: true);
    }

    [Fact]
    public async Task A_change_of_category_or_status_moves_one_count_between_the_two_rows_on_every_ancestor()
    {
        var (id, ancestors) = await SomeMember();
        var promoted = await DeltasOf(m => m.Category = MemberCategory.Probationary, id);
        promoted.ShouldBe(ancestors.SelectMany(a => new[] { (K(a, "Probationary"), 1L), (K(a, "Full"), -1L) }).ToDictionary(p => p.Item1, p => p.Item2), ignoreOrder: true);

        var reserved = await DeltasOf(m => m.Status = MembershipStatus.Reserved, id);
        reserved.ShouldBe(ancestors.SelectMany(a => new[] { (K(a, "Full", "Reserved"), 1L), (K(a, "Full"), -1L) }).ToDictionary(p => p.Item1, p => p.Item2), ignoreOrder: true);
    }

    [Fact]
    public async Task A_move_takes_the_count_from_the_old_ancestors_to_the_new_and_leaves_the_shared_ones_unchanged()
    {
        var (id, oldAncestors) = await SomeMember();
        var target = await Org(await OrgId(DemoOrgs.Guangming));
        var newAncestors = Dangjian.Platform.Data.OrgPath.Ids(target.Path);
        var deltas = await DeltasOf(m => m.MoveTo(target.Id, target.Path, null), id);
        var expected = oldAncestors.Except(newAncestors).Select(a => (K(a, "Full"), -1L))
            .Concat(newAncestors.Except(oldAncestors).Select(a => (K(a, "Full"), 1L))).ToDictionary(p => p.Item1, p => p.Item2);
        deltas.ShouldBe(expected, ignoreOrder: true);
        oldAncestors.Intersect(newAncestors).ShouldNotBeEmpty("the root is shared, and its count does not move");
    }

    [Fact]
    public async Task A_change_of_a_flag_moves_one_count_between_the_rows_of_the_two_flag_sets_on_every_ancestor()
    {
        var (id, ancestors) = await SomeMember();
        var mobile = await DeltasOf(m => m.IsMobile = true, id);
        mobile.ShouldBe(ancestors.SelectMany(a => new[] { (K(a, "Full", flags: TallyFlags.Mobile), 1L), (K(a, "Full"), -1L) })
            .ToDictionary(p => p.Item1, p => p.Item2), ignoreOrder: true);
        var retiredAndLost = await DeltasOf(m => { m.WorkStatus = WorkStatus.Retired; m.LostContact = true; }, id);
        var flags = TallyFlags.Of(mobile: false, lostContact: true, assisting: false, WorkStatus.Retired);
        retiredAndLost.ShouldBe(ancestors.SelectMany(a => new[] { (K(a, "Full", flags: flags), 1L), (K(a, "Full"), -1L) })
            .ToDictionary(p => p.Item1, p => p.Item2), ignoreOrder: true);
    }

    [Fact]
    public void Each_flag_tests_its_own_bits_and_contradicting_flags_match_nobody()
    {
        var everyone = from mobile in new[] { false, true }
                       from lost in new[] { false, true }
                       from assisting in new[] { false, true }
                       from work in Enum.GetValues<WorkStatus>()
                       select (mobile, lost, assisting, work, Flags: TallyFlags.Of(mobile, lost, assisting, work));
        var people = everyone.ToList();
        people.Select(p => p.Flags).Distinct().Count().ShouldBe(24);
        bool Passes((int Mask, int Value) test, int flags) => (flags & test.Mask) == test.Value;
        people.Count(p => Passes(TallyFlags.Test("mobile"), p.Flags)).ShouldBe(people.Count(p => p.mobile));
        people.Count(p => Passes(TallyFlags.Test("lost"), p.Flags)).ShouldBe(people.Count(p => p.lost));
        people.Count(p => Passes(TallyFlags.Test("assisting"), p.Flags)).ShouldBe(people.Count(p => p.assisting));
        people.Count(p => Passes(TallyFlags.Test("serving"), p.Flags)).ShouldBe(people.Count(p => p.work == WorkStatus.Serving));
        people.Count(p => Passes(TallyFlags.Test("retired"), p.Flags)).ShouldBe(people.Count(p => p.work == WorkStatus.Retired));
        var retiredMobile = TallyFlags.Test(["retired", "mobile"]).ShouldNotBeNull();
        people.Count(p => Passes(retiredMobile, p.Flags)).ShouldBe(people.Count(p => p.work == WorkStatus.Retired && p.mobile));
        TallyFlags.Test(["serving", "retired"]).ShouldBeNull();
        TallyFlags.Test([]).ShouldBe((0, 0));
    }

    [Fact]
    public async Task The_backfill_counts_every_member_again_when_the_tallies_are_empty_and_does_nothing_otherwise()
    {
        (await App.WithDbAsync(db => new MemberTallyBackfill().RunAsync(db, CancellationToken.None))).ShouldBe(0);
        var filled = await App.WithDbAsync(async db =>
        {
            await db.MemberTallies.ExecuteDeleteAsync();
            return await new MemberTallyBackfill().RunAsync(db, CancellationToken.None);
        });
        filled.ShouldBeGreaterThan(0);
        await AssertDerivedRowsMatchMembers();
    }

    [Fact]
    public async Task Leaving_the_system_or_being_deleted_takes_the_count_away_and_an_edit_of_a_name_moves_nothing()
    {
        var (id, ancestors) = await SomeMember();
        var minusOne = ancestors.ToDictionary(a => K(a, "Full"), _ => -1L);
        (await DeltasOf(m => m.Leave(DateTimeOffset.UnixEpoch), id)).ShouldBe(minusOne, ignoreOrder: true);
        (await App.WithDbAsync(async db =>
        {
            db.Members.Remove(await db.Members.SingleAsync(m => m.Id == id));
            return TallyWriter.Collect(db.ChangeTracker);
        })).ShouldBe(minusOne, ignoreOrder: true);
        (await DeltasOf(m => m.SetName("计数乙"), id)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_member_who_has_left_moves_no_count_when_edited()
    {
        var (id, _) = await SomeMember();
        await App.WithDbAsync(async db =>
        {
            (await db.Members.SingleAsync(m => m.Id == id)).Leave(DateTimeOffset.UnixEpoch);
            return await db.SaveChangesAsync();
        });
        (await DeltasOf(m => m.Category = MemberCategory.Probationary, id)).ShouldBeEmpty();
    }

    [Fact]
    public async Task The_upsert_adds_to_existing_rows_creates_missing_ones_and_writes_any_number_of_rows()
    {
        // 450 keys: three statements of at most 200 rows.
        var organization = await Org(await OrgId(DemoOrgs.First));
        var deltas = new Dictionary<TallyWriter.Key, long> { [K(organization.Id, "Full")] = 5 };
        for (var i = 0; i < 449; i++)
        {
            deltas[K(organization.Id, "Test", "S" + i.ToString("000", System.Globalization.CultureInfo.InvariantCulture))] = i + 1;
        }
        var before = await App.WithDbAsync(db => db.MemberTallies.SingleAsync(t => t.OrganizationId == organization.Id && t.Category == "Full" && t.Status == "Normal" && t.Flags == 0));
        var after = await App.WithDbAsync(async db =>
        {
            await TallyWriter.ApplyAsync(db, deltas, CancellationToken.None);
            await TallyWriter.ApplyAsync(db, [], CancellationToken.None);
            return await db.MemberTallies.AsNoTracking().Where(t => t.OrganizationId == organization.Id).ToListAsync();
        });
        after.Single(t => t.Category == "Full" && t.Status == "Normal" && t.Flags == 0).Count.ShouldBe(before.Count + 5);
        var test = after.Where(t => t.Category == "Test").ToList();
        test.Count.ShouldBe(449);
        foreach (var row in test)
        {
            row.Count.ShouldBe(int.Parse(row.Status.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture) + 1);
        }
        await App.WithDbAsync(db => db.MemberTallies.Where(t => t.Category == "Test").ExecuteDeleteAsync());
    }
}
