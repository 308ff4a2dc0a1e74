using System.Net;
using Dangjian.Features.Members;
using Dangjian.Platform.Audit;
using Dangjian.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Dangjian.Tests.Members;

/// <summary>The app with a counter of the round trips each request makes to the database.</summary>
public sealed class RoundTripApp : AppFactory
{
    public RoundTripCounter Counter { get; } = new();

    protected override void ConfigureMore(IWebHostBuilder builder)
    {
        RoundTripCounter.AddTo(builder, Counter);
        // The counter follows the test's flow into the request.
        builder.ConfigureServices(services => services.Configure<TestServerOptions>(o => o.PreserveExecutionContext = true));
    }
}

/// <summary>
/// A member's create and edit reach the database at most three times (docs/performance.md, "Writes"): one read of
/// everything the checks need, one command that writes the rows, the derived rows and the audit lines, and the commit.
/// The account look-up every signed-in request makes (<c>CurrentUser</c>, tagged "account") is not the write's and is
/// counted apart. A change that adds a round trip fails here.
/// </summary>
public class MemberRoundTripTests(RoundTripApp app) : DemoApiTest<RoundTripApp>(app)
{
    private const int Budget = 3;

    /// <summary>
    /// The write's round trips: without the account look-up, and without the draw of a block of new ids
    /// (<c>IdPool</c>), which one save in <c>IdPool.Block</c> new rows of a table makes.
    /// </summary>
    private static List<string> Writes(RoundTripCounter.Measurement m) =>
        [.. m.Trips.Where(t => !t.StartsWith("-- account", StringComparison.Ordinal) && !IsIdDraw(t))];

    private static bool IsIdDraw(string sql) => sql.Contains("pg_get_serial_sequence", StringComparison.Ordinal) || sql.Contains("sqlite_sequence", StringComparison.Ordinal);

    private static string Show(IEnumerable<string> trips) => string.Join("\n---\n", trips.Select(t => t.Length > 300 ? t[..300] + "…" : t));

    [Fact]
    public async Task A_create_and_an_edit_each_take_at_most_three_round_trips()
    {
        var first = await OrgId(DemoOrgs.Compound);
        var corridor = await OrgId(DemoOrgs.CorridorOne);
        var client = await As("admin");
        var input = People.Full(first, "往返甲") with { PartyGroupId = corridor, Households = ["延中小区5号楼1单元101", "延中小区5号楼1单元102"] };
        await CreateMember(People.Full(first, "往返预热") with { Households = ["延中小区5号楼1单元100"] }); // the host, its caches and its ids are warm

        long id;
        using (var create = RoundTripCounter.Measure())
        {
            var response = await PostJson(client, "/api/v1/members", input);
            id = (await Read<Created>(response, HttpStatusCode.Created)).Id;
            create.Trips.Count(t => t.StartsWith("-- account", StringComparison.Ordinal)).ShouldBeLessThanOrEqualTo(1);
            create.Trips.Count(IsIdDraw).ShouldBeLessThanOrEqualTo(2, "at most one draw per table (members, households)");
            Writes(create).Count.ShouldBeLessThanOrEqualTo(Budget, Show(Writes(create)));
        }
        var version = (await Read<GetMember.Response>(await client.GetAsync($"/api/v1/members/{id}"))).Version;

        using (var edit = RoundTripCounter.Measure())
        {
            var changed = input with { Name = "往返乙", IsMobile = true, MobileDestination = "郑州", Households = ["延中小区5号楼1单元101", "延中小区6号楼2单元201"] };
            (await PutJson(client, $"/api/v1/members/{id}?version={version}", changed)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
            Writes(edit).Count.ShouldBeLessThanOrEqualTo(Budget, Show(Writes(edit)));
        }

        var details = await Read<GetMember.Response>(await client.GetAsync($"/api/v1/members/{id}"));
        details.Name.ShouldBe("往返乙");
        details.Version.ShouldBe(version + 1);
        await AssertDerivedRowsMatchMembers();
        (await App.WithDbAsync(db => AuditChain.VerifyAsync(db, CancellationToken.None))).Intact.ShouldBeTrue();
    }
}
