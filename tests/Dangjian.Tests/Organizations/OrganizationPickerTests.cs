using System.Net;
using Dangjian.Features.Organizations;
using Dangjian.Features.Shared;
using Dangjian.Platform.Audit;
using Dangjian.Platform.Data;
using Dangjian.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Tests.Organizations;

public class OrganizationPickerTests(AppFactory app) : DemoApiTest(app)
{
    private static async Task<SearchOrganizations.Response> Search(HttpClient client, string query) =>
        await Read<SearchOrganizations.Response>(await client.GetAsync("/api/v1/organizations/search?" + query));

    [Theory]
    [InlineData("gmsq")]
    [InlineData("GMSQ")]
    [InlineData("光明")]
    [InlineData("光明社区党")]
    public async Task A_piece_of_the_name_or_its_initials_from_anywhere_in_it_finds_the_organization(string query)
    {
        var found = await Search(await As("admin"), "q=" + Uri.EscapeDataString(query));
        found.Items.Select(f => f.Name).ShouldContain(DemoOrgs.Guangming);
        found.Items.Single(f => f.Name == DemoOrgs.Guangming).Place.ShouldContain(DemoOrgs.Minjing);
    }

    [Fact]
    public async Task A_search_stays_in_the_callers_subtree_and_leaves_out_party_groups_unless_asked()
    {
        var baling = await As("baling");
        (await Search(baling, "q=gmsq")).Items.ShouldBeEmpty();
        var yanzhong = await Search(baling, "q=yz");
        yanzhong.Items.ShouldNotBeEmpty();
        yanzhong.Items.ShouldAllBe(f => f.Kind != OrganizationKind.PartyGroup);
        (await Search(baling, "q=" + Uri.EscapeDataString("1号楼"))).Items.ShouldBeEmpty();
        (await Search(baling, "q=" + Uri.EscapeDataString("1号楼") + "&includePartyGroups=true")).Items.Select(f => f.Name).ShouldContain(DemoOrgs.CorridorOne);
        (await Search(baling, "q=" + new string('社', 51))).Items.ShouldBeEmpty();
    }

    [Fact]
    public async Task The_index_of_keys_finds_what_reading_the_whole_subtree_finds()
    {
        var admin = await OrgId(DemoOrgs.Root);
        await App.WithDbAsync(async db =>
        {
            var root = (await db.Organizations.SingleAsync(o => o.Id == admin)).Path;
            foreach (var query in new[] { "光明", "gmsq", "延中", "yz", "第一党支部", "dydzb", "sq", "街道工作委员会", "中共许昌市魏都区委员会" })
            {
                var whole = await SearchOrganizations.FindAsync(root, query, new SearchOrganizations.Filter(), db, CancellationToken.None);
                var keyed = await SearchOrganizations.FindAsync(root, query, new SearchOrganizations.Filter(), db, CancellationToken.None, smallSubtree: 0);
                whole.Items.ShouldNotBeEmpty(query);
                keyed.Items.Select(f => f.Id).ShouldBe(whole.Items.Select(f => f.Id), query);
                keyed.More.ShouldBe(whole.More, query);
            }
            return true;
        });
    }

    [Fact]
    public async Task Walking_the_tree_starts_at_the_callers_organization_and_refuses_one_outside()
    {
        var client = await As("baling");
        var top = await Search(client, "");
        top.Items[0].Name.ShouldBe(DemoOrgs.Baling);
        top.Items.Select(f => f.Name).ShouldContain(DemoOrgs.Yanzhong);
        top.Items.Single(f => f.Name == DemoOrgs.Yanzhong).HasChildren.ShouldBeTrue();

        var yanzhong = await OrgId(DemoOrgs.Yanzhong);
        var level = await Search(client, $"parentId={yanzhong}");
        level.Items[0].Id.ShouldBe(yanzhong);
        level.Items.Select(f => f.Name).ShouldContain(DemoOrgs.First);
        level.Items.Single(f => f.Name == DemoOrgs.First).Place.ShouldBe(DemoOrgs.Yanzhong);

        var guangming = await OrgId(DemoOrgs.Guangming);
        (await client.GetAsync($"/api/v1/organizations/search?parentId={guangming}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await AuditRows(AuditActions.AccessDenied, nameof(Organization), guangming.ToString())).ShouldContain(a => a.UserName == "baling");
    }

    [Fact]
    public async Task Keys_follow_the_organization_through_create_rename_and_dissolve()
    {
        var admin = await As("admin");
        var id = await CreateOrganization(await OrgId(DemoOrgs.Yanzhong), "延中社区翠竹党支部");
        (await Search(admin, "q=czdzb")).Items.Select(f => f.Id).ShouldContain(id);

        var org = await Org(id);
        (await PutJson(admin, $"/api/v1/organizations/{id}", new { name = "延中社区青松党支部", kind = "Branch", version = org.Version }))
            .StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await Search(admin, "q=czdzb")).Items.Select(f => f.Id).ShouldNotContain(id);
        (await Search(admin, "q=" + Uri.EscapeDataString("青松"))).Items.Select(f => f.Id).ShouldContain(id);
        var keys = await App.WithDbAsync(db => db.OrganizationSearchKeys.Where(k => k.OrganizationId == id).OrderBy(k => k.Position).ToListAsync());
        keys.Count.ShouldBe("延中社区青松党支部".Length);
        keys[4].Name.ShouldBe("青松党支部");
        keys[4].Initials.ShouldBe("qsdzb");
        keys.ShouldAllBe(k => k.Path == org.Path);

        (await PostJson(admin, $"/api/v1/organizations/{id}/dissolve", new { })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await App.WithDbAsync(db => db.OrganizationSearchKeys.CountAsync(k => k.OrganizationId == id))).ShouldBe(0);
        (await Search(admin, "q=" + Uri.EscapeDataString("青松"))).Items.ShouldBeEmpty();
    }

    [Fact]
    public async Task The_backfill_gives_keys_to_organizations_that_have_none_and_then_has_nothing_to_do()
    {
        var id = await CreateOrganization(await OrgId(DemoOrgs.Yanzhong), "延中社区回填党支部");
        await App.WithDbAsync(async db =>
        {
            var before = await db.OrganizationSearchKeys.Where(k => k.OrganizationId == id).OrderBy(k => k.Position)
                .Select(k => new { k.Position, k.Name, k.Initials, k.Path }).ToListAsync();
            await db.OrganizationSearchKeys.Where(k => k.OrganizationId == id).ExecuteDeleteAsync();
            (await new OrganizationSearchKeyBackfill().RunAsync(db, CancellationToken.None)).ShouldBe(1);
            var after = await db.OrganizationSearchKeys.Where(k => k.OrganizationId == id).OrderBy(k => k.Position)
                .Select(k => new { k.Position, k.Name, k.Initials, k.Path }).ToListAsync();
            after.ShouldBe(before);
            (await new OrganizationSearchKeyBackfill().RunAsync(db, CancellationToken.None)).ShouldBe(0);
            return true;
        });
    }

    [Fact]
    public async Task The_transfer_directory_finds_by_initials_too()
    {
        var found = await Read<List<ListOrganizations.DirectoryEntry>>(await (await As("yanzhong")).GetAsync("/api/v1/organizations/directory?q=gmsq"));
        found.Select(f => f.Name).ShouldContain(DemoOrgs.Guangming);
    }

    [Fact]
    public async Task The_picker_fragment_offers_radio_buttons_under_the_fields_name_and_keeps_the_checked_one()
    {
        var client = await As("admin");
        var guangming = await OrgId(DemoOrgs.Guangming);
        var first = await OrgId(DemoOrgs.First);
        var html = await client.GetStringAsync($"/Organizations/Pick?field=Input.OrganizationId&orgq=gmsq&Input.OrganizationId={first}");
        html.ShouldContain($"name=\"Input.OrganizationId\" id=\"pick-input-organizationid-{guangming}\" value=\"{guangming}\"");
        html.ShouldContain($"value=\"{first}\" checked");
        html.ShouldContain("已选");

        (await client.GetAsync("/Organizations/Pick?field=" + Uri.EscapeDataString("x\"><script>"))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await client.GetAsync("/Organizations/Pick?field=a&kinds=Nope")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var baling = await As("baling");
        (await baling.GetAsync($"/Organizations/Pick?field=a&parentId={guangming}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await baling.GetAsync($"/Organizations/Pick?field=a&exclude={guangming}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        // Walking: one level down offers the way back up, the caller's own level does not.
        var balingId = await OrgId(DemoOrgs.Baling);
        var down = await baling.GetStringAsync($"/Organizations/Pick?field=a&parentId={await OrgId(DemoOrgs.Yanzhong)}");
        down.ShouldContain("返回上一级");
        down.ShouldContain($"parentId={balingId}");
        (await baling.GetStringAsync($"/Organizations/Pick?field=a&parentId={balingId}")).ShouldNotContain("返回上一级");
        (await baling.GetStringAsync("/Organizations/Pick?field=a")).ShouldNotContain("返回上一级");
        (await baling.GetAsync("/Organizations/Pick?field=a&directory=true&parentId=999999999")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_callers_own_organization_is_chosen_beforehand_only_when_it_is_the_only_one_they_could_choose()
    {
        var admin = await As("admin");
        var branch = await CreateOrganization(await OrgId(DemoOrgs.Yanzhong), "延中社区单支部党支部");
        await CreateOrganization(branch, "延中社区单支部第一党小组", OrganizationKind.PartyGroup);
        var userName = "zb" + Guid.NewGuid().ToString("N")[..8];
        (await PostJson(admin, "/api/v1/accounts", new { userName, displayName = "单支部书记", role = "BranchSecretary", organizationId = branch, initialPassword = "Dangjian-2026-x" }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);

        async Task<long?> Preselected(string user, bool partyGroups = false)
        {
            long? chosen = null;
            await AsSignedIn(user, async (db, scope) =>
            {
                var picker = new OrganizationPicker { Field = "Input.OrganizationId", Label = "所在党组织", PartyGroups = partyGroups };
                await picker.LoadAsync(null, db, scope, CancellationToken.None, preselectOwn: true);
                chosen = picker.Selected?.Id;
            });
            return chosen;
        }

        (await Preselected(userName)).ShouldBe(branch);
        (await Preselected(userName, partyGroups: true)).ShouldBeNull("its Party group is a second choice");
        (await Preselected("yanzhong")).ShouldBe(await OrgId(DemoOrgs.First), "the demo's branch secretary");
        (await Preselected("baling")).ShouldBeNull("a street has many organizations to choose from");
    }
}
