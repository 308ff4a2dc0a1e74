using System.Globalization;
using System.IO.Compression;
using System.Text;
using Dangjian.Features.Members;

namespace Dangjian.Tests.Members;

/// <summary>
/// The import's row reader on the cell forms programs write: shared and inline strings, rich text with phonetic guides,
/// formulas with their cached values, booleans, errors, ISO dates, cells without references, extension lists.
/// </summary>
public class SheetReaderTests
{
    private const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

    private static byte[] Workbook(string sheetData, string? sharedStrings = null, string dimension = "")
    {
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            void Add(string name, string content)
            {
                using var writer = new StreamWriter(zip.CreateEntry(name).Open(), new UTF8Encoding(false));
                writer.Write(content);
            }
            Add("[Content_Types].xml", """
                <?xml version="1.0" encoding="UTF-8"?>
                <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
                <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
                <Default Extension="xml" ContentType="application/xml"/>
                <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
                <Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
                <Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>
                </Types>
                """);
            Add("_rels/.rels", """
                <?xml version="1.0" encoding="UTF-8"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
                <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
                </Relationships>
                """);
            Add("xl/workbook.xml", $"""
                <?xml version="1.0" encoding="UTF-8"?>
                <workbook xmlns="{Main}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
                <sheets><sheet name="党员信息" sheetId="1" r:id="rId1"/></sheets></workbook>
                """);
            Add("xl/_rels/workbook.xml.rels", """
                <?xml version="1.0" encoding="UTF-8"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
                <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
                <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>
                </Relationships>
                """);
            Add("xl/sharedStrings.xml", $"""<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{Main}">{sharedStrings}</sst>""");
            Add("xl/worksheets/sheet1.xml", $"""<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{Main}">{dimension}<sheetData>{sheetData}</sheetData></worksheet>""");
        }
        return output.ToArray();
    }

    private static List<SheetRow> Read(byte[] book, out int? declaredLastRow)
    {
        using var sheet = WorkbookReader.OpenFirstSheet(new MemoryStream(book), 6)!;
        var rows = sheet.Rows().ToList();
        declaredLastRow = sheet.DeclaredLastRow;
        return rows;
    }

    [Fact]
    public void Reads_every_kind_of_cell_as_its_value()
    {
        var shared = """
            <si><t>张三</t></si>
            <si><r><rPr><b/></rPr><t>第一</t></r><r><t xml:space="preserve"> 党支部</t></r><rPh sb="0" eb="2"><t>ダイイチ</t></rPh><phoneticPr fontId="1"/></si>
            <si><t/></si>
            """;
        var rows = """
            <row r="2"><c r="A2" t="s"><v>0</v></c><c r="B2" t="s"><v>1</v></c><c r="C2" t="inlineStr"><is><r><t>110101</t></r><r><rPr><i/></rPr><t>19800101</t></r><rPh><t>x</t></rPh></is></c><c r="D2"><v>29403</v></c><c r="E2" t="b"><v>1</v></c><c r="F2" t="e"><v>#N/A</v></c></row>
            <row r="3"><c r="A3" t="str"><f>A2&amp;"!"</f><v>张三!</v></c><c r="B3" t="d"><v>2008-07-01T00:00:00</v></c><c r="C3"/><c r="D3" t="s"><v>2</v></c><extLst><ext uri="x"><y>not a cell</y></ext></extLst></row>
            <row r="4"><c r="A4"/><c r="B4" t="inlineStr"><is><t>  </t></is></c></row>
            <row><c t="inlineStr"><is><t>甲</t></is></c><c t="inlineStr"><is><t>乙</t></is></c><c r="E7" t="inlineStr"><is><t>戊</t></is></c><c t="inlineStr"><is><t>己</t></is></c></row>
            """;
        var read = Read(Workbook(rows, shared, """<dimension ref="A1:F7"/>"""), out var last);

        Assert.Equal(7, last);
        // The blank row 4 is left out; the row without a number is the one after it.
        Assert.Equal([2, 3, 5], read.Select(r => r.Number));
        var first = read[0];
        Assert.Equal(new SheetCell(CellKind.Text, "张三"), first[0]);
        Assert.Equal(new SheetCell(CellKind.Text, "第一 党支部"), first[1]);
        Assert.Equal(new SheetCell(CellKind.Text, "11010119800101"), first[2]);
        Assert.Equal(new SheetCell(CellKind.Number, "29403"), first[3]);
        Assert.Equal(new SheetCell(CellKind.Boolean, "TRUE"), first[4]);
        Assert.Equal(new SheetCell(CellKind.Error, "#N/A"), first[5]);
        var second = read[1];
        Assert.Equal(new SheetCell(CellKind.Text, "张三!"), second[0]);
        Assert.Equal(new SheetCell(CellKind.Date, "2008-07-01T00:00:00"), second[1]);
        Assert.True(second[2].IsBlank);
        Assert.Equal(new SheetCell(CellKind.Text, ""), second[3]);
        // Cells without a reference take the place after the one before, a referenced one its own.
        var unnumbered = read[2];
        Assert.Equal(["甲", "乙", null, null, "戊", "己"], unnumbered.Cells.Select(c => c.Value));
    }

    [Fact]
    public void A_sheet_without_a_dimension_declares_no_last_row()
    {
        var read = Read(Workbook("""<row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c></row>"""), out var last);
        Assert.Null(last);
        Assert.Equal("姓名", Assert.Single(read)[0].Value);
    }

    [Fact]
    public void Broken_xml_throws_for_the_import_to_report()
    {
        var book = Workbook("""<row r="1"><c r="A1" t="inlineStr"><is><t>姓名</is></c></row>""");
        Assert.ThrowsAny<System.Xml.XmlException>(() => Read(book, out _));
    }

    public static TheoryData<string> DateTexts => new()
    {
        "2008-07-01", "2008-7-1", "2008/7/1", "2008/07/01", "2008.7.1", "2008年7月1日", "2008年07月01日", " 2008-7-1 ",
        "2024-02-29", "2023-02-29", "2008-02-30", "2008-13-01", "2008-00-10", "0000-01-01", "9999-12-31",
        "2008-7-1日", "2008年7月1", "2008年7-1日", "20080701", "2008-007-01", "2008-7-011", "2008-7-01x", "2008/07-01",
        "08-7-1", "２００８-7-1", "2008-7-", "2008--1", "2008-7-1 00:00", "2008-7", "",
    };

    /// <summary>The hand-written reading of common dates reads exactly what the format list would.</summary>
    [Theory]
    [MemberData(nameof(DateTexts))]
    public void Text_dates_read_as_the_formats_read_them(string text)
    {
        string[] formats = ["yyyy-M-d", "yyyy/M/d", "yyyy.M.d", "yyyy年M月d日"];
        var expected = DateOnly.TryParseExact(text.Trim(), formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var expectedDate);

        var actual = ImportMembers.TryDate(new SheetCell(CellKind.Text, text), out var date);

        Assert.Equal(expected, actual);
        Assert.Equal(expectedDate, date);
    }
}
