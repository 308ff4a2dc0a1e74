using System.Globalization;
using Dangjian.Platform.Audit;
using Dangjian.Platform.Data;
using Dangjian.Platform.Http;
using Dangjian.Platform.PersonalData;
using Dangjian.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Features.Members;

/// <summary>
/// The member list as it is filtered (the same query as the list), in the 21 columns of the import template, all rows
/// at once. Full ID and phone numbers only for a caller who may reveal them; every export is written to the audit log.
/// </summary>
public static class ExportMembers
{
    public const int MaxRows = 100_000;
    public const string NotesSheetName = "导出说明";

    /// <summary>The workbook in a temporary file that deletes itself when the stream is closed.</summary>
    public sealed record ExportFile(Stream Content, string FileName, int Count);

    public static async Task<Outcome<ExportFile>> Handle(SearchMembers.Query query, bool revealFull, int maxRows, AppDb db, Scope scope,
        CurrentUser user, PersonalDataProtector protector, TimeProvider clock, CancellationToken ct)
    {
        var outcome = await SearchMembers.FilterAsync(query, db, scope, user, protector, ct);
        if (outcome.Value is not { } filtered)
        {
            return outcome.NotFoundWhat is { } what ? Outcome<ExportFile>.NotFound(what) : Outcome<ExportFile>.Invalid(outcome.Errors!);
        }
        if (await filtered.Members.Take(maxRows + 1).CountAsync(ct) > maxRows)
        {
            return Outcome<ExportFile>.Invalid("rows", $"符合条件的党员超过{maxRows}名，一次最多导出{maxRows}名：请按党组织或条件缩小范围后分批导出");
        }
        var account = await user.RequireAsync(ct);
        var directory = await OrganizationDirectory.LoadAsync(db, account.ScopePath, ct);
        var now = clock.GetLocalNow();
        var range = directory.Label(filtered.ScopeOrganizationId);
        var conditions = Describe(query, filtered.SearchedBy);
        var personalData = revealFull ? "完整显示" : "已脱敏（不能用于重新导入）";

        var file = new FileStream(Path.Combine(Path.GetTempPath(), $"dangjian-export-{Guid.NewGuid():N}.xlsx"), FileMode.CreateNew,
            FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose);
        try
        {
            int count;
            using (var book = new WorkbookWriter(file))
            {
                using (var sheet = book.BeginSheet(MemberSheet.SheetName, MemberSheet.SheetColumns))
                {
                    sheet.Header(MemberSheet.Columns.Select(c => c.Header));
                    // One query with the households joined: PostgreSQL cannot run a second query while this one streams.
                    var rows = SearchMembers.Order(filtered.Members.Include(m => m.Households), query.Sort, filtered.SearchedBy).Take(maxRows).AsAsyncEnumerable();
                    await foreach (var member in rows.WithCancellation(ct))
                    {
                        sheet.Row(Cells(member, directory, revealFull, protector));
                    }
                    count = sheet.RowCount - 1;
                }
                using (var notes = book.BeginSheet(NotesSheetName, [new SheetColumn(16), new SheetColumn(70, CellLook.Wrapped)]))
                {
                    notes.Header(["项目", "内容"]);
                    notes.Row(["导出时间", now.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)]);
                    notes.Row(["导出账号", db.Actor]);
                    notes.Row(["范围", range]);
                    notes.Row(["筛选条件", conditions]);
                    notes.Row(["人数", count.ToString(CultureInfo.InvariantCulture)]);
                    notes.Row(["身份证号和联系电话", personalData]);
                    notes.Row(["说明", "本名册的格式与党员导入模板相同；身份证号完整的名册可按模板修改后导入。名册含个人信息，请妥善保管，用后删除。"], CellLook.Wrapped);
                }
                book.Complete();
            }
            var note = $"导出党员名册{count}名；范围：{range}；条件：{conditions}；身份证号和联系电话：{personalData}";
            db.Audit(AuditActions.Exported, nameof(Member), null, filtered.ScopePath, note.Length > 500 ? note[..500] : note);
            await db.SaveChangesAsync(ct);
            file.Position = 0;
            return Outcome<ExportFile>.Ok(new ExportFile(file, $"党员名册_{now:yyyyMMdd}.xlsx", count));
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
    }

    private static object?[] Cells(Member m, OrganizationDirectory directory, bool revealFull, PersonalDataProtector protector)
    {
        var idNumber = protector.Decrypt(m.IdNumberCipher);
        var phone = m.PhoneCipher is null ? null : protector.Decrypt(m.PhoneCipher);
        return
        [
            m.Name, directory.Label(m.OrganizationId), revealFull ? idNumber : Mask.IdNumber(idNumber), m.Sex.Chinese(), m.Ethnicity,
            m.BirthDate, m.Education.Chinese(), m.Category.Chinese(), m.JoinedOn, m.FullMemberOn, m.JobPost,
            phone is null ? null : revealFull ? phone : Mask.Phone(phone), m.Address, m.Status.Chinese(),
            m.LostContact ? (object?)m.LostContactSince ?? "失联" : null,
            m.IsMobile ? m.MobileDestination ?? "流动" : null,
            directory.NameOf(m.PartyGroupId), m.WorkStatus.Chinese(), m.IsAssisting ? "是" : "否",
            MemberSheet.IdentityPostText(m.IdentityPost, m.IdentityPostTitle),
            m.Households.Count == 0 ? null : string.Join(MemberSheet.ListSeparator, m.Households.OrderBy(h => h.Id).Select(h => h.Address)),
        ];
    }

    /// <summary>The filter in words, for the audit log and the file. A searched ID or phone number is named, never written down.</summary>
    private static string Describe(SearchMembers.Query query, string searchedBy)
    {
        var parts = new List<string>();
        if (query.Category is { } category)
        {
            parts.Add("人员类别=" + category.Chinese());
        }
        if (query.Status is { } status)
        {
            parts.Add("党籍状态=" + status.Chinese());
        }
        foreach (var flag in (query.Flags ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            parts.Add(SearchMembers.FlagNames.GetValueOrDefault(flag, flag));
        }
        if (!string.IsNullOrWhiteSpace(query.Q))
        {
            parts.Add(searchedBy switch
            {
                "idNumber" => "按身份证号搜索",
                "idTail" => "按身份证号后四位搜索",
                "phone" => "按电话号码搜索",
                _ => $"搜索“{query.Q.Trim()}”",
            });
        }
        return parts.Count == 0 ? "全部党员" : string.Join("，", parts);
    }
}
