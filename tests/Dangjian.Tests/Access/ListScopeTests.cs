using System.IO.Compression;
using System.Net;
using Dangjian.Features.Accounts;
using Dangjian.Features.Audit;
using Dangjian.Features.Members;
using Dangjian.Features.Organizations;
using Dangjian.Features.Transfers;
using Dangjian.Platform.Data;
using Dangjian.Platform.Http;
using Dangjian.Platform.Security;
using Dangjian.Tests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dangjian.Tests.Access;

/// <summary>
/// Every list an account can read holds exactly the objects of its own subtree: each item is checked against the
/// database, and the list is compared with a raw count of the subtree.
/// </summary>
public class ListScopeTests(AppFactory app) : DemoApiTest(app)
{
    public const string ExportRoute = "/api/v1/members/export.xlsx";

    public static TheoryData<string> Users => new(AccessMatrixTests.Accounts.Select(a => a.UserName));

    private async Task<(MatrixAccount Account, string Path)> Caller(string user)
    {
        var account = AccessMatrixTests.Accounts.Single(a => a.UserName == user);
        return (account, (await Org(await OrgId(account.ScopeOrganization))).Path);
    }

    /// <summary>Objects in several subtrees, so that a list leaking across a boundary would show it.</summary>
    private async Task SpreadObjectsAcrossSubtrees()
    {
        if (await App.WithDbAsync(db => db.Transfers.AnyAsync(t => t.LetterNumber.StartsWith("SPREAD"))))
        {
            return;
        }
        var guangming = await OrgId(DemoOrgs.Guangming);
        var youyi = await OrgId(DemoOrgs.Youyi);
        var first = await OrgId(DemoOrgs.First);
        var linshanzhai = await OrgId(DemoOrgs.LinshanzhaiFirst);
        await IssueTransfer(await CreateMember(guangming, "光明散布甲"), youyi, "SPREAD-1");
        await IssueTransfer(await CreateMember(first, "延中散布甲"), guangming, "SPREAD-2");
        await IssueTransfer(await CreateMember(linshanzhai, "林山散布甲"), null, "SPREAD-3");
        await IssueTransfer(await CreateMember(await OrgId(DemoOrgs.Second), "延中散布乙"), await OrgId(DemoOrgs.Retired), "SPREAD-4");
        await CreateUnit(guangming, "光明散布单位");
        await CreateUnit(linshanzhai, "林山散布单位");
        foreach (var (org, role) in new[] { (DemoOrgs.Guangming, "BranchSecretary"), (DemoOrgs.Second, "BranchSecretary"), (DemoOrgs.Linshanzhai, "CommitteeSecretary") })
        {
            (await PostJson(await As("admin"), "/api/v1/accounts", new
            {
                userName = "spread" + Guid.NewGuid().ToString("N")[..8], displayName = "散布账号", role, organizationId = await OrgId(org), initialPassword = "chushimima2026",
            })).StatusCode.ShouldBe(HttpStatusCode.Created);
        }
    }

    [Theory]
    [MemberData(nameof(Users))]
    public async Task The_member_list_holds_exactly_the_members_of_the_callers_subtree(string user)
    {
        await SpreadObjectsAcrossSubtrees();
        var (account, path) = await Caller(user);
        var client = await As(user);
        if (!PermissionCatalog.Has(account.Role, Permission.ViewMembers))
        {
            (await client.GetAsync("/api/v1/members")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
            return;
        }
        var listed = new List<long>();
        for (var page = 1; ; page++)
        {
            var result = await Read<SearchMembers.Response>(await client.GetAsync($"/api/v1/members?pageSize=100&page={page}"));
            listed.AddRange(result.Items.Select(i => i.Id));
            if (result.Items.Count < 100)
            {
                break;
            }
        }
        var paths = await App.WithDbAsync(db => db.Members.AsNoTracking().Where(m => m.LeftAt == null).ToDictionaryAsync(m => m.Id, m => m.OrgPath));
        listed.Where(id => !OrgPath.IsWithin(paths[id], path)).ShouldBeEmpty("members from outside the subtree");
        listed.ShouldBe(paths.Where(p => OrgPath.IsWithin(p.Value, path)).Select(p => p.Key), ignoreOrder: true);
    }

    [Theory]
    [MemberData(nameof(Users))]
    public async Task The_organization_tree_holds_exactly_the_callers_subtree(string user)
    {
        var (account, path) = await Caller(user);
        var client = await As(user);
        if (!PermissionCatalog.Has(account.Role, Permission.ViewOrganizations))
        {
            (await client.GetAsync("/api/v1/organizations")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
            return;
        }
        var seen = new List<ListOrganizations.Node>();
        var level = await Read<List<ListOrganizations.Node>>(await client.GetAsync("/api/v1/organizations"));
        while (level.Count > 0)
        {
            seen.AddRange(level);
            var next = new List<ListOrganizations.Node>();
            foreach (var node in level.Where(n => n.HasChildren))
            {
                next.AddRange(await Read<List<ListOrganizations.Node>>(await client.GetAsync($"/api/v1/organizations?parentId={node.Id}")));
            }
            level = next;
        }
        var orgs = await App.WithDbAsync(db => db.Organizations.AsNoTracking().Where(o => o.DissolvedAt == null).ToDictionaryAsync(o => o.Id, o => o.Path));
        seen.Where(n => !OrgPath.IsWithin(orgs[n.Id], path)).ShouldBeEmpty("organizations from outside the subtree");
        seen.Select(n => n.Id).ShouldBe(orgs.Where(o => OrgPath.IsWithin(o.Value, path)).Select(o => o.Key), ignoreOrder: true);
    }

    [Theory]
    [MemberData(nameof(Users))]
    public async Task The_transfer_list_holds_exactly_the_letters_from_or_to_the_callers_subtree(string user)
    {
        await SpreadObjectsAcrossSubtrees();
        var (account, path) = await Caller(user);
        var client = await As(user);
        if (!PermissionCatalog.Has(account.Role, Permission.ManageTransfers))
        {
            (await client.GetAsync("/api/v1/transfers")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
            return;
        }
        var listed = await AllLetters(client);
        var letters = await App.WithDbAsync(db => db.Transfers.AsNoTracking().ToListAsync());
        bool Ours(Transfer t) => (t.FromPath is { } f && OrgPath.IsWithin(f, path)) || (t.ToPath is { } to && OrgPath.IsWithin(to, path));
        listed.Where(r => !Ours(letters.Single(t => t.Id == r.Id))).ShouldBeEmpty("letters from outside the subtree");
        listed.Select(r => r.Id).ShouldBe(letters.Where(Ours).Select(t => t.Id), ignoreOrder: true);
        foreach (var direction in new[] { "in", "out" })
        {
            var one = await AllLetters(client, $"direction={direction}");
            one.ShouldAllBe(r => direction == "in" ? r.Incoming : r.Outgoing);
        }
    }

    [Theory]
    [MemberData(nameof(Users))]
    public async Task The_audit_log_holds_only_lines_of_the_callers_subtree(string user)
    {
        await SpreadObjectsAcrossSubtrees();
        var (account, path) = await Caller(user);
        var client = await As(user);
        if (!PermissionCatalog.Has(account.Role, Permission.ViewAudit))
        {
            (await client.GetAsync("/api/v1/audit")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
            return;
        }
        var scopes = await App.WithDbAsync(db => db.AuditEntries.AsNoTracking().ToDictionaryAsync(a => a.Id, a => a.ScopePath));
        var expected = scopes.Count(s => OrgPath.IsWithin(s.Value, path));
        for (var page = 1; page <= 4; page++)
        {
            var result = await Read<Page<AuditLog.Row>>(await client.GetAsync($"/api/v1/audit?page={page}"));
            result.Total.ShouldBe(Math.Min(expected, 10_001));
            result.Items.Where(r => !OrgPath.IsWithin(scopes[r.Id], path)).ShouldBeEmpty("audit lines from outside the subtree");
        }
    }

    [Theory]
    [MemberData(nameof(Users))]
    public async Task The_unit_list_and_coverage_hold_exactly_the_units_in_the_callers_area(string user)
    {
        await SpreadObjectsAcrossSubtrees();
        var (account, path) = await Caller(user);
        var client = await As(user);
        if (!PermissionCatalog.Has(account.Role, Permission.ViewOrganizations))
        {
            (await client.GetAsync("/api/v1/units")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
            return;
        }
        var listed = (await Read<Page<ListUnits.View>>(await client.GetAsync("/api/v1/units?pageSize=100"))).Items;
        var units = await App.WithDbAsync(db => db.Units.AsNoTracking().ToDictionaryAsync(u => u.Id, u => u.AreaPath));
        listed.Where(u => !OrgPath.IsWithin(units[u.Id], path)).ShouldBeEmpty("units from outside the area");
        listed.Select(u => u.Id).ShouldBe(units.Where(u => OrgPath.IsWithin(u.Value, path)).Select(u => u.Key), ignoreOrder: true);
        (await Read<UnitCoverage.Report>(await client.GetAsync("/api/v1/units/coverage"))).Units.ShouldBe(listed.Count);
    }

    [Theory]
    [MemberData(nameof(Users))]
    public async Task The_account_list_holds_exactly_the_accounts_of_the_callers_subtree(string user)
    {
        await SpreadObjectsAcrossSubtrees();
        var (account, path) = await Caller(user);
        var client = await As(user);
        if (!PermissionCatalog.Has(account.Role, Permission.ManageAccounts))
        {
            (await client.GetAsync("/api/v1/accounts")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
            return;
        }
        var listed = (await Read<Page<ListAccounts.Row>>(await client.GetAsync("/api/v1/accounts?pageSize=100"))).Items;
        var accounts = await App.WithDbAsync(db => (
            from u in db.Users
            join o in db.Organizations on u.OrganizationId equals o.Id
            select new { u.Id, o.Path }).ToDictionaryAsync(a => a.Id, a => a.Path));
        listed.Where(a => !OrgPath.IsWithin(accounts[a.Id], path)).ShouldBeEmpty("accounts from outside the subtree");
        listed.Select(a => a.Id).ShouldBe(accounts.Where(a => OrgPath.IsWithin(a.Value, path)).Select(a => a.Key), ignoreOrder: true);
    }

    [Fact]
    public async Task The_member_export_never_contains_anyone_outside_the_callers_subtree()
    {
        await CreateMember(await OrgId(DemoOrgs.Second), "导出本区标记");
        await CreateMember(await OrgId(DemoOrgs.Guangming), "导出外区标记");

        var balingText = await ExportedText("baling");
        balingText.ShouldContain("导出本区标记");
        balingText.ShouldNotContain("导出外区标记");
        balingText.ShouldNotContain(DemoOrgs.Guangming);
        var adminText = await ExportedText("admin");
        adminText.ShouldContain("导出本区标记");
        adminText.ShouldContain("导出外区标记");
        (await (await As("wangge")).GetAsync(ExportRoute)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    /// <summary>All the text of an .xlsx workbook (shared strings and inline strings of every sheet).</summary>
    private async Task<string> ExportedText(string user)
    {
        var response = await (await As(user)).GetAsync(ExportRoute);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var zip = new ZipArchive(await response.Content.ReadAsStreamAsync(), ZipArchiveMode.Read);
        var text = new System.Text.StringBuilder();
        foreach (var entry in zip.Entries.Where(e => e.FullName.StartsWith("xl/", StringComparison.Ordinal) && e.FullName.EndsWith(".xml", StringComparison.Ordinal)))
        {
            using var reader = new StreamReader(entry.Open());
            text.Append(await reader.ReadToEndAsync());
        }
        return text.ToString();
    }
}
