using System.Net.Http.Json;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Dangjian.Platform.Audit;
using Dangjian.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dangjian.Tests.Access;

/// <summary>Where a request carries an id: a route value, a query parameter, a JSON body property (dotted path) or a form field.</summary>
public enum IdPlace
{
    Route,
    Query,
    Body,
    Form,
}

/// <summary>One id a request to <see cref="Route"/> can carry.</summary>
public sealed record IdField(string Route, IdPlace Place, string Name, Type Type)
{
    public string Key => $"{Route} {Place.ToString().ToLowerInvariant()} {Name}";
}

/// <summary>
/// Generated from the route table (the API's endpoints and the pages' handlers): every id a request can carry (route
/// values, query parameters, JSON body properties named …Id at any depth, a page's bound properties and handler
/// parameters), filled once with a record of another area and once with an id that does not exist, must get the same
/// answer (status and body), and the first must be audited as an access denied. A route or field added later is covered
/// without a line here; a field whose record kind cannot be told from its name fails the test until it is declared in
/// <see cref="KindOf"/> or <see cref="Unscoped"/>.
/// </summary>
public partial class ForeignIdTests(AppFactory app) : DemoApiTest(app)
{
    /// <summary>The caller: a district's organization department, which holds every permission and has an area outside it.</summary>
    private static readonly MatrixAccount Caller = AccessMatrixTests.Accounts.Single(a => a.UserName == "weidu");

    private const long Missing = 987_654_321;

    /// <summary>Ids that by design name a record anywhere in the system, each with its reason.</summary>
    public static readonly IReadOnlyDictionary<string, string> Unscoped = new Dictionary<string, string>
    {
        ["POST /api/v1/transfers body toOrganizationId"] = "a letter may be addressed to any organization of the system; the directory lists them all by name",
        ["POST /Transfers/New form Input.ToOrganizationId"] = "the same letter, issued from its page",
        ["GET /api/v1/audit query entityId"] = "a filter over the caller's own audit lines, not the look-up of a record",
        ["GET /Audit query EntityId"] = "the same filter on the audit page",
        ["POST /api/v1/me/notifications/{id}/read route id"] = "a notice is the caller's own, not a record of an area: another's answers 404 (MeetingNoticeTests)",
        ["POST /Notifications?handler=Open form id"] = "the same notice, opened from the notices page",
        ["DELETE /api/v1/meetings/{id}/attachments/{attachmentId} route attachmentId"] = "looked up among the files of the meeting the route names, which is resolved through the scope first",
        ["POST /Meetings/Details?handler=Detach form attachmentId"] = "the same file, removed from the meeting's page",
        ["DELETE /api/v1/study/banks/{id}/questions/{questionId} route questionId"] = "looked up among the questions of the bank the route names, which is resolved through the scope first",
        ["POST /Study/Bank?handler=Retire form questionId"] = "the same question, retired from its bank's page",
        ["POST /api/v1/me/contests/{id}/paper route id"] = "a contest is offered to a member wherever it sits above them (Scope.OffersAsync, audited, QuizTests); an account without a member record finds none at all",
        ["GET /api/v1/me/contests/{id}/paper route id"] = "the same contest, the member's own paper in it",
        ["POST /api/v1/me/contests/{id}/paper/submit route id"] = "the same contest, the member's own paper in it",
        ["GET /api/v1/me/contests/{id}/ranking route id"] = "the same contest's ranking, for those it is offered to",
        ["POST /api/v1/meetings/{id}/sign-in route id"] = "a member signs in to a meeting that expects them wherever it is; the code, a keyed hash of the id, is checked first",
        // Not open: an account's id is text, which this generator does not fill; ChangeAccount resolves it against the
        // account's organization path (404 and audited outside), and the access matrix's foreign row for the route proves it.
        ["POST /Residents/Register form Input.CommunityId"] = "the same registration, from its page",
        ["POST /api/v1/public/residents body communityId"] = "a resident registers with any community of the system; the public list names them all",
        ["GET /api/v1/me/wishes/{id} route id"] = "a resident's own wish, found by ownership: another's answers 404 and is audited (WishTests, the access matrix)",
        ["POST /api/v1/me/wishes/{id}/photos route id"] = "the same wish, the resident's own",
        ["GET /api/v1/me/wishes/{id}/photos/{attachmentId} route id"] = "the same wish, the resident's own",
        ["GET /api/v1/me/wishes/{id}/photos/{attachmentId} route attachmentId"] = "looked up among the photos of the resident's own wish",
        ["POST /api/v1/me/wishes/{id}/rating route id"] = "the same wish, the resident's own",
        ["POST /api/v1/me/wishes/{id}/withdraw route id"] = "the same wish, the resident's own",
        ["GET /api/v1/wishes/{id}/photos/{attachmentId} route attachmentId"] = "looked up among the photos of the wish the route names, which is resolved first",
        ["GET /api/v1/me/bookings/slots query kindId"] = "a resident's own choice among the kinds offered to their community (no tree to probe); another's kind answers as none",
        ["POST /api/v1/me/bookings body kindId"] = "the same choice, when booking",
        ["POST /api/v1/me/bookings body slotId"] = "looked up among the slots of the team of the kind, which is resolved first",
        ["GET /api/v1/me/bookings/{id} route id"] = "a resident's own booking, found by ownership: another's answers 404 and is audited (BookingTests, the access matrix)",
        ["POST /api/v1/me/bookings/{id}/reschedule route id"] = "the same booking, the resident's own",
        ["POST /api/v1/me/bookings/{id}/reschedule body slotId"] = "looked up among the slots of the booking's own team",
        ["POST /api/v1/me/bookings/{id}/cancel route id"] = "the same booking, the resident's own",
        ["POST /api/v1/me/bookings/{id}/rating route id"] = "the same booking, the resident's own",
        ["GET /api/v1/me/bookings/{id}/photos/{attachmentId} route id"] = "the same booking, the resident's own",
        ["GET /api/v1/me/bookings/{id}/photos/{attachmentId} route attachmentId"] = "looked up among the photos of the resident's own booking",
        ["POST /api/v1/bookings body booking.slotId"] = "looked up among the slots of the team of the kind, which is resolved first",
        ["POST /api/v1/bookings/{id}/reschedule body slotId"] = "looked up among the slots of the booking's own team, the booking resolved first",
        ["GET /api/v1/bookings/{id}/photos/{attachmentId} route attachmentId"] = "looked up among the photos of the booking the route names, which is resolved first",
        ["POST /Bookings/Book form Input.SlotId"] = "the same slot, booked from the resident's page: looked up among the slots of the kind's team",
        ["POST /Bookings/Mine?handler=Reschedule form SlotId"] = "the same slot, moved to from the resident's page: among the slots of the booking's own team",
        ["POST /Bookings/Mine?handler=Rate form SlotId"] = "bound by the page for its reschedule form; rating reads no slot",
        ["POST /Bookings/Mine?handler=Cancel form SlotId"] = "bound by the page for its reschedule form; cancelling reads no slot",
        ["POST /api/v1/me/report-in/registrations body communityId"] = "a member reports in to the community where they live, anywhere in the system",
        ["POST /api/v1/report-in/registrations body communityId"] = "a unit reports in to the community where it sits, which may lie in another area",
        ["POST /api/v1/me/report-in/registrations/{id}/end route id"] = "a member's own report-in, found by ownership: another's answers 404 and is audited",
        ["POST /api/v1/me/report-in/activities/{id}/sign-up route id"] = "offered to members reported in to its community wherever they sit; another's answers 404 and is audited (ReportInTests)",
        ["POST /api/v1/me/report-in/activities/{id}/sign-in route id"] = "the same activity, signed up for",
        ["POST /api/v1/me/report-in/hours body communityId"] = "among the communities the member is reported in to, not the tree",
        ["GET /ReportIn/Card query Id"] = "the member's own confirmed report-in, found among their own (MyReportIn); another's is no card",
        ["POST /ReportIn/Manage?handler=Decide form Id"] = "the same report-in as POST /api/v1/report-in/registrations/{id}/decide, decided from the community's desk",
        ["POST /ReportIn/Manage?handler=Verify form Id"] = "the same hours as POST /api/v1/report-in/hours/{id}/verify, verified from the community's desk",
        ["POST /ReportIn/Manage?handler=Activity form Id"] = "bound by the desk for its other forms; publishing an activity reads no id",
        ["POST /ReportIn?handler=Register form CommunityId"] = "a member reports in to the community where they live, anywhere (as the API route)",
        ["POST /ReportIn?handler=End form RegistrationId"] = "the member's own report-in, found by ownership (as the API route)",
        ["POST /ReportIn?handler=SignUp form ActivityId"] = "offered to the members reported in to its community (as the API route)",
        ["POST /ReportIn?handler=SignIn form ActivityId"] = "the same activity, signed up for",
        ["POST /ReportIn?handler=End form ActivityId"] = "bound by the page for its activity buttons; this form reads no activity",
        ["POST /ReportIn?handler=Hours form ActivityId"] = "bound by the page for its activity buttons; this form reads no activity",
        ["POST /ReportIn?handler=Register form ActivityId"] = "bound by the page for its activity buttons; this form reads no activity",
        ["POST /ReportIn?handler=Hours form RegistrationId"] = "bound by the page for its end form; this form reads no report-in",
        ["POST /ReportIn?handler=Register form RegistrationId"] = "bound by the page for its end form; this form reads no report-in",
        ["POST /ReportIn?handler=SignIn form RegistrationId"] = "bound by the page for its end form; this form reads no report-in",
        ["POST /ReportIn?handler=SignUp form RegistrationId"] = "bound by the page for its end form; this form reads no report-in",
        ["PUT /api/v1/accounts/{id} route id"] = "a text account id, proved by the access matrix's foreign row",
        ["POST /api/v1/accounts/{id}/unlock route id"] = "a text account id, proved by the access matrix's foreign row",
        ["POST /api/v1/accounts/{id}/password-reset route id"] = "a text account id, proved by the access matrix's foreign row",
        ["POST /Accounts form Change.Id"] = "the same text account id on the accounts page",
        ["POST /Accounts?handler=Change form Change.Id"] = "the same text account id on the accounts page",
        ["POST /Accounts?handler=Unlock form Change.Id"] = "the same text account id on the accounts page",
        ["POST /Accounts?handler=ResetPassword form Change.Id"] = "the same text account id on the accounts page",
    };

    /// <summary>
    /// Ids a route only compares with one it already holds, never looks up, so that nothing about another record can be
    /// learnt from them (still answered alike for another area's record and for none; only not audited).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> OnlyCompared = new Dictionary<string, string>
    {
        ["PUT /api/v1/members/{id} body organizationId"] = "compared with the member's own organization: a move is a transfer",
        ["POST /api/v1/meetings/{id}/corrections body memberId"] = "compared with the meeting's own expected attendees, never looked up",
    };

    /// <summary>The kind of record a field names, from its name (and, for a bare "id", from the route's first segment).</summary>
    private static string? KindOf(string route, string field)
    {
        var name = field[(field.LastIndexOf('.') + 1)..];
        if (name.Equals("id", StringComparison.OrdinalIgnoreCase))
        {
            var segment = Regex.Match(route, @"^\w+ /(?:api/v1/)?([A-Za-z]+)").Groups[1].Value.ToLowerInvariant();
            if (segment == "report")
            {
                segment = "report-in/" + Regex.Match(route, @"/report-in/([A-Za-z-]+)/\{", RegexOptions.IgnoreCase).Groups[1].Value.ToLowerInvariant();
            }
            if (segment == "bookings")
            {
                segment = "bookings/" + Regex.Match(route, @"/bookings/([A-Za-z-]+)/\{", RegexOptions.IgnoreCase).Groups[1].Value.ToLowerInvariant();
            }
            if (segment == "study")
            {
                segment = "study/" + Regex.Match(route, @"/study/([A-Za-z-]+)", RegexOptions.IgnoreCase).Groups[1].Value.ToLowerInvariant();
            }
            return segment switch
            {
                "organizations" => "Organization",
                "units" => "Unit",
                "members" => "Member",
                "transfers" => "Transfer",
                "jobs" => "BackgroundJob",
                "meetings" => "Meeting",
                "attachments" => "Attachment",
                "evaluations" => "MemberEvaluation",
                "study/classes" or "study/class" => "TrainingClass",
                "study/home-visits" => "HomeStudyVisit",
                "study/banks" or "study/bank" => "QuestionBank",
                "study/contests" or "study/contest" => "Contest",
                "wishes" => "Wish",
                "bookings/" => "Booking",
                "report-in/registrations" => "Registration",
                "report-in/hours" => "ServiceHours",
                "report-in/activities" => "ServiceActivity",
                "bookings/kinds" => "ServiceKind",
                "bookings/slots" => "ServiceSlot",
                _ => null,
            };
        }
        name = char.ToLowerInvariant(name[0]) + name[1..];
        return name switch
        {
            "memberId" => "Member",
            "unitId" => "Unit",
            "transferId" => "Transfer",
            "partyGroupId" => "PartyGroup",
            "bankId" => "QuestionBank",
            "residentId" => "Resident",
            "kindId" => "ServiceKind",
            "workerId" => "ServiceWorker",
            "communityId" => "Community",
            "parentId" or "newParentId" => "Organization",
            _ when name.EndsWith("rganizationId", StringComparison.Ordinal) => "Organization",
            _ => null,
        };
    }

    private static bool IsIdName(string name) => name.Equals("id", StringComparison.OrdinalIgnoreCase) || name.EndsWith("Id", StringComparison.Ordinal);

    private static bool IsSimple(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(decimal) || t == typeof(DateOnly) || t == typeof(DateTime)
            || t == typeof(DateTimeOffset) || t == typeof(Guid);
    }

    private static IEnumerable<string> BodyIds(Type type, string prefix, int depth)
    {
        if (depth > 3 || IsSimple(type) || type.IsAssignableTo(typeof(System.Collections.IEnumerable)))
        {
            yield break;
        }
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0))
        {
            var json = JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            if (IsSimple(property.PropertyType))
            {
                if (IsIdName(property.Name))
                {
                    yield return prefix + json;
                }
            }
            else
            {
                foreach (var inner in BodyIds(property.PropertyType, prefix + json + ".", depth + 1))
                {
                    yield return inner;
                }
            }
        }
    }

    /// <summary>Every id field of every /api route, read from the endpoints' handlers as the framework binds them.</summary>
    private List<IdField> ApiFields(List<string> unreadable)
    {
        var isService = App.Services.GetRequiredService<IServiceProviderIsService>();
        var fields = new List<IdField>();
        foreach (var endpoint in App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
                     .Where(e => e.RoutePattern.RawText!.TrimStart('/').StartsWith("api/", StringComparison.Ordinal)))
        {
            var routeValues = endpoint.RoutePattern.Parameters.Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
            foreach (var method in endpoint.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods)
            {
                var route = $"{method} {AccessMatrixTests.Normalize(endpoint.RoutePattern.RawText!)}";
                fields.AddRange(routeValues.Where(IsIdName).Select(v => new IdField(route, IdPlace.Route, v, typeof(long))));
                if (endpoint.Metadata.GetMetadata<MethodInfo>() is not { } handler)
                {
                    unreadable.Add($"{route}: no handler method to read its parameters from");
                    continue;
                }
                foreach (var p in handler.GetParameters())
                {
                    var type = p.ParameterType;
                    if (routeValues.Contains(p.Name!) || type == typeof(CancellationToken) || isService.IsService(type)
                        || type == typeof(HttpContext) || type == typeof(HttpRequest) || type == typeof(IFormFile) || type == typeof(IFormFileCollection))
                    {
                        continue;
                    }
                    if (p.IsDefined(typeof(AsParametersAttribute)))
                    {
                        fields.AddRange(type.GetProperties().Where(q => IsIdName(q.Name))
                            .Select(q => new IdField(route, IdPlace.Query, JsonNamingPolicy.CamelCase.ConvertName(q.Name), q.PropertyType)));
                    }
                    else if (IsSimple(type))
                    {
                        if (IsIdName(p.Name!))
                        {
                            fields.Add(new IdField(route, IdPlace.Query, p.Name!, type));
                        }
                    }
                    else
                    {
                        fields.AddRange(BodyIds(type, "", 0).Select(b => new IdField(route, IdPlace.Body, b, typeof(long))));
                    }
                }
            }
        }
        return fields;
    }

    /// <summary>A record of each kind outside the caller's area (民警路街道光明社区, in another city).</summary>
    private async Task<Dictionary<string, long>> ForeignRecords()
    {
        var guangming = await OrgId(Caller.Foreign!);
        var community = await ForeignCommunity(guangming);
        var resident = await EnterResident(community);
        var (kind, worker, slot) = await ForeignTeam(community);
        return new Dictionary<string, long>
        {
            ["Organization"] = guangming,
            ["PartyGroup"] = await CreateOrganization(guangming, $"越界探测党小组{Guid.NewGuid():N}"[..14], Dangjian.Features.Organizations.OrganizationKind.PartyGroup),
            ["Member"] = await SomeMemberOf(guangming),
            ["Unit"] = await CreateUnit(guangming, $"越界探测单位{Guid.NewGuid():N}"[..12]),
            ["Transfer"] = await IssueTransfer(await CreateMember(guangming, "越界探测"), null),
            ["BackgroundJob"] = await CreateJob("minjing", Caller.Foreign!),
            ["Meeting"] = await MeetingReadyToClose(guangming),
            ["Attachment"] = await AttachedPhoto(await PlanMeeting(guangming)),
            ["MemberEvaluation"] = await App.WithDbAsync(db => db.MemberEvaluations.Where(e => e.OrganizationId == guangming).Select(e => (long?)e.Id).FirstOrDefaultAsync())
                ?? (await Read<Created>(await PostJson(await As("admin"), "/api/v1/evaluations", new { organizationId = guangming, year = App.Today.Year }),
                    System.Net.HttpStatusCode.Created)).Id,
            ["TrainingClass"] = await StudyRecord("/api/v1/study/classes", new
            {
                organizationId = guangming, title = "越界探测培训班", organizer = "探测", startsOn = App.Today, endsOn = App.Today, classHours = 2,
            }),
            ["HomeStudyVisit"] = await StudyRecord("/api/v1/study/home-visits", new
            {
                memberId = await SomeMemberOf(guangming), reason = "Sick", visitedOn = App.Today, content = "越界探测", hours = 1, otherVisitors = "探测",
            }),
            ["QuestionBank"] = await StudyRecord("/api/v1/study/banks", new { organizationId = guangming, title = "越界探测题库" }),
            ["Contest"] = await ForeignContest(guangming),
            ["Community"] = community,
            ["Resident"] = resident,
            ["Wish"] = await WallWish(resident),
            ["Registration"] = await ForeignRegistration(guangming, community),
            ["ServiceHours"] = await ForeignHours(community),
            ["ServiceKind"] = kind,
            ["ServiceWorker"] = worker,
            ["ServiceSlot"] = slot,
            ["Booking"] = (await Read<Created>(await PostJson(await As("admin"), "/api/v1/bookings",
                new { residentId = resident, booking = new { kindId = kind, slotId = slot, address = "越界探测路1号" } }), System.Net.HttpStatusCode.Created)).Id,
        };
    }

    private async Task<long> ForeignRegistration(long guangming, long community) =>
        await StudyRecord("/api/v1/report-in/registrations", new { organizationId = guangming, communityId = community });

    private Task<long> ForeignHours(long community) => App.WithDbAsync(async db =>
    {
        var org = await db.Organizations.AsNoTracking().SingleAsync(o => o.Id == community);
        var member = await db.Members.AsNoTracking().Where(m => m.OrgPath.StartsWith(org.Path.Substring(0, org.Path.LastIndexOf('/', org.Path.Length - 2) + 1))).OrderBy(m => m.Id).FirstAsync();
        var hours = new Dangjian.Features.ReportIn.ServiceHours
        {
            MemberId = member.Id, MemberName = member.Name, OrganizationId = member.OrganizationId, OrgPath = member.OrgPath, CommunityId = org.Id, CommunityPath = org.Path,
            Date = App.Today, From = new TimeOnly(6, 0), To = new TimeOnly(7, 0), Hours = 1, OutsideHours = 1, What = "越界探测",
            State = Dangjian.Features.ReportIn.HoursState.Reported, CreatedAt = App.Clock.GetUtcNow(),
        };
        db.ServiceHours.Add(hours);
        await db.SaveChangesAsync();
        return hours.Id;
    });

    /// <summary>A home-visit team in the foreign community: a kind, a worker and one free slot.</summary>
    private async Task<(long Kind, long Worker, long Slot)> ForeignTeam(long community)
    {
        var admin = await As("admin");
        var kind = await StudyRecord("/api/v1/bookings/kinds", new { organizationId = community, name = "越界探测服务" });
        var worker = await StudyRecord("/api/v1/bookings/workers", new { organizationId = community, name = "越界探测队员" });
        var day = App.Today.AddDays(3);
        (await PostJson(admin, "/api/v1/bookings/slots", new { workerId = worker, from = day, to = day, times = new[] { "9:00" }, includeRestDays = true })).EnsureSuccessStatusCode();
        var slot = await App.WithDbAsync(db => db.ServiceSlots.Where(x => x.WorkerId == worker).Select(x => x.Id).SingleAsync());
        return (kind, worker, slot);
    }

    /// <summary>A community in the foreign area: a Party group covering a community unit.</summary>
    private async Task<long> ForeignCommunity(long guangming)
    {
        var community = await CreateOrganization(guangming, $"越界探测社区{Guid.NewGuid():N}"[..14], Dangjian.Features.Organizations.OrganizationKind.PartyGroup);
        (await PostJson(await As("admin"), "/api/v1/units", new
        {
            name = $"越界探测社区{community}", kind = "Community", isAboveScale = false, areaOrganizationId = guangming, coveringOrganizationId = community,
            partyMemberCount = 0, employeeCount = 0,
        })).EnsureSuccessStatusCode();
        return community;
    }

    private async Task<long> StudyRecord(string url, object body) =>
        (await Read<Created>(await PostJson(await As("admin"), url, body), System.Net.HttpStatusCode.Created)).Id;

    private async Task<long> ForeignContest(long organizationId)
    {
        var bank = await StudyRecord("/api/v1/study/banks", new { organizationId, title = "越界探测竞赛题库" });
        (await PostJson(await As("admin"), $"/api/v1/study/banks/{bank}/questions", new { questions = new[] { new { kind = "TrueFalse", text = "探测题", answer = "对" } } }))
            .EnsureSuccessStatusCode();
        return await StudyRecord("/api/v1/study/contests", new
        {
            organizationId, title = "越界探测竞赛", bankId = bank, singleCount = 0, multipleCount = 0, trueFalseCount = 1, trueFalsePoints = 10, timeLimitMinutes = 5,
            opensAt = App.Clock.GetUtcNow().AddMinutes(-1), closesAt = App.Clock.GetUtcNow().AddDays(1),
        });
    }

    private Task<int> DeniedLines(long mark, string entityType, long id) =>
        App.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Id > mark && a.Action == AuditActions.AccessDenied && a.UserName == Caller.UserName
            && a.EntityType == entityType && a.EntityId == id.ToString()));

    [Fact]
    public async Task Every_id_an_api_request_carries_answers_a_record_of_another_area_as_one_that_does_not_exist()
    {
        var problems = new List<string>();
        var fields = ApiFields(problems);
        fields.Count.ShouldBeGreaterThan(15, "the generator found the id fields");
        var rows = AccessMatrixTests.Rows.ToDictionary(r => r.Route);
        var matrix = new AccessMatrixTests(App);
        var foreign = await ForeignRecords();
        var client = await As(Caller.UserName);

        foreach (var field in fields)
        {
            if (Unscoped.ContainsKey(field.Key))
            {
                continue;
            }
            if (KindOf(field.Route, field.Name) is not { } kind)
            {
                problems.Add($"{field.Key}: which record does it name? Declare it in KindOf, or in Unscoped with the reason");
                continue;
            }
            if (!rows.TryGetValue(field.Route, out var row))
            {
                problems.Add($"{field.Key}: the route has no row in AccessMatrixTests.Rows to build a request from");
                continue;
            }
            var call = await row.Inside(matrix, Caller);
            var mark = await LastAuditId();
            var outside = await Send(client, With(call, field, foreign[kind]));
            var absent = await Send(client, With(call, field, Missing));
            if (outside != absent)
            {
                problems.Add($"{field.Key}: another area's {kind} {foreign[kind]} answers\n    {outside}\n  but an id that does not exist answers\n    {absent}");
            }
            else if (!OnlyCompared.ContainsKey(field.Key) && await DeniedLines(mark, kind is "PartyGroup" or "Community" ? "Organization" : kind, foreign[kind]) == 0)
            {
                problems.Add($"{field.Key}: reaching another area's {kind} {foreign[kind]} left no access-denied line");
            }
        }
        problems.AddRange(Unscoped.Keys.Where(k => k.Contains("/api/", StringComparison.Ordinal)).Except(fields.Select(f => f.Key)).Select(k => $"{k}: declared unscoped but no longer exists"));
        problems.ShouldBeEmpty();
    }

    /// <summary>
    /// The pages' forms are sent with the id alone, so a use case may refuse them before it looks the id up; that the
    /// look-up is audited is shown by the API test, which sends whole requests to the same use cases.
    /// </summary>
    [Fact]
    public async Task Every_id_a_page_handler_binds_answers_a_record_of_another_area_as_one_that_does_not_exist()
    {
        var problems = new List<string>();
        var foreign = await ForeignRecords();
        var client = await As(Caller.UserName);
        var token = Token().Match(await client.GetStringAsync("/Members/Edit")).Groups[1].Value;
        var keys = new List<string>();
        foreach (var handler in await PageHandlers.DiscoverAsync(App.Services))
        {
            foreach (var field in handler.Fields.Where(f => IsIdName(f.Name[(f.Name.LastIndexOf('.') + 1)..])))
            {
                var key = $"{handler.Route} {(handler.Method == "GET" ? "query" : "form")} {field.Name}";
                keys.Add(key);
                if (Unscoped.ContainsKey(key))
                {
                    continue;
                }
                if (KindOf(handler.Route, field.Name) is not { } kind)
                {
                    problems.Add($"{key}: which record does it name? Declare it in KindOf, or in Unscoped with the reason");
                    continue;
                }
                var outside = Blank(await Send(client, PageCall(handler, field.Name, foreign[kind], token)));
                var absent = Blank(await Send(client, PageCall(handler, field.Name, Missing, token)));
                if (outside != absent)
                {
                    problems.Add($"{key}: another area's {kind} {foreign[kind]} answers\n    {Excerpt(outside, absent)}\n  but an id that does not exist answers\n    {Excerpt(absent, outside)}");
                }
            }
        }
        keys.Count.ShouldBeGreaterThan(10, "the generator found the pages' id fields");
        problems.AddRange(Unscoped.Keys.Concat(OnlyCompared.Keys).Where(k => !k.Contains("/api/", StringComparison.Ordinal)).Except(keys)
            .Select(k => $"{k}: declared but no longer exists"));
        problems.ShouldBeEmpty();
    }

    private static Call PageCall(PageHandler handler, string name, long id, string token)
    {
        var value = id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return handler.Method == "GET"
            ? new Call(HttpMethod.Get, WithQuery(handler.Url, name, value))
            : new Call(new HttpMethod(handler.Method), handler.Url, new Dictionary<string, string> { ["__RequestVerificationToken"] = token, [name] = value });
    }

    /// <summary>
    /// A page echoes the id it was given (in links and hidden fields), and a small id also occurs as any other number:
    /// numbers are blanked, so that what the two pages show besides them (names, rows, messages) is compared.
    /// </summary>
    private static string Blank(string answer) => Digits().Replace(answer, "#");

    [GeneratedRegex("\\d+")]
    private static partial Regex Digits();

    /// <summary>Where two answers part, with some context, so that a failure names the difference in a page of HTML.</summary>
    private static string Excerpt(string one, string other)
    {
        var at = 0;
        while (at < one.Length && at < other.Length && one[at] == other[at])
        {
            at++;
        }
        var from = Math.Max(0, at - 120);
        return (from > 0 ? "…" : "") + one[from..Math.Min(one.Length, at + 200)];
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    private static Call With(Call call, IdField field, long id)
    {
        var value = id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        switch (field.Place)
        {
            case IdPlace.Route:
            {
                var pattern = field.Route[(field.Route.IndexOf(' ') + 1)..].Split('/');
                var (path, query) = SplitUrl(call.Url);
                var segments = path.Split('/');
                var at = Array.FindIndex(pattern, s => s.Equals("{" + field.Name + "}", StringComparison.OrdinalIgnoreCase));
                segments[at] = value;
                return call with { Url = string.Join('/', segments) + query };
            }
            case IdPlace.Query:
                return call with { Url = WithQuery(call.Url, field.Name, value) };
            case IdPlace.Body:
            {
                var body = call.Body is null ? new JsonObject() : JsonSerializer.SerializeToNode(call.Body, call.Body.GetType(), Json)!.AsObject();
                var names = field.Name.Split('.');
                var node = body;
                foreach (var name in names[..^1])
                {
                    if (node[name] is not JsonObject inner)
                    {
                        inner = new JsonObject();
                        node[name] = inner;
                    }
                    node = inner;
                }
                node[names[^1]] = field.Type == typeof(string) ? JsonValue.Create(value) : JsonValue.Create(id);
                return call with { Body = body };
            }
            default:
                throw new InvalidOperationException(field.Place.ToString());
        }
    }

    private static (string Path, string Query) SplitUrl(string url) =>
        url.IndexOf('?') is var q and >= 0 ? (url[..q], url[q..]) : (url, "");

    private static string WithQuery(string url, string name, string value)
    {
        var (path, query) = SplitUrl(url);
        var pairs = query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Where(p => !p.Split('=')[0].Equals(Uri.EscapeDataString(name), StringComparison.OrdinalIgnoreCase) && !p.Split('=')[0].Equals(name, StringComparison.OrdinalIgnoreCase))
            .Append($"{Uri.EscapeDataString(name)}={value}");
        return path + "?" + string.Join('&', pairs);
    }

    /// <summary>The answer as the test compares it: status, media type and body, with created ids and volatile tokens blanked.</summary>
    private static async Task<string> Send(HttpClient client, Call call)
    {
        using var request = new HttpRequestMessage(call.Method, call.Url);
        if (call.Body is byte[] file)
        {
            // A file body is sent as the multipart upload the route takes, as the matrix sends it.
            var upload = new MultipartFormDataContent { { new ByteArrayContent(file), "file", "upload.bin" } };
            request.Content = upload;
        }
        else if (call.Body is JsonNode node)
        {
            request.Content = new StringContent(node.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
        }
        else if (call.Body is Dictionary<string, string> form)
        {
            request.Content = new FormUrlEncodedContent(form);
        }
        else if (call.Body is not null)
        {
            request.Content = JsonContent.Create(call.Body, call.Body.GetType(), options: Json);
        }
        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        body = Volatile().Replace(body, "$1…");
        body = EncodedNonce().Replace(body, "$1…");
        var status = (int)response.StatusCode;
        if (status is >= 200 and < 300)
        {
            body = CreatedId().Replace(body, "\"id\":…");
        }
        return $"{status} {response.Content.Headers.ContentType?.MediaType} {response.Headers.Location} {body}";
    }

    [GeneratedRegex("(__RequestVerificationToken\"[^>]*?value=\"|name=\"csrf-token\" content=\"|nonce=\")[^\"]*")]
    private static partial Regex Volatile();

    /// <summary>The per-request nonces in the htmx configuration, which the page writes HTML-encoded.</summary>
    [GeneratedRegex("(Nonce&quot;:&quot;)[^&]*")]
    private static partial Regex EncodedNonce();

    [GeneratedRegex("\"id\":\\d+")]
    private static partial Regex CreatedId();
}
