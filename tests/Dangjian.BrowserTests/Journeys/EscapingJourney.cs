using Dangjian.BrowserTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.BrowserTests.Journeys;

/// <summary>Names are data, never markup: a name holding a script tag is shown as text and runs nothing.</summary>
public sealed class EscapingJourney(BrowserApp app) : BrowserTest(app)
{
    private const string Script = "<script>window.__pwned=1</script>";

    [Fact]
    public async Task A_name_with_a_script_tag_is_shown_as_text()
    {
        var page = await NewPageAsync();
        await SignInAsync(page, "baling");

        // An organization name typed into a form.
        var parentId = await App.WithDbAsync(async (db, _) => await db.Organizations.Where(o => o.Name == "中共延中社区委员会").Select(o => o.Id).FirstAsync());
        await page.GotoAsync($"/Organizations/Edit?parentId={parentId}");
        await page.GetByLabel("组织名称").FillAsync(Script + "第五党支部");
        await page.GetByLabel("组织类别").SelectOptionAsync(new SelectOptionValue { Label = "党支部" });
        await page.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("org-name")).ToHaveTextAsync(Script + "第五党支部");
        await page.GotoAsync($"/Organizations/Details?id={parentId}");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = Script + "第五党支部" })).ToBeVisibleAsync();
        await ShotAsync(page, "04-escaped-organization");

        // A member name that reached the database some other way (the forms refuse angle brackets).
        var member = await App.WithDbAsync(async (db, _) =>
        {
            var m = await db.Members.Where(x => db.Organizations.Any(o => o.Id == x.OrganizationId && o.Name == "延中社区第二党支部")).OrderBy(x => x.Id).FirstAsync();
            m.SetName(Script + m.Name);
            await db.SaveChangesAsync();
            return new { m.Id, m.Name, m.IdNumberTail };
        });
        await page.GotoAsync($"/Members/Details?id={member.Id}");
        await Assertions.Expect(page.GetByTestId("member-name")).ToHaveTextAsync(member.Name);
        await page.GotoAsync("/Members?q=" + member.IdNumberTail);
        await Assertions.Expect(page.Locator($"#member-results a[href='/Members/Details?id={member.Id}']").First).ToHaveTextAsync(member.Name);
        await ShotAsync(page, "04-escaped-member");

        (await page.EvaluateAsync<bool>("() => window.__pwned === undefined")).ShouldBeTrue();
    }
}
