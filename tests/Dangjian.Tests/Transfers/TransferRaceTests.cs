using System.Net;
using System.Net.Http.Json;
using Dangjian.Features.Members;
using Dangjian.Features.Transfers;
using Dangjian.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Tests.Transfers;

/// <summary>
/// Transfers raced by parallel requests (two secretaries clicking at once, a double-submitted form): exactly one
/// wins, the others are told so with 409, the server logs no error, and the member is in exactly one list.
/// </summary>
public class TransferRaceTests(AppFactory app) : DemoApiTest(app)
{
    private const int Racers = 10;

    private async Task<HttpResponseMessage[]> InParallel(string user, Func<int, HttpClient, Task<HttpResponseMessage>> request)
    {
        // One client per request, each with its own connection to the test server, all released together.
        var clients = new List<HttpClient>();
        for (var i = 0; i < Racers; i++)
        {
            clients.Add(await As(user));
        }
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var racing = clients.Select(async (client, i) =>
        {
            await start.Task;
            return await request(i, client);
        }).ToList();
        start.SetResult();
        return await Task.WhenAll(racing);
    }

    private async Task<int> ListsContaining(long memberId, params string[] organizations)
    {
        var found = 0;
        foreach (var name in organizations)
        {
            var result = await Read<SearchMembers.Response>(await (await As("admin")).GetAsync($"/api/v1/members?organizationId={await OrgId(name)}&pageSize=100"));
            found += result.Items.Count(i => i.Id == memberId);
        }
        return found;
    }

    [Fact]
    public async Task Of_ten_parallel_letters_for_one_member_exactly_one_is_issued_and_the_rest_are_refused_with_409()
    {
        var member = await CreateMember(await OrgId(DemoOrgs.First), "并发甲");
        var guangming = await OrgId(DemoOrgs.Guangming);

        var responses = await InParallel("yanzhong", (i, client) => PostJson(client, "/api/v1/transfers",
            new { memberId = member, toOrganizationId = guangming, letterNumber = NewLetterNumber($"RACE{i}"), duesPaidThrough = "2026-10" }));

        var statuses = responses.Select(r => r.StatusCode).ToList();
        statuses.Count(s => s == HttpStatusCode.Created).ShouldBe(1, string.Join(", ", statuses));
        statuses.Count(s => s == HttpStatusCode.Conflict).ShouldBe(Racers - 1, string.Join(", ", statuses));
        foreach (var refused in responses.Where(r => r.StatusCode == HttpStatusCode.Conflict))
        {
            (await Read<ProblemBody>(refused, HttpStatusCode.Conflict)).Detail.ShouldNotBeNullOrEmpty();
        }
        var letters = await App.WithDbAsync(db => db.Transfers.AsNoTracking().Where(t => t.MemberId == member).ToListAsync());
        letters.ShouldHaveSingleItem().Status.ShouldBe(TransferStatus.Pending);
        (await AuditRows(Dangjian.Platform.Audit.AuditActions.Created, nameof(Transfer), letters[0].Id.ToString())).ShouldHaveSingleItem();
    }

    [Fact]
    public async Task Of_ten_parallel_receipts_of_one_letter_exactly_one_moves_the_member_and_the_member_ends_in_exactly_one_list()
    {
        var member = await CreateMember(await OrgId(DemoOrgs.First), "并发乙");
        var guangming = await OrgId(DemoOrgs.Guangming);
        var transfer = await IssueTransfer(member, guangming);

        var responses = await InParallel("minjing", (i, client) => PostJson(client, $"/api/v1/transfers/{transfer}/receive", new { receiptNumber = $"HZ-RACE-{i}" }));

        var statuses = responses.Select(r => r.StatusCode).ToList();
        statuses.Count(s => s == HttpStatusCode.NoContent).ShouldBe(1, string.Join(", ", statuses));
        statuses.Count(s => s == HttpStatusCode.Conflict).ShouldBe(Racers - 1, string.Join(", ", statuses));

        (await ListsContaining(member, DemoOrgs.First, DemoOrgs.Guangming)).ShouldBe(1);
        (await MemberRow(member)).OrganizationId.ShouldBe(guangming);
        var letter = await App.WithDbAsync(db => db.Transfers.AsNoTracking().SingleAsync(t => t.Id == transfer));
        letter.Status.ShouldBe(TransferStatus.Received);
        var winner = Array.FindIndex(responses, r => r.StatusCode == HttpStatusCode.NoContent);
        letter.ReceiptNumber.ShouldBe($"HZ-RACE-{winner}");
        await AssertDerivedRowsMatchMembers();
    }

    [Fact]
    public async Task Issuing_and_receiving_raced_together_leave_the_member_in_exactly_one_list()
    {
        var member = await CreateMember(await OrgId(DemoOrgs.First), "并发丙");
        var guangming = await OrgId(DemoOrgs.Guangming);
        var transfer = await IssueTransfer(member, guangming);

        // The issuing side cancels while the receiving side receives: one of the two wins.
        var cancel = (await As("yanzhong")).PostAsync($"/api/v1/transfers/{transfer}/cancel", JsonContent.Create(new { reason = "并发撤销" }));
        var receive = (await As("minjing")).PostAsync($"/api/v1/transfers/{transfer}/receive", JsonContent.Create(new { receiptNumber = "HZ-RACE-X" }));
        var results = await Task.WhenAll(cancel, receive);

        results.Count(r => r.StatusCode == HttpStatusCode.NoContent).ShouldBe(1, string.Join(", ", results.Select(r => r.StatusCode)));
        results.Count(r => r.StatusCode == HttpStatusCode.Conflict).ShouldBe(1);
        (await ListsContaining(member, DemoOrgs.First, DemoOrgs.Guangming)).ShouldBe(1);
        var letter = await App.WithDbAsync(db => db.Transfers.AsNoTracking().SingleAsync(t => t.Id == transfer));
        var row = await MemberRow(member);
        row.OrganizationId.ShouldBe(letter.Status == TransferStatus.Received ? guangming : await OrgId(DemoOrgs.First));
        await AssertDerivedRowsMatchMembers();
    }

    [Fact]
    public async Task Parallel_edits_of_one_member_with_the_same_version_save_exactly_one()
    {
        var input = People.Full(await OrgId(DemoOrgs.First), "并发丁");
        var member = await CreateMember(input);

        var responses = await InParallel("yanzhong", (i, client) => PutJson(client, $"/api/v1/members/{member}?version=0", input with { Address = $"并发地址{i}" }));

        var statuses = responses.Select(r => r.StatusCode).ToList();
        statuses.Count(s => s == HttpStatusCode.NoContent).ShouldBe(1, string.Join(", ", statuses));
        statuses.Count(s => s == HttpStatusCode.Conflict).ShouldBe(Racers - 1);
        var winner = Array.FindIndex(responses, r => r.StatusCode == HttpStatusCode.NoContent);
        (await MemberRow(member)).Address.ShouldBe($"并发地址{winner}");
        (await MemberRow(member)).Version.ShouldBe(1);
    }
}
