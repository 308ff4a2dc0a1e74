using System.Text.RegularExpressions;
using Dangjian.BrowserTests.Infrastructure;
using Dangjian.Platform.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Dangjian.BrowserTests.Journeys;

/// <summary>An administrator unlocks an account that wrong passwords locked, then resets its forgotten password.</summary>
public sealed partial class AccountAdministrationJourney(BrowserApp app) : BrowserTest(app)
{
    [GeneratedRegex("^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$")]
    private static partial Regex OneTimePassword();

    [Fact]
    public async Task The_admin_unlocks_a_locked_account_and_resets_its_password_which_must_then_be_changed()
    {
        const string UserName = "aa-suoding";
        await App.WithDbAsync(async (db, services) =>
        {
            var users = services.GetRequiredService<UserManager<AppUser>>();
            var root = await db.Organizations.Where(o => o.ParentId == null).Select(o => o.Id).FirstAsync();
            var account = new AppUser { UserName = UserName, DisplayName = "锁定测试", Role = AppRole.BranchSecretary, OrganizationId = root };
            (await users.CreateAsync(account, "Suoding-mima-2026")).Succeeded.ShouldBeTrue();
            account.LockoutEnd = DateTimeOffset.UtcNow.AddMinutes(15);
            await users.UpdateAsync(account);
            return 0;
        });

        var page = await NewPageAsync();
        page.Dialog += (_, dialog) => dialog.AcceptAsync();
        await SignInAsync(page, "admin");
        await page.GotoAsync("/Accounts");
        var row = page.Locator("li.list-group-item").Filter(new() { HasText = UserName });
        await Assertions.Expect(row.GetByText("已锁定")).ToBeVisibleAsync();
        await ShotBothAsync(page, "20-accounts-locked");

        await row.GetByRole(AriaRole.Button, new() { Name = "解除锁定" }).ClickAsync();
        await Assertions.Expect(page.GetByText("已解除锁定，该账号可以重新登录")).ToBeVisibleAsync();
        await Assertions.Expect(row.GetByText("已锁定")).ToHaveCountAsync(0);

        await row.GetByRole(AriaRole.Button, new() { Name = "重置密码" }).ClickAsync();
        var issued = page.GetByTestId("one-time-password").Locator(".font-monospace.fs-4");
        await Assertions.Expect(issued).ToHaveTextAsync(OneTimePassword());
        var password = (await issued.TextContentAsync())!.Trim();
        await ShotBothAsync(page, "21-accounts-one-time-password", fullPage: false);

        await SignOutAsync(page);
        await SignInAsync(page, UserName, password);
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/Account/ChangePassword"));
        await page.GetByLabel("原密码").FillAsync(password);
        await page.GetByLabel("新密码", new() { Exact = true }).FillAsync("Xinmima-hong-2026");
        await page.GetByLabel("再次输入新密码").FillAsync("Xinmima-hong-2026");
        await page.GetByRole(AriaRole.Button, new() { Name = "确认修改" }).ClickAsync();
        await WaitForPageAsync(page, new Regex("^(?!.*/Account/ChangePassword)"));
        await ShotAsync(page, "22-after-first-password-change", fullPage: false);
    }

    [Fact]
    public async Task From_the_province_level_the_admin_finds_a_branch_by_its_initials_and_opens_its_secretarys_account()
    {
        const string UserName = "aa-lszshuji";
        var page = await NewPageAsync(PhoneWidth);
        await SignInAsync(page, "admin");
        await page.GotoAsync("/Accounts");
        await page.GetByLabel("用户名 *").FillAsync(UserName);
        await page.GetByLabel("姓名 *").FillAsync("林山寨第1社区书记");
        await page.Locator("#new-account").GetByLabel("角色 *", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "支部书记" });

        // The branch is five levels below the province: found by the initials of a piece of its name.
        await page.Locator("#new-account").GetByLabel("查找所属党组织").PressSequentiallyAsync("lszjd", new() { Delay = 80 });
        var branch = page.Locator("#new-account").GetByRole(AriaRole.Radio, new() { Name = "林山寨街道第1社区党支部 党支部" });
        await Assertions.Expect(branch).ToBeVisibleAsync();
        await ShotBothAsync(page, "23-accounts-picker-search");
        await branch.CheckAsync();
        await page.GetByLabel("初始密码").FillAsync("Lsz-chushi-2026");
        await page.GetByRole(AriaRole.Button, new() { Name = "创建账号" }).ClickAsync();

        await Assertions.Expect(page.GetByText($"账号 {UserName} 已创建")).ToBeVisibleAsync();
        var organization = await App.WithDbAsync((db, _) => db.Users.Where(u => u.UserName == UserName)
            .Select(u => db.Organizations.Where(o => o.Id == u.OrganizationId).Select(o => o.Name).Single()).SingleAsync());
        organization.ShouldBe("林山寨街道第1社区党支部");
        await ShotAsync(page, "24-accounts-created-by-search", fullPage: false);
    }
}
