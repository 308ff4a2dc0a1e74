using System.Globalization;
using System.Net.Http.Headers;
using Dangjian.Platform.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Dangjian.Tests.Members;

/// <summary>A number cell with its stored text as given, e.g. "4.11002199001011E+17" as Excel keeps a long number.</summary>
public sealed record RawNumber(string Text);

/// <summary>
/// Workbooks for the import and export tests, built and read with the Open XML SDK's document model, independently of
/// the app's own streaming reader and writer. Strings go to the shared-string table, as Excel writes them.
/// </summary>
public static class ExcelBooks
{
    /// <summary>The 16 columns of the national form: the whole header of the template before the five were added.</summary>
    public static readonly string[] NationalHeaders =
        ["姓名", "所在党组织", "身份证号", "性别", "民族", "出生日期", "学历", "人员类别", "入党日期", "转正日期", "工作岗位", "联系电话", "家庭住址", "党籍状态", "失联情况", "流动党员"];

    public static readonly string[] AddedHeaders = ["所在党小组", "工作状态", "协管党员", "身份岗位", "联系户"];

    public static readonly string[] Headers = [.. NationalHeaders, .. AddedHeaders];

    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private static int _sequence;

    /// <summary>A valid ID number no other test uses: area codes 11xxxx, unlike the demo data's 411002.</summary>
    public static string NewIdNumber(DateOnly birth, Sex sex)
    {
        var n = Interlocked.Increment(ref _sequence);
        // Compose may add one to the sequence to make its parity match the sex: even numbers leave room for that.
        return ChineseIdNumber.Compose((110000 + (n / 400)).ToString(CultureInfo.InvariantCulture), birth, n % 400 * 2, sex);
    }

    /// <summary>One row of the 21 columns with valid values; tests change what they are about with `with`.</summary>
    public sealed record Row(string Name, string Organization, string IdNumber)
    {
        public object? Sex { get; init; }
        public object? Ethnicity { get; init; } = "汉族";
        public object? BirthDate { get; init; }
        public object? Education { get; init; } = "大学本科";
        public object? Category { get; init; } = "正式党员";
        public object? JoinedOn { get; init; } = "2010-07-01";
        public object? FullMemberOn { get; init; } = "2011-07-01";
        public object? JobPost { get; init; } = "社区工作者";
        public object? Phone { get; init; } = "13800001111";
        public object? Address { get; init; } = "延中小区1号楼1单元101";
        public object? Status { get; init; } = "正常";
        public object? LostContact { get; init; }
        public object? Mobile { get; init; }
        public object? PartyGroup { get; init; }
        public object? WorkStatus { get; init; }
        public object? Assisting { get; init; }
        public object? IdentityPost { get; init; }
        public object? Households { get; init; }

        public object?[] Cells() =>
        [
            Name, Organization, IdNumber, Sex, Ethnicity, BirthDate, Education, Category, JoinedOn, FullMemberOn, JobPost, Phone, Address,
            Status, LostContact, Mobile, PartyGroup, WorkStatus, Assisting, IdentityPost, Households,
        ];

        /// <summary>The row as a sheet of the older 16-column template holds it.</summary>
        public object?[] NationalCells() => Cells()[..NationalHeaders.Length];
    }

    public static Row Person(string name, string organization, DateOnly? birth = null, Sex sex = Sex.Male) =>
        new(name, organization, NewIdNumber(birth ?? new DateOnly(1980, 3, 12), sex));

    public static byte[] Sheet(IEnumerable<Row> rows) => Build([Headers, .. rows.Select(r => r.Cells())]);

    /// <summary>
    /// A workbook whose first sheet holds the rows: a string is a shared string, a number or <see cref="RawNumber"/> a
    /// number cell, a <see cref="DateOnly"/> a date cell (serial number with a date format), null no cell.
    /// </summary>
    public static byte[] Build(IEnumerable<IReadOnlyList<object?>> rows, string sheetName = "Sheet1")
    {
        using var output = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(output, SpreadsheetDocumentType.Workbook))
        {
            var book = document.AddWorkbookPart();
            book.Workbook = new Workbook();
            book.AddNewPart<WorkbookStylesPart>().Stylesheet = new Stylesheet(
                new Fonts(new Font()) { Count = 1 },
                new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2 },
                new Borders(new Border()) { Count = 1 },
                new CellStyleFormats(new CellFormat()) { Count = 1 },
                new CellFormats(new CellFormat(), new CellFormat { NumberFormatId = 14, ApplyNumberFormat = true }) { Count = 2 });
            var strings = new List<string>();
            var stringIndex = new Dictionary<string, int>(StringComparer.Ordinal);
            var data = new SheetData();
            uint number = 0;
            foreach (var values in rows)
            {
                var row = new DocumentFormat.OpenXml.Spreadsheet.Row { RowIndex = ++number };
                for (var c = 0; c < values.Count; c++)
                {
                    var reference = Letters(c) + number.ToString(CultureInfo.InvariantCulture);
                    switch (values[c])
                    {
                        case null:
                            break;
                        case string s:
                            if (!stringIndex.TryGetValue(s, out var index))
                            {
                                stringIndex[s] = index = strings.Count;
                                strings.Add(s);
                            }
                            row.Append(new Cell { CellReference = reference, DataType = CellValues.SharedString, CellValue = new CellValue(index.ToString(CultureInfo.InvariantCulture)) });
                            break;
                        case DateOnly d:
                            row.Append(new Cell { CellReference = reference, StyleIndex = 1, CellValue = new CellValue(d.ToDateTime(TimeOnly.MinValue).ToOADate().ToString(CultureInfo.InvariantCulture)) });
                            break;
                        case RawNumber raw:
                            row.Append(new Cell { CellReference = reference, CellValue = new CellValue(raw.Text) });
                            break;
                        case IConvertible n:
                            row.Append(new Cell { CellReference = reference, CellValue = new CellValue(Convert.ToString(n, CultureInfo.InvariantCulture)!) });
                            break;
                        default:
                            throw new ArgumentException($"Unsupported cell value {values[c]}");
                    }
                }
                data.Append(row);
            }
            book.AddNewPart<SharedStringTablePart>().SharedStringTable =
                new SharedStringTable(strings.Select(s => new SharedStringItem(new Text(s) { Space = SpaceProcessingModeValues.Preserve })));
            var sheet = book.AddNewPart<WorksheetPart>();
            sheet.Worksheet = new Worksheet(data);
            book.Workbook.AppendChild(new Sheets(new Sheet { Name = sheetName, SheetId = 1, Id = book.GetIdOfPart(sheet) }));
        }
        return output.ToArray();
    }

    /// <summary>What the Open XML schema validator finds wrong with a workbook (nothing, for a file Excel opens without repair).</summary>
    public static IReadOnlyList<string> SchemaErrors(byte[] xlsx)
    {
        using var document = SpreadsheetDocument.Open(new MemoryStream(xlsx), false);
        return new DocumentFormat.OpenXml.Validation.OpenXmlValidator(FileFormatVersions.Office2013).Validate(document)
            .Select(e => $"{e.Part?.Uri} {e.Path?.XPath}: {e.Description}").ToList();
    }

    /// <summary>The first sheet's drop-down lists: the cells each applies to, and its list as written ("\"是,否\"").</summary>
    public static Dictionary<string, string> DropDowns(byte[] xlsx)
    {
        using var document = SpreadsheetDocument.Open(new MemoryStream(xlsx), false);
        var book = document.WorkbookPart!;
        var first = book.Workbook.Sheets!.Elements<Sheet>().First();
        var part = (WorksheetPart)book.GetPartById(first.Id!.Value!);
        return part.Worksheet.Descendants<DataValidation>()
            .Where(v => v.Type?.Value == DataValidationValues.List)
            .ToDictionary(v => v.SequenceOfReferences!.InnerText!, v => v.Formula1!.Text!);
    }

    public static IReadOnlyList<string> SheetNames(byte[] xlsx)
    {
        using var document = SpreadsheetDocument.Open(new MemoryStream(xlsx), false);
        return document.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().Select(s => s.Name!.Value!).ToList();
    }

    /// <summary>The cells of a sheet (the first one by default), each a string, a double (number cells) or null, 21 per row at least.</summary>
    public static List<object?[]> Read(byte[] xlsx, string? sheetName = null)
    {
        using var document = SpreadsheetDocument.Open(new MemoryStream(xlsx), false);
        var book = document.WorkbookPart!;
        var sheets = book.Workbook.Sheets!.Elements<Sheet>().ToList();
        var sheet = sheetName is null ? sheets[0] : sheets.Single(s => s.Name == sheetName);
        var part = (WorksheetPart)book.GetPartById(sheet.Id!.Value!);
        var shared = book.SharedStringTablePart?.SharedStringTable.Elements<SharedStringItem>().Select(i => i.InnerText).ToList() ?? [];
        var rows = new List<object?[]>();
        foreach (var row in part.Worksheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.Row>())
        {
            var cells = row.Elements<Cell>().ToList();
            var width = Math.Max(Headers.Length, cells.Count == 0 ? 0 : cells.Max(c => Column(c.CellReference!.Value!)) + 1);
            var values = new object?[width];
            foreach (var cell in cells)
            {
                var type = cell.DataType?.Value;
                values[Column(cell.CellReference!.Value!)] =
                    type == CellValues.InlineString ? cell.InlineString!.InnerText
                    : type == CellValues.SharedString ? shared[int.Parse(cell.CellValue!.Text, CultureInfo.InvariantCulture)]
                    : type == CellValues.String ? cell.CellValue!.Text
                    : cell.CellValue is null ? null
                    : double.Parse(cell.CellValue.Text, CultureInfo.InvariantCulture);
            }
            rows.Add(values);
        }
        return rows;
    }

    /// <summary>A date cell's value as a date (dates are day serial numbers).</summary>
    public static DateOnly? AsDate(object? value) => value switch
    {
        null => null,
        double serial => DateOnly.FromDateTime(DateTime.FromOADate(serial)),
        _ => throw new InvalidOperationException($"Not a date cell: {value}"),
    };

    /// <summary>Rewrites one column of the first sheet below the header, in place, as Excel would after an edit.</summary>
    public static byte[] ReplaceColumn(byte[] xlsx, int column, Func<string, string> replace)
    {
        using var copy = new MemoryStream();
        copy.Write(xlsx);
        using (var document = SpreadsheetDocument.Open(copy, true))
        {
            var book = document.WorkbookPart!;
            var first = book.Workbook.Sheets!.Elements<Sheet>().First();
            var part = (WorksheetPart)book.GetPartById(first.Id!.Value!);
            foreach (var cell in part.Worksheet.Descendants<Cell>().Where(c => Column(c.CellReference!.Value!) == column && RowOf(c) > 1))
            {
                var text = cell.InlineString?.InnerText ?? cell.CellValue?.Text ?? "";
                cell.CellValue = null;
                cell.DataType = CellValues.InlineString;
                cell.InlineString = new InlineString(new Text(replace(text)));
            }
            part.Worksheet.Save();
        }
        return copy.ToArray();
    }

    public static MultipartFormDataContent Upload(byte[] content, string fileName = "党员.xlsx", string field = "file")
    {
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue(ContentType);
        return new MultipartFormDataContent { { file, field, fileName } };
    }

    private static int RowOf(Cell cell) => int.Parse(new string(cell.CellReference!.Value!.Where(char.IsAsciiDigit).ToArray()), CultureInfo.InvariantCulture);

    private static int Column(string reference)
    {
        var index = 0;
        foreach (var c in reference.TakeWhile(char.IsAsciiLetter))
        {
            index = (index * 26) + (c - 'A' + 1);
        }
        return index - 1;
    }

    private static string Letters(int index)
    {
        var letters = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26)
        {
            letters = (char)('A' + ((n - 1) % 26)) + letters;
        }
        return letters;
    }
}
