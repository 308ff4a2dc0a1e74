using System.Text.RegularExpressions;
using Dangjian.BrowserTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.BrowserTests.Journeys;

public sealed class MemberSearchJourney(BrowserApp app) : BrowserTest(app)
{
    [Theory]
    [InlineData(DesktopWidth)]
    [InlineData(PhoneWidth)]
    public async Task A_branch_secretary_finds_a_member_by_pinyin_initials_and_reveals_the_full_ID(int width)
    {
        var member = await App.WithDbAsync(async (db, _) => await db.Members
            .Where(m => db.Organizations.Any(o => o.Id == m.OrganizationId && o.Name == "延中社区第一党支部"))
            .OrderByDescending(m => m.Id).Select(m => new { m.Id, m.Name, m.NameInitials }).FirstAsync());

        var page = await NewPageAsync(width);
        await SignInAsync(page, "yanzhong");
        await page.GotoAsync("/Members");
        await ShotAsync(page, "02-members");

        // htmx sends the box as one types and swaps only the results.
        await page.Locator("#q").PressSequentiallyAsync(member.NameInitials, new() { Delay = 60 });
        var link = page.Locator($"#member-results a[href='/Members/Details?id={member.Id}']").Filter(new() { Visible = true });
        await Assertions.Expect(link).ToHaveTextAsync(member.Name);
        await Assertions.Expect(page.GetByTestId("result-count")).ToContainTextAsync("按姓名拼音首字母查找");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("q=" + member.NameInitials));
        // A phone shows cards, a desktop the table.
        (await page.Locator(".member-table").IsVisibleAsync()).ShouldBe(width >= 768);
        await ShotAsync(page, "02-members-found");

        await link.ClickAsync();
        await Assertions.Expect(page.GetByTestId("member-name")).ToHaveTextAsync(member.Name);
        (await page.GetByTestId("id-number").InnerTextAsync()).ShouldContain("*");
        await page.GetByRole(AriaRole.Button, new() { Name = "显示完整信息" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("id-number")).ToHaveTextAsync(new Regex(@"^\d{17}[\dX]$"));
        await ShotAsync(page, "02-member-details");
    }
}
