using System.Net;
using System.Text.RegularExpressions;
using Dangjian.Features.Transfers;
using Dangjian.Platform.Data;
using Dangjian.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Tests.Home;

/// <summary>The dashboard's figures are counts over the caller's subtree, not the length of a list.</summary>
public partial class HomePageTests(AppFactory app) : DemoApiTest(app)
{
    [GeneratedRegex("""tile-label">(?<label>[^<]+)</div><div class="tile-value">(?<value>\d+)<""")]
    private static partial Regex Tile();

    private async Task<Dictionary<string, int>> Tiles(string user)
    {
        var html = await (await As(user)).GetStringAsync("/");
        return Tile().Matches(html).GroupBy(m => WebUtility.HtmlDecode(m.Groups["label"].Value))
            .ToDictionary(g => g.Key, g => int.Parse(g.Single().Groups["value"].Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task The_transfer_tiles_show_counts_of_pending_letters_in_the_callers_subtree()
    {
        var guangming = await OrgId(DemoOrgs.Guangming);
        var youyi = await OrgId(DemoOrgs.Youyi);
        // Out of 光明 into 友谊, out of 光明 to another system, and one from 友谊 into 光明 past its validity.
        await IssueTransfer(await CreateMember(guangming, "首页甲"), youyi);
        await IssueTransfer(await CreateMember(guangming, "首页乙"), null);
        var late = await IssueTransfer(await CreateMember(youyi, "首页丙"), guangming);
        await App.WithDbAsync(async db =>
        {
            var transfer = await db.Transfers.SingleAsync(t => t.Id == late);
            transfer.ValidUntil = transfer.IssuedOn.AddDays(-1);
            return await db.SaveChangesAsync();
        });

        var path = (await Org(guangming)).Path; // minjing is the secretary of 光明
        var hi = OrgPath.UpperBound(path);
        bool In(string? p) => p is not null && string.CompareOrdinal(p, path) >= 0 && string.CompareOrdinal(p, hi) < 0;
        var pending = (await App.WithDbAsync(db => db.Transfers.AsNoTracking().Where(t => t.Status == TransferStatus.Pending).ToListAsync()))
            .Where(t => In(t.FromPath) || In(t.ToPath)).ToList();
        var today = App.Today;

        var tiles = await Tiles("minjing");
        tiles["待接收"].ShouldBe(pending.Count(t => In(t.ToPath) || (t.ToOrganizationId is null && In(t.FromPath))));
        tiles["转出办理中"].ShouldBe(pending.Count(t => In(t.FromPath)));
        tiles["已过期"].ShouldBe(pending.Count(t => t.ValidUntil < today));
        tiles["待接收"].ShouldBeGreaterThanOrEqualTo(2, "one letter into 光明 and one from it to another system");
        tiles["转出办理中"].ShouldBeGreaterThanOrEqualTo(2);
        tiles["已过期"].ShouldBeGreaterThanOrEqualTo(1);
    }
}
