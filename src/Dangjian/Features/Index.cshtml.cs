using System.Text.Json;
using Dangjian.Features.Accounts;
using Dangjian.Features.Members;
using Dangjian.Features.Organizations;
using Dangjian.Features.Shared;
using Dangjian.Features.Transfers;
using Dangjian.Platform.Data;
using Dangjian.Platform.PersonalData;
using Dangjian.Platform.Rules;
using Dangjian.Platform.Security;
using Microsoft.AspNetCore.Authorization;

namespace Dangjian.Features;

/// <summary>The home page: a dashboard for those who run organizations, "my information" for a member, a welcome for a resident.</summary>
[Authorize]
public class IndexModel(CurrentUser user, AppDb db, Scope scope, RuleBook rules, PersonalDataProtector protector, TimeProvider clock) : AppPageModel
{
    public GetMe.Me Me { get; private set; } = null!;
    public GetMember.Response? MyRecord { get; private set; }
    public MemberStats.Response? Stats { get; private set; }
    public UnitCoverage.Report? Coverage { get; private set; }
    public GetOrganization.Response? Organization { get; private set; }
    public int PendingIncoming { get; private set; }
    public int PendingOutgoing { get; private set; }
    public int Expired { get; private set; }

    public bool IsMember => Me.Role == AppRole.Member;
    public bool IsResident => Me.Role == AppRole.Resident;

    /// <summary>For a resident: the community office to call or visit (the nearest organization above with one).</summary>
    public (string Name, string? Phone, string? Address)? Contact { get; private set; }

    public async Task OnGetAsync()
    {
        Me = (await GetMe.Handle(user, db, Aborted))!;
        if (IsResident)
        {
            Contact = await SetOrganizationContact.NearestAsync(Me.OrganizationId, db, Aborted);
            return;
        }
        if (IsMember)
        {
            if (Me.MemberId is { } memberId && await GetMember.Handle(memberId, db, scope, protector, clock, Aborted) is { Succeeded: true } mine)
            {
                MyRecord = mine.Value;
            }
            return;
        }
        Stats = (await MemberStats.Handle(null, db, scope, user, Aborted)).Value;
        Coverage = (await UnitCoverage.Handle(null, db, scope, user, Aborted)).Value;
        Organization = (await GetOrganization.Handle(Me.OrganizationId, db, scope, rules, Aborted)).Value;
        if (Me.Permissions.Contains(Permission.ManageTransfers))
        {
            var counts = await CountPendingTransfers.Handle(db, scope, clock, Aborted);
            (PendingIncoming, PendingOutgoing, Expired) = (counts.AwaitingReceipt, counts.Outgoing, counts.Expired);
        }
    }

    public long Count(MemberCategory? category, MembershipStatus? status) =>
        Stats?.Cells.Where(c => (category is null || c.Category == category) && (status is null || c.Status == status)).Sum(c => c.Count) ?? 0;

    /// <summary>The charts' text at 14 px (ECharts draws 12 px by default, too small for many of the people reading it).</summary>
    private const int ChartFontSize = 14;
    /// <summary>The page's own font: with ECharts' default "sans-serif" the browser looks for a font for every Chinese
    /// glyph it measures, which made drawing the first chart a long task on a slow phone.</summary>
    private const string ChartFontFamily = "\"Noto Sans CJK SC\", \"PingFang SC\", \"Microsoft YaHei\", system-ui, sans-serif";
    private static readonly object ChartText = new { fontSize = ChartFontSize, color = "#212529", fontFamily = ChartFontFamily };

    /// <summary>ECharts option of the category × status chart, serialized for the page's data attribute.</summary>
    public string MemberChart()
    {
        var statuses = Enum.GetValues<MembershipStatus>();
        // A label fits inside a bar segment only when the segment is tall enough to hold it; the thin ones (2 保留
        // beside 200 正常) are read from the table beside the chart and the tooltip.
        var tallest = statuses.Select(s => Enum.GetValues<MemberCategory>().Sum(c => Count(c, s))).DefaultIfEmpty(0).Max();
        bool Fits(long n) => n > 0 && n * 100 >= tallest * 12;
        var option = new
        {
            textStyle = new { fontFamily = ChartFontFamily },
            tooltip = new { trigger = "axis" },
            legend = new { top = 0, textStyle = ChartText },
            grid = new { left = 8, right = 8, bottom = 8, top = 36, containLabel = true },
            xAxis = new { type = "category", data = statuses.Select(s => s.Chinese()).ToArray(), axisLabel = ChartText },
            yAxis = new { type = "value", minInterval = 1, axisLabel = ChartText },
            color = new[] { "#c8161d", "#f0a020" },
            series = Enum.GetValues<MemberCategory>().OrderByDescending(c => c).Select(c => new
            {
                name = c.Chinese(),
                type = "bar",
                stack = "members",
                barMaxWidth = 56,
                // An empty bar would still print its "0" on the axis.
                data = statuses.Select(s => Count(c, s))
                    .Select(n => new { value = n, label = new { show = Fits(n), position = "inside", color = "#fff", fontWeight = "bold", fontSize = ChartFontSize } }).ToArray(),
            }).ToArray(),
        };
        return JsonSerializer.Serialize(option);
    }

    public string CoverageChart()
    {
        var c = Coverage!;
        var slices = new[]
        {
            new { name = "单独建立组织", value = c.WithOwnOrganization },
            new { name = "联合党支部覆盖", value = c.InJointBranches },
            new { name = "尚未覆盖", value = c.Units - c.Covered },
        };
        var option = new
        {
            textStyle = new { fontFamily = ChartFontFamily },
            tooltip = new { trigger = "item" },
            legend = new { bottom = 0, data = slices.Select(s => s.name).ToArray(), textStyle = ChartText },
            color = new[] { "#c8161d", "#f0a020", "#adb5bd" },
            series = new[]
            {
                new
                {
                    type = "pie",
                    radius = new[] { "38%", "62%" },
                    center = new[] { "50%", "44%" },
                    label = new { position = "inside", formatter = "{c}", color = "#fff", fontWeight = "bold", fontSize = ChartFontSize },
                    // Empty slices are left out so that no stray "0" is drawn; the legend still names all three.
                    data = slices.Where(s => s.value > 0).ToArray(),
                },
            },
        };
        return JsonSerializer.Serialize(option);
    }
}
