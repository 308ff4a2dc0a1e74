using System.Net;
using Dangjian.Features.Audit;
using Dangjian.Features.Members;
using Dangjian.Features.Organizations;
using Dangjian.Features.Transfers;
using Dangjian.Platform.Audit;
using Dangjian.Platform.Data;
using Dangjian.Platform.Http;
using Dangjian.Tests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dangjian.Tests.Platform;

/// <summary>The append-only audit log: what it records, what it never records, and that nothing can change it.</summary>
public class AuditLogTests(AppFactory app) : DemoApiTest(app)
{
    [Fact]
    public async Task Every_create_and_update_writes_who_when_what_before_and_after()
    {
        var mark = await LastAuditId();
        var client = await As("zhongyuan");
        var street = await OrgId(DemoOrgs.Linshanzhai);

        var org = (await Read<Created>(await PostJson(client, "/api/v1/organizations", new { parentId = street, name = "审计测试党支部", kind = "Branch" }), HttpStatusCode.Created)).Id;
        (await PutJson(client, $"/api/v1/organizations/{org}", new { name = "审计测试党支部（改）", kind = "Branch", committeeSize = 3 })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var input = People.Full(org, "审计甲");
        var member = (await Read<Created>(await PostJson(client, "/api/v1/members", input), HttpStatusCode.Created)).Id;
        (await PutJson(client, $"/api/v1/members/{member}", input with { JobPost = "网格长" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var unitBody = new { name = "审计单位", kind = "Market", areaOrganizationId = street, partyMemberCount = 0, employeeCount = 5 };
        var unit = (await Read<Created>(await PostJson(client, "/api/v1/units", unitBody), HttpStatusCode.Created)).Id;
        var letter = new { memberId = member, toOrganizationId = await OrgId(DemoOrgs.LinshanzhaiFirst), letterNumber = NewLetterNumber(), duesPaidThrough = "2026-10" };
        var transfer = (await Read<Created>(await PostJson(client, "/api/v1/transfers", letter), HttpStatusCode.Created)).Id;
        (await PostJson(client, $"/api/v1/transfers/{transfer}/receive", new { receiptNumber = "SJ-1" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var lines = (await AuditRows()).Where(a => a.Id > mark).ToList();
        AuditLine Expect(string action, string type, long id) =>
            new(lines.Where(l => l.Action == action && l.EntityType == type && l.EntityId == id.ToString()).ToList());

        Expect(AuditActions.Created, nameof(Organization), org).Single.After!.ShouldContain("审计测试党支部");
        var orgUpdate = Expect(AuditActions.Updated, nameof(Organization), org).Single;
        orgUpdate.Before!.ShouldContain("\"Name\":\"审计测试党支部\"");
        orgUpdate.After!.ShouldContain("\"Name\":\"审计测试党支部（改）\"");
        orgUpdate.After!.ShouldContain("\"CommitteeSize\":3");
        Expect(AuditActions.Created, nameof(Member), member).Single.After!.ShouldContain("审计甲");
        var memberUpdates = Expect(AuditActions.Updated, nameof(Member), member).All;
        memberUpdates.ShouldContain(l => l.Before!.Contains("\"JobPost\":null") && l.After!.Contains("\"JobPost\":\"网格长\""));
        var movedTo = $"\"OrganizationId\":{await OrgId(DemoOrgs.LinshanzhaiFirst)}";
        memberUpdates.ShouldContain(l => l.After!.Contains(movedTo), "the receipt moved the member");
        Expect(AuditActions.Created, nameof(Unit), unit).Single.After!.ShouldContain("审计单位");
        Expect(AuditActions.Created, nameof(Transfer), transfer).Single.After!.ShouldContain("\"Status\":\"Pending\"");
        var received = Expect(AuditActions.Updated, nameof(Transfer), transfer).Single;
        received.Before!.ShouldContain("\"Status\":\"Pending\"");
        received.After!.ShouldContain("\"Status\":\"Received\"");
        received.After!.ShouldContain("\"ReceiptNumber\":\"SJ-1\"");

        lines.ShouldAllBe(l => l.UserName == "zhongyuan" && l.At == App.Clock.GetUtcNow());
        lines.Where(l => l.Action == AuditActions.Updated).ShouldAllBe(l => l.Before != null && l.After != null);
        lines.Where(l => l.Action == AuditActions.Created).ShouldAllBe(l => l.Before == null && l.After != null);
    }

    [Fact]
    public async Task Adding_and_removing_a_contact_household_is_in_the_members_audit_trail()
    {
        var writer = await As("yanzhong");
        var reader = await As("baling");
        var stranger = await As("zhongyuan");
        var households = new[] { "延中小区3号楼1单元101", "延中小区3号楼1单元102", "延中小区3号楼1单元103" };
        var input = People.Full(await OrgId(DemoOrgs.First), "审计联系户") with { Households = households };
        var member = (await Read<Created>(await PostJson(writer, "/api/v1/members", input), HttpStatusCode.Created)).Id;

        (await PutJson(writer, $"/api/v1/members/{member}", input with { Households = [households[0], households[1], "延中小区3号楼2单元201"] }))
            .StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var trail = (await Read<Page<AuditLog.Row>>(await reader.GetAsync($"/api/v1/audit?entityType=Member&entityId={member}"))).Items;
        var householdLines = trail.Where(r => r.EntityType == nameof(ContactHousehold)).ToList();
        householdLines.Count(r => r.Action == AuditActions.Created).ShouldBe(4, "three on creation, one on the change");
        var removed = householdLines.Where(r => r.Action == AuditActions.Deleted).ShouldHaveSingleItem();
        removed.Before!.ShouldContain(households[2]);
        removed.After.ShouldBeNull();
        var added = householdLines.First(r => r.Action == AuditActions.Created);
        added.After!.ShouldContain("延中小区3号楼2单元201");
        added.Before.ShouldBeNull();
        foreach (var line in new[] { removed, added })
        {
            line.EntityId.ShouldBe(member.ToString());
            line.UserName.ShouldBe("yanzhong");
            line.At.ShouldBe(App.Clock.GetUtcNow());
        }
        trail.ShouldContain(r => r.EntityType == nameof(Member) && r.Action == AuditActions.Created, "the member's own lines are listed with them");

        // The lines are filed under the member's organization: those outside it do not see them.
        (await Read<Page<AuditLog.Row>>(await stranger.GetAsync($"/api/v1/audit?entityType=Member&entityId={member}"))).Items.ShouldBeEmpty();

        var page = System.Net.WebUtility.HtmlDecode(await reader.GetStringAsync($"/Audit?entityType=Member&entityId={member}"));
        page.ShouldMatch($@"党员联系户</span>\s*<span class=""text-secondary"">（党员 [^<（]+（#{member}））</span>", "a household line names the member it belongs to");
        page.ShouldContain("联系户地址");
        page.ShouldContain(households[2]);
        page.ShouldNotContain(">ContactHousehold<");
    }

    private sealed record AuditLine(List<AuditEntry> All)
    {
        public AuditEntry Single => All.ShouldHaveSingleItem();
    }

    [Fact]
    public async Task Id_and_phone_numbers_never_appear_in_clear_anywhere_in_the_audit_log()
    {
        var first = await OrgId(DemoOrgs.First);
        var input = People.Full(first, "保密甲");
        var client = await As("yanzhong");
        var member = await CreateMember(input);
        var replacement = People.Full(first, "保密乙");
        (await PutJson(client, $"/api/v1/members/{member}", input with { IdNumber = replacement.IdNumber, Phone = replacement.Phone })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await client.PostAsync($"/api/v1/members/{member}/reveal", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Read<SearchMembers.Response>(await client.GetAsync($"/api/v1/members?q={replacement.IdNumber}"))).Items.ShouldHaveSingleItem();
        var incoming = People.Full(await OrgId(DemoOrgs.Guangming), "保密丙");
        (await PostJson(await As("minjing"), "/api/v1/transfers/incoming", new { member = incoming, fromExternal = "外市", letterNumber = NewLetterNumber(), duesPaidThrough = "2026-10", receiptNumber = "BM-1" }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);

        // The whole numbers, and the part of an ID number that the masked form hides.
        var secrets = new[] { input, replacement, incoming }
            .SelectMany(p => new[] { p.IdNumber!, p.IdNumber![4..14], p.Phone! }).ToList();
        var texts = await App.WithDbAsync(db => db.AuditEntries.AsNoTracking()
            .Select(a => (a.Before ?? "") + "|" + (a.After ?? "") + "|" + (a.Note ?? "") + "|" + (a.EntityId ?? "")).ToListAsync());
        foreach (var secret in secrets)
        {
            texts.Where(t => t.Contains(secret, StringComparison.Ordinal)).ShouldBeEmpty($"{secret} is in the audit log");
        }
        texts.Where(t => t.Contains("Hash\"", StringComparison.Ordinal)).ShouldBeEmpty("keyed hashes are not logged either");
        texts.Where(t => t.Contains("Cipher\"", StringComparison.Ordinal)).ShouldBeEmpty("nor ciphertexts");

        var memberLines = await AuditRows(entityType: nameof(Member), entityId: member.ToString());
        memberLines.Single(l => l.Action == AuditActions.Updated).After!.ShouldContain("\"IdNumber\":\"(已加密)\"");
    }

    [Fact]
    public async Task No_route_changes_or_deletes_an_audit_line()
    {
        var auditRoutes = App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.TrimStart('/').StartsWith("api/", StringComparison.Ordinal)
                && e.RoutePattern.RawText.Contains("audit", StringComparison.OrdinalIgnoreCase)).ToList();
        auditRoutes.ShouldNotBeEmpty();
        auditRoutes.SelectMany(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()!.HttpMethods).Distinct().ShouldBe(["GET"]);

        var client = await As("admin");
        var id = await LastAuditId();
        var counts = await RowCounts();
        (await client.DeleteAsync($"/api/v1/audit/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await client.DeleteAsync("/api/v1/audit")).StatusCode.ShouldBe(HttpStatusCode.MethodNotAllowed);
        (await PutJson(client, "/api/v1/audit", new { id, note = "改掉" })).StatusCode.ShouldBe(HttpStatusCode.MethodNotAllowed);
        (await PostJson(client, "/api/v1/audit", new { note = "补一条" })).StatusCode.ShouldBe(HttpStatusCode.MethodNotAllowed);
        (await RowCounts()).ShouldBe(counts);
    }

    [Fact]
    public async Task The_database_context_refuses_to_change_or_delete_an_audit_line()
    {
        var id = await LastAuditId();
        var original = (await AuditRows()).Single(a => a.Id == id);

        var modify = await Should.ThrowAsync<InvalidOperationException>(() => App.WithDbAsync(async db =>
        {
            var line = await db.AuditEntries.SingleAsync(a => a.Id == id);
            line.Note = "篡改";
            return await db.SaveChangesAsync();
        }));
        modify.Message.ShouldContain("append-only");
        await Should.ThrowAsync<InvalidOperationException>(() => App.WithDbAsync(async db =>
        {
            db.AuditEntries.Remove(await db.AuditEntries.SingleAsync(a => a.Id == id));
            return await db.SaveChangesAsync();
        }));

        var after = (await AuditRows()).Single(a => a.Id == id);
        (after.Note, after.After, after.UserName).ShouldBe((original.Note, original.After, original.UserName));
    }

    [Fact]
    public async Task The_audit_api_lists_the_callers_subtree_newest_first_with_filters_and_pages()
    {
        await CreateMember(await OrgId(DemoOrgs.Second), "审计列表甲");
        var client = await As("baling");
        var balingPath = (await Org(await OrgId(DemoOrgs.Baling))).Path;

        var page = await Read<Page<AuditLog.Row>>(await client.GetAsync("/api/v1/audit?entityType=Member&action=created"));
        page.Items.ShouldNotBeEmpty();
        // A member's contact households are part of the member's record, so the member filter lists them too.
        page.Items.ShouldAllBe(r => (r.EntityType == "Member" || r.EntityType == "ContactHousehold") && r.Action == "created" && r.ActionName == "新增");
        page.Items.Select(r => r.Id).ShouldBe(page.Items.Select(r => r.Id).OrderByDescending(i => i));
        var ids = page.Items.Select(r => r.Id).ToList();
        var scopes = await App.WithDbAsync(db => db.AuditEntries.Where(a => ids.Contains(a.Id)).Select(a => a.ScopePath).ToListAsync());
        scopes.ShouldAllBe(s => OrgPath.IsWithin(s, balingPath));

        var second = await Read<Page<AuditLog.Row>>(await client.GetAsync("/api/v1/audit?entityType=Member&action=created&page=2"));
        second.Items.Select(r => r.Id).Intersect(ids).ShouldBeEmpty();
        page.Total.ShouldBe(await App.WithDbAsync(db => db.AuditEntries.LongCountAsync(a => (a.EntityType == "Member" || a.EntityType == "ContactHousehold")
            && a.Action == "created" && a.ScopePath.StartsWith(balingPath))));
        (await Problem(await client.GetAsync("/api/v1/audit?page=0")))["page"].ShouldBe(["页码应从1开始"]);
        (await Problem(await client.GetAsync("/api/v1/audit?pageSize=101")))["pageSize"].ShouldBe(["每页条数应在1到100之间"]);
        var small = await Read<Page<AuditLog.Row>>(await client.GetAsync("/api/v1/audit?entityType=Member&action=created&pageSize=5"));
        small.Items.Count.ShouldBe(5);
        small.Items.Select(r => r.Id).ShouldBe(page.Items.Take(5).Select(r => r.Id), "the same order as the default page size");
    }

    [Fact]
    public async Task A_line_is_seen_by_the_organizations_above_the_record_and_not_by_its_neighbours()
    {
        var member = await CreateMember(await OrgId(DemoOrgs.LinshanzhaiFirst), "可见性甲");
        async Task<int> Seen(string user) =>
            (await Read<Page<AuditLog.Row>>(await (await As(user)).GetAsync($"/api/v1/audit?entityType=Member&entityId={member}"))).Items.Count;

        (await Seen("zhongyuan")).ShouldBe(1);
        (await Seen("admin")).ShouldBe(1);
        (await Seen("weidu")).ShouldBe(0);
        (await Seen("baling")).ShouldBe(0);
    }

    [Fact]
    public async Task A_refused_look_at_another_subtree_is_audited_as_access_denied()
    {
        var outsider = await SomeMemberOf(await OrgId(DemoOrgs.Guangming));
        (await (await As("yanzhong")).GetAsync($"/api/v1/members/{outsider}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var line = (await AuditRows(AuditActions.AccessDenied, nameof(Member), outsider.ToString())).Last();
        line.UserName.ShouldBe("yanzhong");
        line.Note!.ShouldContain((await Org(await OrgId(DemoOrgs.First))).Path);
        (await Read<Page<AuditLog.Row>>(await (await As("admin")).GetAsync($"/api/v1/audit?action=access-denied&entityId={outsider}")))
            .Items.ShouldContain(r => r.ActionName == "越权访问" && r.UserName == "yanzhong");
    }
}
