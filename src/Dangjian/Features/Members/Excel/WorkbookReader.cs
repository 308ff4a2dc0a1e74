using System.Globalization;
using System.Text;
using System.Xml;
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
    /// <summary>
    /// The rows that have content, in sheet order. Throws on broken XML: the caller treats it as a file that is not a
    /// workbook. Read with a plain XmlReader over the part, not the SDK's element objects: a 100,000-row sheet is read
    /// in a fraction of the time, and the cell grammar an import needs (c, v, is, t, r, rPh) is small.
    /// </summary>
    public IEnumerable<SheetRow> Rows()
    {
        var previous = 0;
        using var part = sheet.GetStream(FileMode.Open, FileAccess.Read);
        using var reader = XmlReader.Create(part, new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            MaxCharactersInDocument = WorkbookReader.MaxCharactersInPart,
            CloseInput = false,
        });
        var text = new StringBuilder();
        while (reader.Read())
        {
            if (reader.NodeType != XmlNodeType.Element || reader.NamespaceURI != WorkbookReader.Main)
            {
                continue;
            }
            if (reader.LocalName == "dimension")
            {
                DeclaredLastRow = LastRowOf(reader.GetAttribute("ref"));
                continue;
            }
            if (reader.LocalName != "row")
            {
                continue;
            }
            var number = uint.TryParse(reader.GetAttribute("r"), NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index <= int.MaxValue
                ? (int)index
                : previous + 1;
            previous = number;
            var cells = new SheetCell[columns];
            var blank = true;
            if (!reader.IsEmptyElement)
            {
                var position = 0;
                var depth = reader.Depth;
                reader.Read();
                while (!reader.EOF && !(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth))
                {
                    if (reader is { NodeType: XmlNodeType.Element, LocalName: "c", NamespaceURI: WorkbookReader.Main })
                    {
                        var column = reader.GetAttribute("r") is { } reference ? WorkbookReader.ColumnIndex(reference) : position;
                        position = column + 1;
                        // Leaves the reader on the cell's end tag (or its empty tag): the Read below moves past it.
                        var cell = ReadCell(reader, text);
                        if (column >= 0 && column < columns)
                        {
                            cells[column] = cell;
                            blank &= cell.IsBlank;
                        }
                    }
                    else if (reader is { NodeType: XmlNodeType.Element, IsEmptyElement: false })
                    {
                        // Anything else in a row (an extension list) is passed over whole; Skip ends on the next node.
                        reader.Skip();
                        continue;
                    }
                    reader.Read();
                }
            }
            if (!blank)
            {
                yield return new SheetRow(number, cells);
            }
        }
    }

    /// <summary>One cell, the reader on its start tag; leaves the reader on its end tag (or on the empty tag itself).</summary>
    private SheetCell ReadCell(XmlReader reader, StringBuilder text)
    {
        var type = reader.GetAttribute("t");
        if (reader.IsEmptyElement)
        {
            return default;
        }
        string? value = null;
        var inline = false;
        text.Clear();
        var depth = reader.Depth;
        reader.Read();
        while (!reader.EOF && !(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth))
        {
            if (reader is { NodeType: XmlNodeType.Element, LocalName: "v", NamespaceURI: WorkbookReader.Main })
            {
                // Moves past </v> by itself.
                value = reader.ReadElementContentAsString();
                continue;
            }
            if (reader is { NodeType: XmlNodeType.Element, LocalName: "is", NamespaceURI: WorkbookReader.Main })
            {
                inline = true;
                WorkbookReader.AppendPlainText(reader, text);
            }
            else if (reader is { NodeType: XmlNodeType.Element, IsEmptyElement: false })
            {
                // A formula (f) or anything else: its text is not the value.
                reader.Skip();
                continue;
            }
            reader.Read();
        }
        return type switch
        {
            "inlineStr" => inline ? new SheetCell(CellKind.Text, text.ToString()) : default,
            _ when value is null => default,
            "s" => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < strings.Count
                ? new SheetCell(CellKind.Text, strings[i])
                : default,
            "str" => new SheetCell(CellKind.Text, value),
            "b" => new SheetCell(CellKind.Boolean, value == "1" ? "TRUE" : "FALSE"),
            "e" => new SheetCell(CellKind.Error, value),
            "d" => new SheetCell(CellKind.Date, value),
            _ => new SheetCell(CellKind.Number, value),
        };
    }

    /// <summary>
    /// The last row the sheet says it uses (its dimension, "A1:U100001"), known once <see cref="Rows"/> has begun;
    /// null when the sheet does not say. Only an estimate, for progress: a program may write it wrong.
    /// </summary>
    public int? DeclaredLastRow { get; private set; }

    private static int? LastRowOf(string? reference)
    {
        var last = reference?.Split(':')[^1];
        var digits = last?.SkipWhile(char.IsLetter).ToArray();
        return digits is { Length: > 0 } && int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var row) ? row : null;
    }

    public void Dispose() => document.Dispose();
}

/// <summary>
/// Reads the first worksheet of an .xlsx file row by row (XmlReader over the parts the SDK opens), keeping only what a row holds as values:
/// shared strings, inline strings and rich text (without phonetic guides), numbers as written, booleans and errors.
/// </summary>
internal static class WorkbookReader
{
    /// <summary>Bounds what one part may expand to, so that a small zip cannot unpack into gigabytes of XML.</summary>
    internal const long MaxCharactersInPart = 400_000_000;

    /// <summary>The SpreadsheetML namespace of every element a sheet's cells are made of.</summary>
    internal const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

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
        using var stream = part.GetStream(FileMode.Open, FileAccess.Read);
        using var reader = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, MaxCharactersInDocument = MaxCharactersInPart });
        var text = new StringBuilder();
        while (reader.Read())
        {
            if (reader is { NodeType: XmlNodeType.Element, LocalName: "si", NamespaceURI: Main })
            {
                text.Clear();
                AppendPlainText(reader, text);
                strings.Add(text.ToString());
            }
        }
        return strings;
    }

    /// <summary>
    /// The text of a string item (si, or a cell's is), the reader on its start tag: plain text (t) or rich-text runs
    /// (r/t), leaving out phonetic guides (rPh). Leaves the reader on the item's end tag.
    /// </summary>
    internal static void AppendPlainText(XmlReader reader, StringBuilder text)
    {
        if (reader.IsEmptyElement)
        {
            return;
        }
        var depth = reader.Depth;
        reader.Read();
        while (!reader.EOF && !(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth))
        {
            if (reader is { NodeType: XmlNodeType.Element, LocalName: "t", NamespaceURI: Main })
            {
                // Directly in the item, or in a run (r); moves past </t> by itself.
                text.Append(reader.ReadElementContentAsString());
                continue;
            }
            if (reader is { NodeType: XmlNodeType.Element, LocalName: "rPh" or "rPr" or "phoneticPr", IsEmptyElement: false })
            {
                // Phonetic guides and run properties hold no text of the cell.
                reader.Skip();
                continue;
            }
            reader.Read();
        }
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
