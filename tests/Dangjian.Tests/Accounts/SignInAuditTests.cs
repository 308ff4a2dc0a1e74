using System.Net;
using Dangjian.Platform.Audit;
using Dangjian.Tests.Infrastructure;

namespace Dangjian.Tests.Accounts;

public class SignInAuditTests(AppFactory app) : DemoApiTest(app)
{
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
    public async Task A_lockout_is_written_to_the_audit_log_but_a_plain_wrong_password_is_not()
    {
        var client = App.AnonymousClient();
        var wrong = await PostJson(client, "/api/v1/auth/token", new { userName = "wangge", password = "wrong-password-1" });
        wrong.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await AuditRows(AuditActions.SignedIn)).ShouldNotContain(a => a.UserName == "wangge");

        for (var i = 0; i < 5; i++)
        {
            await PostJson(client, "/api/v1/auth/token", new { userName = "wangge", password = "wrong-password-1" });
        }

        (await AuditRows(AuditActions.SignedIn)).ShouldContain(a => a.UserName == "wangge" && a.Note!.Contains("锁定"));
    }
}
