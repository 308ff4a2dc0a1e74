using System.Net;
using Dangjian.Features.Members;
using Dangjian.Features.Organizations;
using Dangjian.Platform.Audit;
using Dangjian.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Tests.Members;

/// <summary>A grid worker rings a member without seeing the number; a resident finds the community office to call.</summary>
public class CallAndContactTests(AppFactory app) : DemoApiTest(app)
{
    [Fact]
    public async Task A_grid_worker_gets_a_tel_address_for_a_member_of_the_community_and_the_call_is_audited()
    {
        var member = await CreateMember(await OrgId(DemoOrgs.First), "拨号测试甲");
        var phone = People.Full(0, "x").Phone!;
        var client = await As("wangge");
        var before = await LastAuditId();

        var call = await Read<CallMember.Response>(await client.PostAsync($"/api/v1/members/{member}/call", null));
        call.TelUri.ShouldStartWith("tel:1");
        call.TelUri.Length.ShouldBe("tel:".Length + phone.Length);

        var lines = await AuditRows(AuditActions.Called, nameof(Member), member.ToString());
        lines.ShouldContain(l => l.UserName == "wangge" && l.Id > before);
        var number = call.TelUri[4..];
        lines.ShouldAllBe(l => l.Note == null || !l.Note.Contains(number));
    }

    [Fact]
    public async Task The_member_page_offers_the_call_and_still_masks_the_number_and_the_call_redirects_to_the_dialler()
    {
        var member = await CreateMember(await OrgId(DemoOrgs.First), "拨号测试乙");
        var client = await As("wangge");
        var page = await client.GetStringAsync($"/Members/Details?id={member}");
        page.ShouldContain("拨打电话");
        page.ShouldNotContain("显示完整信息");
        var masked = (await Read<GetMember.Response>(await client.GetAsync($"/api/v1/members/{member}"))).PhoneMasked!;
        page.ShouldContain(masked);

        var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        var answer = await client.PostAsync($"/Members/Details?handler=Call&id={member}",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        answer.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        answer.Headers.Location!.OriginalString.ShouldStartWith("tel:1");
    }

    [Fact]
    public async Task A_member_without_a_phone_cannot_be_rung_and_one_outside_the_subtree_is_not_found()
    {
        var client = await As("wangge");
        var without = await CreateMember(People.Full(await OrgId(DemoOrgs.First), "无电话者") with { Phone = null });
        var refused = await Problem(await client.PostAsync($"/api/v1/members/{without}/call", null));
        refused["phone"].ShouldContain("该党员没有登记联系电话");
        (await AuditRows(AuditActions.Called, nameof(Member), without.ToString())).ShouldBeEmpty();

        var outside = await CreateMember(await OrgId(DemoOrgs.Guangming), "越界拨号者");
        (await client.PostAsync($"/api/v1/members/{outside}/call", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await AuditRows(AuditActions.Called, nameof(Member), outside.ToString())).ShouldBeEmpty();
        (await (await As("dangyuan")).PostAsync($"/api/v1/members/{without}/call", null)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task An_organization_sets_its_office_contact_and_bad_input_changes_nothing()
    {
        var admin = await As("admin");
        var branch = await CreateOrganization(await OrgId(DemoOrgs.Baling), "灞陵街道联系方式测试党支部");
        (await PutJson(admin, $"/api/v1/organizations/{branch}/contact", new { phone = "0374-7654321", address = "灞陵路2号" }))
            .StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var details = await Read<GetOrganization.Response>(await admin.GetAsync($"/api/v1/organizations/{branch}"));
        details.ContactPhone.ShouldBe("0374-7654321");
        details.ContactAddress.ShouldBe("灞陵路2号");
        (await AuditRows(AuditActions.Updated, nameof(Organization), branch.ToString())).ShouldContain(a => a.After!.Contains("0374-7654321"));

        var refused = await Problem(await PutJson(admin, $"/api/v1/organizations/{branch}/contact", new { phone = "电话", address = new string('路', 201) }));
        refused["phone"].ShouldContain("联系电话应为7到20位数字，区号与号码之间可用“-”连接，如：0374-5123456");
        refused["address"].ShouldContain("地址不能超过200个字");
        (await Org(branch)).ContactPhone.ShouldBe("0374-7654321");

        (await PutJson(admin, $"/api/v1/organizations/{branch}/contact", new { phone = " ", address = "" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var cleared = await Org(branch);
        cleared.ContactPhone.ShouldBeNull();
        cleared.ContactAddress.ShouldBeNull();

        var guangming = await OrgId(DemoOrgs.Guangming);
        (await PutJson(await As("baling"), $"/api/v1/organizations/{guangming}/contact", new { phone = "0374-1111111" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await Org(guangming)).ContactPhone.ShouldBeNull();
    }

    [Fact]
    public async Task A_resident_sees_the_nearest_office_above_with_a_contact_and_can_call_it()
    {
        var home = await (await As("jumin")).GetStringAsync("/");
        home.ShouldContain("data-testid=\"community-contact\"");
        home.ShouldContain(DemoOrgs.Yanzhong);
        home.ShouldContain("href=\"tel:03745123456\"");
        home.ShouldNotContain("正在建设中");

        await App.WithDbAsync(async db =>
        {
            var first = await db.Organizations.Where(o => o.Name == DemoOrgs.First).Select(o => o.Id).SingleAsync();
            var nearest = await SetOrganizationContact.NearestAsync(first, db, CancellationToken.None);
            nearest!.Value.Name.ShouldBe(DemoOrgs.Yanzhong, "a branch without a contact of its own points to its community");
            var far = await db.Organizations.Where(o => o.Name == DemoOrgs.Guangming).Select(o => o.Id).SingleAsync();
            (await SetOrganizationContact.NearestAsync(far, db, CancellationToken.None)).ShouldBeNull();
            return true;
        });
    }
}
