using System.Net;
using Dangjian.Features.Members;
using Dangjian.Features.Organizations;
using Dangjian.Features.Transfers;
using Dangjian.Platform.Http;
using Dangjian.Platform.Audit;
using Dangjian.Platform.Data;
using Dangjian.Platform.Text;
using System.Security.Claims;
using Dangjian.Platform.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dangjian.Tests.Infrastructure;

/// <summary>Names of demo organizations the tests use (Platform/Demo/DemoData.cs builds them).</summary>
public static class DemoOrgs
{
    public const string Root = "党建工作平台（演示）";
    public const string Xuchang = "中共许昌市委员会";
    public const string Weidu = "中共许昌市魏都区委员会";
    public const string Baling = "中共灞陵街道工作委员会";
    public const string Yanzhong = "中共延中社区委员会";
    public const string First = "延中社区第一党支部";
    public const string Second = "延中社区第二党支部";
    public const string Retired = "延中社区离退休党支部";
    public const string Compound = "延中小区楼院党支部";
    public const string CorridorOne = "延中小区1号楼党小组";
    public const string Unmanaged = "灞陵街道无主管楼院临时党支部";
    public const string Yuzhou = "中共禹州市委员会";
    public const string Yingchuan = "中共颍川街道工作委员会";
    public const string Hancheng = "中共韩城街道工作委员会";
    public const string Zhengzhou = "中共郑州市委员会";
    public const string Zhongyuan = "中共郑州市中原区委员会";
    public const string Linshanzhai = "中共林山寨街道工作委员会";
    public const string LinshanzhaiFirst = "林山寨街道第1社区党支部";
    public const string Baotou = "中共包头市委员会";
    public const string Minjing = "中共民警路街道工作委员会";
    public const string Guangming = "民警路街道光明社区党支部";
    public const string Youyi = "民警路街道友谊社区党支部";
}

/// <summary>Valid member records with unique ID and phone numbers, for tests that need fresh people.</summary>
public static class People
{
    private static int _sequence = 100;

    public static MemberInput Full(long organizationId, string name, Sex sex = Sex.Male)
    {
        var n = Interlocked.Increment(ref _sequence);
        // Each number gets its own birth date, so that Compose's three-digit sequence never repeats a number.
        var birth = new DateOnly(1970, 1, 1).AddDays(n * 37 % 9000);
        var joined = birth.AddYears(25);
        return new MemberInput
        {
            Name = name,
            OrganizationId = organizationId,
            IdNumber = ChineseIdNumber.Compose("410102", birth, n, sex),
            Education = Education.Bachelor,
            Category = MemberCategory.Full,
            JoinedOn = joined,
            FullMemberOn = joined.AddYears(1),
            Phone = "138" + n.ToString("00000000", System.Globalization.CultureInfo.InvariantCulture),
            WorkStatus = WorkStatus.Serving,
        };
    }

    /// <param name="today">The server's today (<see cref="AppFactory.Today"/>): a probationary member joined within the year.</param>
    public static MemberInput Probationary(long organizationId, string name, DateOnly today)
    {
        var input = Full(organizationId, name);
        return input with { Category = MemberCategory.Probationary, FullMemberOn = null, JoinedOn = today.AddMonths(-3) };
    }
}

/// <summary>
/// An HTTP test on the demo data, with the look-ups and set-ups most tests share, and checks of the invariants
/// that no use case may break (paths, member tallies).
/// </summary>
public abstract class DemoApiTest(AppFactory app) : DemoApiTest<AppFactory>(app);

/// <summary>The same, on a host of its own kind (an <see cref="AppFactory"/> subclass with other settings).</summary>
public abstract class DemoApiTest<TApp>(TApp app) : ApiTest<TApp>(app)
    where TApp : AppFactory
{
    private static long _letterSequence;

    protected static string NewLetterNumber(string prefix = "JS") => $"{prefix}-{Interlocked.Increment(ref _letterSequence):000000}-{Guid.NewGuid().ToString("N")[..6]}";

    protected Task<long> OrgId(string name) =>
        App.WithDbAsync(db => db.Organizations.AsNoTracking().Where(o => o.Name == name).Select(o => o.Id).SingleAsync());

    protected Task<Organization> Org(long id) =>
        App.WithDbAsync(db => db.Organizations.AsNoTracking().SingleAsync(o => o.Id == id));

    protected Task<Member> MemberRow(long id) =>
        App.WithDbAsync(db => db.Members.AsNoTracking().SingleAsync(m => m.Id == id));

    /// <summary>Any active member of the organization (lowest id), for tests that only need someone who exists.</summary>
    protected Task<long> SomeMemberOf(long organizationId) =>
        App.WithDbAsync(db => db.Members.AsNoTracking().Where(m => m.OrganizationId == organizationId && m.LeftAt == null)
            .OrderBy(m => m.Id).Select(m => m.Id).FirstAsync());

    protected async Task<long> CreateOrganization(long parentId, string name, OrganizationKind kind = OrganizationKind.Branch, int? committeeSize = null)
    {
        var admin = await As("admin");
        var created = await Read<Created>(await PostJson(admin, "/api/v1/organizations", new { parentId, name, kind, committeeSize }), HttpStatusCode.Created);
        return created.Id;
    }

    protected async Task<long> CreateMember(MemberInput input)
    {
        var admin = await As("admin");
        return (await Read<Created>(await PostJson(admin, "/api/v1/members", input), HttpStatusCode.Created)).Id;
    }

    protected Task<long> CreateMember(long organizationId, string name) => CreateMember(People.Full(organizationId, name));

    protected async Task<long> CreateUnit(long areaOrganizationId, string name, long? coveringOrganizationId = null, int partyMemberCount = 0)
    {
        var admin = await As("admin");
        var body = new { name, kind = UnitKind.PrivateEnterprise, isAboveScale = false, areaOrganizationId, coveringOrganizationId, partyMemberCount, employeeCount = 10 };
        return (await Read<Created>(await PostJson(admin, "/api/v1/units", body), HttpStatusCode.Created)).Id;
    }

    private static int _residents;

    /// <summary>A resident entered by admin in a community (no account); with a phone when given.</summary>
    protected async Task<long> EnterResident(long communityId, string? name = null, string? phone = null) =>
        (await Read<Created>(await PostJson(await As("admin"), "/api/v1/residents",
            new { name = name ?? $"居民{Interlocked.Increment(ref _residents)}", phone, communityId }), HttpStatusCode.Created)).Id;

    /// <summary>A wish collected by <paramref name="collector"/> for a resident, accepted onto the wall by admin unless told otherwise.</summary>
    protected async Task<long> WallWish(long residentId, string collector = "admin", bool accept = true, string title = "一袋大米和一桶油")
    {
        var id = (await Read<Created>(await PostJson(await As(collector), "/api/v1/wishes",
            new { residentId, wish = new { title, forWhom = "本人", category = "DailyNeeds", estimatedCost = 120 } }), HttpStatusCode.Created)).Id;
        if (accept)
        {
            (await PostJson(await As("admin"), $"/api/v1/wishes/{id}/review", new { accept = true })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        }
        return id;
    }

    /// <summary>Plans a meeting as admin (half an hour ago unless <paramref name="startsAt"/> says otherwise); its id.</summary>
    protected async Task<long> PlanMeeting(long organizationId, Dangjian.Features.Meetings.MeetingKind kind = Dangjian.Features.Meetings.MeetingKind.ThemedPartyDay,
        DateTimeOffset? startsAt = null)
    {
        var body = new
        {
            organizationId, kind, topic = "学习党的二十届四中全会精神", startsAt = startsAt ?? App.Clock.GetUtcNow().AddMinutes(-30), place = "党群服务中心二楼会议室",
            hostName = "王书记", recorderName = "李委员", lecturerName = kind == Dangjian.Features.Meetings.MeetingKind.PartyLecture ? "县委党校张老师" : null,
        };
        return (await Read<Created>(await PostJson(await As("admin"), "/api/v1/meetings", body), HttpStatusCode.Created)).Id;
    }

    /// <summary>A meeting held half an hour ago with everyone present and its minutes approved: the next step is closing it.</summary>
    protected async Task<long> MeetingReadyToClose(long organizationId,
        Dangjian.Features.Meetings.MeetingKind kind = Dangjian.Features.Meetings.MeetingKind.ThemedPartyDay)
    {
        var id = await PlanMeeting(organizationId, kind);
        var admin = await As("admin");
        var attendees = await App.WithDbAsync(db => db.MeetingAttendees.AsNoTracking().Where(a => a.MeetingId == id).Select(a => a.MemberId).ToListAsync());
        if (attendees.Count > 0)
        {
            (await PostJson(admin, $"/api/v1/meetings/{id}/attendance", new { marks = attendees.Select(m => new { memberId = m, attendance = "Present" }) }))
                .StatusCode.ShouldBe(HttpStatusCode.NoContent);
        }
        (await PutJson(admin, $"/api/v1/meetings/{id}/minutes", new { minutes = "学习并讨论。" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await admin.PostAsync($"/api/v1/meetings/{id}/minutes/approve", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        return id;
    }

    /// <summary>Uploads a file (a PNG by default) to a meeting as admin; the response.</summary>
    protected async Task<HttpResponseMessage> Attach(long meetingId, byte[]? bytes = null, string fileName = "photo.png", string user = "admin")
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes ?? TestImages.Png());
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", fileName);
        return await (await As(user)).PostAsync($"/api/v1/meetings/{meetingId}/attachments", form);
    }

    /// <summary>A photo attached to a meeting; its id.</summary>
    protected async Task<long> AttachedPhoto(long meetingId) => (await Read<Created>(await Attach(meetingId), HttpStatusCode.Created)).Id;

    /// <summary>A closed meeting of the organization; its id.</summary>
    protected async Task<long> ClosedMeeting(long organizationId)
    {
        var id = await MeetingReadyToClose(organizationId);
        (await (await As("admin")).PostAsync($"/api/v1/meetings/{id}/close", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        return id;
    }

    /// <summary>Issues a letter as admin: to an organization of this system, or (with <paramref name="toOrganizationId"/> null) to another system.</summary>
    protected async Task<long> IssueTransfer(long memberId, long? toOrganizationId, string? letterNumber = null)
    {
        var admin = await As("admin");
        var body = new
        {
            memberId,
            toOrganizationId,
            toExternal = toOrganizationId is null ? "外市某街道党工委" : null,
            letterNumber = letterNumber ?? NewLetterNumber(),
            duesPaidThrough = "2026-10",
        };
        return (await Read<Created>(await PostJson(admin, "/api/v1/transfers", body), HttpStatusCode.Created)).Id;
    }

    /// <summary>Every letter the list shows the caller, read page by page (<paramref name="query"/> adds filters, e.g. "direction=out").</summary>
    protected static async Task<List<ListTransfers.Row>> AllLetters(HttpClient client, string query = "")
    {
        var rows = new List<ListTransfers.Row>();
        for (var page = 1; ; page++)
        {
            var result = await Read<Page<ListTransfers.Row>>(await client.GetAsync($"/api/v1/transfers?pageSize=100&page={page}&{query}"));
            rows.AddRange(result.Items);
            if (page >= result.PageCount)
            {
                return rows;
            }
        }
    }

    /// <summary>
    /// Runs <paramref name="body"/> in a request scope of its own, signed in as <paramref name="userName"/>, for tests
    /// of the scope-checked look-up itself rather than of one endpoint.
    /// </summary>
    protected async Task AsSignedIn(string userName, Func<AppDb, Scope, Task> body)
    {
        var (userId, stamp) = await App.WithDbAsync(async db => await db.Users.Where(u => u.UserName == userName)
            .Select(u => new ValueTuple<string, string?>(u.Id, u.SecurityStamp)).SingleAsync());
        await using var services = App.Services.CreateAsyncScope();
        var accessor = services.ServiceProvider.GetRequiredService<IHttpContextAccessor>();
        accessor.HttpContext = new DefaultHttpContext
        {
            User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, userId), new Claim(ClaimTypes.Name, userName),
                new Claim(new Microsoft.AspNetCore.Identity.ClaimsIdentityOptions().SecurityStampClaimType, stamp!)], "test")),
            RequestServices = services.ServiceProvider,
        };
        try
        {
            await body(services.ServiceProvider.GetRequiredService<AppDb>(), services.ServiceProvider.GetRequiredService<Scope>());
        }
        finally
        {
            accessor.HttpContext = null;
        }
    }

    protected Task<List<AuditEntry>> AuditRows(string? action = null, string? entityType = null, string? entityId = null) =>
        App.WithDbAsync(db => db.AuditEntries.AsNoTracking()
            .Where(a => (action == null || a.Action == action) && (entityType == null || a.EntityType == entityType) && (entityId == null || a.EntityId == entityId))
            .OrderBy(a => a.Id).ToListAsync());

    /// <summary>
    /// A finished background job of <paramref name="ownerUserName"/> (any text: an account need not exist) filed under
    /// <paramref name="organizationName"/>, with a small result file, as the worker leaves one.
    /// </summary>
    protected async Task<long> CreateJob(string ownerUserName, string organizationName)
    {
        var files = App.Services.GetRequiredService<Dangjian.Platform.Jobs.JobFiles>();
        return await App.WithDbAsync(async db =>
        {
            var owner = await db.Users.Where(u => u.UserName == ownerUserName).Select(u => u.Id).FirstOrDefaultAsync() ?? ownerUserName;
            var path = await db.Organizations.Where(o => o.Name == organizationName).Select(o => o.Path).SingleAsync();
            var job = new Dangjian.Platform.Jobs.BackgroundJob
            {
                Kind = "members-export", OwnerId = owner, ScopePath = path, Parameters = "{}", State = Dangjian.Platform.Jobs.JobState.Succeeded,
                Done = 1, Total = 1, CreatedAt = App.Clock.GetUtcNow(), StartedAt = App.Clock.GetUtcNow(), FinishedAt = App.Clock.GetUtcNow(),
            };
            db.BackgroundJobs.Add(job);
            await db.SaveChangesAsync();
            var relative = Path.Combine(job.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "result.xlsx");
            Directory.CreateDirectory(Path.Combine(files.Root, Path.GetDirectoryName(relative)!));
            await File.WriteAllBytesAsync(Path.Combine(files.Root, relative), [0x50, 0x4B]);
            job.ResultPath = relative;
            job.ResultFileName = "党员名册.xlsx";
            job.ResultSize = 2;
            job.ResultSha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData([0x50, 0x4B]));
            await db.SaveChangesAsync();
            return job.Id;
        });
    }

    protected Task<long> LastAuditId() => App.WithDbAsync(async db => await db.AuditEntries.MaxAsync(a => (long?)a.Id) ?? 0);

    /// <summary>
    /// Row counts of every table a use case writes, to show that a refused request wrote nothing. Sign-in lines are
    /// left out of the audit count: a test's first request as an account signs it in, whatever the test order.
    /// </summary>
    protected Task<Dictionary<string, long>> RowCounts() => App.WithDbAsync(async db => new Dictionary<string, long>
    {
        ["Organizations"] = await db.Organizations.LongCountAsync(),
        ["Units"] = await db.Units.LongCountAsync(),
        ["Instructors"] = await db.Instructors.LongCountAsync(),
        ["PartTimeCommitteeMembers"] = await db.PartTimeCommitteeMembers.LongCountAsync(),
        ["Members"] = await db.Members.LongCountAsync(),
        ["ContactHouseholds"] = await db.ContactHouseholds.LongCountAsync(),
        ["MemberNameGrams"] = await db.MemberNameGrams.LongCountAsync(),
        ["Transfers"] = await db.Transfers.LongCountAsync(),
        ["RuleOverrides"] = await db.RuleOverrides.LongCountAsync(),
        ["Users"] = await db.Users.LongCountAsync(),
        ["AuditEntries"] = await db.AuditEntries.LongCountAsync(a => a.Action != AuditActions.SignedIn && a.Action != AuditActions.SignInFailed && a.Action != AuditActions.LockedOut && a.Action != AuditActions.SignedOut),
        ["MemberTallySum"] = await db.MemberTallies.SumAsync(t => t.Count),
        ["OrganizationVersions"] = await db.Organizations.SumAsync(o => (long)o.Version),
        ["MemberVersions"] = await db.Members.SumAsync(m => (long)m.Version),
    });

    /// <summary>
    /// What is kept beside the members agrees with them: every tally row equals a raw count of the active members in
    /// the organization's subtree, and the name grams are exactly the windows of the active members' names, each
    /// with its member's path, sort key, category, status, flags and dates.
    /// </summary>
    protected async Task AssertDerivedRowsMatchMembers()
    {
        await AssertTalliesMatchMembers();
        await AssertUnitTalliesMatchUnits();
        await App.WithDbAsync(async db =>
        {
            var expected = (await db.Members.AsNoTracking().Where(m => m.LeftAt == null).ToListAsync())
                .SelectMany(m => MemberNameGram.Of(m.Name).Select(g => $"{g} {m.Id} {m.OrgPath} {m.NamePinyin} {m.Category} {m.Status} "
                    + $"{TallyFlags.Of(m.IsMobile, m.LostContact, m.IsAssisting, m.WorkStatus)} {m.JoinedOn:O} {m.BirthDate:O}")).Order(StringComparer.Ordinal).ToList();
            var actual = (await db.MemberNameGrams.AsNoTracking().ToListAsync())
                .Select(g => $"{g.Gram} {g.MemberId} {g.OrgPath} {g.NamePinyin} {g.Category} {g.Status} {g.Flags} {g.JoinedOn:O} {g.BirthDate:O}")
                .Order(StringComparer.Ordinal).ToList();
            actual.Except(expected).ShouldBeEmpty("gram rows no member has");
            expected.Except(actual).ShouldBeEmpty("gram rows missing");
            actual.Count.ShouldBe(expected.Count);
            return true;
        });
    }

    /// <summary>
    /// Every unit's counted facts agree with the records (its covering organization's kind and active members, counted
    /// from the member rows; its instructors), and every unit tally row equals a count of the units of the organization's area.
    /// </summary>
    protected Task AssertUnitTalliesMatchUnits() => App.WithDbAsync(async db =>
    {
        var orgs = await db.Organizations.AsNoTracking().Select(o => new { o.Id, o.Path, o.Name, o.Kind }).ToListAsync();
        var members = await db.Members.AsNoTracking().Where(m => m.LeftAt == null).Select(m => m.OrgPath).ToListAsync();
        var instructors = await db.Instructors.AsNoTracking().GroupBy(i => i.UnitId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count);
        var units = await db.Units.AsNoTracking().ToListAsync();
        var wrong = new List<string>();
        var facts = new List<(Unit Unit, UnitCoverageKind Coverage, long Joint, bool HasMembers, int Instructors)>();
        foreach (var u in units)
        {
            var covering = orgs.SingleOrDefault(o => o.Id == u.CoveringOrganizationId);
            var joint = covering?.Kind == OrganizationKind.JointBranch;
            var hasMembers = covering is null ? u.PartyMemberCount > 0 : members.Any(p => OrgPath.IsWithin(p, covering.Path));
            var count = instructors.GetValueOrDefault(u.Id);
            if (u.CoveringIsJoint != joint || u.HasMembers != hasMembers || u.InstructorCount != count)
            {
                wrong.Add($"unit {u.Id} {u.Name}: joint {u.CoveringIsJoint}/{joint}, members {u.HasMembers}/{hasMembers}, instructors {u.InstructorCount}/{count}");
            }
            facts.Add((u, covering is null ? UnitCoverageKind.None : joint ? UnitCoverageKind.Joint : UnitCoverageKind.Own, joint ? covering!.Id : 0, hasMembers, count));
        }
        var tallies = await db.UnitTallies.AsNoTracking().ToListAsync();
        foreach (var org in orgs)
        {
            var counted = facts.Where(f => OrgPath.IsWithin(f.Unit.AreaPath, org.Path))
                .GroupBy(f => $"{f.Unit.Kind}/{f.Unit.IsAboveScale}/{f.Coverage}/{f.Joint}/{f.HasMembers}/{f.Instructors > 0}")
                .ToDictionary(g => g.Key, g => (Units: (long)g.Count(), Instructors: (long)g.Sum(f => f.Instructors)));
            var tallied = tallies.Where(t => t.OrganizationId == org.Id && (t.Units != 0 || t.Instructors != 0))
                .ToDictionary(t => $"{t.Kind}/{t.IsAboveScale}/{t.Coverage}/{t.JointBranchId}/{t.HasMembers}/{t.HasInstructor}", t => (t.Units, t.Instructors));
            foreach (var key in counted.Keys.Union(tallied.Keys))
            {
                if (counted.GetValueOrDefault(key) != tallied.GetValueOrDefault(key))
                {
                    wrong.Add($"{org.Name} units {key}: tally {tallied.GetValueOrDefault(key)}, counted {counted.GetValueOrDefault(key)}");
                }
            }
        }
        wrong.ShouldBeEmpty();
        return true;
    });

    private Task AssertTalliesMatchMembers() => App.WithDbAsync(async db =>
    {
        var orgs = await db.Organizations.AsNoTracking().Select(o => new { o.Id, o.Path, o.Name }).ToListAsync();
        var members = await db.Members.AsNoTracking().Where(m => m.LeftAt == null)
            .Select(m => new { m.OrgPath, m.Category, m.Status, m.IsMobile, m.LostContact, m.IsAssisting, m.WorkStatus }).ToListAsync();
        var tallies = await db.MemberTallies.AsNoTracking().ToListAsync();
        var wrong = new List<string>();
        foreach (var org in orgs)
        {
            var counted = members.Where(m => OrgPath.IsWithin(m.OrgPath, org.Path))
                .GroupBy(m => $"{m.Category}/{m.Status}/{TallyFlags.Of(m.IsMobile, m.LostContact, m.IsAssisting, m.WorkStatus)}").ToDictionary(g => g.Key, g => (long)g.Count());
            var tallied = tallies.Where(t => t.OrganizationId == org.Id && t.Count != 0).ToDictionary(t => $"{t.Category}/{t.Status}/{t.Flags}", t => t.Count);
            foreach (var key in counted.Keys.Union(tallied.Keys))
            {
                if (counted.GetValueOrDefault(key) != tallied.GetValueOrDefault(key))
                {
                    wrong.Add($"{org.Name} {key}: tally {tallied.GetValueOrDefault(key)}, counted {counted.GetValueOrDefault(key)}");
                }
            }
        }
        wrong.ShouldBeEmpty();
        return true;
    });

    /// <summary>Every organization's path agrees with the tree, and so does every copy of it (<see cref="PathCopies"/>).</summary>
    protected Task AssertPathsAgreeWithTree() => App.WithDbAsync(async db =>
    {
        var orgs = await db.Organizations.AsNoTracking().ToDictionaryAsync(o => o.Id);
        var wrong = new List<string>();
        foreach (var o in orgs.Values)
        {
            var parent = o.ParentId is { } p ? orgs[p] : null;
            var expected = OrgPath.Child(parent?.Path ?? OrgPath.Root, o.Id);
            if (o.Path != expected || o.Depth != (parent is null ? 0 : parent.Depth + 1))
            {
                wrong.Add($"organization {o.Id} {o.Name}: {o.Path} depth {o.Depth}, expected {expected}");
            }
        }
        foreach (var copy in PathCopies.All)
        {
            foreach (var row in await copy.Rows(db).AsNoTracking().ToListAsync())
            {
                if (row.Path != orgs[row.OrganizationId].Path)
                {
                    wrong.Add($"{copy.Name} of row {row.RowId}: {row.Path}, organization at {orgs[row.OrganizationId].Path}");
                }
            }
        }
        wrong.ShouldBeEmpty();
        return true;
    });
}
