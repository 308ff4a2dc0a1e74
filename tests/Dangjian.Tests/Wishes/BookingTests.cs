using System.Net;
using Dangjian.Features.Bookings;
using Dangjian.Features.Residents;
using Dangjian.Platform.Activity;
using Dangjian.Platform.Http;
using Dangjian.Platform.Time;
using Dangjian.Platform.Todo;
using Dangjian.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Tests.Wishes;

/// <summary>
/// Home-visit bookings over HTTP: the team's kinds, people and rota; a resident books a free slot, reschedules, cancels;
/// the worker records the visit (not before its time) and the resident rates it once; on behalf of a resident without
/// an account; who sees what; bad input; the to-do lists; and 200 bookings of one slot at once.
/// </summary>
public class BookingTests(AppFactory app) : DemoApiTest(app)
{
    private static int _teams;

    private Task<long> Yanzhong => OrgId(DemoOrgs.Yanzhong);

    private DateOnly Tomorrow => App.Today.AddDays(1);

    /// <summary>A new kind at 延中社区 and a worker (with the given account) of its team, made by the street's secretary.</summary>
    private async Task<(long Kind, long Worker)> Team(string? workerAccount = null)
    {
        var street = await As("baling");
        var n = Interlocked.Increment(ref _teams);
        var kind = (await Read<Created>(await PostJson(street, "/api/v1/bookings/kinds",
            new { organizationId = await Yanzhong, name = $"生存认证上门{n}", description = "上门办理养老金资格认证", prepare = "身份证" }), HttpStatusCode.Created)).Id;
        var worker = (await Read<Created>(await PostJson(street, "/api/v1/bookings/workers",
            new { organizationId = await Yanzhong, name = $"服务队员{n}", userName = workerAccount }), HttpStatusCode.Created)).Id;
        return (kind, worker);
    }

    private async Task<AddSlots.Response> Rota(long worker, DateOnly from, DateOnly to, string[] times, int minutes = 60, bool restDays = true) =>
        await Read<AddSlots.Response>(await PostJson(await As("baling"), "/api/v1/bookings/slots",
            new { workerId = worker, from, to, times, minutes, includeRestDays = restDays }));

    /// <summary>The free slots of the kind's team that belong to the test's own worker (the demo team has its rota too).</summary>
    private async Task<List<Offered.Slot>> Free(long kind, long worker)
    {
        var name = await App.WithDbAsync(db => db.ServiceWorkers.AsNoTracking().Where(w => w.Id == worker).Select(w => w.Name).SingleAsync());
        return [.. (await Read<List<Offered.Slot>>(await (await As("jumin")).GetAsync($"/api/v1/me/bookings/slots?kindId={kind}"))).Where(s => s.Worker == name)];
    }

    private static async Task<IReadOnlyList<TodoItem>> Todo(HttpClient client) =>
        (await Read<Dangjian.Features.Todo.TodoEndpoints.Response>(await client.GetAsync("/api/v1/me/todo"))).Items;

    private static object Visit(long kind, long slot, string address = "延中路18号院3号楼2单元401") =>
        new { kindId = kind, slotId = slot, forWhom = "父亲张德福（卧床）", address, note = "老人卧床，请敲门后稍等" };

    private async Task<long> Book(long kind, long slot) =>
        (await Read<Created>(await PostJson(await As("jumin"), "/api/v1/me/bookings", Visit(kind, slot)), HttpStatusCode.Created)).Id;

    private async Task<long> BookFor(long resident, long kind, long slot, string user = "wangge") =>
        (await Read<Created>(await PostJson(await As(user), "/api/v1/bookings", new { residentId = resident, booking = Visit(kind, slot) }), HttpStatusCode.Created)).Id;

    [Fact]
    public async Task A_resident_books_a_home_visit_the_worker_records_it_and_the_resident_rates_it_once()
    {
        var (kind, worker) = await Team("dangyuan");
        var day = Tomorrow;
        (await Rota(worker, day, day, ["9:00", "10:30"])).ShouldBe(new AddSlots.Response(2, 0));
        var resident = await As("jumin");
        (await Read<List<Offered.Kind>>(await resident.GetAsync("/api/v1/me/bookings/kinds"))).ShouldContain(k => k.Id == kind && k.Team == DemoOrgs.Yanzhong);
        var slots = await Free(kind, worker);
        slots.Count.ShouldBe(2);
        var id = await Book(kind, slots[0].Id);
        (await Free(kind, worker)).Select(s => s.Id).ShouldBe([slots[1].Id], "a booked slot is no longer offered");

        var mine = await Read<GetBooking.Response>(await resident.GetAsync($"/api/v1/me/bookings/{id}"));
        mine.Booking.State.ShouldBe(BookingState.Booked);
        mine.Address.ShouldBe("延中路18号院3号楼2单元401");
        mine.MayChange.ShouldBeTrue();
        (await App.WithDbAsync(db => db.Bookings.AsNoTracking().Where(b => b.Id == id).Select(b => b.AddressCipher).SingleAsync())).ShouldNotContain("延中路", Case.Sensitive);

        // The member in the team sees the visit on their list and to-do; recording it must wait for its time.
        var member = await As("dangyuan");
        (await Read<List<BookingRow>>(await member.GetAsync("/api/v1/bookings/visits"))).ShouldContain(b => b.Id == id);
        (await Todo(member)).ShouldContain(t => t.Kind == "booking-visit" && t.Link == $"/Bookings/Details?id={id}");
        (await Read<ProblemBody>(await PostJson(member, $"/api/v1/bookings/{id}/done", new { note = "已认证" }), HttpStatusCode.Conflict)).Detail.ShouldStartWith("还没到上门时间");
        (await Read<ProblemBody>(await PostJson(resident, $"/api/v1/me/bookings/{id}/rating", new { rating = 5 }), HttpStatusCode.Conflict))
            .Detail.ShouldBe("预约已预约，待上门，上门服务完成后才能评价");

        App.Clock.Advance(TimeSpan.FromDays(2));
        (await Problem(await PostJson(member, $"/api/v1/bookings/{id}/done", new { note = "" })))["note"].ShouldBe(["服务情况不能为空"]);
        (await Read<ProblemBody>(await PostJson(await As("wangge"), $"/api/v1/bookings/{id}/done", new { note = "已认证" }), HttpStatusCode.Conflict))
            .Detail.ShouldBe("只有上门的服务人员或社区可以登记服务情况");
        (await PostJson(member, $"/api/v1/bookings/{id}/done", new { note = "已上门完成生存认证，老人身体状况良好" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await Read<ProblemBody>(await PostJson(resident, $"/api/v1/me/bookings/{id}/cancel", new { reason = "不用了" }), HttpStatusCode.Conflict))
            .Detail.ShouldBe("预约已上门，待评价，不能取消");
        (await Todo(resident)).ShouldContain(t => t.Kind == "booking-rate");
        (await Problem(await PostJson(resident, $"/api/v1/me/bookings/{id}/rating", new { rating = 0 })))["rating"].ShouldBe(["请打1到5分"]);
        (await PostJson(resident, $"/api/v1/me/bookings/{id}/rating", new { rating = 5, comment = "很及时" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await Read<ProblemBody>(await PostJson(resident, $"/api/v1/me/bookings/{id}/rating", new { rating = 4 }), HttpStatusCode.Conflict)).Detail.ShouldBe("已经评价过了");

        var done = await Read<GetBooking.Response>(await resident.GetAsync($"/api/v1/me/bookings/{id}"));
        done.Booking.State.ShouldBe(BookingState.Rated);
        done.Booking.Rating.ShouldBe(5);
        done.CompletionNote.ShouldBe("已上门完成生存认证，老人身体状况良好");
        var lines = await App.WithDbAsync(db => db.ActivityEntries.AsNoTracking().Where(a => a.SourceType == nameof(Booking) && a.SourceId == id).OrderBy(a => a.Id).ToListAsync());
        lines.Select(l => (l.Kind, l.Quantity)).ShouldBe([(ActivityKinds.HomeVisit, 1m), (ActivityKinds.HomeVisitRating, 5m)]);
        lines[0].OccurredOn.ShouldBe(day, "the visit is on the day it was made");
        var team = await Read<TeamRota.Response>(await (await As("baling")).GetAsync($"/api/v1/bookings/team?organizationId={await Yanzhong}&from={day:yyyy-MM-dd}&days=1"));
        team.Slots.Single(s => s.Id == slots[0].Id).Booking!.State.ShouldBe(BookingState.Rated);
        team.Kinds.ShouldContain(k => k.Id == kind);
    }

    [Fact]
    public async Task A_resident_reschedules_and_cancels_with_reasons_and_the_slots_are_free_again()
    {
        var (kind, worker) = await Team();
        await Rota(worker, Tomorrow.AddDays(1), Tomorrow.AddDays(1), ["9:00", "14:00", "16:00"]);
        var slots = await Free(kind, worker);
        var id = await Book(kind, slots[0].Id);
        var resident = await As("jumin");
        (await Problem(await PostJson(resident, $"/api/v1/me/bookings/{id}/reschedule", new { slotId = slots[1].Id })))["reason"].ShouldBe(["改约的原因不能为空"]);
        (await Problem(await PostJson(resident, $"/api/v1/me/bookings/{id}/reschedule", new { slotId = slots[0].Id, reason = "上午有事" })))["slotId"]
            .ShouldBe(["请选择另一个上门时段"]);
        (await PostJson(resident, $"/api/v1/me/bookings/{id}/reschedule", new { slotId = slots[1].Id, reason = "上午要去医院" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var moved = await Read<GetBooking.Response>(await resident.GetAsync($"/api/v1/me/bookings/{id}"));
        moved.Booking.StartsAt.ShouldBe(slots[1].StartsAt);
        moved.Reschedules.ShouldBe(1);
        moved.RescheduleReason.ShouldBe("上午要去医院");
        (await Free(kind, worker)).Select(s => s.Id).ShouldBe([slots[0].Id, slots[2].Id]);

        (await Problem(await PostJson(resident, $"/api/v1/me/bookings/{id}/cancel", new { reason = " " })))["reason"].ShouldBe(["取消的原因不能为空"]);
        (await PostJson(resident, $"/api/v1/me/bookings/{id}/cancel", new { reason = "老人已去子女家住" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await Read<ProblemBody>(await PostJson(resident, $"/api/v1/me/bookings/{id}/cancel", new { reason = "再取消" }), HttpStatusCode.Conflict))
            .Detail.ShouldBe("预约已取消，不能取消");
        (await Free(kind, worker)).Count.ShouldBe(3, "a cancelled booking holds nothing");
        // The slot a cancelled booking held is booked again.
        (await Book(kind, slots[1].Id)).ShouldBeGreaterThan(id);
        (await Read<ProblemBody>(await PostJson(await As("baling"), $"/api/v1/bookings/slots/{slots[1].Id}/withdraw", new { }), HttpStatusCode.Conflict))
            .Detail.ShouldBe("这个时段已有预约，请先为居民改约或取消预约");
        (await PostJson(await As("baling"), $"/api/v1/bookings/slots/{slots[2].Id}/withdraw", new { })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await Free(kind, worker)).Select(s => s.Id).ShouldBe([slots[0].Id]);
    }

    [Fact]
    public async Task A_taken_slot_a_slot_in_the_past_and_bad_input_are_refused_and_change_nothing()
    {
        var (kind, worker) = await Team();
        await Rota(worker, Tomorrow.AddDays(2), Tomorrow.AddDays(2), ["9:00"]);
        var slot = (await Free(kind, worker)).Single();
        var entered = await EnterResident(await Yanzhong);
        await BookFor(entered, kind, slot.Id);
        var before = await App.WithDbAsync(db => db.Bookings.CountAsync());
        (await Read<ProblemBody>(await PostJson(await As("jumin"), "/api/v1/me/bookings", Visit(kind, slot.Id)), HttpStatusCode.Conflict))
            .Detail.ShouldBe("这个时段刚刚被别人预约了，请选择其他时段");
        var bad = await Problem(await PostJson(await As("jumin"), "/api/v1/me/bookings", new { kindId = kind, slotId = slot.Id, address = "" }));
        bad["address"].ShouldBe(["上门地址不能为空"]);
        (await Problem(await PostJson(await As("jumin"), "/api/v1/me/bookings", new { kindId = 999999, slotId = slot.Id, address = "x" })))["kindId"]
            .ShouldBe(["请选择本社区提供的服务项目"]);
        (await Problem(await PostJson(await As("jumin"), "/api/v1/me/bookings", new { kindId = kind, slotId = 999999, address = "x" })))["slotId"]
            .ShouldBe(["请选择这项服务的一个上门时段"]);
        (await App.WithDbAsync(db => db.Bookings.CountAsync())).ShouldBe(before);

        // A slot whose time has come is no longer bookable.
        var (soonKind, soonWorker) = await Team();
        var now = App.Clock.GetUtcNow().ToBeijing();
        var start = TimeOnly.FromDateTime(now.DateTime).AddMinutes(30);
        var created = await Rota(soonWorker, DateOnly.FromDateTime(now.DateTime), DateOnly.FromDateTime(now.DateTime), [$"{start.Hour}:{start.Minute:00}"], 15);
        if (created.Created == 1 && start > TimeOnly.FromDateTime(now.DateTime))
        {
            var soon = (await Free(soonKind, soonWorker)).Single();
            App.Clock.Advance(TimeSpan.FromMinutes(45));
            (await Problem(await PostJson(await As("jumin"), "/api/v1/me/bookings", Visit(soonKind, soon.Id))))["slotId"].ShouldBe(["这个时段已经过去了，请选择以后的时段"]);
            (await Free(soonKind, soonWorker)).ShouldBeEmpty();
        }

        // The rota's own checks.
        var street = await As("baling");
        var rota = await Problem(await PostJson(street, "/api/v1/bookings/slots",
            new { workerId = worker, from = App.Today.AddDays(-1), to = App.Today.AddDays(60), times = new[] { "9:00", "9:30", "25:00" }, minutes = 60 }));
        rota["from"].ShouldBe(["开始日期不能早于今天"]);
        rota["times"].ShouldContain("时间“25:00”应写成 9:00 这样");
        rota["times"].ShouldContain("9:00和9:30开始的时段重叠了");
        (await Problem(await PostJson(street, "/api/v1/bookings/slots", new { workerId = worker, from = Tomorrow, to = Tomorrow.AddDays(40), times = new[] { "9:00" } })))["to"]
            .ShouldBe(["结束日期应在开始日期之后，一次最多排31天"]);
        // A slot overlapping one the worker has is skipped, and counted.
        (await Rota(worker, Tomorrow.AddDays(2), Tomorrow.AddDays(2), ["8:30", "11:00"])).ShouldBe(new AddSlots.Response(1, 1));
        (await Problem(await PostJson(street, "/api/v1/bookings/kinds", new { organizationId = await OrgId(DemoOrgs.Guangming), name = "x" })))["organizationId"]
            .ShouldBe(["请选择本辖区的社区或街道（服务队伍所在的组织）"]);
        (await Problem(await PostJson(street, "/api/v1/bookings/workers", new { organizationId = await Yanzhong, name = "王五", userName = "minjing" })))["userName"]
            .ShouldBe(["没有这个账号，或账号不属于本社区（街道）"]);
    }

    [Fact]
    public async Task A_worker_books_for_a_resident_without_an_account_and_rates_for_them_and_nobody_else_sees_it()
    {
        var (kind, worker) = await Team("wangge");
        await Rota(worker, Tomorrow, Tomorrow, ["15:30"]);
        var slot = (await Free(kind, worker)).Single();
        var entered = await EnterResident(await Yanzhong, "刘老太");
        var gridWorker = await As("wangge");
        (await Read<List<Offered.Kind>>(await gridWorker.GetAsync($"/api/v1/bookings/kinds?residentId={entered}"))).ShouldContain(k => k.Id == kind);
        (await Read<List<Offered.Slot>>(await gridWorker.GetAsync($"/api/v1/bookings/slots?residentId={entered}&kindId={kind}"))).ShouldContain(s => s.Id == slot.Id);
        var id = await BookFor(entered, kind, slot.Id);

        // The demo resident is another resident: the booking is absent for them; a branch of another street does not reach it.
        (await (await As("jumin")).GetAsync($"/api/v1/me/bookings/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await (await As("minjing")).GetAsync($"/api/v1/bookings/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var above = await Read<GetBooking.Response>(await (await As("weidu")).GetAsync($"/api/v1/bookings/{id}"));
        above.Address.ShouldNotContain("401", Case.Sensitive, "a level that only oversees sees where, not which door");
        above.Booking.ResidentName.ShouldBe("刘**");
        var own = await Read<GetBooking.Response>(await gridWorker.GetAsync($"/api/v1/bookings/{id}"));
        own.Booking.ResidentName.ShouldBe("刘老太");
        own.MayChange.ShouldBeTrue();
        (await PostJson(await As("dangyuan"), $"/api/v1/bookings/{id}/cancel", new { reason = "x" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        App.Clock.Advance(TimeSpan.FromDays(2));
        (await PostJson(gridWorker, $"/api/v1/bookings/{id}/done", new { note = "已办理" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await Todo(gridWorker)).ShouldContain(t => t.Kind == "booking-rate-for");
        (await Read<ProblemBody>(await PostJson(await As("baling"), $"/api/v1/bookings/{id}/rating", new { rating = 5 }), HttpStatusCode.Conflict))
            .Detail.ShouldBe("只有代为预约的人可以代居民评价");
        (await PostJson(gridWorker, $"/api/v1/bookings/{id}/rating", new { rating = 4 })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await App.WithDbAsync(db => db.Bookings.AsNoTracking().SingleAsync(b => b.Id == id))).RatedBy.ShouldBe("延中社区网格员（代居民评价）");
    }

    [Fact]
    public async Task A_visit_whose_time_has_passed_unrecorded_is_on_the_teams_to_do_list()
    {
        var (kind, worker) = await Team();
        await Rota(worker, Tomorrow, Tomorrow, ["11:00"]);
        var id = await Book(kind, (await Free(kind, worker)).Single().Id);
        App.Clock.Advance(TimeSpan.FromDays(3));
        var todo = await Todo(await As("baling"));
        todo.ShouldContain(t => t.Kind == "booking-late" && t.State == DeadlineState.Overdue && t.Title.EndsWith(DemoOrgs.Yanzhong));
        (await PostJson(await As("baling"), $"/api/v1/bookings/{id}/done", new { note = "补登：已上门" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task Of_200_bookings_of_one_slot_at_once_exactly_one_is_made_and_199_are_told_it_was_taken()
    {
        var (kind, worker) = await Team();
        await Rota(worker, Tomorrow.AddDays(3), Tomorrow.AddDays(3), ["10:00"]);
        var slot = (await Free(kind, worker)).Single();
        var community = await Org(await Yanzhong);
        var residents = await App.WithDbAsync(async db =>
        {
            var rows = Enumerable.Range(0, 200).Select(i => new Resident
            {
                Name = $"并发居民{i}", OrganizationId = community.Id, OrgPath = community.Path, EnteredBy = "测试", CreatedAt = DateTimeOffset.UnixEpoch,
            }).ToList();
            db.Residents.AddRange(rows);
            await db.SaveChangesAsync();
            return rows.Select(r => r.Id).ToList();
        });
        var admin = await As("admin");
        var responses = await Task.WhenAll(residents.Select(r => PostJson(admin, "/api/v1/bookings", new { residentId = r, booking = Visit(kind, slot.Id) })));
        responses.Count(r => r.StatusCode == HttpStatusCode.Created).ShouldBe(1);
        var refused = responses.Where(r => r.StatusCode != HttpStatusCode.Created).ToList();
        refused.Count.ShouldBe(199);
        refused.ShouldAllBe(r => r.StatusCode == HttpStatusCode.Conflict);
        foreach (var r in refused)
        {
            (await Read<ProblemBody>(r, HttpStatusCode.Conflict)).Detail.ShouldBe("这个时段刚刚被别人预约了，请选择其他时段");
        }
        (await App.WithDbAsync(db => db.Bookings.CountAsync(b => b.SlotId == slot.Id))).ShouldBe(1);
    }
}
