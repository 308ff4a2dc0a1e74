using System.Net;
using Dangjian.Features.Audit;
using Dangjian.Platform.Audit;
using Dangjian.Tests.Infrastructure;

namespace Dangjian.Tests.Accounts;

public class SignInAuditTests(AppFactory app) : DemoApiTest(app)
{
    private static int _sequence;

    [Fact]
    public async Task A_sign_in_by_token_is_written_to_the_audit_log_of_the_accounts_organization()
    {
        var before = (await AuditRows(AuditActions.SignedIn)).Count(a => a.UserName == "minjing");

        await As("minjing");

        var lines = (await AuditRows(AuditActions.SignedIn)).Where(a => a.UserName == "minjing").ToList();
        lines.Count.ShouldBe(before + 1);
        lines[^1].Note!.ShouldContain("登录成功");
        var minjingPath = (await Org(await OrgId(DemoOrgs.Guangming))).Path;
        lines[^1].ScopePath.ShouldBe(minjingPath);
    }

    [Fact]
    public async Task Every_wrong_password_is_audited_as_a_failure_and_the_lockout_as_its_own_action()
    {
        var user = await NewAccountAsync();
        var client = App.AnonymousClient();
        for (var attempt = 1; attempt <= 4; attempt++)
        {
            (await PostJson(client, "/api/v1/auth/token", new { userName = user, password = "wrong-password-1" })).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }
        var failures = (await AuditRows(AuditActions.SignInFailed)).Where(a => a.UserName == user).ToList();
        failures.Count.ShouldBe(4);
        failures.ShouldAllBe(a => a.Note!.Contains("密码错误"));
        failures[^1].Note!.ShouldContain("第4次");
        (await AuditRows(AuditActions.LockedOut)).ShouldNotContain(a => a.UserName == user);

        (await PostJson(client, "/api/v1/auth/token", new { userName = user, password = "wrong-password-1" })).StatusCode.ShouldBe((HttpStatusCode)423);

        var lockout = (await AuditRows(AuditActions.LockedOut)).Single(a => a.UserName == user);
        lockout.Note!.ShouldContain("锁定");
        lockout.ScopePath.ShouldBe((await Org(await OrgId(DemoOrgs.First))).Path);
        (await AuditRows(AuditActions.SignedIn)).ShouldNotContain(a => a.UserName == user, "a lockout is not a sign-in");
        // Knocking on the locked door is a failure too, and says why.
        await PostJson(client, "/api/v1/auth/token", new { userName = user, password = "chushimima2026" });
        (await AuditRows(AuditActions.SignInFailed)).ShouldContain(a => a.UserName == user && a.Note!.Contains("已锁定"));
    }

    [Fact]
    public async Task A_sign_in_with_an_unknown_name_is_audited_at_the_top_of_the_tree()
    {
        var name = $"nobody{Interlocked.Increment(ref _sequence)}x";
        (await PostJson(App.AnonymousClient(), "/api/v1/auth/token", new { userName = name, password = "dangjian2026" })).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        var line = (await AuditRows(AuditActions.SignInFailed)).Single(a => a.UserName == name);
        line.Note!.ShouldContain("账号不存在");
        line.ScopePath.ShouldBe((await Org(await OrgId(DemoOrgs.Root))).Path);
    }

    [Fact]
    public async Task The_audit_page_names_failures_lockouts_and_sign_outs_in_chinese()
    {
        AuditLog.ActionName(AuditActions.SignInFailed).ShouldBe("登录失败");
        AuditLog.ActionName(AuditActions.LockedOut).ShouldBe("账号锁定");
        AuditLog.ActionName(AuditActions.SignedOut).ShouldBe("退出登录");
        await PostJson(App.AnonymousClient(), "/api/v1/auth/token", new { userName = "jumin", password = "wrong-password-1" });

        var html = await (await As("admin")).GetStringAsync("/Audit?action=" + AuditActions.SignInFailed);

        html.ShouldContain("登录失败");
        html.ShouldContain("jumin");
    }

    private async Task<string> NewAccountAsync()
    {
        var userName = $"audited{Interlocked.Increment(ref _sequence)}";
        var response = await PostJson(await As("admin"), "/api/v1/accounts", new
        {
            userName, displayName = "审计测试", role = "BranchSecretary", organizationId = await OrgId(DemoOrgs.First), initialPassword = "chushimima2026",
        });
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return userName;
    }
}
