using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Dangjian.Features.Members;

internal enum CellKind
{
    Empty,
    Text,

    /// <summary>A number cell; <see cref="SheetCell.Text"/> holds the stored value as written (invariant culture).</summary>
    Number,

    /// <summary>An ISO 8601 date cell (t="d"), which some programs write instead of a serial number.</summary>
    Date,
    Boolean,
    Error,
}

internal readonly record struct SheetCell(CellKind Kind, string? Value)
{
    /// <summary>The value as stored, "" for an empty cell.</summary>
    public string Text => Value ?? "";

    public bool IsBlank => Kind == CellKind.Empty || string.IsNullOrWhiteSpace(Value);
}

/// <summary>A row that has content, with its number as Excel shows it.</summary>
internal sealed record SheetRow(int Number, SheetCell[] Cells)
{
    public SheetCell this[int column] => column < Cells.Length ? Cells[column] : default;
}

/// <summary>
/// The first worksheet of an open workbook, read row by row as <see cref="Rows"/> is enumerated (once), so that a
/// 100,000-row sheet is never held whole. Dispose it to close the package.
/// </summary>
internal sealed class SheetReader(SpreadsheetDocument document, WorksheetPart sheet, List<string> strings, int columns) : IDisposable
{
    /// <summary>The rows that have content, in sheet order. Throws on broken XML: the caller treats it as a file that is not a workbook.</summary>
    public IEnumerable<SheetRow> Rows()
    {
        var previous = 0;
        using var reader = OpenXmlReader.Create(sheet);
        while (reader.Read())
        {
            if (reader.ElementType != typeof(Row) || !reader.IsStartElement)
            {
                continue;
            }
            var row = (Row)reader.LoadCurrentElement()!;
            var number = row.RowIndex?.Value is { } index and <= int.MaxValue ? (int)index : previous + 1;
            previous = number;
            var cells = new SheetCell[columns];
            var position = 0;
            var blank = true;
            foreach (var cell in row.Elements<Cell>())
            {
                var column = cell.CellReference?.Value is { } reference ? WorkbookReader.ColumnIndex(reference) : position;
                position = column + 1;
                if (column >= 0 && column < columns)
                {
                    cells[column] = WorkbookReader.Value(cell, strings);
                    blank &= cells[column].IsBlank;
                }
            }
            if (!blank)
            {
                yield return new SheetRow(number, cells);
            }
        }
    }

    public void Dispose() => document.Dispose();
}

/// <summary>
/// Reads the first worksheet of an .xlsx file row by row (OpenXmlReader), keeping only what a row holds as values:
/// shared strings, inline strings and rich text (without phonetic guides), numbers as written, booleans and errors.
/// </summary>
internal static class WorkbookReader
{
    /// <summary>Bounds what one part may expand to, so that a small zip cannot unpack into gigabytes of XML.</summary>
    private const long MaxCharactersInPart = 400_000_000;

    /// <summary>The first sheet, ready to be read, or null when the workbook has no worksheet. Throws on a file that is not a workbook.</summary>
    public static SheetReader? OpenFirstSheet(Stream xlsx, int columns)
    {
        var document = SpreadsheetDocument.Open(xlsx, false, new OpenSettings { MaxCharactersInPart = MaxCharactersInPart });
        try
        {
            // A zip without a workbook part opens as a package all the same: it is not a workbook.
            var book = document.WorkbookPart ?? throw new InvalidDataException("The package has no workbook part.");
            var first = book.Workbook?.Sheets?.Elements<Sheet>().FirstOrDefault();
            if (first?.Id?.Value is not { } partId || book.GetPartById(partId) is not WorksheetPart sheet)
            {
                document.Dispose();
                return null;
            }
            var strings = book.SharedStringTablePart is { } shared ? ReadSharedStrings(shared) : [];
            return new SheetReader(document, sheet, strings, columns);
        }
        catch
        {
            document.Dispose();
            throw;
        }
    }

    private static List<string> ReadSharedStrings(SharedStringTablePart part)
    {
        var strings = new List<string>();
        using var reader = OpenXmlReader.Create(part);
        while (reader.Read())
        {
            if (reader.ElementType == typeof(SharedStringItem) && reader.IsStartElement)
            {
                strings.Add(PlainText(reader.LoadCurrentElement()!));
            }
        }
        return strings;
    }

    internal static SheetCell Value(Cell cell, List<string> strings)
    {
        var raw = cell.CellValue?.Text;
        var type = cell.DataType?.Value;
        if (type == CellValues.InlineString)
        {
            return cell.InlineString is { } inline ? new SheetCell(CellKind.Text, PlainText(inline)) : default;
        }
        if (raw is null)
        {
            return default;
        }
        if (type == CellValues.SharedString)
        {
            return int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < strings.Count
                ? new SheetCell(CellKind.Text, strings[i])
                : default;
        }
        if (type == CellValues.String)
        {
            return new SheetCell(CellKind.Text, raw);
        }
        if (type == CellValues.Boolean)
        {
            return new SheetCell(CellKind.Boolean, raw == "1" ? "TRUE" : "FALSE");
        }
        if (type == CellValues.Error)
        {
            return new SheetCell(CellKind.Error, raw);
        }
        if (type == CellValues.Date)
        {
            return new SheetCell(CellKind.Date, raw);
        }
        return new SheetCell(CellKind.Number, raw);
    }

    /// <summary>The text of a string item: plain text or rich-text runs, leaving out phonetic guides (rPh).</summary>
    private static string PlainText(OpenXmlElement item)
    {
        var text = new StringBuilder();
        foreach (var child in item.ChildElements)
        {
            if (child is Text t)
            {
                text.Append(t.Text);
            }
            else if (child is Run { Text: { } runText })
            {
                text.Append(runText.Text);
            }
        }
        return text.ToString();
    }

    /// <summary>"C12" → 2; -1 when the reference has no column letters.</summary>
    public static int ColumnIndex(string reference)
    {
        var index = 0;
        var letters = 0;
        foreach (var c in reference)
        {
            var upper = char.ToUpperInvariant(c);
            if (upper is < 'A' or > 'Z')
            {
                break;
            }
            if (++letters > 3)
            {
                return -1;
            }
            index = (index * 26) + (upper - 'A' + 1);
        }
        return index - 1;
    }
}
