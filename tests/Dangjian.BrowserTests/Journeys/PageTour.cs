using System.Text.RegularExpressions;
using Dangjian.BrowserTests.Infrastructure;
using Dangjian.Features.Members;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Dangjian.BrowserTests.Journeys;

/// <summary>Every screen once, at desktop and phone width: it loads, has its heading, and leaves a screenshot to look at.</summary>
public sealed class PageTour(BrowserApp app) : BrowserTest(app)
{
    [Fact]
    public async Task Every_page_of_an_organization_department_opens()
    {
        var (orgId, member) = await App.WithDbAsync(async (db, _) =>
        {
            var org = await db.Organizations.Where(o => o.Name == "中共延中社区委员会").Select(o => o.Id).FirstAsync();
            var member = await db.Members.Where(m => m.IdentityPost != null && m.OrganizationId != org).OrderBy(m => m.Id).FirstAsync();
            return (org, member);
        });
        var memberId = member.Id;
        var page = await NewPageAsync();
        await SignInAsync(page, "weidu");

        await page.GotoAsync("/Organizations");
        var toggle = page.Locator("[data-tree-toggle]").First;
        await toggle.ClickAsync();
        await Assertions.Expect(toggle).ToHaveAttributeAsync("aria-expanded", "true");
        // The button's name says what the next press does.
        await Assertions.Expect(toggle).ToHaveAttributeAsync("aria-label", new Regex("^收起 "));
        await page.Locator("[data-tree-children]:not([hidden]) li").First.WaitForAsync();
        await ShotBothAsync(page, "06-organizations");
        await toggle.ClickAsync();
        await Assertions.Expect(toggle).ToHaveAttributeAsync("aria-expanded", "false");
        await Assertions.Expect(toggle).ToHaveAttributeAsync("aria-label", new Regex("^展开 "));

        var pages = new (string Url, string Heading, string Shot)[]
        {
            ($"/Organizations/Details?id={orgId}", "中共延中社区委员会", "06-organization-details"),
            ($"/Organizations/Edit?id={orgId}", "修改党组织", "06-organization-edit"),
            ($"/Organizations/Edit?parentId={orgId}", "新建下级组织", "06-organization-new"),
            ($"/Organizations/Move?id={orgId}", "移动党组织", "06-organization-move"),
            ($"/Members/Details?id={memberId}", member.Name, "06-member-details"),
            ($"/Members/Edit?id={memberId}", "修改党员信息", "06-member-edit"),
            ("/Members?flags=retired&sort=-joinedOn", "党员", "06-members-filtered"),
            ("/Units", "单位", "06-units"),
            ($"/Units/New?organizationId={orgId}", "登记单位", "06-unit-new"),
            ("/Transfers", "组织关系转接", "06-transfers"),
            ("/Transfers/Incoming", "登记外地转入的组织关系", "06-transfers-incoming"),
            ("/Audit", "审计日志", "06-audit"),
            ("/Rules", "规则与依据", "06-rules"),
            ("/Meetings/Compliance", "组织生活落实情况", "06-compliance-summary"),
            ("/Evaluations", "民主评议党员", "06-evaluations"),
            ("/Study", "学习培训", "06-study"),
            ("/Study/Contests", "知识竞赛和题库", "06-contests"),
            ("/Todo", "我的待办", "06-todo"),
            ("/Accounts", "账号管理", "06-accounts"),
            ("/Account/ChangePassword", "修改密码", "06-change-password"),
            ("/Organizations/Details?id=999999", "未找到", "06-not-found"),
        };
        foreach (var (url, heading, shot) in pages)
        {
            await page.GotoAsync(url);
            if (heading.Length > 0)
            {
                await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 }).First).ToHaveTextAsync(heading);
            }
            await ShotBothAsync(page, shot);
        }

        // The member's page shows the record masked until asked, and the identity post the member holds.
        await page.GotoAsync($"/Members/Details?id={memberId}");
        await Assertions.Expect(page.GetByTestId("id-number")).ToHaveTextAsync(new Regex(@"^\d{4}\*{10}[\dX]{4}$"));
        await Assertions.Expect(page.Locator("dt", new() { HasText = "身份岗位" }).Locator("xpath=following-sibling::dd[1]"))
            .ToContainTextAsync(member.IdentityPost!.Value.Chinese());

        // A change, then the audit log: it shows the change field by field, and the reveal that opening the member form made.
        await page.GotoAsync($"/Organizations/Edit?id={orgId}");
        await page.GetByLabel("支委会人数").FillAsync("7");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("已保存");
        await page.GotoAsync("/Audit");
        var latest = page.Locator("article").First;
        await Assertions.Expect(latest).ToContainTextAsync("修改");
        await Assertions.Expect(page.Locator("article", new() { HasText = "查看完整信息" }).First).ToBeVisibleAsync();
        await latest.Locator("details summary").ClickAsync();
        await Assertions.Expect(latest.Locator(".json-diff")).ToContainTextAsync("支委会人数");
        await ShotBothAsync(page, "06-audit-open", fullPage: false);

        // A resident has no business in the member list.
        var resident = await NewPageAsync(PhoneWidth);
        await SignInAsync(resident, "jumin");
        // The community office to call, as a big button an old person can tap.
        await Assertions.Expect(resident.GetByTestId("community-contact")).ToContainTextAsync("0374-5123456");
        await Assertions.Expect(resident.GetByRole(AriaRole.Link, new() { Name = "给社区打电话" })).ToHaveAttributeAsync("href", "tel:03745123456");
        await ShotAsync(resident, "06-resident-home");
        await resident.GotoAsync("/Members");
        await Assertions.Expect(resident).ToHaveURLAsync(new Regex("/Account/Denied"));
        await ShotAsync(resident, "06-denied");
    }

    [Fact]
    public async Task A_grid_worker_sees_a_members_number_masked_with_a_button_to_ring_it()
    {
        var memberId = await App.WithDbAsync((db, _) => db.Members
            .Where(m => db.Organizations.Any(o => o.Id == m.OrganizationId && o.Name == "延中社区第一党支部") && m.PhoneCipher != null && m.LeftAt == null)
            .OrderBy(m => m.Id).Select(m => m.Id).FirstAsync());
        var page = await NewPageAsync(PhoneWidth);
        await SignInAsync(page, "wangge");
        await page.GotoAsync($"/Members/Details?id={memberId}");
        await Assertions.Expect(page.GetByTestId("phone")).ToContainTextAsync("*");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "拨打电话" })).ToBeVisibleAsync();
        await ShotAsync(page, "06-grid-worker-member");
    }
}
