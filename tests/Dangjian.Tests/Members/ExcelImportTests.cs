using Dangjian.Features.Members;
using Dangjian.Features.Organizations;
using Dangjian.Platform.Audit;
using Dangjian.Platform.Text;
using Dangjian.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Tests.Members;

public class ExcelImportTests(AppFactory app) : ExcelApiTest(app)
{
    private const string First = "延中社区第一党支部";
    private const string Second = "延中社区第二党支部";
    private const string Retired = "延中社区离退休党支部";
    private const string Compound = "延中小区楼院党支部";
    private const string CorridorOne = "延中小区1号楼党小组";
    private DateOnly RecentDate => App.Today.AddMonths(-3);

    [Fact]
    public async Task A_good_sheet_imports_every_member_and_they_appear_in_search()
    {
        var client = await As("baling");
        var auditsBefore = await AuditCount(AuditActions.Imported);
        var full = ExcelBooks.Person("欧阳明远", First);
        var probationary = ExcelBooks.Person("司马晓霞", Second, new DateOnly(1996, 5, 20), Sex.Female) with
        {
            Sex = "女",
            Category = "预备党员",
            JoinedOn = RecentDate, // a real Excel date cell
            FullMemberOn = null,
            Phone = 13912345678d, // typed as a number
        };
        var retired = ExcelBooks.Person("诸葛春生", Retired, new DateOnly(1950, 1, 8)) with
        {
            JoinedOn = "1975/7/1",
            FullMemberOn = "1976.7.1",
            Status = "保留党籍",
            LostContact = new DateOnly(2024, 3, 1),
            Mobile = "广东省深圳市",
            Phone = null,
        };
        var detailed = ExcelBooks.Person("上官国栋", First, new DateOnly(1982, 11, 30)) with
        {
            Sex = "男",
            BirthDate = "1982-11-30",
            Ethnicity = "回族",
            Education = "研究生",
            JoinedOn = "2005年7月1日",
            FullMemberOn = "2006-07-01",
            Status = null, // blank means 正常
        };
        var markup = ExcelBooks.Person("东方红英", Second, new DateOnly(1979, 2, 2), Sex.Female) with
        {
            JobPost = "<b>楼栋长</b>",
            Address = "<script>alert(1)</script>延中小区2号楼",
        };

        var report = await Imported(await PostSheet(client, ExcelBooks.Sheet([full, probationary, retired, detailed, markup])));

        report.Succeeded.ShouldBeTrue();
        report.Imported.ShouldBe(5);
        report.Errors.ShouldBeEmpty();

        var a = (await FindByIdNumber(client, full.IdNumber)).ShouldNotBeNull();
        a.Member.Name.ShouldBe("欧阳明远");
        a.Member.OrganizationName.ShouldBe(First);
        a.Member.Category.ShouldBe(MemberCategory.Full);
        a.Member.JoinedOn.ShouldBe(new DateOnly(2010, 7, 1));
        a.Member.FullMemberOn.ShouldBe(new DateOnly(2011, 7, 1));
        a.Member.BirthDate.ShouldBe(new DateOnly(1980, 3, 12));
        a.Member.Sex.ShouldBe(Sex.Male);
        a.Revealed.Phone.ShouldBe("13800001111");
        a.Member.Status.ShouldBe(MembershipStatus.Normal);

        var b = (await FindByIdNumber(client, probationary.IdNumber)).ShouldNotBeNull();
        b.Member.Category.ShouldBe(MemberCategory.Probationary);
        b.Member.FullMemberOn.ShouldBeNull();
        b.Member.JoinedOn.ShouldBe(RecentDate);
        b.Member.Sex.ShouldBe(Sex.Female);
        b.Revealed.Phone.ShouldBe("13912345678");

        var c = (await FindByIdNumber(client, retired.IdNumber)).ShouldNotBeNull();
        c.Member.JoinedOn.ShouldBe(new DateOnly(1975, 7, 1));
        c.Member.FullMemberOn.ShouldBe(new DateOnly(1976, 7, 1));
        c.Member.Status.ShouldBe(MembershipStatus.Reserved);
        c.Member.LostContact.ShouldBeTrue();
        c.Member.LostContactSince.ShouldBe(new DateOnly(2024, 3, 1));
        c.Member.IsMobile.ShouldBeTrue();
        c.Member.MobileDestination.ShouldBe("广东省深圳市");
        c.Revealed.Phone.ShouldBeNull();

        var d = (await FindByIdNumber(client, detailed.IdNumber)).ShouldNotBeNull();
        d.Member.Ethnicity.ShouldBe("回族");
        d.Member.Education.ShouldBe(Education.Postgraduate);
        d.Member.JoinedOn.ShouldBe(new DateOnly(2005, 7, 1));
        d.Member.Status.ShouldBe(MembershipStatus.Normal);
        d.Member.LostContact.ShouldBeFalse();
        d.Member.IsMobile.ShouldBeFalse();

        // Markup is data: stored as typed; escaping is the pages' job.
        var e = (await FindByIdNumber(client, markup.IdNumber)).ShouldNotBeNull();
        e.Member.JobPost.ShouldBe("<b>楼栋长</b>");
        e.Member.Address.ShouldBe("<script>alert(1)</script>延中小区2号楼");

        // The name windows are written too: an infix search finds the imported member.
        var byName = await Read<SearchMembers.Response>(await client.GetAsync("/api/v1/members?q=明远"));
        byName.Items.Select(i => i.Name).ShouldContain("欧阳明远");
        var grams = await App.WithDbAsync(db => db.Members.Where(m => m.Name == "欧阳明远")
            .Join(db.MemberNameGrams, m => m.Id, g => g.MemberId, (m, g) => new { g.Gram, Same = g.OrgPath == m.OrgPath && g.NamePinyin == m.NamePinyin }).ToListAsync());
        grams.Select(g => g.Gram).ShouldBe(["欧阳", "阳明", "明远"], ignoreOrder: true);
        grams.ShouldAllBe(g => g.Same);

        (await AuditCount(AuditActions.Imported)).ShouldBe(auditsBefore + 1);
        var audit = await Read<AuditPage>(await client.GetAsync("/api/v1/audit?action=imported"));
        audit.Items.ShouldContain(i => i.Note != null && i.Note.StartsWith("从Excel导入党员5名：文件“党员.xlsx”，SHA-256 "));
    }

    [Fact]
    public async Task One_bad_row_among_good_ones_imports_nothing_and_every_bad_row_is_reported()
    {
        var client = await As("baling");
        var registered = ExcelBooks.NewIdNumber(new DateOnly(1970, 4, 4), Sex.Female);
        (await PostJson(client, "/api/v1/members", new
        {
            name = "已登记党员", organizationId = await OrganizationId(First), idNumber = registered, education = "Bachelor",
            category = "Full", joinedOn = "1995-07-01", fullMemberOn = "1996-07-01",
        })).StatusCode.ShouldBe(System.Net.HttpStatusCode.Created);
        var before = await MemberCount();
        var auditsBefore = await AuditCount(AuditActions.Imported);

        var good = ExcelBooks.Person("良好甲", First);
        var badCheckDigit = ExcelBooks.Person("校验位错", First);
        badCheckDigit = badCheckDigit with { IdNumber = badCheckDigit.IdNumber[..17] + (badCheckDigit.IdNumber[17] == '1' ? "2" : "1") };
        var duplicated = ExcelBooks.Person("良好乙", Second);
        var rows = new[]
        {
            good,                                                                                          // row 2
            badCheckDigit,                                                                                 // row 3
            ExcelBooks.Person("组织不存在", "不存在的党支部"),                                                  // row 4
            ExcelBooks.Person("辖区以外", "民警路街道光明社区党支部"),                                           // row 5
            ExcelBooks.Person("预备转正", First) with { Category = "预备党员", FullMemberOn = "2011-07-01" },  // row 6
            ExcelBooks.Person("日期有误", First) with { JoinedOn = "2010-13-45" },                           // row 7
            duplicated,                                                                                    // row 8
            ExcelBooks.Person("重复号码", Second) with { IdNumber = duplicated.IdNumber },                    // row 9
            ExcelBooks.Person("编入小组", "延中小区1号楼党小组"),                                               // row 10
            ExcelBooks.Person("性别不符", First) with { Sex = "女" },                                         // row 11
            ExcelBooks.Person("学历有误", First) with { Education = "博士" },                                 // row 12
            ExcelBooks.Person("数字号码", First),                                                             // row 13 (ID set below)
            ExcelBooks.Person("脱敏号码", First) with { IdNumber = "1101**********1234" },                     // row 14
            ExcelBooks.Person("已经登记", First) with { IdNumber = registered, Sex = "女", BirthDate = new DateOnly(1970, 4, 4) }, // row 15
            ExcelBooks.Person("<script>alert(1)</script>", First),                                        // row 16
            ExcelBooks.Person("失联有误", First) with { LostContact = "是" },                                 // row 17
            ExcelBooks.Person("", First) with { Category = null },                                         // row 18
            ExcelBooks.Person("良好丙", Retired),                                                            // row 19
        };
        var cells = rows.Select(r => r.Cells()).ToList();
        cells[11][2] = new RawNumber("4.11002199001011E+17"); // row 13: an ID typed into a number cell

        var problem = await Refused(await PostSheet(client, ExcelBooks.Build([ExcelBooks.Headers, .. cells])));

        var errors = problem.Errors!;
        void Expect(int row, string column, string reason) =>
            errors.ShouldContain(e => e.Row == row && e.Column == column && e.Message.Contains(reason), $"row {row} {column}: {reason}\n" + string.Join("\n", errors));
        Expect(3, "身份证号", "校验位不正确");
        Expect(4, "所在党组织", "“不存在的党支部”不存在或不在您的管辖范围内");
        Expect(5, "所在党组织", "不存在或不在您的管辖范围内");
        Expect(6, "转正日期", "预备党员不应填写转正日期");
        Expect(7, "入党日期", "“2010-13-45”不是有效的日期");
        Expect(9, "身份证号", "与第8行重复");
        Expect(10, "所在党组织", MemberPlacement.PartyGroupRefusal);
        Expect(11, "性别", "性别与身份证号不符");
        Expect(12, "学历", "学历“博士”无效");
        Expect(13, "身份证号", "文本格式");
        Expect(14, "身份证号", "已脱敏");
        Expect(15, "身份证号", "已登记为党员");
        Expect(16, "姓名", "特殊字符");
        Expect(17, "失联情况", "失联日期");
        Expect(18, "姓名", "姓名不能为空");
        Expect(18, "人员类别", "人员类别不能为空");
        errors.Select(e => e.Row).ShouldNotContain(2);
        errors.Select(e => e.Row).ShouldNotContain(8);
        errors.Select(e => e.Row).ShouldNotContain(19);
        errors.Select(e => e.Row).ShouldBeInOrder();
        problem.Detail!.ShouldContain("共有15行数据有误");

        (await MemberCount()).ShouldBe(before);
        (await AuditCount(AuditActions.Imported)).ShouldBe(auditsBefore);
        (await FindByIdNumber(client, good.IdNumber)).ShouldBeNull();
        (await FindByIdNumber(client, duplicated.IdNumber)).ShouldBeNull();
    }

    [Fact]
    public async Task A_name_shared_by_two_organizations_must_be_told_apart_by_its_parent()
    {
        var client = await As("baling");
        var yanzhong = await OrganizationId("中共延中社区委员会");
        var baling = await OrganizationId("中共灞陵街道工作委员会");
        foreach (var parent in new[] { yanzhong, baling })
        {
            (await PostJson(client, "/api/v1/organizations", new CreateOrganization.Request(parent, "同名党支部", OrganizationKind.Branch, null, 3, null)))
                .StatusCode.ShouldBe(System.Net.HttpStatusCode.Created);
        }

        var ambiguous = ExcelBooks.Person("同名测试", "同名党支部");
        var problem = await Refused(await PostSheet(client, ExcelBooks.Sheet([ambiguous])));
        problem.Errors!.ShouldHaveSingleItem().ShouldBe(new RowErrorBody(2, "所在党组织",
            "所在党组织“同名党支部”在您的管辖范围内有2个同名组织，请写成“上级组织名称/组织名称”，如“中共延中社区委员会/同名党支部”"));

        var told = ambiguous with { Organization = "中共灞陵街道工作委员会/同名党支部" };
        (await Imported(await PostSheet(client, ExcelBooks.Sheet([told])))).Imported.ShouldBe(1);
        var member = (await FindByIdNumber(client, told.IdNumber)).ShouldNotBeNull();
        member.Member.OrganizationId.ShouldNotBe(0);
        var placed = await App.WithDbAsync(async db => (await db.Organizations.FindAsync(member.Member.OrganizationId))!.ParentId);
        placed.ShouldBe(baling);

        // The export writes the same form, so that its file can be imported again.
        var exported = ExcelBooks.Read(await (await client.GetAsync("/api/v1/members/export.xlsx?q=同名测试")).Content.ReadAsByteArrayAsync());
        exported[1][1].ShouldBe("中共灞陵街道工作委员会/同名党支部");
    }

    [Fact]
    public async Task The_templates_example_row_is_recognized_and_a_title_row_and_annotated_headers_are_accepted()
    {
        var client = await As("baling");
        var template = await (await client.GetAsync("/api/v1/members/import-template.xlsx")).Content.ReadAsByteArrayAsync();
        var left = await Refused(await PostSheet(client, template));
        left.Errors!.ShouldHaveSingleItem().ShouldBe(new RowErrorBody(2, "身份证号", "这是导入模板中的示例行，请删除后再导入"));

        var headers = ExcelBooks.Headers.Select(h => h switch
        {
            "人员类别" => "人员类别(预备党员/正式党员)",
            "党籍状态" => "党籍状态（正常/保留党籍/停止党籍）",
            "姓名" => "* 姓名",
            _ => h,
        }).ToArray();
        var person = ExcelBooks.Person("标题行测试", First);
        var sheet = ExcelBooks.Build([["延中社区党员信息采集表"], headers, person.Cells()]);
        (await Imported(await PostSheet(client, sheet))).Imported.ShouldBe(1);
        (await FindByIdNumber(client, person.IdNumber)).ShouldNotBeNull();
    }

    [Fact]
    public async Task A_sheet_of_the_older_16_column_template_still_imports_with_the_added_fields_left_empty()
    {
        var client = await As("baling");
        var person = ExcelBooks.Person("旧版模板", Compound);

        var report = await Imported(await PostSheet(client, ExcelBooks.Build([ExcelBooks.NationalHeaders, person.NationalCells()])));

        report.Imported.ShouldBe(1);
        var m = (await FindByIdNumber(client, person.IdNumber)).ShouldNotBeNull().Member;
        m.OrganizationName.ShouldBe(Compound);
        m.JobPost.ShouldBe("社区工作者");
        m.PartyGroupId.ShouldBeNull();
        m.WorkStatus.ShouldBe(WorkStatus.Serving);
        m.IsAssisting.ShouldBeFalse();
        m.IdentityPost.ShouldBeNull();
        m.Households.ShouldBeEmpty();
    }

    [Fact]
    public async Task The_five_added_columns_import_with_semicolons_of_either_width_line_breaks_and_colons_of_either_width()
    {
        var client = await As("baling");
        var fullWidth = ExcelBooks.Person("全角分号", Compound) with
        {
            PartyGroup = CorridorOne,
            WorkStatus = "离退休",
            Assisting = "是",
            IdentityPost = "党员示范区：垃圾分类示范岗",
            Households = "延中小区1号楼101；延中小区1号楼102；延中小区1号楼201",
        };
        var halfWidth = ExcelBooks.Person("半角分号", Compound) with
        {
            WorkStatus = "其他",
            Assisting = "否",
            IdentityPost = "党员先锋岗: 楼道环境卫生监督岗",
            Households = "延中小区2号楼101; 延中小区2号楼102;延中小区2号楼103;",
        };
        var lineBreaks = ExcelBooks.Person("单元格换行", First) with
        {
            IdentityPost = "党员突击队",
            Households = "延中小区3号楼101\n延中小区3号楼102\r\n延中小区3号楼103；延中小区3号楼104",
        };

        var report = await Imported(await PostSheet(client, ExcelBooks.Sheet([fullWidth, halfWidth, lineBreaks])));

        report.Imported.ShouldBe(3);
        var a = (await FindByIdNumber(client, fullWidth.IdNumber)).ShouldNotBeNull().Member;
        a.PartyGroupId.ShouldBe(await OrganizationId(CorridorOne));
        a.PartyGroupName.ShouldBe(CorridorOne);
        a.WorkStatus.ShouldBe(WorkStatus.Retired);
        a.IsAssisting.ShouldBeTrue();
        a.IdentityPost.ShouldBe(IdentityPostKind.ModelZone);
        a.IdentityPostTitle.ShouldBe("垃圾分类示范岗");
        a.Households.ShouldBe(["延中小区1号楼101", "延中小区1号楼102", "延中小区1号楼201"], ignoreOrder: true);

        var b = (await FindByIdNumber(client, halfWidth.IdNumber)).ShouldNotBeNull().Member;
        b.PartyGroupId.ShouldBeNull();
        b.WorkStatus.ShouldBe(WorkStatus.Other);
        b.IsAssisting.ShouldBeFalse();
        b.IdentityPost.ShouldBe(IdentityPostKind.PioneerPost);
        b.IdentityPostTitle.ShouldBe("楼道环境卫生监督岗");
        b.Households.ShouldBe(["延中小区2号楼101", "延中小区2号楼102", "延中小区2号楼103"], ignoreOrder: true);

        var c = (await FindByIdNumber(client, lineBreaks.IdNumber)).ShouldNotBeNull().Member;
        c.WorkStatus.ShouldBe(WorkStatus.Serving);
        c.IdentityPost.ShouldBe(IdentityPostKind.CommandoTeam);
        c.IdentityPostTitle.ShouldBeNull();
        c.Households.ShouldBe(["延中小区3号楼101", "延中小区3号楼102", "延中小区3号楼103", "延中小区3号楼104"], ignoreOrder: true);
    }

    [Fact]
    public async Task A_party_group_not_under_the_members_organization_names_the_row_and_the_column_and_nothing_is_imported()
    {
        var client = await As("baling");
        var before = await MemberCount();
        var good = ExcelBooks.Person("小组良好", Compound) with { PartyGroup = CorridorOne };
        var rows = new[]
        {
            good,                                                                                                  // row 2
            ExcelBooks.Person("别处小组", First) with { PartyGroup = CorridorOne },                                  // row 3
            ExcelBooks.Person("没有小组", Compound) with { PartyGroup = "延中小区99号楼党小组" },                       // row 4
            ExcelBooks.Person("支部当小组", Compound) with { PartyGroup = First },                                   // row 5
            ExcelBooks.Person("状态有误", First) with { WorkStatus = "退休" },                                        // row 6
            ExcelBooks.Person("协管有误", First) with { Assisting = "Y" },                                           // row 7
            ExcelBooks.Person("两个岗位", First) with { IdentityPost = "党员先锋岗；党员示范区：垃圾分类示范岗" },         // row 8
            ExcelBooks.Person("岗位有误", First) with { IdentityPost = "党员服务岗" },                                // row 9
            ExcelBooks.Person("六户", First) with { Households = "1号；2号；3号；4号；5号；6号" },                       // row 10
        };

        var problem = await Refused(await PostSheet(client, ExcelBooks.Sheet(rows)));

        var errors = problem.Errors!;
        void Expect(int row, string column, string reason) =>
            errors.ShouldContain(e => e.Row == row && e.Column == column && e.Message.Contains(reason), $"row {row} {column}: {reason}\n" + string.Join("\n", errors));
        Expect(3, "所在党小组", $"所在党小组“{CorridorOne}”不是“{First}”下的党小组：该组织下没有党小组，请留空");
        Expect(4, "所在党小组", $"所在党小组“延中小区99号楼党小组”不是“{Compound}”下的党小组，应填写“延中小区1号楼党小组”、");
        Expect(5, "所在党小组", $"所在党小组“{First}”不是“{Compound}”下的党小组");
        Expect(6, "工作状态", "工作状态“退休”无效，应填写“在职”、“离退休”、“其他”");
        Expect(7, "协管党员", "协管党员“Y”无效，应填写“是”或“否”");
        Expect(8, "身份岗位", "每名党员只能设一个身份岗位");
        Expect(9, "身份岗位", "身份岗位“党员服务岗”无效");
        Expect(10, "联系户", "最多5户");
        errors.Select(e => e.Row).ShouldNotContain(2);
        errors.Count.ShouldBe(8);

        (await MemberCount()).ShouldBe(before);
        (await FindByIdNumber(client, good.IdNumber)).ShouldBeNull();
    }

    [Fact]
    public async Task The_import_keeps_members_in_the_kinds_of_organization_the_member_form_allows_with_its_message()
    {
        var client = await As("baling");
        var group = await OrganizationId(CorridorOne);
        var formAnswer = await Problem(await PostJson(client, "/api/v1/members", new
        {
            name = "表单小组", organizationId = group, idNumber = ExcelBooks.NewIdNumber(new DateOnly(1980, 1, 1), Sex.Male), education = "Bachelor",
            category = "Full", joinedOn = "2005-07-01", fullMemberOn = "2006-07-01",
        }));
        formAnswer["organizationId"].ShouldBe([MemberPlacement.PartyGroupRefusal]);

        var inGroup = await Refused(await PostSheet(client, ExcelBooks.Sheet([ExcelBooks.Person("导入小组", CorridorOne)])));
        inGroup.Errors!.ShouldHaveSingleItem().ShouldBe(new RowErrorBody(2, "所在党组织", MemberPlacement.PartyGroupRefusal));

        // A working committee and a committee keep members directly, as the form lets them.
        var direct = new[] { ExcelBooks.Person("街道直属", "中共灞陵街道工作委员会"), ExcelBooks.Person("社区直属", "中共延中社区委员会") };
        (await Imported(await PostSheet(client, ExcelBooks.Sheet(direct)))).Imported.ShouldBe(2);
        (await FindByIdNumber(client, direct[0].IdNumber)).ShouldNotBeNull().Member.OrganizationName.ShouldBe("中共灞陵街道工作委员会");
    }

    public sealed record AuditRow(string Action, string? Note);
    public sealed record AuditPage(List<AuditRow> Items);
}
