using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Dangjian.Features.Members;

/// <summary>The few cell looks the member sheets need; the numbers are indexes into the stylesheet below.</summary>
internal enum CellLook : uint
{
    Plain = 0,
    Header = 1,

    /// <summary>Text format (@): what a person types later stays text, so an 18-digit ID number keeps its digits.</summary>
    Text = 2,
    Date = 3,
    Wrapped = 4,
}

internal sealed record SheetColumn(double Width, CellLook Look = CellLook.Text);

/// <summary>
/// Writes an .xlsx workbook sheet by sheet and row by row (OpenXmlWriter), so that a 100,000-row export never holds
/// a sheet in memory. Text is written as inline strings, never as formulas, so a value such as "=1+1" stays text.
/// </summary>
internal sealed class WorkbookWriter : IDisposable
{
    private readonly SpreadsheetDocument _document;
    private readonly WorkbookPart _book;
    private readonly List<(string Name, string PartId)> _sheets = [];
    private bool _completed;

    public WorkbookWriter(Stream output)
    {
        _document = SpreadsheetDocument.Create(output, SpreadsheetDocumentType.Workbook);
        _book = _document.AddWorkbookPart();
        _book.AddNewPart<WorkbookStylesPart>().Stylesheet = Styles();
    }

    /// <summary>Starts a sheet; dispose the returned writer to close it before starting the next one.</summary>
    public SheetWriter BeginSheet(string name, IReadOnlyList<SheetColumn> columns, DataValidations? validations = null)
    {
        var part = _book.AddNewPart<WorksheetPart>();
        _sheets.Add((name, _book.GetIdOfPart(part)));
        return new SheetWriter(OpenXmlWriter.Create(part), columns, validations);
    }

    /// <summary>Writes the workbook part that lists the sheets; the file is complete once this writer is disposed.</summary>
    public void Complete()
    {
        _book.Workbook = new Workbook(new Sheets(_sheets.Select((s, i) => new Sheet { Name = s.Name, SheetId = (uint)(i + 1), Id = s.PartId })));
        _completed = true;
    }

    public void Dispose()
    {
        if (!_completed)
        {
            Complete();
        }
        _document.Dispose();
    }

    private static Stylesheet Styles()
    {
        static Font Font(bool bold) => bold
            ? new Font(new Bold(), new FontSize { Val = 11 }, new FontName { Val = "等线" })
            : new Font(new FontSize { Val = 11 }, new FontName { Val = "等线" });
        return new Stylesheet(
            new NumberingFormats(new NumberingFormat { NumberFormatId = 164, FormatCode = "yyyy-mm-dd" }) { Count = 1 },
            new Fonts(Font(bold: false), Font(bold: true)) { Count = 2 },
            new Fills(
                new Fill(new PatternFill { PatternType = PatternValues.None }),
                new Fill(new PatternFill { PatternType = PatternValues.Gray125 }),
                new Fill(new PatternFill(new ForegroundColor { Rgb = "FFFCE4D6" }) { PatternType = PatternValues.Solid })) { Count = 3 },
            new Borders(new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(), new DiagonalBorder())) { Count = 1 },
            new CellStyleFormats(new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0 }) { Count = 1 },
            new CellFormats(
                new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0 },
                new CellFormat { NumberFormatId = 49, FontId = 1, FillId = 2, BorderId = 0, FormatId = 0, ApplyFont = true, ApplyFill = true, ApplyNumberFormat = true },
                new CellFormat { NumberFormatId = 49, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0, ApplyNumberFormat = true },
                new CellFormat { NumberFormatId = 164, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0, ApplyNumberFormat = true },
                new CellFormat(new Alignment { WrapText = true, Vertical = VerticalAlignmentValues.Top })
                {
                    NumberFormatId = 49, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0, ApplyAlignment = true, ApplyNumberFormat = true,
                }) { Count = 5 },
            new CellStyles(new CellStyle { Name = "Normal", FormatId = 0, BuiltinId = 0 }) { Count = 1 });
    }
}

/// <summary>One sheet being written: a header row, then one call per row.</summary>
internal sealed class SheetWriter : IDisposable
{
    private readonly OpenXmlWriter _writer;
    private readonly DataValidations? _validations;
    private readonly string[] _letters;
    private int _row;

    public SheetWriter(OpenXmlWriter writer, IReadOnlyList<SheetColumn> columns, DataValidations? validations)
    {
        _writer = writer;
        _validations = validations;
        _letters = Enumerable.Range(0, Math.Max(columns.Count, 1)).Select(ColumnLetters).ToArray();
        _writer.WriteStartElement(new Worksheet());
        // Keep the header row in view while scrolling.
        _writer.WriteElement(new SheetViews(new SheetView(
            new Pane { VerticalSplit = 1, TopLeftCell = "A2", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen },
            new Selection { Pane = PaneValues.BottomLeft })
        { WorkbookViewId = 0 }));
        if (columns.Count > 0)
        {
            _writer.WriteElement(new Columns(columns.Select((c, i) => new Column
            {
                Min = (uint)(i + 1), Max = (uint)(i + 1), Width = c.Width, CustomWidth = true, Style = (uint)c.Look,
            })));
        }
        _writer.WriteStartElement(new SheetData());
    }

    /// <summary>Rows written so far, the header included.</summary>
    public int RowCount => _row;

    public void Header(IEnumerable<string> titles) => Row(titles, CellLook.Header);

    /// <summary>Writes one row: a string is a text cell, a <see cref="DateOnly"/> a real date cell, null an empty cell.</summary>
    public void Row(IEnumerable<object?> values, CellLook textLook = CellLook.Text)
    {
        _row++;
        var rowNumber = _row.ToString(CultureInfo.InvariantCulture);
        _writer.WriteStartElement(new Row(), [new OpenXmlAttribute("r", "", rowNumber)]);
        var column = 0;
        foreach (var value in values)
        {
            var reference = (column < _letters.Length ? _letters[column] : ColumnLetters(column)) + rowNumber;
            column++;
            switch (value)
            {
                case null:
                    break;
                case DateOnly date:
                    _writer.WriteStartElement(new Cell(), [new OpenXmlAttribute("r", "", reference), new OpenXmlAttribute("s", "", ((uint)CellLook.Date).ToString(CultureInfo.InvariantCulture))]);
                    _writer.WriteElement(new CellValue(date.ToDateTime(TimeOnly.MinValue).ToOADate().ToString(CultureInfo.InvariantCulture)));
                    _writer.WriteEndElement();
                    break;
                default:
                    var text = XmlSafe(Convert.ToString(value, CultureInfo.InvariantCulture) ?? "");
                    if (text.Length == 0)
                    {
                        break;
                    }
                    _writer.WriteStartElement(new Cell(), [
                        new OpenXmlAttribute("r", "", reference),
                        new OpenXmlAttribute("s", "", ((uint)textLook).ToString(CultureInfo.InvariantCulture)),
                        new OpenXmlAttribute("t", "", "inlineStr"),
                    ]);
                    _writer.WriteStartElement(new InlineString());
                    var keepSpaces = char.IsWhiteSpace(text[0]) || char.IsWhiteSpace(text[^1]);
                    _writer.WriteElement(keepSpaces ? new Text(text) { Space = SpaceProcessingModeValues.Preserve } : new Text(text));
                    _writer.WriteEndElement();
                    _writer.WriteEndElement();
                    break;
            }
        }
        _writer.WriteEndElement();
    }

    public void Dispose()
    {
        _writer.WriteEndElement(); // sheetData
        if (_validations is not null)
        {
            _writer.WriteElement(_validations);
        }
        _writer.WriteEndElement(); // worksheet
        _writer.Close();
        _writer.Dispose();
    }

    /// <summary>0 → A, 25 → Z, 26 → AA.</summary>
    public static string ColumnLetters(int index)
    {
        var letters = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26)
        {
            letters = (char)('A' + ((n - 1) % 26)) + letters;
        }
        return letters;
    }

    /// <summary>
    /// Drops characters XML 1.0 cannot carry (control characters that may have reached a record through the API),
    /// which would otherwise make the whole export fail.
    /// </summary>
    internal static string XmlSafe(string value)
    {
        foreach (var c in value)
        {
            if ((c < ' ' && c is not ('\t' or '\n' or '\r')) || char.IsSurrogate(c) || c > '\uFFFD')
            {
                return Cleaned(value);
            }
        }
        return value;

        static string Cleaned(string value)
        {
            var sb = new StringBuilder(value.Length);
            for (var i = 0; i < value.Length; i++)
            {
                var c = value[i];
                if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                {
                    sb.Append(c).Append(value[++i]);
                }
                else if (!char.IsSurrogate(c) && System.Xml.XmlConvert.IsXmlChar(c))
                {
                    sb.Append(c);
                }
            }
            return sb.ToString();
        }
    }
}
