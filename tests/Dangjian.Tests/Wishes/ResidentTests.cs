using System.Net;
using Dangjian.Features.Residents;
using Dangjian.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dangjian.Tests.Wishes;

/// <summary>
/// Residents: registering with a phone and a code the outgoing channel delivered (wrong codes counted, a second code
/// only after a minute, a registered number told so by message rather than by the page), signing in with the number,
/// linking to the record a worker had entered; entering a resident on someone's behalf, and who may list them.
/// </summary>
public class ResidentTests(AppFactory app) : DemoApiTest(app)
{
    private static int _phones;

    private static string NewPhone() => $"1371234{Interlocked.Increment(ref _phones):0000}";

    private SentMessages Sent => App.Services.GetRequiredService<SentMessages>();

    private Task<HttpResponseMessage> SendCode(string phone) => PostJson(App.AnonymousClient(), "/api/v1/public/residents/verification", new { phone });

    private async Task<HttpResponseMessage> Register(string phone, string? code, long communityId, string name = "李桂芝") =>
        await PostJson(App.AnonymousClient(), "/api/v1/public/residents", new { phone, code, name, password = "Lgz#2026-home", communityId });

    [Fact]
    public async Task A_resident_registers_with_a_code_and_signs_in_with_the_phone_number()
    {
        var phone = NewPhone();
        var community = await OrgId(DemoOrgs.Yanzhong);
        (await Read<SendVerificationCode.Response>(await SendCode(phone), HttpStatusCode.Accepted)).ValidSeconds.ShouldBe(600);
        (await Read<ProblemBody>(await SendCode(phone), HttpStatusCode.Conflict)).Detail!.ShouldStartWith("验证码已发送，请");
        var code = Sent.LastCodeTo(phone)!;
        code.Length.ShouldBe(6);
        var wrong = code == "000000" ? "111111" : "000000";
        (await Problem(await Register(phone, wrong, community)))["code"].ShouldBe(["验证码不对，还可以再试4次"]);
        (await Problem(await Register(phone, code, 0)))["communityId"].ShouldBe(["请选择所在的社区（村）"]);
        (await Register(phone, code, community)).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await Problem(await Register(phone, code, community)))["code"].ShouldBe(["验证码已失效，请重新获取"], "a code is used once");

        var client = await App.ClientAsAsync(phone, "Lgz#2026-home");
        var me = await Read<MyResident.Response>(await client.GetAsync("/api/v1/me/resident"));
        me.Name.ShouldBe("李桂芝");
        me.Phone.ShouldBe(phone[..3] + "****" + phone[^4..]);
        me.CommunityId.ShouldBe(community);
        // Neither the account nor the audit log holds the number.
        (await App.WithDbAsync(db => db.Users.AnyAsync(u => u.UserName!.Contains(phone)))).ShouldBeFalse();
        (await App.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.UserName.Contains(phone) || e.After!.Contains(phone) || e.Note!.Contains(phone)))).ShouldBeFalse();
        // A resident reads no part of the tree.
        (await client.GetAsync($"/api/v1/organizations/{community}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_registered_number_gets_a_message_saying_so_and_the_same_answer()
    {
        var phone = NewPhone();
        var community = await OrgId(DemoOrgs.Yanzhong);
        (await SendCode(phone)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        (await Register(phone, Sent.LastCodeTo(phone), community)).StatusCode.ShouldBe(HttpStatusCode.Created);
        App.Clock.Advance(TimeSpan.FromMinutes(2));
        (await SendCode(phone)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        Sent.All.Last(m => m.Phone == phone).Text.ShouldContain("已经注册过了");
    }

    [Fact]
    public async Task Registering_links_the_record_a_worker_entered_so_the_wishes_collected_are_the_residents()
    {
        var phone = NewPhone();
        var community = await OrgId(DemoOrgs.Yanzhong);
        var entered = await EnterResident(community, "赵奶奶", phone);
        var wish = await WallWish(entered, collector: "wangge");
        (await Problem(await PostJson(await As("wangge"), "/api/v1/residents", new { name = "赵奶奶", phone, communityId = community })))["phone"]
            .ShouldBe(["这个手机号的居民已经登记过了，请在居民名单中查找"]);
        (await SendCode(phone)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        (await Register(phone, Sent.LastCodeTo(phone), community, "赵桂兰")).StatusCode.ShouldBe(HttpStatusCode.Created);
        var client = await App.ClientAsAsync(phone, "Lgz#2026-home");
        (await Read<MyResident.Response>(await client.GetAsync("/api/v1/me/resident"))).Id.ShouldBe(entered);
        (await Read<List<Dangjian.Features.Wishes.WishRow>>(await client.GetAsync("/api/v1/me/wishes"))).ShouldContain(w => w.Id == wish);
    }

    [Fact]
    public async Task Bad_phone_numbers_are_refused_by_name()
    {
        (await Problem(await SendCode("12345")))["phone"].ShouldBe(["手机号码应为11位手机号"]);
        (await Problem(await PostJson(await As("wangge"), "/api/v1/residents", new { name = "孙大娘", phone = "0374-123", communityId = await OrgId(DemoOrgs.Yanzhong) })))["phone"]
            .ShouldBe(["手机号码应为11位手机号；没有手机可以不填"]);
        (await Problem(await PostJson(await As("wangge"), "/api/v1/residents", new { name = "孙大娘", communityId = await OrgId(DemoOrgs.Guangming) })))["communityId"]
            .ShouldBe(["社区（村）不存在或不在您服务的范围内"]);
    }

    [Fact]
    public async Task Those_who_serve_a_community_find_its_residents_with_the_phone_masked()
    {
        var phone = NewPhone();
        var community = await OrgId(DemoOrgs.Yanzhong);
        var id = await EnterResident(community, "钱大爷", phone);
        var byPhone = await Read<List<ListResidents.Row>>(await (await As("dangyuan")).GetAsync($"/api/v1/residents?q={phone}"));
        byPhone.Single().Id.ShouldBe(id);
        byPhone.Single().Phone.ShouldBe(phone[..3] + "****" + phone[^4..]);
        (await Read<List<ListResidents.Row>>(await (await As("minjing")).GetAsync($"/api/v1/residents?q={phone}"))).ShouldBeEmpty();
        (await Read<List<Communities.Choice>>(await App.AnonymousClient().GetAsync("/api/v1/public/communities?q=延中"))).ShouldContain(c => c.Id == community);
    }
}
