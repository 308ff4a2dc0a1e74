using Dangjian.Features.Members;
using SpreadCheetah;

namespace Dangjian.Features.Meetings;

/// <summary>
/// The compliance grid as a sheet for the report upward: a row per organization (its kind, why it must or need not
/// hold the meeting, the state of each month's period, the periods overdue), then the share done per period.
/// </summary>
public static class ComplianceGridSheet
{
    public const string ContentType = MemberSheet.ContentType;

    public static string FileName(ComplianceGrid.Response grid) => $"{grid.OrganizationName}{grid.Year}年{grid.KindName}落实情况.xlsx";

    public static async Task<byte[]> WriteAsync(ComplianceGrid.Response grid, CancellationToken ct)
    {
        using var output = new MemoryStream();
        await using (var book = await Spreadsheet.CreateNewAsync(output, new SpreadCheetahOptions { WriteCellReferenceAttributes = true }, ct))
        {
            await book.StartWorksheetAsync(grid.KindName, token: ct);
            await book.AddHeaderRowAsync(["组织", "类别", "说明", .. Enumerable.Range(1, 12).Select(m => $"{m}月"), "逾期期数"], token: ct);
            foreach (var row in grid.Rows)
            {
                var name = new string('\u3000', row.Depth) + SheetWriter.XmlSafe(row.Name);
                await book.AddRowAsync([new Cell(name), new Cell(row.KindName), new Cell(row.Reason),
                    .. row.Months.Select(c => new Cell(c.State.StateName())), new Cell(row.Overdue)], ct);
            }
            await book.AddRowAsync([new Cell("")], ct);
            await book.AddRowAsync([new Cell("期"), new Cell("须召开"), new Cell("已完成"), new Cell("逾期"), new Cell("落实率")], ct);
            foreach (var share in grid.Shares)
            {
                var rate = share.Required == 0 ? "—" : $"{100m * share.Done / share.Required:0.#}%";
                await book.AddRowAsync([new Cell(share.Label), new Cell(share.Required), new Cell(share.Done), new Cell(share.Overdue), new Cell(rate)], ct);
            }
            await book.FinishAsync(ct);
        }
        return output.ToArray();
    }
}
