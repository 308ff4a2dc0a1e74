using Dangjian.Features.Members;
using Dangjian.Features.Organizations;
using Dangjian.Features.Transfers;
using Dangjian.Platform.Text;

namespace Dangjian.Features.Audit;

/// <summary>Chinese names of the entity types and fields that appear in audit snapshots; anything else shows its own name.</summary>
public static class AuditLabels
{
    private static readonly Dictionary<string, string> Entities = new(StringComparer.Ordinal)
    {
        ["Member"] = "党员", ["Organization"] = "党组织", ["Transfer"] = "组织关系转接", ["Unit"] = "单位", ["AppUser"] = "账号",
        ["Instructor"] = "党建指导员", ["PartTimeCommitteeMember"] = "兼职委员", ["RuleOverride"] = "规则",
        ["ContactHousehold"] = "党员联系户",
    };

    /// <summary>
    /// Records kept as part of another, whose lines are filed under the owner's id (a member's contact households):
    /// the owner's trail lists them with its own.
    /// </summary>
    private static readonly Dictionary<string, string[]> Parts = new(StringComparer.Ordinal)
    {
        ["Member"] = ["ContactHousehold"],
    };

    private static readonly Dictionary<string, string> Fields = new(StringComparer.Ordinal)
    {
        ["Id"] = "编号", ["Name"] = "名称/姓名", ["NamePinyin"] = "姓名拼音", ["NameInitials"] = "拼音首字母", ["OrganizationId"] = "所在党组织编号",
        ["OrgPath"] = "组织路径", ["Path"] = "组织路径", ["ParentId"] = "上级组织编号", ["Depth"] = "层级", ["Kind"] = "类别",
        ["UnitId"] = "所在单位编号", ["CommitteeSize"] = "支委会人数", ["EstablishedOn"] = "成立日期", ["DissolvedAt"] = "撤销时间",
        ["Sex"] = "性别", ["Ethnicity"] = "民族", ["BirthDate"] = "出生日期", ["IdNumber"] = "身份证号", ["IdNumberTail"] = "身份证号后四位",
        ["Education"] = "学历", ["Category"] = "人员类别", ["JoinedOn"] = "入党日期", ["FullMemberOn"] = "转正日期", ["JobPost"] = "工作岗位",
        ["Phone"] = "联系电话", ["Address"] = "家庭住址", ["Status"] = "状态", ["LostContact"] = "失联", ["LostContactSince"] = "失联日期",
        ["IsMobile"] = "流动党员", ["MobileDestination"] = "流向", ["WorkStatus"] = "工作状态", ["IsAssisting"] = "协管党员",
        ["PartyGroupId"] = "党小组编号", ["IdentityPost"] = "身份岗位", ["IdentityPostTitle"] = "岗位名称", ["ContactRoad"] = "联系路段",
        ["LeftAt"] = "转出本系统时间", ["MemberId"] = "党员编号", ["MemberName"] = "党员姓名", ["FromOrganizationId"] = "转出组织编号",
        ["FromPath"] = "转出组织路径", ["FromExternal"] = "转出单位（系统外）", ["ToOrganizationId"] = "转入组织编号", ["ToPath"] = "转入组织路径",
        ["ToExternal"] = "转入单位（系统外）", ["LetterNumber"] = "介绍信编号", ["IssuedOn"] = "开具日期", ["ValidUntil"] = "有效期至",
        ["DuesPaidThrough"] = "党费交至", ["ReceiptNumber"] = "回执编号", ["ClosedAt"] = "办结时间", ["ClosedBy"] = "办理人", ["Note"] = "备注",
        ["IsAboveScale"] = "规模以上", ["AreaOrganizationId"] = "所属区域组织编号", ["AreaPath"] = "区域路径",
        ["CoveringOrganizationId"] = "覆盖组织编号", ["PartyMemberCount"] = "党员人数", ["EmployeeCount"] = "职工人数",
        ["PairedOrganizationId"] = "共建组织编号", ["AssignedOn"] = "选派日期", ["Post"] = "职务", ["OrganizationPath"] = "组织路径",
        ["HeadName"] = "户主姓名", ["Households"] = "联系户",
        ["FileName"] = "文件名", ["FileSha256"] = "文件SHA-256", ["Rows"] = "导入行数", ["FirstMemberId"] = "首个党员编号",
        ["LastMemberId"] = "末个党员编号", ["SnapshotSha256"] = "逐人记录SHA-256",
        // Where a field means something else on one type, "Type.Field" names it there.
        ["ContactHousehold.Id"] = "联系户编号", ["ContactHousehold.Address"] = "联系户地址",
    };

    /// <summary>Snapshots store enums by name ("Full", "Retired"); the log shows them as the pages do.</summary>
    private static readonly Dictionary<string, string> Values = BuildValues();

    private static Dictionary<string, string> BuildValues()
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        void Add<T>(Func<T, string> chinese) where T : struct, Enum
        {
            foreach (var v in Enum.GetValues<T>())
            {
                values.TryAdd(v.ToString(), chinese(v));
            }
        }
        Add<MemberCategory>(v => v.Chinese());
        Add<MembershipStatus>(v => v.Chinese());
        Add<Education>(v => v.Chinese());
        Add<WorkStatus>(v => v.Chinese());
        Add<IdentityPostKind>(v => v.Chinese());
        Add<Sex>(v => v.Chinese());
        Add<OrganizationKind>(v => v.Chinese());
        Add<UnitKind>(v => v.Chinese());
        Add<TransferStatus>(TransferStatusNames.Chinese);
        return values;
    }

    /// <summary>A snapshot value as people read it: enum names in Chinese, anything else unchanged.</summary>
    public static string? Value(string? value) => value is not null && Values.TryGetValue(value, out var chinese) ? chinese : value;

    public static string Entity(string type) => Entities.GetValueOrDefault(type, type);

    /// <summary>The entity types a filter on <paramref name="type"/> lists: the type and the records kept as its parts.</summary>
    public static string[] WithParts(string type) => [type, .. Parts.GetValueOrDefault(type, [])];

    /// <summary>The type whose id a part's lines are filed under (Member for a contact household), or null.</summary>
    public static string? OwnerOf(string type) => Parts.FirstOrDefault(p => p.Value.Contains(type)).Key;

    public static string Field(string entityType, string name) =>
        Fields.GetValueOrDefault($"{entityType}.{name}") ?? Fields.GetValueOrDefault(name, name);

    public static IEnumerable<KeyValuePair<string, string>> EntityTypes => Entities;
}
