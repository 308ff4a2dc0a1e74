using System.Net;
using Dangjian.Platform.Audit;
using Dangjian.Tests.Infrastructure;

namespace Dangjian.Tests.Platform;

/// <summary>The audit page shows names, organizations and Beijing time, not internal ids, paths and UTC stamps.</summary>
public class AuditPageTests(AppFactory app) : DemoApiTest(app)
{
    [Fact]
    public async Task A_member_line_names_the_member_and_a_denied_probe_names_the_probers_organization()
    {
        var member = await CreateMember(await OrgId(DemoOrgs.First), "审计名甲");
        (await (await As("minjing")).GetAsync($"/api/v1/members/{member}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var page = await (await As("admin")).GetStringAsync($"/Audit?entityType=Member&entityId={member}");
        page.ShouldContain($"审计名甲（#{member}）");
        page.ShouldContain($"越权访问：调用者范围 {DemoOrgs.Guangming}");
        page.ShouldNotContain("调用者范围 /");
    }

    [Fact]
    public async Task An_account_line_shows_the_user_name_never_the_internal_id_and_times_are_beijing_time()
    {
        var created = await PostJson(await As("admin"), "/api/v1/accounts", new
        {
            userName = "shenjimingyi", displayName = "审计账号", role = "BranchSecretary", organizationId = await OrgId(DemoOrgs.First), initialPassword = "chushimima2026",
        });
        var id = (await Read<Dangjian.Features.Accounts.AccountEndpoints.CreatedAccount>(created, HttpStatusCode.Created)).Id;
        var page = await (await As("admin")).GetStringAsync($"/Audit?entityType=AppUser&entityId={id}");
        page.ShouldContain("shenjimingyi（审计账号）");
        page.ShouldNotContain($"#{id}");
        var at = (await AuditRows(AuditActions.Created, "AppUser", id)).Single().At;
        page.ShouldContain(at.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task An_organization_id_or_path_in_a_change_is_shown_as_the_organizations_name()
    {
        var member = await CreateMember(await OrgId(DemoOrgs.First), "审计名乙");
        var page = await (await As("admin")).GetStringAsync($"/Audit?entityType=Member&entityId={member}&action={AuditActions.Created}");
        page.ShouldContain($"<td>{DemoOrgs.First}</td>");
        page.ShouldNotMatch("<td>/\\d+/");
    }

    [Fact]
    public async Task Reopening_a_member_one_transferred_out_says_where_they_went_and_is_not_logged_as_a_probe()
    {
        var member = await CreateMember(await OrgId(DemoOrgs.First), "转走甲");
        var letter = await IssueTransfer(member, await OrgId(DemoOrgs.Guangming));
        (await PostJson(await As("minjing"), $"/api/v1/transfers/{letter}/receive", new { receiptNumber = NewLetterNumber("HZ") })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var mark = await LastAuditId();

        var page = await (await As("yanzhong")).GetStringAsync($"/Members/Details?id={member}");

        page.ShouldContain("转走甲 已转出");
        page.ShouldContain($"组织关系已转至 {DemoOrgs.Guangming}");
        (await AuditRows(AuditActions.AccessDenied, "Member", member.ToString())).ShouldNotContain(a => a.Id > mark);

        // Someone who never had the member still gets "not found", and the probe is logged.
        var stranger = await (await As("zhongyuan")).GetAsync($"/Members/Details?id={member}");
        stranger.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await stranger.Content.ReadAsStringAsync()).ShouldContain("data-testid=\"not-found\"");
        (await AuditRows(AuditActions.AccessDenied, "Member", member.ToString())).ShouldContain(a => a.Id > mark && a.UserName == "zhongyuan");
    }
}
