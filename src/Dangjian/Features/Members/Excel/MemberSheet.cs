using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Spreadsheet;
using Dangjian.Platform.Text;

namespace Dangjian.Features.Members;

/// <summary>
/// The member sheet: the 16 columns of the national member information form (全国党员信息采集表), in its order, then
/// the five the community's work adds (Party group, work status, assisting, identity post, contact households), shared
/// by the import template, the import and the export. Values travel as the Chinese names the pages show.
/// </summary>
public static class MemberSheet
{
    /// <summary>One column: its Chinese header, the <see cref="MemberInput"/> field it fills, and how to fill it.</summary>
    public sealed record Column(string Header, string Field, bool Required, string HowToFill, double Width, bool IsDate = false);

    public const string SheetName = "党员信息";
    public const string NotesSheetName = "填写说明";
    public const string TemplateFileName = "党员信息导入模板.xlsx";
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    /// <summary>A county's first load is about 30,000 members; a file this size is read, checked and written in seconds.</summary>
    public const int MaxRows = 100_000;

    /// <summary>100,000 rows of the 21 columns take about 15 MB as Excel saves them (shared strings), more with inline strings.</summary>
    public const long MaxBytes = 40 * 1024 * 1024;

    /// <summary>The request body an upload may have: the file and the multipart form around it.</summary>
    public const long MaxRequestBytes = MaxBytes + (1024 * 1024);

    public static readonly IReadOnlyDictionary<string, Sex> Sexes = Enum.GetValues<Sex>().ToDictionary(v => v.Chinese());
    public static readonly IReadOnlyDictionary<string, Education> Educations = Enum.GetValues<Education>().ToDictionary(v => v.Chinese());
    public static readonly IReadOnlyDictionary<string, MemberCategory> Categories = Enum.GetValues<MemberCategory>().ToDictionary(v => v.Chinese());
    public static readonly IReadOnlyDictionary<string, MembershipStatus> Statuses = Enum.GetValues<MembershipStatus>().ToDictionary(v => v.Chinese());
    public static readonly IReadOnlyDictionary<string, WorkStatus> WorkStatuses = Enum.GetValues<WorkStatus>().ToDictionary(v => v.Chinese());
    public static readonly IReadOnlyDictionary<string, IdentityPostKind> IdentityPosts = Enum.GetValues<IdentityPostKind>().ToDictionary(v => v.Chinese());
    public static readonly IReadOnlyDictionary<string, bool> YesNo = new Dictionary<string, bool>(StringComparer.Ordinal) { ["是"] = true, ["否"] = false };

    /// <summary>The columns of the national form; a sheet from a template older than the five added columns has only these.</summary>
    public const int NationalColumns = 16;

    /// <summary>How the export separates several contact households in one cell.</summary>
    public const string ListSeparator = "；";

    /// <summary>What the import accepts between contact households: semicolons of either width, or a line break within the cell.</summary>
    public static readonly char[] ListSeparators = ['；', ';', '\n', '\r'];

    /// <summary>Between an identity post and the post's own name, as the member's page shows it: "党员先锋岗：楼道环境卫生监督岗".</summary>
    public static readonly char[] PostTitleSeparators = ['：', ':'];

    /// <summary>Column positions, for readable code in the import and the export.</summary>
    internal static class At
    {
        public const int Name = 0, Organization = 1, IdNumber = 2, Sex = 3, Ethnicity = 4, BirthDate = 5, Education = 6, Category = 7,
            JoinedOn = 8, FullMemberOn = 9, JobPost = 10, Phone = 11, Address = 12, Status = 13, LostContact = 14, Mobile = 15,
            PartyGroup = 16, WorkStatus = 17, Assisting = 18, IdentityPost = 19, Households = 20;
    }

    private const string DateRule = "日期，如2008-07-01；也可写作2008/7/1、2008.7.1，或使用Excel日期格式";

    public static readonly IReadOnlyList<Column> Columns =
    [
        new("姓名", "name", true, "不超过50个字，不能包含< >等特殊字符", 10),
        new("所在党组织", "organizationId", true,
            "党员所在党支部（党总支、党委）的全称，须在您的管辖范围内；不能填党小组。如有重名组织，写成“上级组织名称/组织名称”", 30),
        new("身份证号", "idNumber", true, "18位居民身份证号，最后一位可为X；请保持本列为文本格式，以免Excel把号码变成科学计数法", 22),
        new("性别", "sex", false, $"{Choices(Sexes.Keys)}；可不填，按身份证号确定，填写时须与身份证号一致", 6),
        new("民族", "ethnicity", false, "国家标准民族名称，如汉族、回族、蒙古族；不填视为汉族", 8),
        new("出生日期", "birthDate", false, "可不填，按身份证号确定；填写时须与身份证号一致。" + DateRule, 12, IsDate: true),
        new("学历", "education", true, Choices(Educations.Keys), 12),
        new("人员类别", "category", true, Choices(Categories.Keys), 10),
        new("入党日期", "joinedOn", true, "成为预备党员的日期，入党时应年满18岁。" + DateRule, 12, IsDate: true),
        new("转正日期", "fullMemberOn", false, "正式党员必填，不早于入党日期；预备党员不填。" + DateRule, 12, IsDate: true),
        new("工作岗位", "jobPost", false, "不超过100个字", 14),
        new("联系电话", "phone", false, "7到12位数字（手机或固定电话），请保持本列为文本格式", 14),
        new("家庭住址", "address", false, "不超过200个字", 30),
        new("党籍状态", "status", false, $"{Choices(Statuses.Keys)}；不填视为正常", 10),
        new("失联情况", "lostContactSince", false, "未失联的不填；失联党员填写失联日期（自该日起失去联系）。" + DateRule, 12, IsDate: true),
        new("流动党员", "mobileDestination", false, "不是流动党员的不填；流动党员填写流向（外出所在地），不超过100个字", 16),
        new("所在党小组", "partyGroupId", false, "编入党小组的填写党小组名称，须是“所在党组织”下的党小组；未编入党小组的不填", 16),
        new("工作状态", "workStatus", false, $"{Choices(WorkStatuses.Keys)}；不填视为在职", 10),
        new("协管党员", "isAssisting", false, "在本社区居住、协助开展工作而组织关系在别处的党员填“是”；其他不填或填“否”", 10),
        new("身份岗位", "identityPost", false,
            $"{Choices(IdentityPosts.Keys)}，可在后面加冒号写岗位名称，如“党员先锋岗：楼道环境卫生监督岗”；每名党员一个岗位，未设岗的不填", 24),
        new("联系户", "households", false,
            "党员联系的居民户地址，每户不超过200个字，最多5户；多户之间用分号（；或;）隔开，也可在单元格内换行（Alt+Enter）", 40),
    ];

    /// <summary>The number the template's example row uses; the import recognizes it and asks to delete the row.</summary>
    public static readonly string ExampleIdNumber = ChineseIdNumber.Compose("110101", new DateOnly(1985, 6, 15), 123, Sex.Male);

    /// <summary>
    /// The position of the column a <see cref="MemberInput"/> field is entered in, or <c>Columns.Count</c> for fields the
    /// sheet does not carry. The identity post's name is written in the identity post's cell.
    /// </summary>
    public static int ColumnOf(string field)
    {
        var wanted = field == "identityPostTitle" ? "identityPost" : field;
        for (var i = 0; i < Columns.Count; i++)
        {
            if (Columns[i].Field == wanted)
            {
                return i;
            }
        }
        return Columns.Count;
    }

    /// <summary>
    /// An identity post as the member's page shows it: the kind, then the post's own name after a colon when it has one
    /// other than the kind's.
    /// </summary>
    public static string? IdentityPostText(IdentityPostKind? kind, string? title) =>
        kind is not { } k ? null
        : string.IsNullOrEmpty(title) || title == k.Chinese() ? k.Chinese()
        : $"{k.Chinese()}{PostTitleSeparators[0]}{title}";

    internal static IReadOnlyList<SheetColumn> SheetColumns =>
        Columns.Select(c => new SheetColumn(c.Width, c.IsDate ? CellLook.Date : CellLook.Text)).ToList();

    internal static string Choices(IEnumerable<string> values) => string.Join("、", values.Select(v => $"“{v}”"));

    /// <summary>The import template: the header row and one example row, and a second sheet explaining every column.</summary>
    public static byte[] Template()
    {
        using var output = new MemoryStream();
        using (var book = new WorkbookWriter(output))
        {
            using (var sheet = book.BeginSheet(SheetName, SheetColumns, DropDowns()))
            {
                sheet.Header(Columns.Select(c => c.Header));
                sheet.Row([
                    "王建国", "某某社区第一党支部", ExampleIdNumber, "男", "汉族", new DateOnly(1985, 6, 15), "大学本科", "正式党员",
                    new DateOnly(2008, 7, 1), new DateOnly(2009, 7, 1), "社区工作者", "13800000000", "某某街道某某小区3号楼2单元201",
                    "正常", null, null, "1号楼党小组", "在职", "否", "党员先锋岗：楼道环境卫生监督岗",
                    "某某小区3号楼2单元202；某某小区3号楼2单元301；某某小区3号楼2单元302",
                ]);
            }
            using (var notes = book.BeginSheet(NotesSheetName, [new SheetColumn(14), new SheetColumn(10), new SheetColumn(90, CellLook.Wrapped)]))
            {
                notes.Header(["列名", "是否必填", "填写要求"]);
                foreach (var column in Columns)
                {
                    notes.Row([column.Header, column.Required ? "必填" : "选填", column.HowToFill], CellLook.Wrapped);
                }
                notes.Row([]);
                notes.Row(["注意事项"], CellLook.Header);
                foreach (var note in GeneralNotes)
                {
                    notes.Row(["", "", note], CellLook.Wrapped);
                }
            }
            book.Complete();
        }
        return output.ToArray();
    }

    private static readonly string[] GeneralNotes =
    [
        $"第一个工作表“{SheetName}”的第一行是表头，请勿修改表头，也不要增加、删除或调换列；从第二行起每行填写一名党员。",
        "第二行是示例，请删除后再填写自己的数据。",
        $"一次最多导入{MaxRows}名党员，文件不超过40 MB，须为.xlsx格式（旧版.xls请先在Excel中另存为.xlsx）。",
        "导入前会检查每一行：只要有一行有误，整个文件都不会导入，系统会列出所有有误的行号、列和原因，改正后重新上传即可。",
        "已在系统中登记的身份证号不能重复导入；调入的党员请办理组织关系转接。同一文件中也不能出现重复的身份证号。",
        "从本系统导出的党员名册可按本模板重新导入；但没有“查看完整信息”权限的账号导出的名册中，身份证号和联系电话已脱敏（含*号），不能用于导入。",
        $"前{NationalColumns}列是全国党员信息采集表的列；后5列（所在党小组、工作状态、协管党员、身份岗位、联系户）是社区工作所需，可不填。"
            + $"按旧版模板（只有前{NationalColumns}列）填写的文件也可导入，这5项按未填处理（在职、非协管党员）。",
        "联系路段不在本表中，请在党员详情中填写。",
    ];

    private static DataValidations DropDowns()
    {
        var lastRow = MaxRows + 1;
        DataValidation List(int column, IEnumerable<string> values)
        {
            var letter = SheetWriter.ColumnLetters(column);
            var header = Columns[column].Header;
            return new DataValidation(new Formula1($"\"{string.Join(",", values)}\""))
            {
                Type = DataValidationValues.List,
                AllowBlank = true,
                ShowErrorMessage = true,
                ErrorTitle = header,
                Error = $"{header}只能填写：{string.Join("、", values)}",
                SequenceOfReferences = new ListValue<StringValue> { InnerText = $"{letter}2:{letter}{lastRow}" },
            };
        }
        // The identity post's list only suggests: after the kind a post's own name may follow ("党员先锋岗：…").
        var identityPosts = List(At.IdentityPost, IdentityPosts.Keys);
        identityPosts.ErrorStyle = DataValidationErrorStyleValues.Information;
        identityPosts.Error = $"身份岗位应为{string.Join("、", IdentityPosts.Keys)}之一，可在后面加冒号写岗位名称，如“党员先锋岗：楼道环境卫生监督岗”";
        return new DataValidations(
            List(At.Sex, Sexes.Keys),
            List(At.Education, Educations.Keys),
            List(At.Category, Categories.Keys),
            List(At.Status, Statuses.Keys),
            List(At.WorkStatus, WorkStatuses.Keys),
            List(At.Assisting, YesNo.Keys),
            identityPosts)
        { Count = 7 };
    }
}
