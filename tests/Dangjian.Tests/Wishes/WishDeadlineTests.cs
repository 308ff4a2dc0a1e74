using System.Net;
using Dangjian.Features.Wishes;
using Dangjian.Platform.Todo;
using Dangjian.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Tests.Wishes;

/// <summary>
/// A wish's stage deadlines in working days (a deadline crossing a weekend), the state they show, pressing once a stage
/// is overdue, supervision from the level above only past the second limit, each with its record and its notice, and
/// the to-do lists of the community and the street. The class moves its clock forward.
/// </summary>
public class WishDeadlineTests(AppFactory app) : DemoApiTest(app)
{
    private void ToNext(DayOfWeek day)
    {
        while (App.Today.DayOfWeek != day || App.Clock.GetLocalNow().Hour is < 9 or > 16)
        {
            App.Clock.Advance(TimeSpan.FromHours(1));
        }
    }

    private async Task<GetWish.Response> Get(long id) => await Read<GetWish.Response>(await (await As("admin")).GetAsync($"/api/v1/wishes/{id}"));

    [Fact]
    public async Task A_deadline_of_working_days_crosses_the_weekend()
    {
        ToNext(DayOfWeek.Friday);
        var friday = App.Today;
        var holidays = await App.WithDbAsync(db => db.CalendarDays.CountAsync(d => d.Date > friday && d.Date <= friday.AddDays(14)));
        var id = await WallWish(await EnterResident(await OrgId(DemoOrgs.Yanzhong)), accept: false);
        var wish = await Get(id);
        if (holidays == 0)
        {
            // Three working days after a Friday: Monday, Tuesday, Wednesday.
            wish.Wish.Deadline.ShouldBe(friday.AddDays(5));
        }
        wish.Wish.Deadline!.Value.DayOfWeek.ShouldNotBe(DayOfWeek.Saturday);
        wish.Wish.Deadline!.Value.DayOfWeek.ShouldNotBe(DayOfWeek.Sunday);
        wish.Wish.DeadlineState.ShouldBe("正常");
    }

    [Fact]
    public async Task An_overdue_stage_is_pressed_then_supervised_from_above_each_with_its_record()
    {
        var community = await OrgId(DemoOrgs.Yanzhong);
        var id = await WallWish(await EnterResident(community));
        (await PostJson(await As("dangyuan"), $"/api/v1/wishes/{id}/claim", new { })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var deadline = (await Get(id)).Wish.Deadline!.Value;
        (await Read<ProblemBody>(await PostJson(await As("baling"), $"/api/v1/wishes/{id}/press", new { note = "请抓紧" }), HttpStatusCode.Conflict))
            .Detail.ShouldBe($"尚未逾期（期限{deadline:yyyy年M月d日}），不能催办");

        while (App.Today <= deadline)
        {
            App.Clock.Advance(TimeSpan.FromDays(1));
        }
        var overdue = await Get(id);
        overdue.Wish.DeadlineState.ShouldBe("已逾期");
        (await Problem(await PostJson(await As("baling"), $"/api/v1/wishes/{id}/press", new { note = "" })))["note"].ShouldBe(["催办意见不能为空"]);
        (await PostJson(await As("baling"), $"/api/v1/wishes/{id}/press", new { note = "请本周内完成" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var memberTodo = (await Read<Dangjian.Features.Todo.TodoEndpoints.Response>(await (await As("dangyuan")).GetAsync("/api/v1/me/todo"))).Items;
        memberTodo.ShouldContain(t => t.Kind == "wish-fulfil" && t.State == DeadlineState.Overdue && t.Detail.Contains("已被催办"));
        var notice = await App.WithDbAsync(db => db.Notifications.AsNoTracking().Where(n => n.SourceType == "Wish" && n.SourceId == id && n.Title.StartsWith("催办")).SingleAsync());
        notice.MemberId.ShouldNotBeNull();
        (await Read<ProblemBody>(await PostJson(await As("baling"), $"/api/v1/wishes/{id}/supervise", new { note = "督办" }), HttpStatusCode.Conflict))
            .Detail!.ShouldStartWith("逾期未满督办期限");

        var from = overdue.SuperviseFrom!.Value;
        while (App.Today < from)
        {
            App.Clock.Advance(TimeSpan.FromDays(1));
        }
        var streetTodo = (await Read<Dangjian.Features.Todo.TodoEndpoints.Response>(await (await As("baling")).GetAsync("/api/v1/me/todo"))).Items;
        streetTodo.ShouldContain(t => t.Kind == "wish-supervise" && t.Title.Contains(DemoOrgs.Yanzhong));
        (await PostJson(await As("baling"), $"/api/v1/wishes/{id}/supervise", new { note = "街道督办：三日内完成并报告" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var escalations = await App.WithDbAsync(db => db.Escalations.AsNoTracking().Where(e => e.SourceType == "Wish" && e.SourceId == id).OrderBy(e => e.Id).ToListAsync());
        escalations.Select(e => e.Level).ShouldBe([EscalationLevel.Pressed, EscalationLevel.Supervised]);
        escalations.ShouldAllBe(e => e.Stage == "待完成" && e.Deadline == deadline);
        (await Get(id)).Steps.Select(s => s.What).ShouldContain($"督办（待完成，期限{deadline:M月d日}）");
    }
}
