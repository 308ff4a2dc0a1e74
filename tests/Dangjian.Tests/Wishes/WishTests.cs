using System.Net;
using Dangjian.Features.Wishes;
using Dangjian.Platform.Activity;
using Dangjian.Platform.Audit;
using Dangjian.Platform.Http;
using Dangjian.Tests.Infrastructure;
using Dangjian.Platform.PersonalData;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dangjian.Tests.Wishes;

/// <summary>
/// Micro-wishes over HTTP: sent by a resident, reviewed by the community, claimed by a member from the wall of their
/// community, fulfilled, rated; every state machine edge (claim after close, claim of one's own wish, rate twice, rate
/// before fulfilment, withdraw after fulfilment); a withdrawn claim back on the wall; the activity lines; who sees what;
/// bad input; the figures; and 200 claims at once.
/// </summary>
public class WishTests(AppFactory app) : DemoApiTest(app)
{
    private Task<long> Yanzhong => OrgId(DemoOrgs.Yanzhong);

    private static object Wish(string title = "给孙子买一套学习用品", string category = "Study", decimal? cost = 80) =>
        new { title, forWhom = "孙子", category, estimatedCost = cost, detail = "孩子上三年级" };

    private Task<List<ActivityEntry>> Lines(long wishId) => App.WithDbAsync(db => db.ActivityEntries.AsNoTracking()
        .Where(a => a.SourceType == nameof(Dangjian.Features.Wishes.Wish) && a.SourceId == wishId).OrderBy(a => a.Id).ToListAsync());

    private async Task<GetWish.Response> AsServer(string user, long id) => await Read<GetWish.Response>(await (await As(user)).GetAsync($"/api/v1/wishes/{id}"));

    [Fact]
    public async Task A_resident_sends_a_wish_a_member_claims_and_fulfils_it_and_the_resident_rates_it()
    {
        var resident = await As("jumin");
        var id = (await Read<Created>(await PostJson(resident, "/api/v1/me/wishes", Wish()), HttpStatusCode.Created)).Id;
        var mine = await Read<GetWish.Response>(await resident.GetAsync($"/api/v1/me/wishes/{id}"));
        mine.Wish.State.ShouldBe(WishState.Submitted);
        mine.Wish.Deadline.ShouldNotBeNull();
        mine.CollectedBy.ShouldBe("本人");

        // Not on the wall before the community accepts it.
        var member = await As("dangyuan");
        (await Read<Page<WishRow>>(await member.GetAsync("/api/v1/wishes/wall?pageSize=100"))).Items.ShouldNotContain(w => w.Id == id);
        (await Read<ProblemBody>(await PostJson(member, $"/api/v1/wishes/{id}/claim", new { }), HttpStatusCode.Conflict)).Detail.ShouldBe("心愿待审核，不能认领");
        (await PostJson(await As("baling"), $"/api/v1/wishes/{id}/review", new { accept = true })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var wall = await Read<Page<WishRow>>(await member.GetAsync("/api/v1/wishes/wall?pageSize=100"));
        var row = wall.Items.Single(w => w.Id == id);
        row.ResidentName.ShouldBe("张**", "the wall names no resident in full");
        row.StateName.ShouldBe("待认领");

        var claimed = await Read<ClaimWish.Claimed>(await PostJson(member, $"/api/v1/wishes/{id}/claim", new { }));
        claimed.Kind.ShouldBe(ClaimerKind.Member);
        (await Read<ProblemBody>(await PostJson(await As("baling"), $"/api/v1/wishes/{id}/claim", new { asOrganization = true }), HttpStatusCode.Conflict))
            .Detail.ShouldBe($"这个心愿已被{claimed.ClaimerName}认领");
        (await Read<ClaimedWishes.Response>(await member.GetAsync("/api/v1/wishes/claimed"))).Wishes.ShouldContain(w => w.Id == id && w.State == WishState.Claimed);
        (await Read<ProblemBody>(await PostJson(resident, $"/api/v1/me/wishes/{id}/rating", new { rating = 5 }), HttpStatusCode.Conflict))
            .Detail.ShouldBe("心愿还没有完成，完成后才能评价");

        (await Problem(await PostJson(member, $"/api/v1/wishes/{id}/fulfil", new { note = " " })))["note"].ShouldBe(["完成情况不能为空"]);
        (await Read<ProblemBody>(await PostJson(await As("baling"), $"/api/v1/wishes/{id}/fulfil", new { note = "送到了" }), HttpStatusCode.Conflict))
            .Detail.ShouldBe("只有认领人可以登记完成");
        (await PostJson(member, $"/api/v1/wishes/{id}/fulfil", new { note = "学习用品和台灯已送到家中" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await Read<ProblemBody>(await PostJson(resident, $"/api/v1/me/wishes/{id}/withdraw", new { reason = "不要了" }), HttpStatusCode.Conflict))
            .Detail.ShouldBe("心愿已经完成，不能撤回");
        (await Problem(await PostJson(resident, $"/api/v1/me/wishes/{id}/rating", new { rating = 6 })))["rating"].ShouldBe(["请打1到5分"]);
        (await PostJson(resident, $"/api/v1/me/wishes/{id}/rating", new { rating = 4, comment = "谢谢党员同志" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await Read<ProblemBody>(await PostJson(resident, $"/api/v1/me/wishes/{id}/rating", new { rating = 5 }), HttpStatusCode.Conflict)).Detail.ShouldBe("已经评价过了");
        (await Read<ProblemBody>(await PostJson(await As("baling"), $"/api/v1/wishes/{id}/claim", new { asOrganization = true }), HttpStatusCode.Conflict))
            .Detail.ShouldBe($"这个心愿已被{claimed.ClaimerName}认领");

        var memberFigures = await Read<ClaimedWishes.Response>(await member.GetAsync("/api/v1/wishes/claimed"));
        memberFigures.Fulfilled.ShouldBeGreaterThanOrEqualTo(1);
        memberFigures.AverageRating.ShouldNotBeNull();
        var done = await Read<GetWish.Response>(await resident.GetAsync($"/api/v1/me/wishes/{id}"));
        done.Wish.State.ShouldBe(WishState.Closed);
        done.Wish.Rating.ShouldBe(4);
        done.Wish.Deadline.ShouldBeNull("a closed wish waits for nobody");
        done.Steps.Select(s => s.What).ShouldBe(["提交心愿", "审核通过，上墙", "认领", "完成心愿", "确认并评价"]);
        var lines = await Lines(id);
        lines.Select(l => (l.Kind, l.Quantity)).ShouldBe([(ActivityKinds.WishClaimed, 1m), (ActivityKinds.WishFulfilled, 1m), (ActivityKinds.WishRating, 4m)]);
        lines.ShouldAllBe(l => l.MemberId == lines[0].MemberId && l.OccurredOn == App.Today);
        var notices = await App.WithDbAsync(db => db.Notifications.AsNoTracking().Where(n => n.SourceType == "Wish" && n.SourceId == id).Select(n => n.Title).ToListAsync());
        notices.ShouldBe(["您的心愿已上心愿墙", "您的心愿有人认领了", "您的心愿完成了", "居民评价了您完成的心愿"], ignoreOrder: true);
    }

    [Fact]
    public async Task A_withdrawn_claim_puts_the_wish_back_on_the_wall_and_reverses_the_claim_line()
    {
        var id = await WallWish(await EnterResident(await Yanzhong));
        var member = await As("dangyuan");
        (await PostJson(member, $"/api/v1/wishes/{id}/claim", new { })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Problem(await PostJson(member, $"/api/v1/wishes/{id}/withdraw-claim", new { })))["reason"].ShouldBe(["撤回认领的原因不能为空"]);
        (await Read<ProblemBody>(await PostJson(await As("baling"), $"/api/v1/wishes/{id}/withdraw-claim", new { reason = "我来" }), HttpStatusCode.Conflict))
            .Detail.ShouldBe("只有认领人可以撤回认领");
        (await PostJson(member, $"/api/v1/wishes/{id}/withdraw-claim", new { reason = "近期出差，无法按时完成" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var back = await AsServer("dangyuan", id);
        back.Wish.State.ShouldBe(WishState.Open);
        back.Wish.ClaimerName.ShouldBeNull();
        back.MayClaim.ShouldBeTrue();
        (await Lines(id)).Sum(l => l.Quantity).ShouldBe(0, "the claim is reversed, not deleted");
        (await Lines(id)).Count.ShouldBe(2);
        // Another claims it now: a unit, for its organization.
        (await Read<ClaimWish.Claimed>(await PostJson(await As("baling"), $"/api/v1/wishes/{id}/claim", new { asOrganization = true }))).Kind.ShouldBe(ClaimerKind.Organization);
        var claimedByUnit = await Read<ClaimedWishes.Response>(await (await As("baling")).GetAsync("/api/v1/wishes/claimed"));
        claimedByUnit.Wishes.ShouldContain(w => w.Id == id);
        claimedByUnit.Claimed.ShouldBeGreaterThanOrEqualTo(1);
    }

    [Fact]
    public async Task A_member_may_not_claim_a_wish_of_their_own()
    {
        // The demo member behind the dangyuan account is also a resident of the community, by the same phone.
        const string phone = "13912340001";
        var protector = App.Services.GetRequiredService<PersonalDataProtector>();
        var memberId = await App.WithDbAsync(db => db.Users.AsNoTracking().Where(u => u.UserName == "dangyuan").Select(u => u.MemberId!.Value).SingleAsync());
        await App.WithDbAsync(async db =>
        {
            var member = await db.Members.SingleAsync(m => m.Id == memberId);
            member.PhoneCipher = protector.Encrypt(phone);
            member.PhoneHash = protector.Hash(phone);
            await db.SaveChangesAsync();
            return member.Id;
        });
        var id = await WallWish(await EnterResident(await Yanzhong, "许愿党员", phone));
        (await Read<ProblemBody>(await PostJson(await As("dangyuan"), $"/api/v1/wishes/{id}/claim", new { }), HttpStatusCode.Conflict)).Detail.ShouldBe("不能认领自己的心愿");
        (await PostJson(await As("baling"), $"/api/v1/wishes/{id}/claim", new { asOrganization = true })).StatusCode.ShouldBe(HttpStatusCode.OK, "anyone else may");
    }

    [Fact]
    public async Task A_refused_wish_tells_the_resident_why_and_never_reaches_the_wall()
    {
        var resident = await As("jumin");
        var id = (await Read<Created>(await PostJson(resident, "/api/v1/me/wishes", Wish("想要一台新电视", "DailyNeeds", 3000)), HttpStatusCode.Created)).Id;
        (await Problem(await PostJson(await As("baling"), $"/api/v1/wishes/{id}/review", new { accept = false })))["reason"].ShouldBe(["不通过的原因不能为空"]);
        (await PostJson(await As("baling"), $"/api/v1/wishes/{id}/review", new { accept = false, reason = "超出微心愿的范围，可申请社区临时救助" }))
            .StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var mine = await Read<GetWish.Response>(await resident.GetAsync($"/api/v1/me/wishes/{id}"));
        mine.Wish.StateName.ShouldBe("未通过");
        mine.RefusalReason.ShouldBe("超出微心愿的范围，可申请社区临时救助");
        (await Read<ProblemBody>(await PostJson(await As("baling"), $"/api/v1/wishes/{id}/review", new { accept = true }), HttpStatusCode.Conflict))
            .Detail.ShouldBe("心愿未通过，不需要审核");
        (await Read<Page<WishRow>>(await (await As("dangyuan")).GetAsync("/api/v1/wishes/wall?pageSize=100"))).Items.ShouldNotContain(w => w.Id == id);
    }

    [Fact]
    public async Task Bad_input_names_each_field_and_writes_nothing()
    {
        var before = await App.WithDbAsync(db => db.Wishes.CountAsync());
        (await PostJson(await As("jumin"), "/api/v1/me/wishes", new { title = "一个心愿", category = "Nonsense" })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var errors = await Problem(await PostJson(await As("jumin"), "/api/v1/me/wishes", new { title = "", category = "Health", estimatedCost = -1 }));
        errors["title"].ShouldBe(["心愿内容不能为空"]);
        var errors2 = await Problem(await PostJson(await As("jumin"), "/api/v1/me/wishes", new { title = "一个心愿", estimatedCost = 100.555 }));
        errors2["category"].ShouldBe(["请选择心愿类别"]);
        errors2["estimatedCost"].ShouldBe(["预计花费应在0至100000元之间，最多两位小数"]);
        (await Problem(await PostJson(await As("wangge"), "/api/v1/wishes", new { residentId = 0, wish = Wish() })))["residentId"].ShouldBe(["居民不存在或不在您服务的社区"]);
        (await App.WithDbAsync(db => db.Wishes.CountAsync())).ShouldBe(before);
    }

    [Fact]
    public async Task A_resident_never_sees_another_residents_wish_and_the_probe_is_audited()
    {
        var other = await WallWish(await EnterResident(await Yanzhong));
        var resident = await As("jumin");
        (await resident.GetAsync($"/api/v1/me/wishes/{other}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await PostJson(resident, $"/api/v1/me/wishes/{other}/withdraw", new { reason = "试试" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await Read<List<WishRow>>(await resident.GetAsync("/api/v1/me/wishes"))).ShouldNotContain(w => w.Id == other);
        (await resident.GetAsync($"/api/v1/wishes/{other}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var key = other.ToString(System.Globalization.CultureInfo.InvariantCulture);
        (await App.WithDbAsync(db => db.AuditEntries.AsNoTracking().CountAsync(e => e.Action == AuditActions.AccessDenied && e.EntityType == "Wish" && e.EntityId == key)))
            .ShouldBeGreaterThan(0);
        // A member of another street's branch does not see the community's wall.
        (await Read<Page<WishRow>>(await (await As("minjing")).GetAsync("/api/v1/wishes/wall?pageSize=100"))).Items.ShouldNotContain(w => w.Id == other);
        (await (await As("minjing")).GetAsync($"/api/v1/wishes/{other}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_collector_acts_for_a_resident_without_a_phone_to_the_rating()
    {
        var residentId = await EnterResident(await Yanzhong, "王大爷");
        var id = await WallWish(residentId, collector: "wangge");
        (await PostJson(await As("dangyuan"), $"/api/v1/wishes/{id}/claim", new { })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await PostJson(await As("dangyuan"), $"/api/v1/wishes/{id}/fulfil", new { note = "帮王大爷修好了水管" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await Read<ProblemBody>(await PostJson(await As("dangyuan"), $"/api/v1/wishes/{id}/confirm", new { rating = 5 }), HttpStatusCode.Conflict))
            .Detail.ShouldBe("认领人不能替居民评价");
        var todo = (await Read<Dangjian.Features.Todo.TodoEndpoints.Response>(await (await As("wangge")).GetAsync("/api/v1/me/todo"))).Items;
        todo.ShouldContain(t => t.Kind == "wish-confirm" && t.Link == $"/Wishes/Details?id={id}");
        (await PostJson(await As("wangge"), $"/api/v1/wishes/{id}/confirm", new { rating = 5, comment = "王大爷很满意" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var done = await AsServer("wangge", id);
        done.Wish.State.ShouldBe(WishState.Closed);
        done.Steps[^1].By.ShouldBe("延中社区网格员（代居民确认）");
    }

    [Fact]
    public async Task The_figures_count_sent_claimed_fulfilled_and_the_average_rating_per_community()
    {
        var baling = await OrgId(DemoOrgs.Baling);
        var community = await Yanzhong;
        var before = await Read<WishFigures.Response>(await (await As("baling")).GetAsync($"/api/v1/wishes/figures?organizationId={baling}"));
        var a = await WallWish(await EnterResident(community));
        var b = await WallWish(await EnterResident(community));
        await WallWish(await EnterResident(community));
        foreach (var (id, rating) in new[] { (a, 5), (b, 2) })
        {
            (await PostJson(await As("dangyuan"), $"/api/v1/wishes/{id}/claim", new { })).StatusCode.ShouldBe(HttpStatusCode.OK);
            (await PostJson(await As("dangyuan"), $"/api/v1/wishes/{id}/fulfil", new { note = "已完成" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
            (await PostJson(await As("admin"), $"/api/v1/wishes/{id}/confirm", new { rating })).StatusCode.ShouldBe(HttpStatusCode.NoContent, "admin collected it");
        }
        var after = await Read<WishFigures.Response>(await (await As("baling")).GetAsync($"/api/v1/wishes/figures?organizationId={baling}"));
        var line = after.Below.Single(l => l.OrganizationId == community);
        var was = before.Below.Single(l => l.OrganizationId == community);
        (line.Sent - was.Sent).ShouldBe(3);
        (line.Claimed - was.Claimed).ShouldBe(2);
        (line.Fulfilled - was.Fulfilled).ShouldBe(2);
        (after.Total.Sent - before.Total.Sent).ShouldBe(3);
        after.Claimers!.ShouldContain(c => c.Kind == ClaimerKind.Member && c.Fulfilled >= 2);
        line.AverageRating.ShouldNotBeNull();
        line.AverageDays.ShouldBe(0, "sent and fulfilled on the same day");
        (await (await As("dangyuan")).GetAsync($"/api/v1/wishes/figures?organizationId={baling}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Of_200_claims_at_once_exactly_one_wins_and_the_others_are_told_who()
    {
        var id = await WallWish(await EnterResident(await Yanzhong));
        var clients = new[] { await As("dangyuan"), await As("baling"), await As("admin"), await As("wangge"), await As("weidu") };
        var responses = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => PostJson(clients[i % clients.Length], $"/api/v1/wishes/{id}/claim", new { })));
        responses.ShouldAllBe(r => (int)r.StatusCode < 500);
        responses.Count(r => r.StatusCode == HttpStatusCode.OK).ShouldBe(1);
        var winner = (await AsServer("admin", id)).Wish.ClaimerName!;
        foreach (var loser in responses.Where(r => r.StatusCode != HttpStatusCode.OK))
        {
            loser.StatusCode.ShouldBe(HttpStatusCode.Conflict);
            (await Read<ProblemBody>(loser, HttpStatusCode.Conflict)).Detail.ShouldBe($"这个心愿已被{winner}认领");
        }
        (await App.WithDbAsync(db => db.WishEvents.CountAsync(e => e.WishId == id && e.Kind == WishEventKind.Claimed))).ShouldBe(1);
    }

    [Fact]
    public async Task A_region_of_many_communities_sees_one_counted_line_per_kind_on_its_to_do_list()
    {
        var branch = await CreateOrganization(await Yanzhong, "心愿测试楼院党支部");
        for (var i = 0; i < 31; i++)
        {
            var community = await CreateOrganization(branch, $"心愿测试第{i}小区党小组", Dangjian.Features.Organizations.OrganizationKind.PartyGroup);
            (await PostJson(await As("admin"), "/api/v1/units", new
            {
                name = $"心愿测试第{i}小区", kind = "Community", isAboveScale = false, areaOrganizationId = branch, coveringOrganizationId = community,
                partyMemberCount = 0, employeeCount = 0,
            })).StatusCode.ShouldBe(HttpStatusCode.Created);
            await WallWish(await EnterResident(community), accept: false);
        }
        var items = (await Read<Dangjian.Features.Todo.TodoEndpoints.Response>(await (await As("baling")).GetAsync("/api/v1/me/todo"))).Items
            .Where(t => t.Kind is "wish-review" or "wish-press" or "wish-supervise").ToList();
        var review = items.ShouldHaveSingleItem();
        review.Kind.ShouldBe("wish-review");
        review.Title.ShouldBe($"审核心愿：{DemoOrgs.Baling}");
        int.Parse(review.Detail[..review.Detail.IndexOf('个', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture).ShouldBeGreaterThanOrEqualTo(31);
        review.Link.ShouldBe("/Wishes/Manage?state=Submitted");
    }
}
