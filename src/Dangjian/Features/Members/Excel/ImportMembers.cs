using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Dangjian.Features.Organizations;
using Dangjian.Platform.Data;
using Dangjian.Platform.Http;
using Dangjian.Platform.PersonalData;
using Dangjian.Platform.Security;
using Dangjian.Platform.Text;
using Microsoft.EntityFrameworkCore;
using At = Dangjian.Features.Members.MemberSheet.At;

namespace Dangjian.Features.Members;

/// <summary>
/// Registers the members of a filled-in template (<see cref="MemberSheet"/>). Every row is checked with the same rules
/// as the member form, and every bad row is reported; nothing is written unless every row is good. The rows are then
/// written in bulk in one transaction (<see cref="MemberImportWriter"/>), with one audit line for the whole file.
/// </summary>
public static class ImportMembers
{
    /// <summary>A refused cell: the Excel row number, the column's Chinese header, and why. Row 0 is the file as a whole.</summary>
    public sealed record RowError(int Row, string Column, string Message);

    /// <summary>
    /// What came of an upload. <see cref="Errors"/> holds at most <see cref="ErrorsReported"/> errors, the first in sheet
    /// order; <see cref="ErrorCount"/> and <see cref="RowsWithErrors"/> count them all.
    /// </summary>
    public sealed record Report(bool Succeeded, int Imported, IReadOnlyList<RowError> Errors, int ErrorCount, int RowsWithErrors)
    {
        public static Report FileError(string message) => new(false, 0, [new RowError(0, "", message)], 1, 1);
    }

    /// <summary>Errors listed in a report: enough to fix a sheet in one pass, few enough to read and to keep in memory.</summary>
    public const int ErrorsReported = 300;

    public const string NotAWorkbook = "文件不是有效的Excel工作簿（.xlsx）。请下载导入模板，填写后以.xlsx格式保存再上传";

    /// <summary>A title row or two above the header is common in hand-made sheets; the header must come within these rows.</summary>
    private const int HeaderSearchRows = 5;

    /// <summary>Columns read per row: the 21 of the sheet and some more, to notice columns someone added.</summary>
    private const int ColumnsRead = 40;

    /// <summary>ID numbers looked up per query against the registered ones.</summary>
    private const int DuplicateQueryBatch = 5_000;

    private static readonly string[] DateFormats = ["yyyy-M-d", "yyyy/M/d", "yyyy.M.d", "yyyy年M月d日"];

    private sealed record Candidate(int Row, MemberInput.Valid? Valid, long OrganizationId, long? PartyGroupId, string? IdNumber);

    /// <summary>The uploaded file as the audit line names it: its name as sent and the SHA-256 of its bytes.</summary>
    public sealed record ImportFile(string Name, string Sha256);

    /// <summary>
    /// An import run as a background job: its id, named in the audit line, and where its progress goes (done and total
    /// in steps: a step per row read and checked, then the same again for the write, in its stages).
    /// </summary>
    public sealed record JobContext(long JobId, Action<long, long?, string> Report);

    /// <summary>How often, in rows read, a background import reports how far it is.</summary>
    private const int ProgressEveryRows = 1_000;

    public static async Task<Report> Handle(Stream xlsx, string? fileName, AppDb db, Scope scope, PersonalDataProtector protector, TimeProvider clock,
        CancellationToken ct, ILogger? log = null, JobContext? job = null)
    {
        var started = Stopwatch.StartNew();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var (upload, refusal) = await ReadUploadAsync(xlsx, ct);
        if (upload is null)
        {
            return refusal!;
        }
        using var content = upload;
        var file = new ImportFile(FileNameOf(fileName), Convert.ToHexStringLower(SHA256.HashData(content.GetBuffer().AsSpan(0, (int)content.Length))));

        var scopePath = await scope.PathAsync(ct);
        var directory = await OrganizationDirectory.LoadAsync(db, scopePath, ct);
        var today = DateOnly.FromDateTime(clock.GetLocalNow().Date);
        var errors = new ErrorSample(ErrorsReported);
        var candidates = new List<Candidate>();
        string? fileError = null;
        try
        {
            using var sheet = WorkbookReader.OpenFirstSheet(content, ColumnsRead);
            if (sheet is null)
            {
                return Report.FileError("文件中没有工作表。请下载导入模板，按模板填写");
            }
            var top = new List<SheetRow>();
            var columns = 0;
            var dataRows = 0;
            var headerRow = 0;
            foreach (var row in sheet.Rows())
            {
                if (columns == 0)
                {
                    // The header is looked for among the first rows; every row after it is data.
                    top.Add(row);
                    if (top.Count < HeaderSearchRows)
                    {
                        continue;
                    }
                    (fileError, columns, var pending) = Header(top);
                    if (fileError is not null)
                    {
                        break;
                    }
                    foreach (var early in pending)
                    {
                        CheckRow(early);
                    }
                    continue;
                }
                CheckRow(row);
                if (dataRows > MemberSheet.MaxRows)
                {
                    break;
                }
            }
            if (fileError is null && columns == 0)
            {
                (fileError, columns, var pending) = Header(top);
                foreach (var early in fileError is null ? pending : [])
                {
                    CheckRow(early);
                }
            }
            if (fileError is null && dataRows > MemberSheet.MaxRows)
            {
                fileError = $"数据超过{MemberSheet.MaxRows}行。一次最多导入{MemberSheet.MaxRows}名党员，请拆分成多个文件后分别导入";
            }
            else if (fileError is null && dataRows == 0)
            {
                fileError = "表头下方没有党员数据";
            }

            (string?, int, List<SheetRow>) Header(List<SheetRow> rows)
            {
                var (headerAt, count, error) = FindHeader(rows);
                headerRow = error is null ? rows[headerAt].Number : 0;
                return error is not null ? (error, 0, []) : (null, count, rows.Skip(headerAt + 1).ToList());
            }

            void CheckRow(SheetRow row)
            {
                // Past the limit rows are only counted: the file is refused as a whole, and checking them costs time.
                if (++dataRows > MemberSheet.MaxRows)
                {
                    return;
                }
                candidates.Add(Check(row, columns, directory, errors, today));
                if (job is not null && dataRows % ProgressEveryRows == 0)
                {
                    // The sheet's own count of its rows, while it is believable: enough for a progress bar.
                    var expected = sheet.DeclaredLastRow is { } last && last - headerRow >= dataRows ? last - headerRow : (long?)null;
                    job.Report(dataRows, expected * 2, $"正在读取和检查，已读 {dataRows:N0} 行");
                }
            }
        }
#pragma warning disable CA1031 // Whatever the reader throws, the upload is at fault: a report for the uploader, never a 500.
        catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
        {
            // A damaged zip, a zip that is not a workbook, broken XML, a part too large: all the same to the person uploading.
            return Report.FileError(NotAWorkbook);
        }
        if (fileError is not null)
        {
            return Report.FileError(fileError);
        }
        var read = started.Elapsed;
        job?.Report(candidates.Count, candidates.Count * 2L, "正在核对所在党组织和身份证号是否已登记");

        // The member form's placement rule, once per organization and group the file names.
        var placements = await MemberPlacement.CheckManyAsync(
            candidates.Where(c => c.OrganizationId != 0).Select(c => (c.OrganizationId, c.PartyGroupId)).ToHashSet(), db, scope, ct);
        foreach (var candidate in candidates.Where(c => c.OrganizationId != 0))
        {
            foreach (var (field, messages) in placements[(candidate.OrganizationId, candidate.PartyGroupId)].Errors.ToDictionary())
            {
                foreach (var message in messages)
                {
                    errors.Add(candidate.Row, ColumnIndex(field), message);
                }
            }
        }
        await CheckDuplicatesAsync(candidates, errors, db, protector, ct);
        if (errors.Any)
        {
            return new Report(false, 0, errors.InOrder()
                .Select(e => new RowError(e.Row, e.Column < MemberSheet.Columns.Count ? MemberSheet.Columns[e.Column].Header : "", e.Message)).ToList(),
                errors.Total, errors.Rows);
        }
        var checkedAt = started.Elapsed;

        var rows = candidates.Select(c => new MemberImportWriter.Row(c.Valid!, placements[(c.OrganizationId, c.PartyGroupId)].Organization!, c.PartyGroupId)).ToList();
        candidates.Clear();
        var stages = MemberImportWriter.Stages.Count;
        var written = await MemberImportWriter.WriteAsync(rows, file, scopePath, db, protector, ct, job?.JobId,
            job is null ? null : stage => job.Report(rows.Count + (long)rows.Count * stage / stages, rows.Count * 2L,
                $"{MemberImportWriter.Stages[stage]}（{rows.Count:N0}名党员，第{stage + 1}步，共{stages}步）"));
        log?.LogInformation("Member import of {Rows} rows: read and checked {Read} ms, placements and duplicates {Duplicates} ms, written {Written} ms ({Parts}); app CPU {Cpu} ms",
            rows.Count, (long)read.TotalMilliseconds, (long)(checkedAt - read).TotalMilliseconds, (long)(started.Elapsed - checkedAt).TotalMilliseconds,
            written?.ToString() ?? "refused", (long)(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds);
        return written is not null
            ? new Report(true, rows.Count, [], 0, 0)
            : Report.FileError("导入时有身份证号刚被他人登记，本次未导入任何党员。请重新上传，系统会指出是哪一行");
    }

    /// <summary>One data row checked as the member form checks its input, plus what only a sheet can get wrong.</summary>
    private static Candidate Check(SheetRow row, int columns, OrganizationDirectory directory, ErrorSample errors, DateOnly today)
    {
        var rowErrors = new FieldErrors();
        if (row[At.IdNumber].Text.Trim() == MemberSheet.ExampleIdNumber)
        {
            errors.Add(row.Number, At.IdNumber, "这是导入模板中的示例行，请删除后再导入");
            return new Candidate(row.Number, null, 0, null, null);
        }
        var input = ReadRow(row, columns, directory, rowErrors);
        var ruleErrors = new FieldErrors();
        var valid = input.Validate(ruleErrors, today);
        foreach (var (field, messages) in ruleErrors.ToDictionary().Where(e => !rowErrors.Has(e.Key)))
        {
            foreach (var message in messages)
            {
                rowErrors.Add(field, message);
            }
        }
        foreach (var (field, messages) in rowErrors.ToDictionary())
        {
            foreach (var message in messages)
            {
                errors.Add(row.Number, ColumnIndex(field), message);
            }
        }
        var idNumber = rowErrors.Has("idNumber") ? null : valid?.IdNumber ?? ChineseIdNumber.Parse(input.IdNumber, today).Value?.Normalized;
        // Once any row is bad nothing will be saved: the checked records are no longer kept, only what the duplicate check needs.
        return new Candidate(row.Number, rowErrors.Any || errors.Any ? null : valid, input.OrganizationId, input.PartyGroupId, idNumber);
    }

    /// <summary>The name the audit line gives the file: as uploaded, without a client's folder, cut to a readable length.</summary>
    private static string FileNameOf(string? name)
    {
        var plain = Path.GetFileName((name ?? "").Replace('\\', '/')).Trim();
        plain = new string(plain.Where(c => !char.IsControl(c)).ToArray());
        return plain.Length == 0 ? "（未命名）" : plain.Length > 100 ? plain[..100] : plain;
    }

    /// <summary>An ID number twice in the file, or already registered (in any organization: one person, one record).</summary>
    private static async Task CheckDuplicatesAsync(List<Candidate> candidates, ErrorSample errors,
        AppDb db, PersonalDataProtector protector, CancellationToken ct)
    {
        var firstRow = new Dictionary<string, int>(StringComparer.Ordinal);
        var hashes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var candidate in candidates.Where(c => c.IdNumber is not null))
        {
            if (firstRow.TryGetValue(candidate.IdNumber!, out var first))
            {
                errors.Add(candidate.Row, At.IdNumber, $"身份证号与第{first}行重复");
                continue;
            }
            firstRow[candidate.IdNumber!] = candidate.Row;
            hashes[protector.Hash(candidate.IdNumber!)] = candidate.IdNumber!;
        }
        var registered = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in hashes.Keys.Chunk(DuplicateQueryBatch))
        {
            registered.UnionWith(await db.Members.AsNoTracking().Where(m => chunk.Contains(m.IdNumberHash)).Select(m => m.IdNumberHash).ToListAsync(ct));
        }
        foreach (var hash in registered)
        {
            errors.Add(firstRow[hashes[hash]], At.IdNumber, "该身份证号已登记为党员，如需调入请办理组织关系转接");
        }
    }

    /// <summary>
    /// One row as the member form would send it. A sheet of the older 16-column template has no cells for the five
    /// added columns: they are read as blank, which leaves a new member at the form's defaults.
    /// </summary>
    private static MemberInput ReadRow(SheetRow row, int columns, OrganizationDirectory directory, FieldErrors errors)
    {
        string? Text(int column) => TextOf(row[column]);
        long organizationId = 0;
        if (Text(At.Organization) is not { } organization)
        {
            errors.Add(Field(At.Organization), "所在党组织不能为空");
        }
        else if (directory.Resolve(organization) is var (id, error) && error is not null)
        {
            errors.Add(Field(At.Organization), error);
        }
        else
        {
            organizationId = id!.Value;
        }
        long? partyGroupId = null;
        if (columns > At.PartyGroup && Text(At.PartyGroup) is { } group && organizationId != 0)
        {
            var (groupId, groupError) = directory.ResolveGroup(organizationId, group);
            if (groupError is not null)
            {
                errors.Add(Field(At.PartyGroup), groupError);
            }
            partyGroupId = groupId;
        }
        var (post, postTitle) = columns > At.IdentityPost ? IdentityPostOf(Text(At.IdentityPost), errors) : (null, null);
        return new MemberInput
        {
            Name = Text(At.Name),
            OrganizationId = organizationId,
            IdNumber = IdNumberOf(row[At.IdNumber], errors),
            Sex = Choice(row, At.Sex, MemberSheet.Sexes, errors),
            Ethnicity = Text(At.Ethnicity),
            BirthDate = Date(row, At.BirthDate, errors),
            Education = Choice(row, At.Education, MemberSheet.Educations, errors),
            Category = Choice(row, At.Category, MemberSheet.Categories, errors),
            JoinedOn = Date(row, At.JoinedOn, errors),
            FullMemberOn = Date(row, At.FullMemberOn, errors),
            JobPost = Text(At.JobPost),
            Phone = PhoneOf(row[At.Phone], errors),
            Address = Text(At.Address),
            Status = Choice(row, At.Status, MemberSheet.Statuses, errors),
            LostContact = !row[At.LostContact].IsBlank,
            LostContactSince = Date(row, At.LostContact, errors, "失联情况应留空，或填写失联日期（如2024-03-01）"),
            IsMobile = !row[At.Mobile].IsBlank,
            MobileDestination = Text(At.Mobile),
            PartyGroupId = partyGroupId,
            WorkStatus = columns > At.WorkStatus ? Choice(row, At.WorkStatus, MemberSheet.WorkStatuses, errors) : null,
            IsAssisting = columns > At.Assisting && YesNo(row, At.Assisting, errors),
            IdentityPost = post,
            IdentityPostTitle = postTitle,
            Households = columns > At.Households ? HouseholdsOf(Text(At.Households)) : [],
        };
    }

    private static bool YesNo(SheetRow row, int column, FieldErrors errors)
    {
        if (TextOf(row[column]) is not { } text)
        {
            return false;
        }
        if (MemberSheet.YesNo.TryGetValue(text, out var value))
        {
            return value;
        }
        var header = MemberSheet.Columns[column].Header;
        errors.Add(Field(column), $"{header}“{OrganizationDirectory.Shorten(text)}”无效，应填写“是”或“否”，不是{header}的可不填");
        return false;
    }

    /// <summary>"党员先锋岗" or "党员先锋岗：楼道环境卫生监督岗": the kind, and the post's own name after a colon of either width.</summary>
    private static (IdentityPostKind? Kind, string? Title) IdentityPostOf(string? text, FieldErrors errors)
    {
        if (text is null)
        {
            return (null, null);
        }
        var field = Field(At.IdentityPost);
        // Several posts in one cell ("党员先锋岗；党员示范区") are refused by name: a member has one post, and a
        // semicolon inside a post's own name is no reason to refuse it.
        var posts = text.Split(MemberSheet.ListSeparators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Count(part => MemberSheet.IdentityPosts.Keys.Any(part.StartsWith));
        if (posts > 1)
        {
            errors.Add(field, "每名党员只能设一个身份岗位，请只填写一个");
            return (null, null);
        }
        var colon = text.IndexOfAny(MemberSheet.PostTitleSeparators);
        var kindText = (colon < 0 ? text : text[..colon]).Trim();
        if (!MemberSheet.IdentityPosts.TryGetValue(kindText, out var kind))
        {
            errors.Add(field, $"身份岗位“{OrganizationDirectory.Shorten(text)}”无效，应以{MemberSheet.Choices(MemberSheet.IdentityPosts.Keys)}之一开头，"
                + "可在后面加冒号写岗位名称，如“党员先锋岗：楼道环境卫生监督岗”");
            return (null, null);
        }
        var title = colon < 0 ? null : text[(colon + 1)..].Trim();
        return (kind, string.IsNullOrEmpty(title) ? null : title);
    }

    /// <summary>Several households in one cell, separated by semicolons of either width or by line breaks.</summary>
    private static List<string> HouseholdsOf(string? text) =>
        text is null ? [] : text.Split(MemberSheet.ListSeparators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    private static string Field(int column) => MemberSheet.Columns[column].Field;

    private static int ColumnIndex(string field) => MemberSheet.ColumnOf(field);

    /// <summary>A cell as text: trimmed, null when blank; a number as its digits (a phone typed as a number).</summary>
    private static string? TextOf(SheetCell cell) =>
        cell.IsBlank ? null
        : cell.Kind == CellKind.Number ? NumberText(cell.Text)
        : cell.Text.Trim();

    private static string NumberText(string raw) =>
        decimal.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d == decimal.Truncate(d) && Math.Abs(d) < 1e15m
            ? d.ToString("0", CultureInfo.InvariantCulture)
            : raw.Trim();

    private static string? IdNumberOf(SheetCell cell, FieldErrors errors)
    {
        if (cell.IsBlank)
        {
            return null;
        }
        if (cell.Kind == CellKind.Number)
        {
            if (cell.Text.Length == 18 && cell.Text.All(char.IsAsciiDigit))
            {
                return cell.Text; // written exactly by the program that made the file
            }
            // Excel keeps 15 significant digits: an 18-digit number typed into a number cell has lost its last digits.
            if (decimal.TryParse(cell.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && Math.Abs(d) >= 1e15m)
            {
                errors.Add(Field(At.IdNumber), "身份证号被Excel存成了数字，最后几位已丢失：请把该列设为文本格式，重新填写身份证号");
                return null;
            }
            return NumberText(cell.Text);
        }
        var text = cell.Text.Trim();
        if (text.Contains('*', StringComparison.Ordinal))
        {
            errors.Add(Field(At.IdNumber), "身份证号已脱敏（含*号），不能导入：请填写完整的身份证号，或由有“查看完整信息”权限的账号导出名册");
            return null;
        }
        return text;
    }

    private static string? PhoneOf(SheetCell cell, FieldErrors errors)
    {
        var text = TextOf(cell);
        if (text is not null && text.Contains('*', StringComparison.Ordinal))
        {
            errors.Add(Field(At.Phone), "联系电话已脱敏（含*号），不能导入：请填写完整的电话号码，或由有“查看完整信息”权限的账号导出名册");
            return null;
        }
        return text;
    }

    private static T? Choice<T>(SheetRow row, int column, IReadOnlyDictionary<string, T> choices, FieldErrors errors)
        where T : struct, Enum
    {
        if (TextOf(row[column]) is not { } text)
        {
            return null;
        }
        if (choices.TryGetValue(text, out var value))
        {
            return value;
        }
        var header = MemberSheet.Columns[column].Header;
        errors.Add(Field(column), $"{header}“{OrganizationDirectory.Shorten(text)}”无效，应填写{MemberSheet.Choices(choices.Keys)}");
        return null;
    }

    private static DateOnly? Date(SheetRow row, int column, FieldErrors errors, string? message = null)
    {
        var cell = row[column];
        if (cell.IsBlank)
        {
            return null;
        }
        if (TryDate(cell, out var date))
        {
            return date;
        }
        var header = MemberSheet.Columns[column].Header;
        errors.Add(Field(column), message ?? $"{header}“{OrganizationDirectory.Shorten(cell.Text.Trim())}”不是有效的日期，请填写如2008-07-01的日期");
        return null;
    }

    /// <summary>Dates as people type them (2008-07-01, 2008/7/1, 2008.7.1, 2008年7月1日) and as Excel stores them (a serial day number).</summary>
    internal static bool TryDate(SheetCell cell, out DateOnly date)
    {
        date = default;
        switch (cell.Kind)
        {
            case CellKind.Number:
                // 1 is 1900-01-01 and 2958465 is 9999-12-31, the range Excel itself allows.
                if (double.TryParse(cell.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var serial) && serial is >= 1 and < 2958466)
                {
                    date = DateOnly.FromDateTime(DateTime.FromOADate(Math.Floor(serial)));
                    return true;
                }
                return false;
            case CellKind.Date:
                if (DateTime.TryParse(cell.Text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var moment))
                {
                    date = DateOnly.FromDateTime(moment);
                    return true;
                }
                return false;
            case CellKind.Text:
                var text = cell.Text.AsSpan().Trim();
                return TryCommonDate(text, out date)
                    || DateOnly.TryParseExact(text, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
            default:
                return false;
        }
    }

    /// <summary>
    /// The <see cref="DateFormats"/> read by hand: four digits, a separator, one or two, a separator, one or two (and
    /// 日 after 年 and 月). Matching a format list costs ten times as much, on two dates of every row; what this does not
    /// read goes to the list, so both read the same dates.
    /// </summary>
    private static bool TryCommonDate(ReadOnlySpan<char> text, out DateOnly date)
    {
        date = default;
        if (text.Length < 8 || !TryDigits(text, 0, 4, out var year, out var at))
        {
            return false;
        }
        var (first, second, last) = text[at] switch
        {
            '-' => ('-', '-', '\0'),
            '/' => ('/', '/', '\0'),
            '.' => ('.', '.', '\0'),
            '年' => ('年', '月', '日'),
            _ => ('\0', '\0', '\0'),
        };
        if (first == '\0' || !TryDigits(text, at + 1, 2, out var month, out at) || at >= text.Length || text[at] != second
            || !TryDigits(text, at + 1, 2, out var day, out at))
        {
            return false;
        }
        if (last != '\0' ? at != text.Length - 1 || text[at] != last : at != text.Length)
        {
            return false;
        }
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }
        date = new DateOnly(year, month, day);
        return true;
    }

    /// <summary>
    /// Between one and <paramref name="most"/> ASCII digits from <paramref name="start"/> (exactly four for a year); the
    /// value and where they end.
    /// </summary>
    private static bool TryDigits(ReadOnlySpan<char> text, int start, int most, out int value, out int end)
    {
        value = 0;
        end = start;
        while (end < text.Length && end - start < most && char.IsAsciiDigit(text[end]))
        {
            value = (value * 10) + (text[end] - '0');
            end++;
        }
        return most == 4 ? end - start == 4 : end > start;
    }

    /// <summary>
    /// Finds the header row among the first rows and checks it is the template's, column by column: the 16 national
    /// columns, then either the five added ones (the current template and the export) or nothing (an older template).
    /// Returns how many of the template's columns the sheet has.
    /// </summary>
    private static (int Index, int Columns, string? Error) FindHeader(IReadOnlyList<SheetRow> rows)
    {
        var expected = MemberSheet.Columns;
        for (var i = 0; i < Math.Min(HeaderSearchRows, rows.Count); i++)
        {
            var row = rows[i];
            if (HeaderText(row[0]) != expected[0].Header)
            {
                continue;
            }
            // The added columns are there when one of them follows the national ones (then all five, in order);
            // otherwise the sheet ends after the national ones.
            var next = HeaderText(row[MemberSheet.NationalColumns]);
            var count = expected.Skip(MemberSheet.NationalColumns).Any(c => c.Header == next) ? expected.Count : MemberSheet.NationalColumns;
            for (var c = 0; c < count; c++)
            {
                var actual = HeaderText(row[c]);
                if (actual != expected[c].Header)
                {
                    var shown = actual.Length == 0 ? "空白" : $"“{OrganizationDirectory.Shorten(row[c].Text.Trim())}”";
                    return (i, 0, $"第{row.Number}行表头的{SheetWriter.ColumnLetters(c)}列应为“{expected[c].Header}”，实际为{shown}。"
                        + "请使用导入模板，不要修改表头，也不要增加、删除或调换列");
                }
            }
            for (var c = count; c < ColumnsRead; c++)
            {
                if (!row[c].IsBlank)
                {
                    return (i, 0, $"第{row.Number}行表头的{SheetWriter.ColumnLetters(c)}列“{OrganizationDirectory.Shorten(row[c].Text.Trim())}”不是模板中的列，请删除该列后再导入");
                }
            }
            return (i, count, null);
        }
        return (-1, 0, $"没有找到表头行。第一个工作表的第一行应为表头：{string.Join("、", expected.Select(c => c.Header))}。请下载导入模板，按模板填写");
    }

    /// <summary>A header as written, without spaces, a required-mark (*) or an explanation in brackets: "人员类别(预备党员/正式党员)" → "人员类别".</summary>
    private static string HeaderText(SheetCell cell)
    {
        var text = string.Concat(cell.Text.Where(c => !char.IsWhiteSpace(c) && c != '*'));
        var bracket = text.IndexOfAny(['(', '（']);
        return bracket > 0 ? text[..bracket] : text;
    }

    /// <summary>
    /// The upload in memory, or the report refusing it as a whole: over the size limit, empty, or not an .xlsx by its
    /// first bytes. What every import asks first; a background import asks before it is queued.
    /// </summary>
    public static async Task<(MemoryStream? Content, Report? Refusal)> ReadUploadAsync(Stream xlsx, CancellationToken ct)
    {
        var content = await ReadLimitedAsync(xlsx, ct);
        if (content is null)
        {
            return (null, Report.FileError($"文件超过{MemberSheet.MaxBytes / 1024 / 1024} MB。请拆分成多个文件后分别导入（每个文件最多{MemberSheet.MaxRows}名党员）"));
        }
        if (SignatureError(content) is { } signatureError)
        {
            await content.DisposeAsync();
            return (null, Report.FileError(signatureError));
        }
        return (content, null);
    }

    private static string? SignatureError(MemoryStream content)
    {
        if (content.Length == 0)
        {
            return "上传的文件是空的";
        }
        var head = content.GetBuffer().AsSpan(0, (int)Math.Min(4, content.Length));
        // D0 CF 11 E0 is the compound-file format: old .xls workbooks and password-protected .xlsx files.
        if (head.SequenceEqual(new byte[] { 0xD0, 0xCF, 0x11, 0xE0 }))
        {
            return "这是旧版Excel（.xls）文件或设置了打开密码的文件，无法读取。请在Excel中“另存为”Excel工作簿（.xlsx），不设密码，再上传";
        }
        if (!head.SequenceEqual("PK\u0003\u0004"u8))
        {
            return NotAWorkbook;
        }
        return null;
    }

    /// <summary>The upload in memory (the workbook reader needs to seek), or null when it is over the size limit.</summary>
    private static async Task<MemoryStream?> ReadLimitedAsync(Stream input, CancellationToken ct)
    {
        if (input.CanSeek && input.Length - input.Position > MemberSheet.MaxBytes)
        {
            return null;
        }
        var content = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = await input.ReadAsync(buffer, ct)) > 0)
        {
            if (content.Length + read > MemberSheet.MaxBytes)
            {
                await content.DisposeAsync();
                return null;
            }
            content.Write(buffer, 0, read);
        }
        content.Position = 0;
        return content;
    }
}
