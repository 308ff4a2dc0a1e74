using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Dangjian.Platform.Audit;
using Dangjian.Platform.Data;
using Dangjian.Platform.Security;
using Dangjian.Tests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dangjian.Tests.Access;

/// <summary>A demo account, the organization it works in, and an organization outside its subtree.</summary>
public sealed record MatrixAccount(string UserName, AppRole Role, string ScopeOrganization, string Home, string? Foreign);

/// <summary>One request: what to call, with which body, signed in or not.</summary>
public sealed record Call(HttpMethod Method, string Url, object? Body = null);

/// <summary>
/// A request aimed at an object outside the caller's subtree, and how the refusal reads: 404 when the object is
/// named in the route, 400 naming <see cref="Field"/> when it is named in the body. Either way the object is
/// reported as absent, and an access-denied line is written for (<see cref="EntityType"/>, <see cref="EntityId"/>).
/// </summary>
public sealed record OutsideCall(Call Call, string EntityType, long EntityId, string? Field = null);

/// <summary>
/// One row of the matrix: a route, the permission it needs (none: any signed-in account; <see cref="Anonymous"/>:
/// nobody need be signed in), the status of success, and how to aim it inside and outside the caller's subtree.
/// <see cref="TreeOnly"/>: a route any signed-in account may call that finds its record through the tree, which a
/// resident reads no part of (absent for them even "inside").
/// </summary>
public sealed record RouteRow(
    string Route,
    Permission? Needs,
    HttpStatusCode Success,
    Func<AccessMatrixTests, MatrixAccount, Task<Call>> Inside,
    Func<AccessMatrixTests, MatrixAccount, Task<OutsideCall>>? Outside = null,
    bool Anonymous = false,
    bool TreeOnly = false);

/// <summary>
/// Every /api/v1 route for every demo role, aimed at an object inside and outside the caller's subtree: 403 without
/// the permission (Platform/Security/Permissions.cs), the object reported absent outside the subtree (and audited),
/// success inside. A route added without a row here fails <see cref="Every_api_route_has_a_row_in_the_matrix"/>.
/// </summary>
public class AccessMatrixTests(AppFactory app) : DemoApiTest(app)
{
    public static readonly IReadOnlyList<MatrixAccount> Accounts =
    [
        new("admin", AppRole.OrganizationDepartment, DemoOrgs.Root, DemoOrgs.First, null),
        new("weidu", AppRole.OrganizationDepartment, DemoOrgs.Weidu, DemoOrgs.First, DemoOrgs.Guangming),
        new("baling", AppRole.CommitteeSecretary, DemoOrgs.Baling, DemoOrgs.First, DemoOrgs.Guangming),
        new("zhongyuan", AppRole.OrganizationDepartment, DemoOrgs.Zhongyuan, DemoOrgs.LinshanzhaiFirst, DemoOrgs.First),
        new("yanzhong", AppRole.BranchSecretary, DemoOrgs.First, DemoOrgs.First, DemoOrgs.Guangming),
        new("minjing", AppRole.BranchSecretary, DemoOrgs.Guangming, DemoOrgs.Guangming, DemoOrgs.First),
        new("wangge", AppRole.GridWorker, DemoOrgs.Yanzhong, DemoOrgs.First, DemoOrgs.Guangming),
        new("dangyuan", AppRole.Member, DemoOrgs.First, DemoOrgs.First, DemoOrgs.Guangming),
        new("jumin", AppRole.Resident, DemoOrgs.Yanzhong, DemoOrgs.First, DemoOrgs.Guangming),
    ];

    private static int _sequence;

    private static string Unique(string prefix) => $"{prefix}{Interlocked.Increment(ref _sequence)}";

    private static Call Get(string url) => new(HttpMethod.Get, url);

    private static Call Post(string url, object? body = null) => new(HttpMethod.Post, url, body ?? new { });

    private static Call Put(string url, object body) => new(HttpMethod.Put, url, body);

    private Task<long> Home(MatrixAccount a) => OrgId(a.Home);

    private Task<long> LastJobId() => App.WithDbAsync(db => db.BackgroundJobs.MaxAsync(j => j.Id));

    private Task<long> Foreign(MatrixAccount a) => OrgId(a.Foreign!);

    /// <summary>An organization other than the account's home, where members come from for it to receive.</summary>
    private Task<long> Elsewhere(MatrixAccount a) => OrgId(a.Foreign ?? DemoOrgs.Guangming);

    /// <summary>A resident's account in <paramref name="organizationId"/>, opened by the top administrator; its id.</summary>
    private async Task<string> NewAccountIn(long organizationId)
    {
        var response = await PostJson(await As("admin"), "/api/v1/accounts", new
        {
            userName = Unique("ma"), displayName = "矩阵改账号", role = "Resident", organizationId, initialPassword = "juzhen-kaihu-583",
        });
        return (await Read<CreatedAccount>(response, HttpStatusCode.Created)).Id;
    }

    private sealed record CreatedAccount(string Id);

    private object MeetingBody(long organizationId) => new
    {
        organizationId, kind = "ThemedPartyDay", topic = "矩阵主题党日", startsAt = App.Clock.GetUtcNow().AddMinutes(-30), place = "党群服务中心", hostName = "矩阵书记",
    };

    /// <summary>A meeting planned in the account's foreign organization (when it has one; else nothing is outside its area).</summary>
    private async Task<OutsideCall> ForeignMeeting(MatrixAccount a, Func<long, Call> call)
    {
        var id = await PlanMeeting(await Foreign(a));
        return new(call(id), "Meeting", id);
    }

    /// <summary>The organization (a branch with members in every account's home) with this year's evaluation removed, for one to open.</summary>
    private async Task<long> EvaluatedBranch(long organizationId)
    {
        await App.WithDbAsync(async db =>
        {
            var ids = await db.MemberEvaluations.Where(e => e.OrganizationId == organizationId && e.Year == App.Today.Year).Select(e => e.Id).ToListAsync();
            await db.MemberEvaluationEntries.Where(x => ids.Contains(x.EvaluationId)).BypassingSaveSteps("test arrangement").ExecuteDeleteAsync();
            return await db.MemberEvaluations.Where(e => ids.Contains(e.Id)).BypassingSaveSteps("test arrangement").ExecuteDeleteAsync();
        });
        return organizationId;
    }

    /// <summary>This year's evaluation of the branch, opened when there is none.</summary>
    private async Task<long> Evaluation(long branch)
    {
        var existing = await App.WithDbAsync(db => db.MemberEvaluations.Where(e => e.OrganizationId == branch && e.Year == App.Today.Year).Select(e => (long?)e.Id).FirstOrDefaultAsync());
        return existing ?? (await Read<Created>(await PostJson(await As("admin"), "/api/v1/evaluations", new { organizationId = branch, year = App.Today.Year }),
            HttpStatusCode.Created)).Id;
    }

    private async Task<OutsideCall> ForeignEvaluation(MatrixAccount a, Func<long, Call> call)
    {
        var id = await Evaluation(await Foreign(a));
        return new(call(id), "MemberEvaluation", id);
    }

    /// <summary>A photo on a meeting of the account's foreign organization.</summary>
    private async Task<OutsideCall> ForeignAttachment(MatrixAccount a, Func<long, Call> call)
    {
        var id = await AttachedPhoto(await PlanMeeting(await Foreign(a)));
        return new(call(id), "Attachment", id);
    }

    /// <summary>A training class of the organization ending today, with one trainee (no member record) on its roster; (class, participant).</summary>
    private async Task<(long Class, long Participant)> TrainingClassIn(long organizationId)
    {
        var admin = await As("admin");
        var id = (await Read<Created>(await PostJson(admin, "/api/v1/study/classes", new
        {
            organizationId, title = "矩阵培训班", organizer = "矩阵", startsOn = App.Today, endsOn = App.Today, classHours = 2,
        }), HttpStatusCode.Created)).Id;
        (await PostJson(admin, $"/api/v1/study/classes/{id}/participants", new { guests = new[] { "矩阵学员" } })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var participant = await App.WithDbAsync(db => db.TrainingParticipants.Where(p => p.ClassId == id).Select(p => p.Id).SingleAsync());
        return (id, participant);
    }

    private async Task<long> MarkedClassIn(long organizationId)
    {
        var (id, participant) = await TrainingClassIn(organizationId);
        (await PutJson(await As("admin"), $"/api/v1/study/classes/{id}/attendance", new { marks = new[] { new { participantId = participant, attended = true } } }))
            .StatusCode.ShouldBe(HttpStatusCode.NoContent);
        return id;
    }

    private async Task<long> HomeVisitIn(long organizationId) =>
        (await Read<Created>(await PostJson(await As("admin"), "/api/v1/study/home-visits", new
        {
            memberId = await SomeMemberOf(organizationId), reason = "Sick", visitedOn = App.Today, content = "矩阵送学", hours = 1, otherVisitors = "矩阵志愿者",
        }), HttpStatusCode.Created)).Id;

    /// <summary>A bank of the organization with one true/false question; (bank, question).</summary>
    private async Task<(long Bank, long Question)> BankIn(long organizationId)
    {
        var admin = await As("admin");
        var bank = (await Read<Created>(await PostJson(admin, "/api/v1/study/banks", new { organizationId, title = "矩阵题库" }), HttpStatusCode.Created)).Id;
        (await PostJson(admin, $"/api/v1/study/banks/{bank}/questions", new { questions = new[] { new { kind = "TrueFalse", text = "矩阵判断题", answer = "对" } } }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        return (bank, await App.WithDbAsync(db => db.Questions.Where(q => q.BankId == bank).Select(q => q.Id).SingleAsync()));
    }

    private object ContestBody(long organizationId, long bank) => new
    {
        organizationId, title = "矩阵竞赛", bankId = bank, singleCount = 0, multipleCount = 0, trueFalseCount = 1, trueFalsePoints = 10, timeLimitMinutes = 5,
        opensAt = App.Clock.GetUtcNow().AddMinutes(-1), closesAt = App.Clock.GetUtcNow().AddDays(1),
    };

    private async Task<long> ContestIn(long organizationId) =>
        (await Read<Created>(await PostJson(await As("admin"), "/api/v1/study/contests", ContestBody(organizationId, (await BankIn(organizationId)).Bank)), HttpStatusCode.Created)).Id;

    /// <summary>
    /// A community below an organization (a Party group covering a community unit, made once per organization): every
    /// account that serves residents serves it, and every account that runs their service stands above it.
    /// </summary>
    private async Task<long> CommunityBelow(long organizationId)
    {
        var name = $"矩阵社区{organizationId}党小组";
        var existing = await App.WithDbAsync(db => db.Organizations.AsNoTracking().Where(o => o.Name == name).Select(o => (long?)o.Id).FirstOrDefaultAsync());
        if (existing is { } id)
        {
            return id;
        }
        var community = await CreateOrganization(organizationId, name, Dangjian.Features.Organizations.OrganizationKind.PartyGroup);
        (await PostJson(await As("admin"), "/api/v1/units", new
        {
            name = $"矩阵社区{organizationId}", kind = "Community", isAboveScale = false, areaOrganizationId = organizationId, coveringOrganizationId = community,
            partyMemberCount = 0, employeeCount = 0,
        })).StatusCode.ShouldBe(HttpStatusCode.Created);
        return community;
    }

    private static bool Serves(MatrixAccount a) => PermissionCatalog.Has(a.Role, Permission.ServeResidents);

    /// <summary>The account itself when it may collect wishes; admin otherwise (the call is refused before the wish matters).</summary>
    private static string Collector(MatrixAccount a) => Serves(a) ? a.UserName : "admin";

    private async Task<long> HomeCommunity(MatrixAccount a) => await CommunityBelow(await Home(a));

    /// <summary>A wish in a community, collected by <paramref name="collector"/>; accepted onto the wall unless told otherwise.</summary>
    private async Task<long> WishIn(long community, string collector = "admin", bool accept = true) =>
        await WallWish(await EnterResident(community), collector, accept);

    /// <summary>A wish on the wall of the account's community, claimed by the account.</summary>
    private async Task<long> ClaimedBy(MatrixAccount a)
    {
        var id = await WishIn(await HomeCommunity(a));
        if (!Serves(a))
        {
            return id;
        }
        (await PostJson(await As(a.UserName), $"/api/v1/wishes/{id}/claim", new { })).StatusCode.ShouldBe(HttpStatusCode.OK);
        return id;
    }

    /// <summary>A wish the account collected, claimed and fulfilled by someone else: waiting for the account to confirm it for the resident.</summary>
    private async Task<long> FulfilledFor(MatrixAccount a)
    {
        var id = await WishIn(await HomeCommunity(a), Collector(a));
        var claimer = a.UserName == "admin" ? "baling" : "admin";
        (await PostJson(await As(claimer), $"/api/v1/wishes/{id}/claim", new { asOrganization = true })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await PostJson(await As(claimer), $"/api/v1/wishes/{id}/fulfil", new { note = "已完成" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        return id;
    }

    /// <summary>A wish of the demo resident, fulfilled by admin for the root organization.</summary>
    private async Task<long> ResidentsFulfilledWish()
    {
        var id = (await Read<Created>(await PostJson(await As("jumin"), "/api/v1/me/wishes", new { title = "矩阵心愿", category = "Other" }), HttpStatusCode.Created)).Id;
        var admin = await As("admin");
        (await PostJson(admin, $"/api/v1/wishes/{id}/review", new { accept = true })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await PostJson(admin, $"/api/v1/wishes/{id}/claim", new { asOrganization = true })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await PostJson(admin, $"/api/v1/wishes/{id}/fulfil", new { note = "已完成" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        return id;
    }

    private async Task<long> ResidentsWish() =>
        (await Read<Created>(await PostJson(await As("jumin"), "/api/v1/me/wishes", new { title = "矩阵心愿", category = "Other" }), HttpStatusCode.Created)).Id;

    private async Task<long> WishPhoto(long wishId, string path)
    {
        var form = new MultipartFormDataContent { { new ByteArrayContent(TestImages.Png()), "file", "photo.png" } };
        var client = path.StartsWith("/api/v1/me/", StringComparison.Ordinal) ? await As("jumin") : await As("admin");
        return (await Read<Created>(await client.PostAsync($"{path}/{wishId}/photos", form), HttpStatusCode.Created)).Id;
    }

    /// <summary>A wish whose stage is overdue (and due for supervision): its deadline moved back in the database.</summary>
    private async Task<long> OverdueWish(long community)
    {
        var id = await WishIn(community);
        var past = App.Today.AddDays(-30);
        await App.WithDbAsync(db => db.Wishes.Where(w => w.Id == id)
            .BypassingSaveSteps("a test moves a deadline back instead of the clock, which the matrix shares")
            .ExecuteUpdateAsync(u => u.SetProperty(w => w.Deadline, past).SetProperty(w => w.SuperviseFrom, past)));
        return id;
    }

    private readonly Dictionary<(long, string?), (long Kind, long Worker)> _teams = [];
    private static int _slotSequence;

    /// <summary>A matrix home-visit team in a community (made by admin once per community and worker account): its kind and its worker.</summary>
    private async Task<(long Kind, long Worker)> MatrixTeam(long community, string? workerAccount = null)
    {
        if (_teams.TryGetValue((community, workerAccount), out var team))
        {
            return team;
        }
        var admin = await As("admin");
        var kinds = await App.WithDbAsync(db => db.ServiceKinds.AsNoTracking().Where(k => k.OrganizationId == community).Select(k => (long?)k.Id).FirstOrDefaultAsync());
        var kind = kinds ?? (await Read<Created>(await PostJson(admin, "/api/v1/bookings/kinds", new { organizationId = community, name = "矩阵上门服务" }), HttpStatusCode.Created)).Id;
        var worker = (await Read<Created>(await PostJson(admin, "/api/v1/bookings/workers",
            new { organizationId = community, name = $"矩阵队员{_teams.Count}", userName = workerAccount }), HttpStatusCode.Created)).Id;
        return _teams[(community, workerAccount)] = (kind, worker);
    }

    /// <summary>A new free slot of the community's matrix team, at a time no other matrix slot has.</summary>
    private async Task<long> MatrixSlot(long community, string? workerAccount = null)
    {
        var (_, worker) = await MatrixTeam(community, workerAccount);
        var n = Interlocked.Increment(ref _slotSequence);
        var day = App.Today.AddDays(2 + n / 12);
        var hour = 7 + n % 12;
        (await Read<Dangjian.Features.Bookings.AddSlots.Response>(await PostJson(await As("admin"), "/api/v1/bookings/slots",
            new { workerId = worker, from = day, to = day, times = new[] { $"{hour}:00" }, minutes = 30, includeRestDays = true }))).Created.ShouldBe(1);
        var start = Dangjian.Platform.Time.BeijingDay.Start(day).AddHours(hour);
        return await App.WithDbAsync(db => db.ServiceSlots.AsNoTracking().Where(x => x.WorkerId == worker && x.StartsAt == start).Select(x => x.Id).SingleAsync());
    }

    private object ActivityBody(long community)
    {
        var starts = Dangjian.Platform.Time.BeijingDay.Start(App.Today.AddDays(3)).AddHours(19);
        return new { communityId = community, title = "矩阵活动", place = "矩阵广场", startsAt = starts, endsAt = starts.AddHours(2), quota = 10 };
    }

    private static string Booker(MatrixAccount a) => Serves(a) ? a.UserName : "admin";

    private static string? WorkerAccount(MatrixAccount a) => Serves(a) ? a.UserName : null;

    private static object MatrixVisit(long kind, long slot) => new { kindId = kind, slotId = slot, address = "矩阵路1号" };

    /// <summary>A home visit booked in a community by <paramref name="booker"/> for a resident entered there, with the worker of that account when given.</summary>
    private async Task<long> MatrixBooking(long community, string booker = "admin", string? workerAccount = null)
    {
        var slot = await MatrixSlot(community, workerAccount);
        var (kind, _) = await MatrixTeam(community, workerAccount);
        return (await Read<Created>(await PostJson(await As(booker), "/api/v1/bookings",
            new { residentId = await EnterResident(community), booking = MatrixVisit(kind, slot) }), HttpStatusCode.Created)).Id;
    }

    /// <summary>The booking's time moved to yesterday (the matrix shares its clock): it may now be recorded; done too when asked.</summary>
    private async Task<long> Passed(long booking, bool done = false)
    {
        // A minute apart per booking: one worker's bookings never share a start.
        var startsAt = App.Clock.GetUtcNow().AddDays(-1).AddMinutes(-booking);
        var state = done ? Dangjian.Features.Bookings.BookingState.Done : Dangjian.Features.Bookings.BookingState.Booked;
        await App.WithDbAsync(db => db.Bookings.Where(b => b.Id == booking)
            .BypassingSaveSteps("a test moves a visit into the past instead of the clock, which the matrix shares")
            .ExecuteUpdateAsync(u => u.SetProperty(b => b.StartsAt, startsAt).SetProperty(b => b.EndsAt, startsAt.AddMinutes(30)).SetProperty(b => b.State, state)));
        return booking;
    }

    /// <summary>A booking of the demo resident (made by them) at 延中社区; 0 for an account that is refused before the booking matters.</summary>
    private async Task<long> ResidentsBooking(MatrixAccount a, bool done = false)
    {
        if (a.Role != AppRole.Resident)
        {
            return 0;
        }
        var community = await OrgId(DemoOrgs.Yanzhong);
        var slot = await MatrixSlot(community);
        var (kind, _) = await MatrixTeam(community);
        var id = (await Read<Created>(await PostJson(await As("jumin"), "/api/v1/me/bookings", MatrixVisit(kind, slot)), HttpStatusCode.Created)).Id;
        return done ? await Passed(id, done: true) : id;
    }

    private async Task<long> BookingPhoto(long booking)
    {
        var form = new MultipartFormDataContent { { new ByteArrayContent(TestImages.Png()), "file", "photo.png" } };
        return (await Read<Created>(await (await As("admin")).PostAsync($"/api/v1/bookings/{booking}/photos", form), HttpStatusCode.Created)).Id;
    }

    private async Task<OutsideCall> ForeignBooking(MatrixAccount a, Func<long, Call> call)
    {
        var id = await MatrixBooking(await CommunityBelow(await Foreign(a)));
        return new(call(id), "Booking", id);
    }

    private async Task<OutsideCall> ForeignResident(MatrixAccount a, Func<long, Call> call)
    {
        var id = await EnterResident(await CommunityBelow(await Foreign(a)));
        return new(call(id), "Resident", id, "residentId");
    }

    /// <summary>A new community of its own (a Party group covering a community unit under the root): a unit's report-in is once per community.</summary>
    private async Task<long> FreshCommunity() => await CommunityBelow(await CreateOrganization(await OrgId(DemoOrgs.Root), Unique("矩阵报到支部")));

    /// <summary>A unit report-in, by admin, of a new Party group below the branch <paramref name="organization"/> with <paramref name="community"/>; confirmed when asked.</summary>
    private async Task<long> UnitRegistration(long organization, long community, bool confirm = false)
    {
        var unit = await CreateOrganization(organization, Unique("矩阵报到单位"), Dangjian.Features.Organizations.OrganizationKind.PartyGroup);
        var admin = await As("admin");
        var id = (await Read<Created>(await PostJson(admin, "/api/v1/report-in/registrations", new { organizationId = unit, communityId = community }), HttpStatusCode.Created)).Id;
        if (confirm)
        {
            (await PostJson(admin, $"/api/v1/report-in/registrations/{id}/decide", new { confirm = true })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        }
        return id;
    }

    /// <summary>Hours reported to a community, waiting to be verified (written directly: the member's own report needs their own account).</summary>
    private Task<long> ReportedHours(long community) => App.WithDbAsync(async db =>
    {
        var org = await db.Organizations.AsNoTracking().SingleAsync(o => o.Id == community);
        var member = await db.Members.AsNoTracking().Where(m => m.LeftAt == null).OrderBy(m => m.Id).FirstAsync();
        var hours = new Dangjian.Features.ReportIn.ServiceHours
        {
            MemberId = member.Id, MemberName = member.Name, OrganizationId = member.OrganizationId, OrgPath = member.OrgPath, CommunityId = org.Id, CommunityPath = org.Path,
            Date = App.Today, From = new TimeOnly(6, 0), To = new TimeOnly(7, 0), Hours = 1, OutsideHours = 1, What = "矩阵服务",
            State = Dangjian.Features.ReportIn.HoursState.Reported, CreatedAt = App.Clock.GetUtcNow(),
        };
        db.ServiceHours.Add(hours);
        await db.SaveChangesAsync();
        return hours.Id;
    });

    private async Task<string> NewCardCode()
    {
        var id = await UnitRegistration(await OrgId(DemoOrgs.First), await FreshCommunity());
        return await App.WithDbAsync(db => db.ReportInRegistrations.AsNoTracking().Where(r => r.Id == id).Select(r => r.CardCode).SingleAsync());
    }

    private static int _phones;

    private async Task<Call> Registration()
    {
        var phone = $"1360000{Interlocked.Increment(ref _phones):0000}";
        (await PostJson(App.AnonymousClient(), "/api/v1/public/residents/verification", new { phone })).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var code = App.Services.GetRequiredService<SentMessages>().LastCodeTo(phone);
        return Post("/api/v1/public/residents", new { phone, code, name = "矩阵居民", password = "Jz#2026-matrix", communityId = await OrgId(DemoOrgs.Yanzhong) });
    }

    private async Task<OutsideCall> ForeignWish(MatrixAccount a, Func<long, Call> call)
    {
        var id = await WishIn(await CommunityBelow(await Foreign(a)));
        return new(call(id), "Wish", id);
    }

    private async Task<OutsideCall> ForeignStudy(MatrixAccount a, string entityType, Func<long, Task<long>> create, Func<long, Call> call)
    {
        var id = await create(await Foreign(a));
        return new(call(id), entityType, id);
    }

    private object IncomingBody(long organizationId) => new
    {
        member = People.Full(organizationId, Unique("转入")),
        fromExternal = "外市某党支部",
        letterNumber = NewLetterNumber("MX"),
        duesPaidThrough = "2026-10",
        receiptNumber = "MX-HZ",
    };

    private static byte[]? _matrixSheet;

    /// <summary>A one-question sheet for the import route (built once).</summary>
    private static async Task<byte[]> QuestionSheetFile() =>
        _matrixSheet ??= await Study.QuizTests.Sheet([["判断", "矩阵导入题", "", "", "", "", "", "", "对", ""]]);

    public static readonly IReadOnlyList<RouteRow> Rows =
    [
        // Accounts
        new("POST /api/v1/auth/token", null, HttpStatusCode.OK,
            (t, a) => Task.FromResult(Post("/api/v1/auth/token", new { userName = a.UserName, password = "dangjian2026" })), Anonymous: true),
        new("GET /api/v1/me", null, HttpStatusCode.OK, (t, a) => Task.FromResult(Get("/api/v1/me"))),
        // Reaching the handler is what the row shows: a wrong current password keeps the demo password as it is.
        new("POST /api/v1/me/password", null, HttpStatusCode.BadRequest,
            (t, a) => Task.FromResult(Post("/api/v1/me/password", new { currentPassword = "wrong-password1", newPassword = "xinmima2026ab" }))),
        new("GET /api/v1/accounts", Permission.ManageAccounts, HttpStatusCode.OK, (t, a) => Task.FromResult(Get("/api/v1/accounts"))),
        new("POST /api/v1/accounts", Permission.ManageAccounts, HttpStatusCode.Created,
            async (t, a) => Post("/api/v1/accounts", new { userName = Unique("mx"), displayName = "矩阵账号", role = a.Role, organizationId = await t.Home(a), initialPassword = "juzhen-kaihu-583" }),
            async (t, a) => new(Post("/api/v1/accounts", new { userName = Unique("mx"), displayName = "越界账号", role = a.Role, organizationId = await t.Foreign(a), initialPassword = "juzhen-kaihu-583" }),
                "Organization", await t.Foreign(a), "organizationId")),
        new("PUT /api/v1/accounts/{id}", Permission.ManageAccounts, HttpStatusCode.NoContent,
            async (t, a) => Put($"/api/v1/accounts/{await t.NewAccountIn(await t.Home(a))}", new { role = "Resident", organizationId = await t.Home(a), disabled = true }),
            async (t, a) => new(Put($"/api/v1/accounts/{await t.NewAccountIn(await t.Foreign(a))}", new { role = "Resident", organizationId = await t.Home(a), disabled = true }),
                "Organization", await t.Foreign(a))),
        new("POST /api/v1/accounts/{id}/unlock", Permission.ManageAccounts, HttpStatusCode.NoContent,
            async (t, a) => Post($"/api/v1/accounts/{await t.NewAccountIn(await t.Home(a))}/unlock"),
            async (t, a) => new(Post($"/api/v1/accounts/{await t.NewAccountIn(await t.Foreign(a))}/unlock"), "Organization", await t.Foreign(a))),
        new("POST /api/v1/accounts/{id}/password-reset", Permission.ManageAccounts, HttpStatusCode.OK,
            async (t, a) => Post($"/api/v1/accounts/{await t.NewAccountIn(await t.Home(a))}/password-reset"),
            async (t, a) => new(Post($"/api/v1/accounts/{await t.NewAccountIn(await t.Foreign(a))}/password-reset"), "Organization", await t.Foreign(a))),
        new("POST /api/v1/auth/sign-out", null, HttpStatusCode.NoContent, (t, a) => Task.FromResult(Post("/api/v1/auth/sign-out"))),

        // Organizations
        new("GET /api/v1/organizations", Permission.ViewOrganizations, HttpStatusCode.OK,
            async (t, a) => Get($"/api/v1/organizations?parentId={await t.Home(a)}"),
            async (t, a) => new(Get($"/api/v1/organizations?parentId={await t.Foreign(a)}"), "Organization", await t.Foreign(a))),
        new("GET /api/v1/organizations/directory", Permission.ViewOrganizations, HttpStatusCode.OK,
            (t, a) => Task.FromResult(Get("/api/v1/organizations/directory?q=社区"))),
        new("GET /api/v1/organizations/search", Permission.ViewOrganizations, HttpStatusCode.OK,
            async (t, a) => Get($"/api/v1/organizations/search?parentId={await t.Home(a)}"),
            async (t, a) => new(Get($"/api/v1/organizations/search?parentId={await t.Foreign(a)}"), "Organization", await t.Foreign(a))),
        new("GET /api/v1/organizations/{id}", Permission.ViewOrganizations, HttpStatusCode.OK,
            async (t, a) => Get($"/api/v1/organizations/{await t.Home(a)}"),
            async (t, a) => new(Get($"/api/v1/organizations/{await t.Foreign(a)}"), "Organization", await t.Foreign(a))),
        new("POST /api/v1/organizations", Permission.ManageOrganizations, HttpStatusCode.Created,
            async (t, a) => Post("/api/v1/organizations", new { parentId = await t.Home(a), name = Unique("矩阵党小组"), kind = "PartyGroup" }),
            async (t, a) => new(Post("/api/v1/organizations", new { parentId = await t.Foreign(a), name = Unique("越界党小组"), kind = "PartyGroup" }),
                "Organization", await t.Foreign(a), "parentId")),
        new("PUT /api/v1/organizations/{id}", Permission.ManageOrganizations, HttpStatusCode.NoContent,
            async (t, a) => Put($"/api/v1/organizations/{await t.CreateOrganization(await t.Home(a), Unique("矩阵待改"), Dangjian.Features.Organizations.OrganizationKind.PartyGroup)}",
                new { name = Unique("矩阵已改"), kind = "PartyGroup" }),
            async (t, a) => new(Put($"/api/v1/organizations/{await t.Foreign(a)}", new { name = Unique("越界改名"), kind = "Branch" }), "Organization", await t.Foreign(a))),
        new("POST /api/v1/organizations/{id}/move", Permission.ManageOrganizations, HttpStatusCode.NoContent,
            async (t, a) =>
            {
                var home = await t.Home(a);
                // The accounts that may move organizations sit at committees; a branch (whose accounts may not) holds
                // only Party groups, and its group "moves" to where it already is.
                if ((await t.Org(home)).Kind is Dangjian.Features.Organizations.OrganizationKind.Branch)
                {
                    var group = await t.CreateOrganization(home, Unique("矩阵移动组"), Dangjian.Features.Organizations.OrganizationKind.PartyGroup);
                    return Post($"/api/v1/organizations/{group}/move", new { newParentId = home });
                }
                var moving = await t.CreateOrganization(home, Unique("矩阵移动"), Dangjian.Features.Organizations.OrganizationKind.Branch);
                var target = await t.CreateOrganization(home, Unique("矩阵新上级"), Dangjian.Features.Organizations.OrganizationKind.GeneralBranch);
                return Post($"/api/v1/organizations/{moving}/move", new { newParentId = target });
            },
            async (t, a) => new(Post($"/api/v1/organizations/{await t.Foreign(a)}/move", new { newParentId = await t.Home(a) }), "Organization", await t.Foreign(a))),
        new("PUT /api/v1/organizations/{id}/contact", Permission.ManageOrganizations, HttpStatusCode.NoContent,
            async (t, a) => Put($"/api/v1/organizations/{await t.Home(a)}/contact", new { phone = "0374-5" + Random.Shared.Next(100000, 999999), address = "矩阵路1号" }),
            async (t, a) => new(Put($"/api/v1/organizations/{await t.Foreign(a)}/contact", new { phone = "0374-5123456" }), "Organization", await t.Foreign(a))),
        new("POST /api/v1/organizations/{id}/dissolve", Permission.ManageOrganizations, HttpStatusCode.NoContent,
            async (t, a) => Post($"/api/v1/organizations/{await t.CreateOrganization(await t.Home(a), Unique("矩阵撤销"), Dangjian.Features.Organizations.OrganizationKind.PartyGroup)}/dissolve"),
            async (t, a) => new(Post($"/api/v1/organizations/{await t.Foreign(a)}/dissolve"), "Organization", await t.Foreign(a))),
        new("POST /api/v1/organizations/{id}/part-time-committee-members", Permission.ManageOrganizations, HttpStatusCode.Created,
            async (t, a) => Post($"/api/v1/organizations/{await t.Home(a)}/part-time-committee-members", new { name = "矩阵委员", unitId = await t.CreateUnit(await t.Home(a), Unique("矩阵驻区单位")) }),
            async (t, a) => new(Post($"/api/v1/organizations/{await t.Foreign(a)}/part-time-committee-members", new { name = "越界委员", unitId = await t.CreateUnit(await t.Foreign(a), Unique("越界驻区单位")) }),
                "Organization", await t.Foreign(a))),

        // Units
        new("GET /api/v1/units", Permission.ViewOrganizations, HttpStatusCode.OK, (t, a) => Task.FromResult(Get("/api/v1/units"))),
        new("GET /api/v1/units/coverage", Permission.ViewOrganizations, HttpStatusCode.OK,
            async (t, a) => Get($"/api/v1/units/coverage?organizationId={await t.Home(a)}"),
            async (t, a) => new(Get($"/api/v1/units/coverage?organizationId={await t.Foreign(a)}"), "Organization", await t.Foreign(a))),
        new("GET /api/v1/units/{id}", Permission.ViewOrganizations, HttpStatusCode.OK,
            async (t, a) => Get($"/api/v1/units/{await t.CreateUnit(await t.Home(a), Unique("矩阵查看单位"))}"),
            async (t, a) =>
            {
                var unit = await t.CreateUnit(await t.Foreign(a), Unique("越界查看单位"));
                return new(Get($"/api/v1/units/{unit}"), "Unit", unit);
            }),
        new("POST /api/v1/units", Permission.ManageOrganizations, HttpStatusCode.Created,
            async (t, a) => Post("/api/v1/units", new { name = Unique("矩阵单位"), kind = "Market", areaOrganizationId = await t.Home(a), partyMemberCount = 0, employeeCount = 1 }),
            async (t, a) => new(Post("/api/v1/units", new { name = Unique("越界单位"), kind = "Market", areaOrganizationId = await t.Foreign(a), partyMemberCount = 0, employeeCount = 1 }),
                "Organization", await t.Foreign(a), "areaOrganizationId")),
        new("POST /api/v1/units/{id}/instructors", Permission.ManageOrganizations, HttpStatusCode.Created,
            async (t, a) => Post($"/api/v1/units/{await t.CreateUnit(await t.Home(a), Unique("矩阵指导单位"))}/instructors", new { name = "矩阵指导员" }),
            async (t, a) =>
            {
                var unit = await t.CreateUnit(await t.Foreign(a), Unique("越界指导单位"));
                return new(Post($"/api/v1/units/{unit}/instructors", new { name = "越界指导员" }), "Unit", unit);
            }),

        // Members
        new("GET /api/v1/members", Permission.ViewMembers, HttpStatusCode.OK,
            async (t, a) => Get($"/api/v1/members?organizationId={await t.Home(a)}"),
            async (t, a) => new(Get($"/api/v1/members?organizationId={await t.Foreign(a)}"), "Organization", await t.Foreign(a))),
        new("GET /api/v1/members/stats", Permission.ViewMembers, HttpStatusCode.OK,
            async (t, a) => Get($"/api/v1/members/stats?organizationId={await t.Home(a)}"),
            async (t, a) => new(Get($"/api/v1/members/stats?organizationId={await t.Foreign(a)}"), "Organization", await t.Foreign(a))),
        new("GET /api/v1/members/{id}", Permission.ViewMembers, HttpStatusCode.OK,
            async (t, a) => Get($"/api/v1/members/{await t.SomeMemberOf(await t.Home(a))}"),
            async (t, a) =>
            {
                var member = await t.SomeMemberOf(await t.Foreign(a));
                return new(Get($"/api/v1/members/{member}"), "Member", member);
            }),
        // A call needs a number: the member is created with one.
        new("POST /api/v1/members/{id}/call", Permission.CallMembers, HttpStatusCode.OK,
            async (t, a) => Post($"/api/v1/members/{await t.CreateMember(await t.Home(a), Unique("矩阵拨号"))}/call"),
            async (t, a) =>
            {
                var member = await t.CreateMember(await t.Foreign(a), Unique("矩阵拨号外"));
                return new(Post($"/api/v1/members/{member}/call"), "Member", member);
            }),
        new("POST /api/v1/members/{id}/reveal", Permission.RevealPersonalData, HttpStatusCode.OK,
            async (t, a) => Post($"/api/v1/members/{await t.SomeMemberOf(await t.Home(a))}/reveal"),
            async (t, a) =>
            {
                var member = await t.SomeMemberOf(await t.Foreign(a));
                return new(Post($"/api/v1/members/{member}/reveal"), "Member", member);
            }),
        // Excel: the template carries no data; import resolves organizations by name inside the caller's subtree only
        // (an outside name is a row error, covered by the Excel tests); export takes the list's filters.
        new("GET /api/v1/members/import-template.xlsx", Permission.ImportExportMembers, HttpStatusCode.OK,
            (t, a) => Task.FromResult(Get("/api/v1/members/import-template.xlsx"))),
        new("POST /api/v1/members/import", Permission.ImportExportMembers, HttpStatusCode.OK,
            (t, a) => Task.FromResult(new Call(HttpMethod.Post, "/api/v1/members/import", Dangjian.Tests.Members.ExcelBooks.Sheet(
                [Dangjian.Tests.Members.ExcelBooks.Person(Unique("矩阵导入"), a.Home)])))),
        new("POST /api/v1/members/imports", Permission.ImportExportMembers, HttpStatusCode.Accepted,
            (t, a) => Task.FromResult(new Call(HttpMethod.Post, "/api/v1/members/imports", Dangjian.Tests.Members.ExcelBooks.Sheet(
                [Dangjian.Tests.Members.ExcelBooks.Person(Unique("矩阵后台导入"), a.Home)])))),
        new("GET /api/v1/members/export.xlsx", Permission.ImportExportMembers, HttpStatusCode.OK,
            async (t, a) => Get($"/api/v1/members/export.xlsx?organizationId={await t.Home(a)}"),
            async (t, a) => new(Get($"/api/v1/members/export.xlsx?organizationId={await t.Foreign(a)}"), "Organization", await t.Foreign(a))),
        new("POST /api/v1/members/exports", Permission.ImportExportMembers, HttpStatusCode.Accepted,
            async (t, a) => Post($"/api/v1/members/exports?organizationId={await t.Home(a)}"),
            async (t, a) => new(Post($"/api/v1/members/exports?organizationId={await t.Foreign(a)}"), "Organization", await t.Foreign(a))),
        new("POST /api/v1/members", Permission.ManageMembers, HttpStatusCode.Created,
            async (t, a) => Post("/api/v1/members", People.Full(await t.Home(a), Unique("矩阵甲"))),
            async (t, a) => new(Post("/api/v1/members", People.Full(await t.Foreign(a), Unique("越界甲"))), "Organization", await t.Foreign(a), "organizationId")),
        new("PUT /api/v1/members/{id}", Permission.ManageMembers, HttpStatusCode.NoContent,
            async (t, a) =>
            {
                var input = People.Full(await t.Home(a), Unique("矩阵乙"));
                var member = await t.CreateMember(input);
                return Put($"/api/v1/members/{member}", input with { Address = "矩阵新住址" });
            },
            async (t, a) =>
            {
                var foreign = await t.Foreign(a);
                var member = await t.SomeMemberOf(foreign);
                return new(Put($"/api/v1/members/{member}", People.Full(foreign, "越界改名")), "Member", member);
            }),

        // Transfers
        new("GET /api/v1/transfers", Permission.ManageTransfers, HttpStatusCode.OK, (t, a) => Task.FromResult(Get("/api/v1/transfers"))),
        new("GET /api/v1/transfers/{id}", Permission.ManageTransfers, HttpStatusCode.OK,
            async (t, a) => Get($"/api/v1/transfers/{await t.IssueTransfer(await t.CreateMember(await t.Home(a), Unique("矩阵己")), null)}"),
            async (t, a) =>
            {
                var transfer = await t.IssueTransfer(await t.CreateMember(await t.Foreign(a), Unique("越界己")), null);
                return new(Get($"/api/v1/transfers/{transfer}"), "Transfer", transfer);
            }),
        new("GET /api/v1/transfers/{id}/letter", Permission.ManageTransfers, HttpStatusCode.OK,
            async (t, a) => Get($"/api/v1/transfers/{await t.IssueTransfer(await t.CreateMember(await t.Home(a), Unique("矩阵辛")), null)}/letter"),
            async (t, a) =>
            {
                var transfer = await t.IssueTransfer(await t.CreateMember(await t.Foreign(a), Unique("越界辛")), null);
                return new(Get($"/api/v1/transfers/{transfer}/letter"), "Transfer", transfer);
            }),
        new("POST /api/v1/transfers", Permission.ManageTransfers, HttpStatusCode.Created,
            async (t, a) => Post("/api/v1/transfers", new { memberId = await t.CreateMember(await t.Home(a), Unique("矩阵丙")), toExternal = "外市", letterNumber = NewLetterNumber("MX"), duesPaidThrough = "2026-10" }),
            async (t, a) =>
            {
                var member = await t.SomeMemberOf(await t.Foreign(a));
                return new(Post("/api/v1/transfers", new { memberId = member, toExternal = "外市", letterNumber = NewLetterNumber("MX"), duesPaidThrough = "2026-10" }), "Member", member, "memberId");
            }),
        new("POST /api/v1/transfers/{id}/receive", Permission.ManageTransfers, HttpStatusCode.NoContent,
            async (t, a) =>
            {
                var member = await t.CreateMember(await t.Elsewhere(a), Unique("矩阵丁"));
                return Post($"/api/v1/transfers/{await t.IssueTransfer(member, await t.Home(a))}/receive", new { receiptNumber = "MX-HZ" });
            },
            async (t, a) =>
            {
                var member = await t.CreateMember(await t.Home(a), Unique("越界丁"));
                var transfer = await t.IssueTransfer(member, await t.Foreign(a));
                return new(Post($"/api/v1/transfers/{transfer}/receive", new { receiptNumber = "MX-HZ" }), "Transfer", transfer);
            }),
        new("POST /api/v1/transfers/{id}/cancel", Permission.ManageTransfers, HttpStatusCode.NoContent,
            async (t, a) => Post($"/api/v1/transfers/{await t.IssueTransfer(await t.CreateMember(await t.Home(a), Unique("矩阵戊")), null)}/cancel", new { reason = "矩阵" }),
            async (t, a) =>
            {
                var transfer = await t.IssueTransfer(await t.CreateMember(await t.Foreign(a), Unique("越界戊")), null);
                return new(Post($"/api/v1/transfers/{transfer}/cancel", new { reason = "越界" }), "Transfer", transfer);
            }),
        new("POST /api/v1/transfers/{id}/extend", Permission.ManageTransfers, HttpStatusCode.OK,
            async (t, a) => Post($"/api/v1/transfers/{await t.IssueTransfer(await t.CreateMember(await t.Home(a), Unique("矩阵庚")), null)}/extend"),
            async (t, a) =>
            {
                var transfer = await t.IssueTransfer(await t.CreateMember(await t.Foreign(a), Unique("越界庚")), null);
                return new(Post($"/api/v1/transfers/{transfer}/extend"), "Transfer", transfer);
            }),
        new("POST /api/v1/transfers/incoming", Permission.ManageTransfers, HttpStatusCode.Created,
            async (t, a) => Post("/api/v1/transfers/incoming", t.IncomingBody(await t.Home(a))),
            async (t, a) => new(Post("/api/v1/transfers/incoming", t.IncomingBody(await t.Foreign(a))), "Organization", await t.Foreign(a), "member.organizationId")),

        // Background jobs: any signed-in account sees its own, and only its own.
        new("GET /api/v1/jobs", null, HttpStatusCode.OK, (t, a) => Task.FromResult(Get("/api/v1/jobs"))),
        new("GET /api/v1/jobs/{id}", null, HttpStatusCode.OK,
            async (t, a) => Get($"/api/v1/jobs/{await t.CreateJob(a.UserName, a.ScopeOrganization)}"),
            async (t, a) => new(Get($"/api/v1/jobs/{await t.CreateJob("someone-elsewhere", a.Foreign!)}"), "BackgroundJob", await t.LastJobId()), TreeOnly: true),
        new("GET /api/v1/jobs/{id}/file", null, HttpStatusCode.OK,
            async (t, a) => Get($"/api/v1/jobs/{await t.CreateJob(a.UserName, a.ScopeOrganization)}/file"),
            async (t, a) => new(Get($"/api/v1/jobs/{await t.CreateJob("someone-elsewhere", a.Foreign!)}/file"), "BackgroundJob", await t.LastJobId()), TreeOnly: true),

        // Meetings (organization life)
        new("GET /api/v1/meetings", Permission.ManageMeetings, HttpStatusCode.OK,
            async (t, a) => Get($"/api/v1/meetings?organizationId={await t.Home(a)}"),
            async (t, a) => new(Get($"/api/v1/meetings?organizationId={await t.Foreign(a)}"), "Organization", await t.Foreign(a))),
        new("GET /api/v1/meetings/{id}", Permission.ManageMeetings, HttpStatusCode.OK,
            async (t, a) => Get($"/api/v1/meetings/{await t.PlanMeeting(await t.Home(a))}"),
            (t, a) => t.ForeignMeeting(a, id => Get($"/api/v1/meetings/{id}"))),
        new("POST /api/v1/meetings", Permission.ManageMeetings, HttpStatusCode.Created,
            async (t, a) => Post("/api/v1/meetings", t.MeetingBody(await t.Home(a))),
            async (t, a) => new(Post("/api/v1/meetings", t.MeetingBody(await t.Foreign(a))), "Organization", await t.Foreign(a), "organizationId")),
        new("PUT /api/v1/meetings/{id}", Permission.ManageMeetings, HttpStatusCode.NoContent,
            async (t, a) => Put($"/api/v1/meetings/{await t.PlanMeeting(await t.Home(a))}", t.MeetingBody(await t.Home(a))),
            (t, a) => t.ForeignMeeting(a, id => Put($"/api/v1/meetings/{id}", t.MeetingBody(0)))),
        new("POST /api/v1/meetings/{id}/attendance", Permission.ManageMeetings, HttpStatusCode.NoContent,
            async (t, a) =>
            {
                var home = await t.Home(a);
                return Post($"/api/v1/meetings/{await t.PlanMeeting(home)}/attendance", new { marks = new[] { new { memberId = await t.SomeMemberOf(home), attendance = "Present" } } });
            },
            (t, a) => t.ForeignMeeting(a, id => Post($"/api/v1/meetings/{id}/attendance", new { marks = new[] { new { memberId = 1, attendance = "Present" } } }))),
        new("PUT /api/v1/meetings/{id}/minutes", Permission.ManageMeetings, HttpStatusCode.NoContent,
            async (t, a) => Put($"/api/v1/meetings/{await t.PlanMeeting(await t.Home(a))}/minutes", new { minutes = "矩阵记录" }),
            (t, a) => t.ForeignMeeting(a, id => Put($"/api/v1/meetings/{id}/minutes", new { minutes = "越界记录" }))),
        new("POST /api/v1/meetings/{id}/minutes/approve", Permission.ManageMeetings, HttpStatusCode.NoContent,
            async (t, a) =>
            {
                var id = await t.PlanMeeting(await t.Home(a));
                (await PutJson(await t.As("admin"), $"/api/v1/meetings/{id}/minutes", new { minutes = "矩阵记录" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
                return Post($"/api/v1/meetings/{id}/minutes/approve");
            },
            (t, a) => t.ForeignMeeting(a, id => Post($"/api/v1/meetings/{id}/minutes/approve"))),
        new("POST /api/v1/meetings/{id}/hold", Permission.ManageMeetings, HttpStatusCode.NoContent,
            async (t, a) => Post($"/api/v1/meetings/{await t.PlanMeeting(await t.Home(a))}/hold"),
            (t, a) => t.ForeignMeeting(a, id => Post($"/api/v1/meetings/{id}/hold"))),
        new("POST /api/v1/meetings/{id}/close", Permission.ManageMeetings, HttpStatusCode.NoContent,
            async (t, a) => Post($"/api/v1/meetings/{await t.MeetingReadyToClose(await t.Home(a))}/close"),
            (t, a) => t.ForeignMeeting(a, id => Post($"/api/v1/meetings/{id}/close"))),
        new("POST /api/v1/meetings/{id}/cancel", Permission.ManageMeetings, HttpStatusCode.NoContent,
            async (t, a) => Post($"/api/v1/meetings/{await t.PlanMeeting(await t.Home(a), startsAt: t.App.Clock.GetUtcNow().AddDays(2))}/cancel", new { reason = "矩阵取消" }),
            (t, a) => t.ForeignMeeting(a, id => Post($"/api/v1/meetings/{id}/cancel", new { reason = "越界取消" }))),
        new("POST /api/v1/meetings/{id}/corrections", Permission.ManageMeetings, HttpStatusCode.NoContent,
            async (t, a) => Post($"/api/v1/meetings/{await t.ClosedMeeting(await t.Home(a))}/corrections", new { field = "place", value = "矩阵会议室", reason = "矩阵更正" }),
            (t, a) => t.ForeignMeeting(a, id => Post($"/api/v1/meetings/{id}/corrections", new { field = "place", value = "越界", reason = "越界更正" }))),
        new("GET /api/v1/meetings/{id}/sign-in-code", Permission.ManageMeetings, HttpStatusCode.OK,
            async (t, a) => Get($"/api/v1/meetings/{await t.PlanMeeting(await t.Home(a))}/sign-in-code"),
            (t, a) => t.ForeignMeeting(a, id => Get($"/api/v1/meetings/{id}/sign-in-code"))),
        // Reaching the handler is what the row shows: a made-up code is refused alike for every caller and meeting.
        new("POST /api/v1/meetings/{id}/sign-in", Permission.AttendMeetings, HttpStatusCode.BadRequest,
            async (t, a) => Post($"/api/v1/meetings/{await t.PlanMeeting(await t.Home(a))}/sign-in", new { code = "0123456789abcdef0123" })),
        new("GET /api/v1/me/meetings", Permission.AttendMeetings, HttpStatusCode.OK, (t, a) => Task.FromResult(Get("/api/v1/me/meetings"))),
        new("POST /api/v1/meetings/{id}/attachments", Permission.ManageMeetings, HttpStatusCode.Created,
            async (t, a) => new Call(HttpMethod.Post, $"/api/v1/meetings/{await t.PlanMeeting(await t.Home(a))}/attachments", TestImages.Png()),
            (t, a) => t.ForeignMeeting(a, id => new Call(HttpMethod.Post, $"/api/v1/meetings/{id}/attachments", TestImages.Png()))),
        new("DELETE /api/v1/meetings/{id}/attachments/{attachmentId}", Permission.ManageMeetings, HttpStatusCode.NoContent,
            async (t, a) =>
            {
                var meeting = await t.PlanMeeting(await t.Home(a));
                return new Call(HttpMethod.Delete, $"/api/v1/meetings/{meeting}/attachments/{await t.AttachedPhoto(meeting)}");
            },
            (t, a) => t.ForeignMeeting(a, id => new Call(HttpMethod.Delete, $"/api/v1/meetings/{id}/attachments/1"))),
        // Any signed-in person reaches the handler; the file is served only within the scope of its meeting.
        new("GET /api/v1/attachments/{id}", null, HttpStatusCode.OK,
            async (t, a) => Get($"/api/v1/attachments/{await t.AttachedPhoto(await t.PlanMeeting(await t.Home(a)))}"),
            async (t, a) => await t.ForeignAttachment(a, id => Get($"/api/v1/attachments/{id}")), TreeOnly: true),
        new("GET /api/v1/attachments/{id}/thumbnail", null, HttpStatusCode.OK,
            async (t, a) => Get($"/api/v1/attachments/{await t.AttachedPhoto(await t.PlanMeeting(await t.Home(a)))}/thumbnail"),
            async (t, a) => await t.ForeignAttachment(a, id => Get($"/api/v1/attachments/{id}/thumbnail")), TreeOnly: true),
        new("POST /api/v1/meetings/{id}/notify", Permission.ManageMeetings, HttpStatusCode.OK,
            async (t, a) => Post($"/api/v1/meetings/{await t.PlanMeeting(await t.Home(a), startsAt: t.App.Clock.GetUtcNow().AddDays(2))}/notify"),
            (t, a) => t.ForeignMeeting(a, id => Post($"/api/v1/meetings/{id}/notify"))),
        new("GET /api/v1/evaluations", Permission.ManageMeetings, HttpStatusCode.OK,
            async (t, a) => Get($"/api/v1/evaluations?organizationId={await t.Home(a)}"),
            async (t, a) => new(Get($"/api/v1/evaluations?organizationId={await t.Foreign(a)}"), "Organization", await t.Foreign(a))),
        new("POST /api/v1/evaluations", Permission.ManageMeetings, HttpStatusCode.Created,
            async (t, a) => Post("/api/v1/evaluations", new { organizationId = await t.EvaluatedBranch(await t.Home(a)), year = t.App.Today.Year }),
            async (t, a) => new(Post("/api/v1/evaluations", new { organizationId = await t.Foreign(a), year = t.App.Today.Year }), "Organization", await t.Foreign(a), "organizationId")),
        new("GET /api/v1/evaluations/{id}", Permission.ManageMeetings, HttpStatusCode.OK,
            async (t, a) => Get($"/api/v1/evaluations/{await t.Evaluation(await t.Home(a))}"),
            async (t, a) => await t.ForeignEvaluation(a, id => Get($"/api/v1/evaluations/{id}"))),
        new("PUT /api/v1/evaluations/{id}/entries", Permission.ManageMeetings, HttpStatusCode.NoContent,
            async (t, a) =>
            {
                var id = await t.Evaluation(await t.Home(a));
                var member = await t.App.WithDbAsync(db => db.MemberEvaluationEntries.Where(x => x.EvaluationId == id).Select(x => x.MemberId).FirstAsync());
                return Put($"/api/v1/evaluations/{id}/entries", new { marks = new[] { new { memberId = member, grade = "Qualified" } } });
            },
            async (t, a) => await t.ForeignEvaluation(a, id => Put($"/api/v1/evaluations/{id}/entries", new { marks = new[] { new { memberId = 1, grade = "Qualified" } } }))),
        new("POST /api/v1/evaluations/{id}/close", Permission.ManageMeetings, HttpStatusCode.Conflict,
            async (t, a) => Post($"/api/v1/evaluations/{await t.Evaluation(await t.Home(a))}/close"),
            async (t, a) => await t.ForeignEvaluation(a, id => Post($"/api/v1/evaluations/{id}/close"))),
        new("GET /api/v1/evaluations/{id}/sheet.xlsx", Permission.ManageMeetings, HttpStatusCode.OK,
            async (t, a) => Get($"/api/v1/evaluations/{await t.Evaluation(await t.Home(a))}/sheet.xlsx"),
            async (t, a) => await t.ForeignEvaluation(a, id => Get($"/api/v1/evaluations/{id}/sheet.xlsx"))),
        new("GET /api/v1/me/notifications", null, HttpStatusCode.OK, (t, a) => Task.FromResult(Get("/api/v1/me/notifications"))),
        // No one has notice 0: reaching the handler answers 404.
        new("POST /api/v1/me/notifications/{id}/read", null, HttpStatusCode.NotFound, (t, a) => Task.FromResult(Post("/api/v1/me/notifications/0/read"))),
        new("POST /api/v1/me/notifications/read", null, HttpStatusCode.NoContent, (t, a) => Task.FromResult(Post("/api/v1/me/notifications/read"))),
        new("GET /api/v1/me/todo", null, HttpStatusCode.OK, (t, a) => Task.FromResult(Get("/api/v1/me/todo"))),
        new("GET /api/v1/meetings/compliance/grid", Permission.ManageMeetings, HttpStatusCode.OK,
            async (t, a) => Get($"/api/v1/meetings/compliance/grid?organizationId={await t.Home(a)}&kind=ThemedPartyDay"),
            async (t, a) => new(Get($"/api/v1/meetings/compliance/grid?organizationId={await t.Foreign(a)}&kind=ThemedPartyDay"), "Organization", await t.Foreign(a))),
        new("GET /api/v1/meetings/compliance/grid.xlsx", Permission.ManageMeetings, HttpStatusCode.OK,
            async (t, a) => Get($"/api/v1/meetings/compliance/grid.xlsx?organizationId={await t.Home(a)}&kind=ThemedPartyDay"),
            async (t, a) => new(Get($"/api/v1/meetings/compliance/grid.xlsx?organizationId={await t.Foreign(a)}&kind=ThemedPartyDay"), "Organization", await t.Foreign(a))),
        new("GET /api/v1/meetings/compliance/summary", Permission.ManageMeetings, HttpStatusCode.OK,
            async (t, a) => Get($"/api/v1/meetings/compliance/summary?organizationId={await t.Home(a)}"),
            async (t, a) => new(Get($"/api/v1/meetings/compliance/summary?organizationId={await t.Foreign(a)}"), "Organization", await t.Foreign(a))),
        new("GET /api/v1/meetings/compliance", Permission.ManageMeetings, HttpStatusCode.OK,
            async (t, a) => Get($"/api/v1/meetings/compliance?organizationId={await t.Home(a)}"),
            async (t, a) => new(Get($"/api/v1/meetings/compliance?organizationId={await t.Foreign(a)}"), "Organization", await t.Foreign(a))),

        // Study
        new("GET /api/v1/study/classes", Permission.ManageMeetings, HttpStatusCode.OK,
            async (t, a) => Get($"/api/v1/study/classes?organizationId={await t.Home(a)}"),
            async (t, a) => new(Get($"/api/v1/study/classes?organizationId={await t.Foreign(a)}"), "Organization", await t.Foreign(a))),
        new("POST /api/v1/study/classes", Permission.ManageMeetings, HttpStatusCode.Created,
            async (t, a) => Post("/api/v1/study/classes", new { organizationId = await t.Home(a), title = "矩阵培训班", organizer = "矩阵", startsOn = t.App.Today, endsOn = t.App.Today, classHours = 2 }),
            async (t, a) => new(Post("/api/v1/study/classes", new { organizationId = await t.Foreign(a), title = "越界", organizer = "越界", startsOn = t.App.Today, endsOn = t.App.Today, classHours = 2 }),
                "Organization", await t.Foreign(a), "organizationId")),
        new("GET /api/v1/study/classes/{id}", Permission.ManageMeetings, HttpStatusCode.OK,
            async (t, a) => Get($"/api/v1/study/classes/{(await t.TrainingClassIn(await t.Home(a))).Class}"),
            (t, a) => t.ForeignStudy(a, "TrainingClass", async o => (await t.TrainingClassIn(o)).Class, id => Get($"/api/v1/study/classes/{id}"))),
        new("POST /api/v1/study/classes/{id}/participants", Permission.ManageMeetings, HttpStatusCode.NoContent,
            async (t, a) => Post($"/api/v1/study/classes/{(await t.TrainingClassIn(await t.Home(a))).Class}/participants", new { guests = new[] { "矩阵学员二" } }),
            (t, a) => t.ForeignStudy(a, "TrainingClass", async o => (await t.TrainingClassIn(o)).Class, id => Post($"/api/v1/study/classes/{id}/participants", new { guests = new[] { "越界" } }))),
        new("PUT /api/v1/study/classes/{id}/attendance", Permission.ManageMeetings, HttpStatusCode.NoContent,
            async (t, a) =>
            {
                var (id, participant) = await t.TrainingClassIn(await t.Home(a));
                return Put($"/api/v1/study/classes/{id}/attendance", new { marks = new[] { new { participantId = participant, attended = true } } });
            },
            (t, a) => t.ForeignStudy(a, "TrainingClass", async o => (await t.TrainingClassIn(o)).Class,
                id => Put($"/api/v1/study/classes/{id}/attendance", new { marks = new[] { new { participantId = 1, attended = true } } }))),
        new("POST /api/v1/study/classes/{id}/close", Permission.ManageMeetings, HttpStatusCode.NoContent,
            async (t, a) => Post($"/api/v1/study/classes/{await t.MarkedClassIn(await t.Home(a))}/close"),
            (t, a) => t.ForeignStudy(a, "TrainingClass", t.MarkedClassIn, id => Post($"/api/v1/study/classes/{id}/close"))),
        new("GET /api/v1/study/hours", Permission.ManageMeetings, HttpStatusCode.OK,
            async (t, a) => Get($"/api/v1/study/hours?organizationId={await t.Home(a)}"),
            async (t, a) => new(Get($"/api/v1/study/hours?organizationId={await t.Foreign(a)}"), "Organization", await t.Foreign(a))),
        new("GET /api/v1/study/home-visits", Permission.ManageMeetings, HttpStatusCode.OK,
            async (t, a) => Get($"/api/v1/study/home-visits?organizationId={await t.Home(a)}"),
            async (t, a) => new(Get($"/api/v1/study/home-visits?organizationId={await t.Foreign(a)}"), "Organization", await t.Foreign(a))),
        new("POST /api/v1/study/home-visits", Permission.ManageMeetings, HttpStatusCode.Created,
            async (t, a) => Post("/api/v1/study/home-visits", new
            {
                memberId = await t.SomeMemberOf(await t.Home(a)), reason = "Elderly", visitedOn = t.App.Today, content = "矩阵送学", hours = 1, otherVisitors = "矩阵志愿者",
            }),
            async (t, a) =>
            {
                var member = await t.SomeMemberOf(await t.Foreign(a));
                return new(Post("/api/v1/study/home-visits", new { memberId = member, reason = "Elderly", visitedOn = t.App.Today, content = "越界", hours = 1, otherVisitors = "越界" }),
                    "Member", member, "memberId");
            }),
        new("POST /api/v1/study/home-visits/{id}/withdraw", Permission.ManageMeetings, HttpStatusCode.NoContent,
            async (t, a) => Post($"/api/v1/study/home-visits/{await t.HomeVisitIn(await t.Home(a))}/withdraw"),
            (t, a) => t.ForeignStudy(a, "HomeStudyVisit", t.HomeVisitIn, id => Post($"/api/v1/study/home-visits/{id}/withdraw"))),
        new("GET /api/v1/study/banks", Permission.ManageMeetings, HttpStatusCode.OK,
            async (t, a) => Get($"/api/v1/study/banks?organizationId={await t.Home(a)}"),
            async (t, a) => new(Get($"/api/v1/study/banks?organizationId={await t.Foreign(a)}"), "Organization", await t.Foreign(a))),
        new("POST /api/v1/study/banks", Permission.ManageMeetings, HttpStatusCode.Created,
            async (t, a) => Post("/api/v1/study/banks", new { organizationId = await t.Home(a), title = "矩阵题库" }),
            async (t, a) => new(Post("/api/v1/study/banks", new { organizationId = await t.Foreign(a), title = "越界" }), "Organization", await t.Foreign(a), "organizationId")),
        new("GET /api/v1/study/banks/template.xlsx", Permission.ManageMeetings, HttpStatusCode.OK, (t, a) => Task.FromResult(Get("/api/v1/study/banks/template.xlsx"))),
        new("GET /api/v1/study/banks/{id}", Permission.ManageMeetings, HttpStatusCode.OK,
            async (t, a) => Get($"/api/v1/study/banks/{(await t.BankIn(await t.Home(a))).Bank}"),
            (t, a) => t.ForeignStudy(a, "QuestionBank", async o => (await t.BankIn(o)).Bank, id => Get($"/api/v1/study/banks/{id}"))),
        new("POST /api/v1/study/banks/{id}/questions", Permission.ManageMeetings, HttpStatusCode.OK,
            async (t, a) => Post($"/api/v1/study/banks/{(await t.BankIn(await t.Home(a))).Bank}/questions", new { questions = new[] { new { kind = "TrueFalse", text = "矩阵题", answer = "错" } } }),
            (t, a) => t.ForeignStudy(a, "QuestionBank", async o => (await t.BankIn(o)).Bank,
                id => Post($"/api/v1/study/banks/{id}/questions", new { questions = new[] { new { kind = "TrueFalse", text = "越界", answer = "错" } } }))),
        new("POST /api/v1/study/banks/{id}/import", Permission.ManageMeetings, HttpStatusCode.OK,
            async (t, a) => new Call(HttpMethod.Post, $"/api/v1/study/banks/{(await t.BankIn(await t.Home(a))).Bank}/import", await QuestionSheetFile()),
            (t, a) => t.ForeignStudy(a, "QuestionBank", async o => (await t.BankIn(o)).Bank, id => new Call(HttpMethod.Post, $"/api/v1/study/banks/{id}/import", _matrixSheet!))),
        new("DELETE /api/v1/study/banks/{id}/questions/{questionId}", Permission.ManageMeetings, HttpStatusCode.NoContent,
            async (t, a) =>
            {
                var (bank, question) = await t.BankIn(await t.Home(a));
                return new Call(HttpMethod.Delete, $"/api/v1/study/banks/{bank}/questions/{question}");
            },
            (t, a) => t.ForeignStudy(a, "QuestionBank", async o => (await t.BankIn(o)).Bank, id => new Call(HttpMethod.Delete, $"/api/v1/study/banks/{id}/questions/1"))),
        new("GET /api/v1/study/contests", Permission.ManageMeetings, HttpStatusCode.OK,
            async (t, a) => Get($"/api/v1/study/contests?organizationId={await t.Home(a)}"),
            async (t, a) => new(Get($"/api/v1/study/contests?organizationId={await t.Foreign(a)}"), "Organization", await t.Foreign(a))),
        new("POST /api/v1/study/contests", Permission.ManageMeetings, HttpStatusCode.Created,
            async (t, a) => Post("/api/v1/study/contests", t.ContestBody(await t.Home(a), (await t.BankIn(await t.Home(a))).Bank)),
            async (t, a) => new(Post("/api/v1/study/contests", t.ContestBody(await t.Foreign(a), (await t.BankIn(await t.Home(a))).Bank)), "Organization", await t.Foreign(a), "organizationId")),
        new("GET /api/v1/study/contests/{id}", Permission.ManageMeetings, HttpStatusCode.OK,
            async (t, a) => Get($"/api/v1/study/contests/{await t.ContestIn(await t.Home(a))}"),
            (t, a) => t.ForeignStudy(a, "Contest", t.ContestIn, id => Get($"/api/v1/study/contests/{id}"))),
        new("GET /api/v1/study/contests/{id}/ranking", Permission.ManageMeetings, HttpStatusCode.OK,
            async (t, a) => Get($"/api/v1/study/contests/{await t.ContestIn(await t.Home(a))}/ranking"),
            (t, a) => t.ForeignStudy(a, "Contest", t.ContestIn, id => Get($"/api/v1/study/contests/{id}/ranking"))),
        new("GET /api/v1/me/study", Permission.AttendMeetings, HttpStatusCode.OK, (t, a) => Task.FromResult(Get("/api/v1/me/study"))),
        // No contest 0: reaching the handler answers 404 for everyone (QuizTests take real papers, and reach another area's contest).
        new("POST /api/v1/me/contests/{id}/paper", Permission.AttendMeetings, HttpStatusCode.NotFound, (t, a) => Task.FromResult(Post("/api/v1/me/contests/0/paper"))),
        new("GET /api/v1/me/contests/{id}/paper", Permission.AttendMeetings, HttpStatusCode.NotFound, (t, a) => Task.FromResult(Get("/api/v1/me/contests/0/paper"))),
        new("POST /api/v1/me/contests/{id}/paper/submit", Permission.AttendMeetings, HttpStatusCode.NotFound,
            (t, a) => Task.FromResult(Post("/api/v1/me/contests/0/paper/submit", new { answers = Array.Empty<object>() }))),
        new("GET /api/v1/me/contests/{id}/ranking", Permission.AttendMeetings, HttpStatusCode.NotFound, (t, a) => Task.FromResult(Get("/api/v1/me/contests/0/ranking"))),

        // The working-day calendar: anyone signed in reads it; an organization department sets a day (the same day each time).
        new("GET /api/v1/public/communities", null, HttpStatusCode.OK, (t, a) => Task.FromResult(Get("/api/v1/public/communities?q=社区")), Anonymous: true),
        new("POST /api/v1/public/residents/verification", null, HttpStatusCode.Accepted,
            (t, a) => Task.FromResult(Post("/api/v1/public/residents/verification", new { phone = $"1350000{Interlocked.Increment(ref _phones):0000}" })), Anonymous: true),
        new("POST /api/v1/public/residents", null, HttpStatusCode.Created, (t, a) => t.Registration(), Anonymous: true),
        new("GET /api/v1/me/resident", Permission.UseResidentServices, HttpStatusCode.OK, (t, a) => Task.FromResult(Get("/api/v1/me/resident"))),
        new("GET /api/v1/me/wishes", Permission.UseResidentServices, HttpStatusCode.OK, (t, a) => Task.FromResult(Get("/api/v1/me/wishes"))),
        new("POST /api/v1/me/wishes", Permission.UseResidentServices, HttpStatusCode.Created,
            (t, a) => Task.FromResult(Post("/api/v1/me/wishes", new { title = "矩阵心愿", category = "Other" }))),
        new("GET /api/v1/me/wishes/{id}", Permission.UseResidentServices, HttpStatusCode.OK, async (t, a) => Get($"/api/v1/me/wishes/{await t.ResidentsWish()}"),
            async (t, a) => { var id = await t.WishIn(await t.OrgId(DemoOrgs.Yanzhong)); return new(Get($"/api/v1/me/wishes/{id}"), "Wish", id); }),
        new("POST /api/v1/me/wishes/{id}/photos", Permission.UseResidentServices, HttpStatusCode.Created,
            async (t, a) => new Call(HttpMethod.Post, $"/api/v1/me/wishes/{await t.ResidentsWish()}/photos", TestImages.Png()),
            async (t, a) => { var id = await t.WishIn(await t.OrgId(DemoOrgs.Yanzhong), accept: false); return new(new Call(HttpMethod.Post, $"/api/v1/me/wishes/{id}/photos", TestImages.Png()), "Wish", id); }),
        new("GET /api/v1/me/wishes/{id}/photos/{attachmentId}", Permission.UseResidentServices, HttpStatusCode.OK,
            async (t, a) => { var id = await t.ResidentsWish(); return Get($"/api/v1/me/wishes/{id}/photos/{await t.WishPhoto(id, "/api/v1/me/wishes")}"); },
            async (t, a) => { var id = await t.WishIn(await t.OrgId(DemoOrgs.Yanzhong), accept: false); return new(Get($"/api/v1/me/wishes/{id}/photos/{await t.WishPhoto(id, "/api/v1/wishes")}"), "Wish", id); }),
        new("POST /api/v1/me/wishes/{id}/rating", Permission.UseResidentServices, HttpStatusCode.NoContent,
            async (t, a) => Post($"/api/v1/me/wishes/{await t.ResidentsFulfilledWish()}/rating", new { rating = 5 }),
            async (t, a) => { var id = await t.WishIn(await t.OrgId(DemoOrgs.Yanzhong)); return new(Post($"/api/v1/me/wishes/{id}/rating", new { rating = 5 }), "Wish", id); }),
        new("POST /api/v1/me/wishes/{id}/withdraw", Permission.UseResidentServices, HttpStatusCode.NoContent,
            async (t, a) => Post($"/api/v1/me/wishes/{await t.ResidentsWish()}/withdraw", new { reason = "不需要了" }),
            async (t, a) => { var id = await t.WishIn(await t.OrgId(DemoOrgs.Yanzhong)); return new(Post($"/api/v1/me/wishes/{id}/withdraw", new { reason = "越界" }), "Wish", id); }),
        new("GET /api/v1/wishes/wall", Permission.ServeResidents, HttpStatusCode.OK,
            async (t, a) => Get($"/api/v1/wishes/wall?organizationId={await t.HomeCommunity(a)}"),
            async (t, a) => { var c = await t.CommunityBelow(await t.Foreign(a)); return new(Get($"/api/v1/wishes/wall?organizationId={c}"), "Organization", c); }),
        new("GET /api/v1/wishes/claimed", Permission.ServeResidents, HttpStatusCode.OK, (t, a) => Task.FromResult(Get("/api/v1/wishes/claimed"))),
        new("POST /api/v1/wishes", Permission.ServeResidents, HttpStatusCode.Created,
            async (t, a) => Post("/api/v1/wishes", new { residentId = await t.EnterResident(await t.HomeCommunity(a)), wish = new { title = "矩阵心愿", category = "Other" } }),
            async (t, a) =>
            {
                var resident = await t.EnterResident(await t.CommunityBelow(await t.Foreign(a)));
                return new(Post("/api/v1/wishes", new { residentId = resident, wish = new { title = "越界", category = "Other" } }), "Resident", resident, "residentId");
            }),
        new("GET /api/v1/wishes/{id}", Permission.ServeResidents, HttpStatusCode.OK,
            async (t, a) => Get($"/api/v1/wishes/{await t.WishIn(await t.HomeCommunity(a))}"), (t, a) => t.ForeignWish(a, id => Get($"/api/v1/wishes/{id}"))),
        new("POST /api/v1/wishes/{id}/claim", Permission.ServeResidents, HttpStatusCode.OK,
            async (t, a) => Post($"/api/v1/wishes/{await t.WishIn(await t.HomeCommunity(a))}/claim"), (t, a) => t.ForeignWish(a, id => Post($"/api/v1/wishes/{id}/claim"))),
        new("POST /api/v1/wishes/{id}/withdraw-claim", Permission.ServeResidents, HttpStatusCode.NoContent,
            async (t, a) => Post($"/api/v1/wishes/{await t.ClaimedBy(a)}/withdraw-claim", new { reason = "另有安排" }),
            (t, a) => t.ForeignWish(a, id => Post($"/api/v1/wishes/{id}/withdraw-claim", new { reason = "越界" }))),
        new("POST /api/v1/wishes/{id}/fulfil", Permission.ServeResidents, HttpStatusCode.NoContent,
            async (t, a) => Post($"/api/v1/wishes/{await t.ClaimedBy(a)}/fulfil", new { note = "已送到" }),
            (t, a) => t.ForeignWish(a, id => Post($"/api/v1/wishes/{id}/fulfil", new { note = "越界" }))),
        new("POST /api/v1/wishes/{id}/confirm", Permission.ServeResidents, HttpStatusCode.NoContent,
            async (t, a) => Post($"/api/v1/wishes/{await t.FulfilledFor(a)}/confirm", new { rating = 5 }),
            (t, a) => t.ForeignWish(a, id => Post($"/api/v1/wishes/{id}/confirm", new { rating = 5 }))),
        new("POST /api/v1/wishes/{id}/withdraw", Permission.ServeResidents, HttpStatusCode.NoContent,
            async (t, a) => Post($"/api/v1/wishes/{await t.WishIn(await t.HomeCommunity(a), Collector(a))}/withdraw", new { reason = "居民不需要了" }),
            (t, a) => t.ForeignWish(a, id => Post($"/api/v1/wishes/{id}/withdraw", new { reason = "越界" }))),
        new("POST /api/v1/wishes/{id}/photos", Permission.ServeResidents, HttpStatusCode.Created,
            async (t, a) => new Call(HttpMethod.Post, $"/api/v1/wishes/{await t.WishIn(await t.HomeCommunity(a), Collector(a), accept: false)}/photos", TestImages.Png()),
            (t, a) => t.ForeignWish(a, id => new Call(HttpMethod.Post, $"/api/v1/wishes/{id}/photos", TestImages.Png()))),
        new("GET /api/v1/wishes/{id}/photos/{attachmentId}", Permission.ServeResidents, HttpStatusCode.OK,
            async (t, a) => { var id = await t.WishIn(await t.HomeCommunity(a), accept: false); return Get($"/api/v1/wishes/{id}/photos/{await t.WishPhoto(id, "/api/v1/wishes")}"); },
            (t, a) => t.ForeignWish(a, id => Get($"/api/v1/wishes/{id}/photos/1"))),
        new("GET /api/v1/residents", Permission.ServeResidents, HttpStatusCode.OK,
            async (t, a) => Get($"/api/v1/residents?communityId={await t.HomeCommunity(a)}"),
            async (t, a) => { var c = await t.CommunityBelow(await t.Foreign(a)); return new(Get($"/api/v1/residents?communityId={c}"), "Organization", c); }),
        new("POST /api/v1/residents", Permission.ServeResidents, HttpStatusCode.Created,
            async (t, a) => Post("/api/v1/residents", new { name = "矩阵居民", communityId = await t.HomeCommunity(a) }),
            async (t, a) => { var c = await t.CommunityBelow(await t.Foreign(a)); return new(Post("/api/v1/residents", new { name = "越界", communityId = c }), "Organization", c, "communityId"); }),
        new("GET /api/v1/wishes", Permission.ManageResidentServices, HttpStatusCode.OK,
            async (t, a) => Get($"/api/v1/wishes?organizationId={await t.HomeCommunity(a)}"),
            async (t, a) => { var c = await t.CommunityBelow(await t.Foreign(a)); return new(Get($"/api/v1/wishes?organizationId={c}"), "Organization", c); }),
        new("GET /api/v1/wishes/figures", Permission.ManageResidentServices, HttpStatusCode.OK,
            async (t, a) => Get($"/api/v1/wishes/figures?organizationId={await t.Home(a)}"),
            async (t, a) => new(Get($"/api/v1/wishes/figures?organizationId={await t.Foreign(a)}"), "Organization", await t.Foreign(a))),
        new("POST /api/v1/wishes/{id}/review", Permission.ManageResidentServices, HttpStatusCode.NoContent,
            async (t, a) => Post($"/api/v1/wishes/{await t.WishIn(await t.HomeCommunity(a), accept: false)}/review", new { accept = true }),
            (t, a) => t.ForeignWish(a, id => Post($"/api/v1/wishes/{id}/review", new { accept = true }))),
        new("POST /api/v1/wishes/{id}/press", Permission.ManageResidentServices, HttpStatusCode.NoContent,
            async (t, a) => Post($"/api/v1/wishes/{await t.OverdueWish(await t.HomeCommunity(a))}/press", new { note = "请抓紧认领" }),
            (t, a) => t.ForeignWish(a, id => Post($"/api/v1/wishes/{id}/press", new { note = "越界" }))),
        new("POST /api/v1/wishes/{id}/supervise", Permission.ManageResidentServices, HttpStatusCode.NoContent,
            async (t, a) => Post($"/api/v1/wishes/{await t.OverdueWish(await t.HomeCommunity(a))}/supervise", new { note = "督办" }),
            (t, a) => t.ForeignWish(a, id => Post($"/api/v1/wishes/{id}/supervise", new { note = "越界" }))),
        new("GET /api/v1/me/bookings", Permission.UseResidentServices, HttpStatusCode.OK, (t, a) => Task.FromResult(Get("/api/v1/me/bookings"))),
        new("GET /api/v1/me/bookings/kinds", Permission.UseResidentServices, HttpStatusCode.OK, (t, a) => Task.FromResult(Get("/api/v1/me/bookings/kinds"))),
        new("GET /api/v1/me/bookings/slots", Permission.UseResidentServices, HttpStatusCode.OK,
            async (t, a) => Get($"/api/v1/me/bookings/slots?kindId={(await t.MatrixTeam(await t.OrgId(DemoOrgs.Yanzhong))).Kind}")),
        new("POST /api/v1/me/bookings", Permission.UseResidentServices, HttpStatusCode.Created,
            async (t, a) =>
            {
                var community = await t.OrgId(DemoOrgs.Yanzhong);
                return Post("/api/v1/me/bookings", MatrixVisit((await t.MatrixTeam(community)).Kind, a.Role == AppRole.Resident ? await t.MatrixSlot(community) : 0));
            }),
        new("GET /api/v1/me/bookings/{id}", Permission.UseResidentServices, HttpStatusCode.OK, async (t, a) => Get($"/api/v1/me/bookings/{await t.ResidentsBooking(a)}"),
            (t, a) => t.ForeignBooking(a, id => Get($"/api/v1/me/bookings/{id}"))),
        new("POST /api/v1/me/bookings/{id}/reschedule", Permission.UseResidentServices, HttpStatusCode.NoContent,
            async (t, a) => Post($"/api/v1/me/bookings/{await t.ResidentsBooking(a)}/reschedule",
                new { slotId = a.Role == AppRole.Resident ? await t.MatrixSlot(await t.OrgId(DemoOrgs.Yanzhong)) : 0, reason = "矩阵改约" }),
            (t, a) => t.ForeignBooking(a, id => Post($"/api/v1/me/bookings/{id}/reschedule", new { slotId = 1, reason = "越界" }))),
        new("POST /api/v1/me/bookings/{id}/cancel", Permission.UseResidentServices, HttpStatusCode.NoContent,
            async (t, a) => Post($"/api/v1/me/bookings/{await t.ResidentsBooking(a)}/cancel", new { reason = "矩阵取消" }),
            (t, a) => t.ForeignBooking(a, id => Post($"/api/v1/me/bookings/{id}/cancel", new { reason = "越界" }))),
        new("POST /api/v1/me/bookings/{id}/rating", Permission.UseResidentServices, HttpStatusCode.NoContent,
            async (t, a) => Post($"/api/v1/me/bookings/{await t.ResidentsBooking(a, done: true)}/rating", new { rating = 5 }),
            (t, a) => t.ForeignBooking(a, id => Post($"/api/v1/me/bookings/{id}/rating", new { rating = 5 }))),
        new("GET /api/v1/me/bookings/{id}/photos/{attachmentId}", Permission.UseResidentServices, HttpStatusCode.OK,
            async (t, a) =>
            {
                var id = await t.ResidentsBooking(a, done: true);
                return Get($"/api/v1/me/bookings/{id}/photos/{(id == 0 ? 1 : await t.BookingPhoto(id))}");
            },
            (t, a) => t.ForeignBooking(a, id => Get($"/api/v1/me/bookings/{id}/photos/1"))),
        new("GET /api/v1/bookings/kinds", Permission.ServeResidents, HttpStatusCode.OK,
            async (t, a) => Get($"/api/v1/bookings/kinds?residentId={await t.EnterResident(await t.HomeCommunity(a))}"),
            (t, a) => t.ForeignResident(a, id => Get($"/api/v1/bookings/kinds?residentId={id}"))),
        new("GET /api/v1/bookings/slots", Permission.ServeResidents, HttpStatusCode.OK,
            async (t, a) =>
            {
                var community = await t.HomeCommunity(a);
                return Get($"/api/v1/bookings/slots?residentId={await t.EnterResident(community)}&kindId={(await t.MatrixTeam(community)).Kind}");
            },
            (t, a) => t.ForeignResident(a, id => Get($"/api/v1/bookings/slots?residentId={id}&kindId=1"))),
        new("POST /api/v1/bookings", Permission.ServeResidents, HttpStatusCode.Created,
            async (t, a) =>
            {
                var community = await t.HomeCommunity(a);
                return Post("/api/v1/bookings", new { residentId = await t.EnterResident(community), booking = MatrixVisit((await t.MatrixTeam(community)).Kind, await t.MatrixSlot(community)) });
            },
            (t, a) => t.ForeignResident(a, id => Post("/api/v1/bookings", new { residentId = id, booking = MatrixVisit(1, 1) }))),
        new("GET /api/v1/bookings/visits", Permission.ServeResidents, HttpStatusCode.OK, (t, a) => Task.FromResult(Get("/api/v1/bookings/visits"))),
        new("GET /api/v1/bookings/{id}", Permission.ServeResidents, HttpStatusCode.OK,
            async (t, a) => Get($"/api/v1/bookings/{await t.MatrixBooking(await t.HomeCommunity(a), Booker(a))}"), (t, a) => t.ForeignBooking(a, id => Get($"/api/v1/bookings/{id}"))),
        new("POST /api/v1/bookings/{id}/reschedule", Permission.ServeResidents, HttpStatusCode.NoContent,
            async (t, a) =>
            {
                var community = await t.HomeCommunity(a);
                return Post($"/api/v1/bookings/{await t.MatrixBooking(community, Booker(a))}/reschedule", new { slotId = await t.MatrixSlot(community), reason = "矩阵改约" });
            },
            (t, a) => t.ForeignBooking(a, id => Post($"/api/v1/bookings/{id}/reschedule", new { slotId = 1, reason = "越界" }))),
        new("POST /api/v1/bookings/{id}/cancel", Permission.ServeResidents, HttpStatusCode.NoContent,
            async (t, a) => Post($"/api/v1/bookings/{await t.MatrixBooking(await t.HomeCommunity(a), Booker(a))}/cancel", new { reason = "矩阵取消" }),
            (t, a) => t.ForeignBooking(a, id => Post($"/api/v1/bookings/{id}/cancel", new { reason = "越界" }))),
        new("POST /api/v1/bookings/{id}/done", Permission.ServeResidents, HttpStatusCode.NoContent,
            async (t, a) => Post($"/api/v1/bookings/{await t.Passed(await t.MatrixBooking(await t.HomeCommunity(a), workerAccount: WorkerAccount(a)))}/done", new { note = "已上门" }),
            (t, a) => t.ForeignBooking(a, id => Post($"/api/v1/bookings/{id}/done", new { note = "越界" }))),
        new("POST /api/v1/bookings/{id}/rating", Permission.ServeResidents, HttpStatusCode.NoContent,
            async (t, a) => Post($"/api/v1/bookings/{await t.Passed(await t.MatrixBooking(await t.HomeCommunity(a), Booker(a)), done: true)}/rating", new { rating = 4 }),
            (t, a) => t.ForeignBooking(a, id => Post($"/api/v1/bookings/{id}/rating", new { rating = 4 }))),
        new("POST /api/v1/bookings/{id}/photos", Permission.ServeResidents, HttpStatusCode.Created,
            async (t, a) => new Call(HttpMethod.Post,
                $"/api/v1/bookings/{await t.Passed(await t.MatrixBooking(await t.HomeCommunity(a), workerAccount: WorkerAccount(a)))}/photos", TestImages.Png()),
            (t, a) => t.ForeignBooking(a, id => new Call(HttpMethod.Post, $"/api/v1/bookings/{id}/photos", TestImages.Png()))),
        new("GET /api/v1/bookings/{id}/photos/{attachmentId}", Permission.ServeResidents, HttpStatusCode.OK,
            async (t, a) =>
            {
                var id = await t.Passed(await t.MatrixBooking(await t.HomeCommunity(a), Booker(a)));
                return Get($"/api/v1/bookings/{id}/photos/{await t.BookingPhoto(id)}");
            },
            (t, a) => t.ForeignBooking(a, id => Get($"/api/v1/bookings/{id}/photos/1"))),
        new("GET /api/v1/bookings/team", Permission.ManageResidentServices, HttpStatusCode.OK,
            async (t, a) => Get($"/api/v1/bookings/team?organizationId={await t.HomeCommunity(a)}"),
            async (t, a) => { var c = await t.CommunityBelow(await t.Foreign(a)); return new(Get($"/api/v1/bookings/team?organizationId={c}"), "Organization", c, "organizationId"); }),
        new("POST /api/v1/bookings/kinds", Permission.ManageResidentServices, HttpStatusCode.Created,
            async (t, a) => Post("/api/v1/bookings/kinds", new { organizationId = await t.HomeCommunity(a), name = Unique("矩阵服务") }),
            async (t, a) => { var c = await t.CommunityBelow(await t.Foreign(a)); return new(Post("/api/v1/bookings/kinds", new { organizationId = c, name = "越界" }), "Organization", c, "organizationId"); }),
        new("POST /api/v1/bookings/kinds/{id}/change", Permission.ManageResidentServices, HttpStatusCode.NoContent,
            async (t, a) => Post($"/api/v1/bookings/kinds/{(await t.MatrixTeam(await t.HomeCommunity(a))).Kind}/change", new { name = "矩阵上门服务", active = true }),
            async (t, a) =>
            {
                var kind = (await t.MatrixTeam(await t.CommunityBelow(await t.Foreign(a)))).Kind;
                return new(Post($"/api/v1/bookings/kinds/{kind}/change", new { name = "越界" }), "ServiceKind", kind);
            }),
        new("POST /api/v1/bookings/workers", Permission.ManageResidentServices, HttpStatusCode.Created,
            async (t, a) => Post("/api/v1/bookings/workers", new { organizationId = await t.HomeCommunity(a), name = "矩阵队员" }),
            async (t, a) => { var c = await t.CommunityBelow(await t.Foreign(a)); return new(Post("/api/v1/bookings/workers", new { organizationId = c, name = "越界" }), "Organization", c, "organizationId"); }),
        new("POST /api/v1/bookings/slots", Permission.ManageResidentServices, HttpStatusCode.OK,
            async (t, a) => Post("/api/v1/bookings/slots",
                new { workerId = (await t.MatrixTeam(await t.HomeCommunity(a))).Worker, from = t.App.Today.AddDays(80), to = t.App.Today.AddDays(80), times = new[] { $"{Interlocked.Increment(ref _slotSequence) % 20 + 1}:30" }, minutes = 15 }),
            async (t, a) =>
            {
                var worker = (await t.MatrixTeam(await t.CommunityBelow(await t.Foreign(a)))).Worker;
                return new(Post("/api/v1/bookings/slots", new { workerId = worker, from = t.App.Today.AddDays(80), to = t.App.Today.AddDays(80), times = new[] { "9:00" } }),
                    "ServiceWorker", worker, "workerId");
            }),
        new("POST /api/v1/bookings/slots/{id}/withdraw", Permission.ManageResidentServices, HttpStatusCode.NoContent,
            async (t, a) => Post($"/api/v1/bookings/slots/{await t.MatrixSlot(await t.HomeCommunity(a))}/withdraw"),
            async (t, a) => { var slot = await t.MatrixSlot(await t.CommunityBelow(await t.Foreign(a))); return new(Post($"/api/v1/bookings/slots/{slot}/withdraw"), "ServiceSlot", slot); }),
        new("GET /api/v1/public/report-in/{code}", null, HttpStatusCode.OK, async (t, a) => Get($"/api/v1/public/report-in/{await t.NewCardCode()}"), Anonymous: true),
        new("GET /api/v1/me/report-in", Permission.AttendMeetings, HttpStatusCode.OK, (t, a) => Task.FromResult(Get("/api/v1/me/report-in"))),
        // A member's own steps: only an account with a member record takes them (ReportInTests); here each is refused alike before any record matters.
        new("POST /api/v1/me/report-in/registrations", Permission.AttendMeetings, HttpStatusCode.BadRequest,
            (t, a) => Task.FromResult(Post("/api/v1/me/report-in/registrations", new { }))),
        new("POST /api/v1/me/report-in/registrations/{id}/end", Permission.AttendMeetings, HttpStatusCode.NotFound,
            (t, a) => Task.FromResult(Post("/api/v1/me/report-in/registrations/0/end", new { reason = "矩阵" }))),
        new("POST /api/v1/me/report-in/activities/{id}/sign-up", Permission.AttendMeetings, HttpStatusCode.NotFound,
            (t, a) => Task.FromResult(Post("/api/v1/me/report-in/activities/0/sign-up"))),
        new("POST /api/v1/me/report-in/activities/{id}/sign-in", Permission.AttendMeetings, HttpStatusCode.NotFound,
            (t, a) => Task.FromResult(Post("/api/v1/me/report-in/activities/0/sign-in"))),
        new("POST /api/v1/me/report-in/hours", Permission.AttendMeetings, HttpStatusCode.BadRequest, (t, a) => Task.FromResult(Post("/api/v1/me/report-in/hours", new { }))),
        new("POST /api/v1/report-in/registrations", Permission.ManageResidentServices, HttpStatusCode.Created,
            async (t, a) => Post("/api/v1/report-in/registrations", new { organizationId = await t.Home(a), communityId = await t.FreshCommunity() }),
            async (t, a) => new(Post("/api/v1/report-in/registrations", new { organizationId = await t.Foreign(a), communityId = await t.OrgId(DemoOrgs.Yanzhong) }),
                "Organization", await t.Foreign(a), "organizationId")),
        new("POST /api/v1/report-in/registrations/{id}/end", Permission.ManageResidentServices, HttpStatusCode.NoContent,
            async (t, a) => Post($"/api/v1/report-in/registrations/{await t.UnitRegistration(await t.Home(a), await t.FreshCommunity())}/end", new { reason = "矩阵结束" }),
            async (t, a) =>
            {
                var id = await t.UnitRegistration(await t.Foreign(a), await t.CommunityBelow(await t.Foreign(a)));
                return new(Post($"/api/v1/report-in/registrations/{id}/end", new { reason = "越界" }), "Registration", id);
            }),
        new("GET /api/v1/report-in/community", Permission.ManageResidentServices, HttpStatusCode.OK,
            async (t, a) => Get($"/api/v1/report-in/community?communityId={await t.HomeCommunity(a)}"),
            async (t, a) => { var c = await t.CommunityBelow(await t.Foreign(a)); return new(Get($"/api/v1/report-in/community?communityId={c}"), "Organization", c, "communityId"); }),
        new("POST /api/v1/report-in/registrations/{id}/decide", Permission.ManageResidentServices, HttpStatusCode.NoContent,
            async (t, a) => Post($"/api/v1/report-in/registrations/{await t.UnitRegistration(await t.Home(a), await t.HomeCommunity(a))}/decide", new { confirm = true }),
            async (t, a) =>
            {
                var id = await t.UnitRegistration(await t.Foreign(a), await t.CommunityBelow(await t.Foreign(a)));
                return new(Post($"/api/v1/report-in/registrations/{id}/decide", new { confirm = true }), "Registration", id);
            }),
        new("POST /api/v1/report-in/activities", Permission.ManageResidentServices, HttpStatusCode.Created,
            async (t, a) => Post("/api/v1/report-in/activities", t.ActivityBody(await t.HomeCommunity(a))),
            async (t, a) => { var c = await t.CommunityBelow(await t.Foreign(a)); return new(Post("/api/v1/report-in/activities", t.ActivityBody(c)), "Organization", c, "communityId"); }),
        new("POST /api/v1/report-in/hours/{id}/verify", Permission.ManageResidentServices, HttpStatusCode.NoContent,
            async (t, a) => Post($"/api/v1/report-in/hours/{await t.ReportedHours(await t.HomeCommunity(a))}/verify", new { approve = true }),
            async (t, a) =>
            {
                var id = await t.ReportedHours(await t.CommunityBelow(await t.Foreign(a)));
                return new(Post($"/api/v1/report-in/hours/{id}/verify", new { approve = true }), "ServiceHours", id);
            }),
        new("GET /api/v1/report-in/report", Permission.ManageResidentServices, HttpStatusCode.OK,
            async (t, a) => Get($"/api/v1/report-in/report?organizationId={await t.Home(a)}"),
            async (t, a) => new(Get($"/api/v1/report-in/report?organizationId={await t.Foreign(a)}"), "Organization", await t.Foreign(a), "organizationId")),
        new("GET /api/v1/report-in/figures", Permission.ManageResidentServices, HttpStatusCode.OK,
            async (t, a) => Get($"/api/v1/report-in/figures?organizationId={await t.Home(a)}"),
            async (t, a) => new(Get($"/api/v1/report-in/figures?organizationId={await t.Foreign(a)}"), "Organization", await t.Foreign(a), "organizationId")),
        new("GET /api/v1/calendar", null, HttpStatusCode.OK, (t, a) => Task.FromResult(Get("/api/v1/calendar"))),
        new("PUT /api/v1/calendar/days/{date}", Permission.ManageRules, HttpStatusCode.NoContent,
            (t, a) => Task.FromResult(Put($"/api/v1/calendar/days/{t.App.Today.Year + 1}-01-01", new { kind = "Holiday", name = "元旦", source = "矩阵测试" }))),

        // Audit and rules
        new("GET /api/v1/audit", Permission.ViewAudit, HttpStatusCode.OK, (t, a) => Task.FromResult(Get("/api/v1/audit"))),
        new("GET /api/v1/rules", Permission.ViewOrganizations, HttpStatusCode.OK,
            async (t, a) => Get($"/api/v1/rules?organizationId={await t.Home(a)}"),
            async (t, a) => new(Get($"/api/v1/rules?organizationId={await t.Foreign(a)}"), "Organization", await t.Foreign(a))),
        new("PUT /api/v1/rules/overrides", Permission.ManageRules, HttpStatusCode.NoContent,
            async (t, a) => Put("/api/v1/rules/overrides", new { ruleKey = "joint-branch.max-units", organizationId = await t.Home(a), value = 5, reason = "矩阵测试：与国家规定相同" }),
            async (t, a) => new(Put("/api/v1/rules/overrides", new { ruleKey = "joint-branch.max-units", organizationId = await t.Foreign(a), value = 5, reason = "越界" }),
                "Organization", await t.Foreign(a), "organizationId")),
    ];

    public static TheoryData<string, string> RoutesByAccount()
    {
        var data = new TheoryData<string, string>();
        foreach (var row in Rows)
        {
            foreach (var account in Accounts)
            {
                data.Add(row.Route, account.UserName);
            }
        }
        return data;
    }

    private async Task<HttpResponseMessage> Send(Call call, MatrixAccount account, bool anonymous)
    {
        var client = anonymous ? App.AnonymousClient() : await As(account.UserName);
        using var request = new HttpRequestMessage(call.Method, call.Url);
        if (call.Body is byte[] workbook)
        {
            // An .xlsx body is sent as the multipart upload the import route takes.
            var form = new MultipartFormDataContent();
            var file = new ByteArrayContent(workbook);
            file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
            form.Add(file, "file", "members.xlsx");
            request.Content = form;
        }
        else if (call.Body is not null)
        {
            request.Content = JsonContent.Create(call.Body, call.Body.GetType(), options: Json);
        }
        return await client.SendAsync(request);
    }

    private Task<List<AuditEntry>> DeniedLines(long mark, string user, string entityType, long id) =>
        App.WithDbAsync(db => db.AuditEntries.AsNoTracking().Where(a => a.Id > mark && a.Action == AuditActions.AccessDenied && a.UserName == user
            && a.EntityType == entityType && a.EntityId == id.ToString()).ToListAsync());

    /// <summary>The paths whose organizations own the record (both sides of a letter).</summary>
    private Task<List<string>> OwnerPaths(string entityType, long id) => App.WithDbAsync(async db => entityType switch
    {
        "Organization" => [await db.Organizations.Where(o => o.Id == id).Select(o => o.Path).SingleAsync()],
        "Member" => [await db.Members.Where(m => m.Id == id).Select(m => m.OrgPath).SingleAsync()],
        "Unit" => [await db.Units.Where(u => u.Id == id).Select(u => u.AreaPath).SingleAsync()],
        "BackgroundJob" => [await db.BackgroundJobs.Where(j => j.Id == id).Select(j => j.ScopePath).SingleAsync()],
        "Meeting" => [await db.Meetings.Where(m => m.Id == id).Select(m => m.OrgPath).SingleAsync()],
        "Attachment" => [await db.Attachments.Where(a => a.Id == id).Select(a => a.OrgPath).SingleAsync()],
        "MemberEvaluation" => [await db.MemberEvaluations.Where(e => e.Id == id).Select(e => e.OrgPath).SingleAsync()],
        "TrainingClass" => [await db.TrainingClasses.Where(c => c.Id == id).Select(c => c.OrgPath).SingleAsync()],
        "HomeStudyVisit" => [await db.HomeStudyVisits.Where(v => v.Id == id).Select(v => v.OrgPath).SingleAsync()],
        "QuestionBank" => [await db.QuestionBanks.Where(b => b.Id == id).Select(b => b.OrgPath).SingleAsync()],
        "Contest" => [await db.Contests.Where(c => c.Id == id).Select(c => c.OrgPath).SingleAsync()],
        "Wish" => (await db.Wishes.Where(w => w.Id == id).Select(w => new[] { w.OrgPath, w.ClaimerOrgPath }).SingleAsync()).OfType<string>().ToList(),
        "Resident" => [await db.Residents.Where(r => r.Id == id).Select(r => r.OrgPath).SingleAsync()],
        "Registration" => (await db.ReportInRegistrations.Where(r => r.Id == id).Select(r => new[] { r.CommunityPath, r.OrgPath }).SingleAsync()).ToList(),
        "ServiceHours" => (await db.ServiceHours.Where(h => h.Id == id).Select(h => new[] { h.CommunityPath, h.OrgPath }).SingleAsync()).ToList(),
        "ServiceActivity" => [await db.ServiceActivities.Where(x => x.Id == id).Select(x => x.CommunityPath).SingleAsync()],
        "Booking" => [await db.Bookings.Where(b => b.Id == id).Select(b => b.OrgPath).SingleAsync()],
        "ServiceKind" => [await db.ServiceKinds.Where(k => k.Id == id).Select(k => k.OrgPath).SingleAsync()],
        "ServiceWorker" => [await db.ServiceWorkers.Where(w => w.Id == id).Select(w => w.OrgPath).SingleAsync()],
        "ServiceSlot" => [await db.ServiceSlots.Where(x => x.Id == id).Select(x => x.OrgPath).SingleAsync()],
        "Transfer" => (await db.Transfers.Where(t => t.Id == id).Select(t => new[] { t.FromPath, t.ToPath }).SingleAsync()).OfType<string>().ToList(),
        _ => throw new InvalidOperationException(entityType),
    });

    /// <summary>
    /// A refused attempt is seen by the organization it aimed at and those above it, and by those above the prober; the
    /// prober's own organization does not see it, or a prober who may read the log could tell a real record from none.
    /// </summary>
    private async Task AssertDeniedLinesAreSeenAbove(long mark, MatrixAccount account, OutsideCall outside, string route)
    {
        var lines = await DeniedLines(mark, account.UserName, outside.EntityType, outside.EntityId);
        var prober = await App.WithDbAsync(db => db.Organizations.Where(o => o.Name == account.ScopeOrganization).Select(o => o.Path).SingleAsync());
        var owners = await OwnerPaths(outside.EntityType, outside.EntityId);
        var what = $"{route} outside as {account.UserName}";
        lines.ShouldNotBeEmpty($"{what} is audited");
        lines.ShouldContain(l => owners.Any(p => OrgPath.IsWithin(l.ScopePath, p)), $"{what}: the target's organization sees the line");
        if (account.Role == AppRole.Resident)
        {
            // A resident reads no audit log and stands in no subtree: the community they probed sees the line, and that is enough.
            return;
        }
        var superiors = prober[..(prober[..^1].LastIndexOf('/') + 1)];
        lines.ShouldContain(l => OrgPath.IsWithin(l.ScopePath, superiors), $"{what}: the prober's superiors see the line");
        lines.ShouldAllBe(l => !OrgPath.IsWithin(l.ScopePath, prober), $"{what}: the prober's own organization does not see the line");
    }

    [Theory]
    [MemberData(nameof(RoutesByAccount))]
    public async Task A_route_answers_each_role_as_the_permission_catalogue_says(string route, string user)
    {
        var row = Rows.Single(r => r.Route == route);
        var account = Accounts.Single(a => a.UserName == user);
        var permitted = row.Anonymous || row.Needs is not { } needs || PermissionCatalog.Has(account.Role, needs);

        var inside = await Send(await row.Inside(this, account), account, row.Anonymous);
        var body = await inside.Content.ReadAsStringAsync();
        var expected = !permitted ? HttpStatusCode.Forbidden : row.TreeOnly && account.Role == AppRole.Resident ? HttpStatusCode.NotFound : row.Success;
        inside.StatusCode.ShouldBe(expected, $"{route} inside {account.Home} as {user}: {body}");

        if (row.Outside is null || account.Foreign is null)
        {
            return;
        }
        var outside = await row.Outside(this, account);
        var mark = await LastAuditId();
        var refused = await Send(outside.Call, account, row.Anonymous);
        var refusal = await refused.Content.ReadAsStringAsync();
        if (!permitted)
        {
            refused.StatusCode.ShouldBe(HttpStatusCode.Forbidden, $"{route} outside as {user}: {refusal}");
            return;
        }
        if (outside.Field is null)
        {
            refused.StatusCode.ShouldBe(HttpStatusCode.NotFound, $"{route} outside as {user}: {refusal}");
        }
        else
        {
            (await Problem(refused)).Keys.ShouldContain(outside.Field, $"{route} outside as {user}: {refusal}");
        }
        await AssertDeniedLinesAreSeenAbove(mark, account, outside, route);
    }

    public static TheoryData<string> SignedInRoutes()
    {
        var data = new TheoryData<string>();
        foreach (var row in Rows.Where(r => !r.Anonymous))
        {
            data.Add(row.Route);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(SignedInRoutes))]
    public async Task An_anonymous_call_is_refused_before_anything_is_read(string route)
    {
        var row = Rows.Single(r => r.Route == route);
        var call = await row.Inside(this, Accounts[0]);
        var counts = await RowCounts();

        var response = await Send(call, Accounts[0], anonymous: true);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized, $"{route} without signing in");
        (await RowCounts()).ShouldBe(counts);
    }

    /// <summary>Pages anyone may open: signing in, and the pages that tell a visitor where they stand.</summary>
    public static readonly IReadOnlySet<string> AnonymousPages = new HashSet<string> { "/Account/SignIn", "/Account/Denied", "/Account/SignOut", "/Residents/Register", "/ReportIn/Check" };

    [Fact]
    public async Task Every_page_handler_sends_an_anonymous_visitor_to_sign_in()
    {
        var handlers = await PageHandlers.DiscoverAsync(App.Services);
        handlers.Count.ShouldBeGreaterThan(20);
        var wrong = new List<string>();
        foreach (var handler in handlers.Where(h => !AnonymousPages.Contains(h.Page)))
        {
            using var request = new HttpRequestMessage(new HttpMethod(handler.Method), handler.Url);
            if (handler.Method != "GET")
            {
                request.Content = new FormUrlEncodedContent([]);
            }
            var response = await App.AnonymousClient().SendAsync(request);
            if (response.StatusCode != HttpStatusCode.Redirect || !PathOf(response.Headers.Location).StartsWith("/Account/SignIn", StringComparison.Ordinal))
            {
                wrong.Add($"{handler.Route}: {(int)response.StatusCode} {response.Headers.Location}");
            }
        }
        wrong.ShouldBeEmpty("a page handler open to anyone must be declared in AnonymousPages");
        AnonymousPages.Except(handlers.Select(h => h.Page)).ShouldBeEmpty("declared anonymous pages that no longer exist");
    }

    private static string PathOf(Uri? location) => location is null ? "" : location.IsAbsoluteUri ? location.AbsolutePath : location.OriginalString;

    [Fact]
    public async Task Every_page_handler_answers_each_role_as_its_declared_permissions_say()
    {
        var handlers = (await PageHandlers.DiscoverAsync(App.Services)).Where(h => h.Method == "GET" && !AnonymousPages.Contains(h.Page)).ToList();
        var wrong = new List<string>();
        foreach (var account in Accounts)
        {
            var client = await As(account.UserName);
            foreach (var handler in handlers)
            {
                var policies = handler.Model.GetCustomAttributes(typeof(Microsoft.AspNetCore.Authorization.AuthorizeAttribute), inherit: true)
                    .Cast<Microsoft.AspNetCore.Authorization.AuthorizeAttribute>().Select(a => a.Policy).OfType<string>().ToList();
                var needs = Enum.GetValues<Permission>().Where(p => policies.Contains(PermissionCatalog.PolicyName(p))).ToList();
                var permitted = needs.All(p => PermissionCatalog.Has(account.Role, p));
                var response = await client.GetAsync(handler.Url);
                var refused = response.StatusCode == HttpStatusCode.Forbidden
                    || PathOf(response.Headers.Location).StartsWith("/Account/Denied", StringComparison.Ordinal);
                if (refused == permitted || (int)response.StatusCode >= 500)
                {
                    wrong.Add($"{handler.Route} as {account.UserName} ({string.Join(",", needs)}): {(int)response.StatusCode} {response.Headers.Location}");
                }
            }
        }
        wrong.ShouldBeEmpty();
    }

    [Fact]
    public void Every_api_route_has_a_row_in_the_matrix()
    {
        var routes = App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.TrimStart('/').StartsWith("api/", StringComparison.Ordinal))
            .SelectMany(e => e.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods.Select(m => $"{m} {Normalize(e.RoutePattern.RawText!)}"))
            .ToHashSet();

        routes.Except(Rows.Select(r => r.Route)).ShouldBeEmpty("these routes have no row in the access matrix");
        Rows.Select(r => r.Route).Except(routes).ShouldBeEmpty("these rows name routes that no longer exist");
        Rows.Select(r => r.Route).ShouldBeUnique();
    }

    internal static string Normalize(string pattern) => "/" + Regex.Replace(pattern.Trim('/'), @":[a-z]+}", "}");

    [Fact]
    public async Task The_demo_accounts_have_the_roles_and_organizations_the_matrix_assumes()
    {
        var actual = await App.WithDbAsync(db => (
            from u in db.Users
            join o in db.Organizations on u.OrganizationId equals o.Id
            select new { u.UserName, u.Role, o.Name }).ToListAsync());
        foreach (var account in Accounts)
        {
            var row = actual.Single(a => a.UserName == account.UserName);
            (row.Role, row.Name).ShouldBe((account.Role, account.ScopeOrganization));
        }
    }

    [Fact]
    public async Task An_object_outside_the_subtree_is_answered_exactly_like_one_that_does_not_exist()
    {
        var client = await As("yanzhong");
        var outsider = await SomeMemberOf(await OrgId(DemoOrgs.Guangming));
        var foreign = await OrgId(DemoOrgs.Guangming);
        foreach (var (existing, missing) in new[]
                 {
                     ($"/api/v1/members/{outsider}", "/api/v1/members/999999"),
                     ($"/api/v1/organizations/{foreign}", "/api/v1/organizations/999999"),
                     ($"/api/v1/members?organizationId={foreign}", "/api/v1/members?organizationId=999999"),
                 })
        {
            var a = await client.GetAsync(existing);
            var b = await client.GetAsync(missing);
            (a.StatusCode, await a.Content.ReadAsStringAsync()).ShouldBe((b.StatusCode, await b.Content.ReadAsStringAsync()), existing);
        }
        var outside = await PostJson(client, "/api/v1/transfers", new { memberId = outsider, toExternal = "外市", letterNumber = "X-1", duesPaidThrough = "2026-10" });
        var absent = await PostJson(client, "/api/v1/transfers", new { memberId = 999999, toExternal = "外市", letterNumber = "X-1", duesPaidThrough = "2026-10" });
        (await outside.Content.ReadAsStringAsync()).ShouldBe(await absent.Content.ReadAsStringAsync());
    }
}
