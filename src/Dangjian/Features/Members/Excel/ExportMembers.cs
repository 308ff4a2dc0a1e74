using System.Globalization;
using System.Text;
using Dangjian.Platform.Audit;
using Dangjian.Platform.Data;
using Dangjian.Platform.Http;
using Dangjian.Platform.PersonalData;
using Dangjian.Platform.Security;
using Dangjian.Platform.Text;
using Microsoft.EntityFrameworkCore;
using SpreadCheetah;
using SpreadCheetah.Styling;
using SpreadCheetah.Worksheets;

namespace Dangjian.Features.Members;

/// <summary>
/// The member list as it is filtered (the same query as the list), in the 21 columns of the import template, streamed:
/// the rows are read by one ordered query of the columns the sheet needs and written to the output as they arrive, so
/// memory stays the same for a branch and a province. Full ID and phone numbers only for a caller who may reveal them;
/// every export is written to the audit log. A selection larger than <see cref="MaxRows"/> is exported by a background
/// job (<see cref="MemberExportJob"/>) instead of inside one request.
/// </summary>
public static class ExportMembers
{
    /// <summary>The largest selection exported inside a request; a larger one is a background job.</summary>
    public const int MaxRows = 50_000;

    /// <summary>Rows per worksheet: Excel holds at most 1,048,576 rows in a sheet, so a province's roll is split.</summary>
    public const int RowsPerSheet = 1_000_000;

    public const string NotesSheetName = "导出说明";

    /// <summary>A checked export, ready to be written; <see cref="Rows"/> is known before a row is read.</summary>
    public sealed class Export
    {
        internal SearchMembers.Query Query { get; init; } = null!;
        internal SearchMembers.Filtered Filtered { get; init; } = null!;
        internal bool RevealFull { get; init; }
        internal AppDb Db { get; init; } = null!;
        internal CurrentUser User { get; init; } = null!;
        internal PersonalDataProtector Protector { get; init; } = null!;
        internal DateTimeOffset Now { get; init; }

        /// <summary>How many members the selection holds (from the tallies when nothing narrows it by text).</summary>
        public required long Rows { get; init; }

        public string FileName => $"党员名册_{Now:yyyyMMdd}.xlsx";

        /// <summary>
        /// Writes the workbook to <paramref name="output"/> as the rows are read, reporting the rows written after each batch
        /// rows, then writes the audit line (also when the writing was interrupted: a part of the roll may have left).
        /// </summary>
        public async Task<int> WriteAsync(Stream output, Action<int>? progress, CancellationToken ct)
        {
            var count = 0;
            var finished = false;
            var account = await User.RequireAsync(ct);
            var directory = await OrganizationDirectory.LoadAsync(Db, account.ScopePath, ct);
            var range = directory.Label(Filtered.ScopeOrganizationId);
            var conditions = Describe(Query, Filtered.SearchedBy);
            var personalData = RevealFull ? "完整显示" : "已脱敏（不能用于重新导入）";
            try
            {
                var options = new SpreadCheetahOptions { WriteCellReferenceAttributes = true, BufferSize = 1 << 16 };
                var sink = new AsyncOnlyStream(output);
                await using var book = await Spreadsheet.CreateNewAsync(sink, options, ct);
                var looks = Looks.Add(book);
                var sheetOptions = MemberSheetOptions(looks);
                var cells = new Cell[MemberSheet.Columns.Count];
                var headers = MemberSheet.Columns.Select(c => c.Header).ToArray();
                var sheets = 0;
                // Read in ordered batches, each starting after the last row of the one before (keyset): a batch with a
                // limit is walked along the order's index, so the first rows come at once even for a province, no query
                // holds a snapshot for minutes, and the households of a batch are read by a second query in between.
                // Up to MaxRows (what a request exports) the selection is one batch: one query, planned for all its rows
                // (a county's range of the tree, then sorted), which is faster than walking a province-wide index.
                var batchRows = Rows < OneQueryRows ? (int)Rows + 1 : BatchRows;
                Line? last = null;
                while (true)
                {
                    var members = last is null ? Filtered.Members : Filtered.Members.Where(After(Query.Sort, Filtered.SearchedBy, last));
                    var batch = await SearchMembers.Order(members, Query.Sort, Filtered.SearchedBy).Take(batchRows).Select(m => new Line(
                        m.Id, m.NamePinyin, m.NameInitials, m.Name, m.OrganizationId, m.IdNumberCipher, m.Sex, m.Ethnicity, m.BirthDate, m.Education,
                        m.Category, m.JoinedOn, m.FullMemberOn, m.JobPost, m.PhoneCipher, m.Address, m.Status, m.LostContact, m.LostContactSince,
                        m.IsMobile, m.MobileDestination, m.PartyGroupId, m.WorkStatus, m.IsAssisting, m.IdentityPost, m.IdentityPostTitle)).ToListAsync(ct);
                    var ids = batch.Select(b => b.Id).ToList();
                    var households = (await Db.Set<ContactHousehold>().AsNoTracking().Where(h => ids.Contains(h.MemberId)).OrderBy(h => h.Id)
                        .Select(h => new { h.MemberId, h.Address }).ToListAsync(ct)).ToLookup(h => h.MemberId, h => h.Address);
                    foreach (var line in batch)
                    {
                        if (count % RowsPerSheet == 0)
                        {
                            sheets++;
                            await book.StartWorksheetAsync(sheets == 1 ? MemberSheet.SheetName : $"{MemberSheet.SheetName}{sheets}", sheetOptions, ct);
                            await book.AddHeaderRowAsync(headers, looks.Header, ct);
                        }
                        Fill(cells, line, households[line.Id], directory, RevealFull, Protector, looks);
                        await book.AddRowAsync(cells, ct);
                        count++;
                    }
                    progress?.Invoke(count);
                    if (batch.Count < batchRows)
                    {
                        break;
                    }
                    last = batch[^1];
                }
                if (sheets == 0)
                {
                    await book.StartWorksheetAsync(MemberSheet.SheetName, sheetOptions, ct);
                    await book.AddHeaderRowAsync(headers, looks.Header, ct);
                }
                var notes = new WorksheetOptions { FrozenRows = 1 };
                notes.Column(1).Width = 16;
                notes.Column(2).Width = 70;
                notes.Column(2).DefaultStyle = looks.WrappedStyle;
                await book.StartWorksheetAsync(NotesSheetName, notes, ct);
                await book.AddHeaderRowAsync(["项目", "内容"], looks.Header, ct);
                string[][] lines =
                [
                    ["导出时间", Now.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)],
                    ["导出账号", Db.Actor],
                    ["范围", range],
                    ["筛选条件", conditions],
                    ["人数", count.ToString(CultureInfo.InvariantCulture)],
                    ["身份证号和联系电话", personalData],
                    ["说明", (sheets > 1 ? $"名册分{sheets}个工作表（每表最多{RowsPerSheet}名）。" : "")
                        + "本名册的格式与党员导入模板相同；身份证号完整的名册可按模板修改后导入。名册含个人信息，请妥善保管，用后删除。"],
                ];
                foreach (var note in lines)
                {
                    await book.AddRowAsync([new Cell(note[0], looks.Text), new Cell(note[1], looks.Wrapped)], ct);
                }
                await book.FinishAsync(ct);
                await sink.FlushAsync(ct);
                progress?.Invoke(count);
                finished = true;
                return count;
            }
            finally
            {
                var note = $"导出党员名册{count}名{(finished ? "" : "（导出中断）")}；范围：{range}；条件：{conditions}；身份证号和联系电话：{personalData}";
                Db.Audit(AuditActions.Exported, nameof(Member), null, Filtered.ScopePath, note.Length > 500 ? note[..500] : note);
                // Written even when the caller went away: the rows already sent have left the system.
                await Db.SaveChangesAsync(CancellationToken.None);
            }
        }
    }

    /// <summary>
    /// Checks the filter and the scope and learns the selection's size, without reading a member row when nothing
    /// narrows it by text (the member tallies, as the list's total). Over <paramref name="maxRows"/> it is refused.
    /// </summary>
    public static async Task<Outcome<Export>> PrepareAsync(SearchMembers.Query query, bool revealFull, long maxRows, AppDb db, Scope scope,
        CurrentUser user, PersonalDataProtector protector, TimeProvider clock, CancellationToken ct)
    {
        var outcome = await SearchMembers.FilterAsync(query, db, scope, user, protector, ct);
        if (outcome.Value is not { } filtered)
        {
            return outcome.Refusal<Export>();
        }
        // The list's own total: the tallies without a text search, a capped count with one.
        var listed = await SearchMembers.Handle(query with { Page = 1, PageSize = 1 }, db, scope, user, protector, ct);
        if (listed.Value is not { } first)
        {
            return listed.Refusal<Export>();
        }
        var rows = first.Total;
        if (first.TotalIsAtLeast)
        {
            rows = await filtered.Members.LongCountAsync(ct);
        }
        if (rows > maxRows)
        {
            return Outcome<Export>.Invalid("rows",
                $"符合条件的党员有{rows}名，超过{maxRows}名，不能在一次请求中导出：请在党员列表页点“导出 Excel”在后台导出（POST /api/v1/members/exports），完成后下载");
        }
        return Outcome<Export>.Ok(new Export
        {
            Query = query, Filtered = filtered, RevealFull = revealFull, Db = db, User = user, Protector = protector,
            Now = clock.GetLocalNow(), Rows = rows,
        });
    }

    /// <summary>The columns one row of the sheet needs, and nothing else.</summary>
    private sealed record Line(long Id, string NamePinyin, string NameInitials, string Name, long OrganizationId, string IdNumberCipher, Sex Sex, string Ethnicity, DateOnly BirthDate,
        Education Education, MemberCategory Category, DateOnly JoinedOn, DateOnly? FullMemberOn, string? JobPost, string? PhoneCipher,
        string? Address, MembershipStatus Status, bool LostContact, DateOnly? LostContactSince, bool IsMobile, string? MobileDestination,
        long? PartyGroupId, WorkStatus WorkStatus, bool IsAssisting, IdentityPostKind? IdentityPost, string? IdentityPostTitle);

    /// <summary>Members read per query (the tests lower it to walk many batches through a small roll; the rows are the same).</summary>
    public static int BatchRows { get; set; } = 2_000;

    /// <summary>Selections smaller than this are read by one query (the tests set it to 0 to walk the batches).</summary>
    public static int OneQueryRows { get; set; } = MaxRows + 1;

    /// <summary>The members after <paramref name="last"/> in the order <see cref="SearchMembers.Order"/> gives the same sort.</summary>
    private static System.Linq.Expressions.Expression<Func<Member, bool>> After(string? sort, string searchedBy, Line last)
    {
        var (pinyin, initials, id) = (last.NamePinyin, last.NameInitials, last.Id);
        var (joined, born) = (last.JoinedOn, last.BirthDate);
        // Each condition starts with a plain range on the order's first column (>= or <=), so that the index walk starts
        // at the last row instead of at the beginning of the index: without it every batch walked all those before.
        return (sort ?? "name") switch
        {
            "-name" when searchedBy == "initials" => m => string.Compare(m.NameInitials, initials) <= 0 && (string.Compare(m.NameInitials, initials) < 0
                || (m.NameInitials == initials && (string.Compare(m.NamePinyin, pinyin) < 0 || (m.NamePinyin == pinyin && m.Id < id)))),
            "-name" => m => string.Compare(m.NamePinyin, pinyin) <= 0 && (string.Compare(m.NamePinyin, pinyin) < 0 || (m.NamePinyin == pinyin && m.Id < id)),
            "joinedOn" => m => m.JoinedOn >= joined && (m.JoinedOn > joined || (m.JoinedOn == joined && m.Id > id)),
            "-joinedOn" => m => m.JoinedOn <= joined && (m.JoinedOn < joined || (m.JoinedOn == joined && m.Id < id)),
            "birthDate" => m => m.BirthDate >= born && (m.BirthDate > born || (m.BirthDate == born && m.Id > id)),
            "-birthDate" => m => m.BirthDate <= born && (m.BirthDate < born || (m.BirthDate == born && m.Id < id)),
            _ when searchedBy == "initials" => m => string.Compare(m.NameInitials, initials) >= 0 && (string.Compare(m.NameInitials, initials) > 0
                || (m.NameInitials == initials && (string.Compare(m.NamePinyin, pinyin) > 0 || (m.NamePinyin == pinyin && m.Id > id)))),
            _ => m => string.Compare(m.NamePinyin, pinyin) >= 0 && (string.Compare(m.NamePinyin, pinyin) > 0 || (m.NamePinyin == pinyin && m.Id > id)),
        };
    }

    private static void Fill(Cell[] cells, Line m, IEnumerable<string> households, OrganizationDirectory directory, bool revealFull, PersonalDataProtector protector, Looks looks)
    {
        var idNumber = protector.Decrypt(m.IdNumberCipher);
        var phone = m.PhoneCipher is null ? null : protector.Decrypt(m.PhoneCipher);
        cells[MemberSheet.At.Name] = looks.TextCell(m.Name);
        cells[MemberSheet.At.Organization] = looks.TextCell(directory.Label(m.OrganizationId));
        cells[MemberSheet.At.IdNumber] = looks.TextCell(revealFull ? idNumber : Mask.IdNumber(idNumber));
        cells[MemberSheet.At.Sex] = looks.TextCell(m.Sex.Chinese());
        cells[MemberSheet.At.Ethnicity] = looks.TextCell(m.Ethnicity);
        cells[MemberSheet.At.BirthDate] = looks.DateCell(m.BirthDate);
        cells[MemberSheet.At.Education] = looks.TextCell(m.Education.Chinese());
        cells[MemberSheet.At.Category] = looks.TextCell(m.Category.Chinese());
        cells[MemberSheet.At.JoinedOn] = looks.DateCell(m.JoinedOn);
        cells[MemberSheet.At.FullMemberOn] = looks.DateCell(m.FullMemberOn);
        cells[MemberSheet.At.JobPost] = looks.TextCell(m.JobPost);
        cells[MemberSheet.At.Phone] = looks.TextCell(phone is null ? null : revealFull ? phone : Mask.Phone(phone));
        cells[MemberSheet.At.Address] = looks.TextCell(m.Address);
        cells[MemberSheet.At.Status] = looks.TextCell(m.Status.Chinese());
        cells[MemberSheet.At.LostContact] = !m.LostContact ? default : m.LostContactSince is { } since ? looks.DateCell(since) : looks.TextCell("失联");
        cells[MemberSheet.At.Mobile] = m.IsMobile ? looks.TextCell(m.MobileDestination ?? "流动") : default;
        cells[MemberSheet.At.PartyGroup] = looks.TextCell(directory.NameOf(m.PartyGroupId));
        cells[MemberSheet.At.WorkStatus] = looks.TextCell(m.WorkStatus.Chinese());
        cells[MemberSheet.At.Assisting] = looks.TextCell(m.IsAssisting ? "是" : "否");
        cells[MemberSheet.At.IdentityPost] = looks.TextCell(MemberSheet.IdentityPostText(m.IdentityPost, m.IdentityPostTitle));
        cells[MemberSheet.At.Households] = looks.TextCell(string.Join(MemberSheet.ListSeparator, households));
    }

    private static WorksheetOptions MemberSheetOptions(Looks looks)
    {
        // The header row stays in view while scrolling; the columns keep the template's widths and text format, so
        // that what a person types later stays text (an 18-digit ID number keeps its digits).
        var options = new WorksheetOptions { FrozenRows = 1 };
        for (var i = 0; i < MemberSheet.Columns.Count; i++)
        {
            var column = options.Column(i + 1);
            column.Width = MemberSheet.Columns[i].Width;
            column.DefaultStyle = MemberSheet.Columns[i].IsDate ? looks.DateStyle : looks.TextStyle;
        }
        return options;
    }

    /// <summary>The export's cell looks, as the template's: text format (@), dates as yyyy-mm-dd, a shaded bold header.</summary>
    private sealed class Looks
    {
        public required StyleId Header { get; init; }
        public required StyleId Text { get; init; }
        public required StyleId Date { get; init; }
        public required StyleId Wrapped { get; init; }
        public required Style TextStyle { get; init; }
        public required Style DateStyle { get; init; }
        public required Style WrappedStyle { get; init; }

        public static Looks Add(Spreadsheet book)
        {
            var font = new Font { Name = "DengXian", Size = 11 };
            var text = new Style { Font = font, Format = NumberFormat.Standard(StandardNumberFormat.Text) };
            var date = new Style { Font = font, Format = NumberFormat.Custom("yyyy-mm-dd") };
            var wrapped = new Style
            {
                Font = font, Format = NumberFormat.Standard(StandardNumberFormat.Text),
                Alignment = new Alignment { WrapText = true, Vertical = VerticalAlignment.Top },
            };
            var header = new Style
            {
                Font = new Font { Name = "DengXian", Size = 11, Bold = true }, Fill = new Fill { Color = System.Drawing.Color.FromArgb(0xFC, 0xE4, 0xD6) },
                Format = NumberFormat.Standard(StandardNumberFormat.Text),
            };
            return new Looks
            {
                Header = book.AddStyle(header), Text = book.AddStyle(text), Date = book.AddStyle(date), Wrapped = book.AddStyle(wrapped),
                TextStyle = text, DateStyle = date, WrappedStyle = wrapped,
            };
        }

        /// <summary>A text cell, never a formula (so "=1+1" stays text); an empty value is an empty cell.</summary>
        public Cell TextCell(string? value) => string.IsNullOrEmpty(value) ? default : new Cell(SheetWriter.XmlSafe(value), Text);

        public Cell DateCell(DateOnly? value) => value is { } d ? new Cell(d.ToDateTime(TimeOnly.MinValue), Date) : default;
    }

    /// <summary>
    /// Hands a response body only asynchronous writes: the zip archive under the writer writes its closing directory
    /// synchronously, which ASP.NET Core refuses. Those few bytes wait here for the next asynchronous write or flush.
    /// </summary>
    private sealed class AsyncOnlyStream(Stream inner) : Stream
    {
        private readonly MemoryStream _pending = new();
        private long _position;

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => _position;
            set => throw new NotSupportedException();
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            _pending.Write(buffer);
            _position += buffer.Length;
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await SendPendingAsync(cancellationToken);
            await inner.WriteAsync(buffer, cancellationToken);
            _position += buffer.Length;
        }

        public override void Flush()
        {
            // Nothing to do synchronously: pending bytes leave with the next asynchronous write or flush.
        }

        public override async Task FlushAsync(CancellationToken cancellationToken)
        {
            await SendPendingAsync(cancellationToken);
            await inner.FlushAsync(cancellationToken);
        }

        private async ValueTask SendPendingAsync(CancellationToken ct)
        {
            if (_pending.Length > 0)
            {
                await inner.WriteAsync(_pending.GetBuffer().AsMemory(0, (int)_pending.Length), ct);
                _pending.SetLength(0);
            }
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
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
