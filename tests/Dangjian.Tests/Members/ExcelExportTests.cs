using System.Net;
using Dangjian.Features.Members;
using Dangjian.Features.Organizations;
using Dangjian.Platform.Audit;
using Dangjian.Platform.Data;
using Dangjian.Platform.Jobs;
using Dangjian.Platform.PersonalData;
using Dangjian.Platform.Security;
using Dangjian.Platform.Text;
using Dangjian.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dangjian.Tests.Members;

public class ExcelExportTests(AppFactory app) : ExcelApiTest(app)
{
    private const string First = "延中社区第一党支部";
    private const string FirstGroup = "第一党支部楼栋党小组";

    [Fact]
    public async Task The_template_is_a_workbook_with_the_21_headers_an_example_the_drop_downs_and_the_notes()
    {
        var response = await (await As("baling")).GetAsync("/api/v1/members/import-template.xlsx");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe(ExcelBooks.ContentType);
        response.Content.Headers.ContentDisposition!.FileNameStar.ShouldBe("党员信息导入模板.xlsx");
        var xlsx = await response.Content.ReadAsByteArrayAsync();
        ExcelBooks.SchemaErrors(xlsx).ShouldBeEmpty();
        ExcelBooks.SheetNames(xlsx).ShouldBe(["党员信息", "填写说明"]);
        var rows = ExcelBooks.Read(xlsx);
        rows.Count.ShouldBe(2);
        rows[0].ShouldBe(ExcelBooks.Headers);
        rows[1][0].ShouldBe("王建国");
        ExcelBooks.AsDate(rows[1][8]).ShouldBe(new DateOnly(2008, 7, 1));
        rows[1][16..].ShouldBe(["1号楼党小组", "在职", "否", "党员先锋岗：楼道环境卫生监督岗", "某某小区3号楼2单元202；某某小区3号楼2单元301；某某小区3号楼2单元302"]);
        ExcelBooks.DropDowns(xlsx).ShouldBe(new Dictionary<string, string>
        {
            ["D2:D100001"] = "\"男,女\"",
            ["G2:G100001"] = "\"研究生,大学本科,大学专科,中专,高中,初中及以下\"",
            ["H2:H100001"] = "\"预备党员,正式党员\"",
            ["N2:N100001"] = "\"正常,保留党籍,停止党籍\"",
            ["R2:R100001"] = "\"在职,离退休,其他\"",
            ["S2:S100001"] = "\"是,否\"",
            ["T2:T100001"] = "\"党员先锋岗,党员示范区,党员责任区,党员突击队\"",
        }, ignoreOrder: true);
        var notes = ExcelBooks.Read(xlsx, "填写说明");
        foreach (var header in ExcelBooks.Headers)
        {
            notes.ShouldContain(r => Equals(r[0], header), header);
        }
        var howToFill = notes.Select(r => r.Length > 2 ? r[2] as string ?? "" : "").ToList();
        howToFill.ShouldContain(s => s.Contains("预备党员") && s.Contains("正式党员"));
        howToFill.ShouldContain(s => s.Contains("脱敏") && s.Contains("不能用于导入"));
        howToFill.ShouldContain(s => s.Contains("分号") && s.Contains("换行"));
        howToFill.ShouldContain(s => s.Contains("旧版模板"));
    }

    [Fact]
    public async Task Accounts_without_the_permission_are_refused()
    {
        foreach (var user in new[] { "wangge", "dangyuan", "jumin" })
        {
            var client = await As(user);
            (await client.GetAsync("/api/v1/members/import-template.xlsx")).StatusCode.ShouldBe(HttpStatusCode.Forbidden, user);
            (await client.GetAsync("/api/v1/members/export.xlsx")).StatusCode.ShouldBe(HttpStatusCode.Forbidden, user);
            var template = ExcelBooks.Sheet([ExcelBooks.Person("无权导入", First)]);
            (await PostSheet(client, template)).StatusCode.ShouldBe(HttpStatusCode.Forbidden, user);
        }
        (await App.AnonymousClient().GetAsync("/api/v1/members/export.xlsx")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task An_export_of_a_branch_holds_every_member_with_every_field_as_the_api_shows_it()
    {
        var client = await As("yanzhong");
        var branch = await OrganizationId(First);
        await AddVariedMembersAsync(client, branch);
        var listed = await Read<SearchMembers.Response>(await client.GetAsync($"/api/v1/members?organizationId={branch}&pageSize=100"));

        var response = await client.GetAsync($"/api/v1/members/export.xlsx?organizationId={branch}");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe(ExcelBooks.ContentType);
        var xlsx = await response.Content.ReadAsByteArrayAsync();
        ExcelBooks.SchemaErrors(xlsx).ShouldBeEmpty();
        ExcelBooks.SheetNames(xlsx).ShouldBe(["党员信息", "导出说明"]);
        var rows = ExcelBooks.Read(xlsx);
        rows[0].ShouldBe(ExcelBooks.Headers, "the national 16 first, in their order, then the five added ones");
        var data = rows.Skip(1).ToList();
        data.Count.ShouldBe((int)listed.Total);
        data.Select(r => r[0]).ShouldBe(listed.Items.Select(i => (object?)i.Name), "the export keeps the list's order");
        foreach (var row in data)
        {
            var found = (await FindByIdNumber(client, (string)row[2]!)).ShouldNotBeNull();
            ShouldMatch(row, found);
        }
        data.ShouldContain(r => Equals(r[12], "<script>alert(1)</script>3号楼"));
        data.ShouldContain(r => Equals(r[16], FirstGroup) && Equals(r[17], "离退休") && Equals(r[18], "是"));
        data.ShouldContain(r => Equals(r[19], "党员责任区：快递驿站服务岗") && Equals(r[20], "延中小区5号楼101；延中小区5号楼102；延中小区5号楼201"));
    }

    [Fact]
    public async Task An_exported_sheet_with_new_id_numbers_imports_as_records_equal_to_the_originals_in_all_21_columns()
    {
        var client = await As("yanzhong");
        var branch = await OrganizationId(First);
        await AddVariedMembersAsync(client, branch);
        var exported = await (await client.GetAsync($"/api/v1/members/export.xlsx?organizationId={branch}")).Content.ReadAsByteArrayAsync();
        var originals = ExcelBooks.Read(exported).Skip(1).ToList();
        var today = App.Today;
        var renumbered = new Dictionary<string, string>();

        var edited = ExcelBooks.ReplaceColumn(exported, 2, id =>
        {
            var parsed = ChineseIdNumber.Parse(id, today).Value.ShouldNotBeNull();
            return renumbered[id] = ExcelBooks.NewIdNumber(parsed.BirthDate, parsed.Sex);
        });
        var report = await Imported(await PostSheet(client, edited));

        report.Imported.ShouldBe(originals.Count);
        foreach (var original in originals)
        {
            var before = (await FindByIdNumber(client, (string)original[2]!)).ShouldNotBeNull();
            var copy = (await FindByIdNumber(client, renumbered[(string)original[2]!])).ShouldNotBeNull();
            copy.Member.Id.ShouldNotBe(before.Member.Id);
            copy.Member.OrganizationId.ShouldBe(before.Member.OrganizationId);
            copy.Member.Name.ShouldBe(before.Member.Name);
            copy.Member.Sex.ShouldBe(before.Member.Sex);
            copy.Member.Ethnicity.ShouldBe(before.Member.Ethnicity);
            copy.Member.BirthDate.ShouldBe(before.Member.BirthDate);
            copy.Member.Education.ShouldBe(before.Member.Education);
            copy.Member.Category.ShouldBe(before.Member.Category);
            copy.Member.JoinedOn.ShouldBe(before.Member.JoinedOn);
            copy.Member.FullMemberOn.ShouldBe(before.Member.FullMemberOn);
            copy.Member.JobPost.ShouldBe(before.Member.JobPost);
            copy.Revealed.Phone.ShouldBe(before.Revealed.Phone);
            copy.Member.Address.ShouldBe(before.Member.Address);
            copy.Member.Status.ShouldBe(before.Member.Status);
            copy.Member.LostContact.ShouldBe(before.Member.LostContact);
            copy.Member.LostContactSince.ShouldBe(before.Member.LostContactSince);
            copy.Member.IsMobile.ShouldBe(before.Member.IsMobile);
            copy.Member.MobileDestination.ShouldBe(before.Member.MobileDestination);
            copy.Member.PartyGroupId.ShouldBe(before.Member.PartyGroupId);
            copy.Member.WorkStatus.ShouldBe(before.Member.WorkStatus);
            copy.Member.IsAssisting.ShouldBe(before.Member.IsAssisting);
            copy.Member.IdentityPost.ShouldBe(before.Member.IdentityPost);
            copy.Member.IdentityPostName.ShouldBe(before.Member.IdentityPostName);
            copy.Member.Households.ShouldBe(before.Member.Households, ignoreOrder: true);
        }
        originals.ShouldContain(r => r[16] != null && Equals(r[18], "是") && r[19] != null && r[20] != null, "the sheet carries every added field");

        // Exported again, every copy reads as its original, cell by cell, but for the new ID number.
        var reExported = ExcelBooks.Read(await (await client.GetAsync($"/api/v1/members/export.xlsx?organizationId={branch}")).Content.ReadAsByteArrayAsync());
        var byIdNumber = reExported.Skip(1).ToDictionary(r => (string)r[2]!);
        foreach (var original in originals)
        {
            var copy = byIdNumber[renumbered[(string)original[2]!]];
            copy.Length.ShouldBe(ExcelBooks.Headers.Length);
            for (var c = 0; c < ExcelBooks.Headers.Length; c++)
            {
                if (c != 2)
                {
                    copy[c].ShouldBe(original[c], $"{original[0]}: {ExcelBooks.Headers[c]}");
                }
            }
        }

        // The unchanged export cannot be imported twice: every person is registered already.
        var again = await Refused(await PostSheet(client, exported));
        again.Errors!.Count.ShouldBe(originals.Count);
        again.Errors.ShouldAllBe(e => e.Column == "身份证号" && e.Message.Contains("已登记"));
    }

    [Fact]
    public async Task An_export_by_another_subtree_holds_none_of_this_subtrees_members()
    {
        var ours = ExcelBooks.Read(await (await (await As("yanzhong")).GetAsync("/api/v1/members/export.xlsx")).Content.ReadAsByteArrayAsync());
        var minjing = await As("minjing");
        var theirs = ExcelBooks.Read(await (await minjing.GetAsync("/api/v1/members/export.xlsx")).Content.ReadAsByteArrayAsync());

        ours.Count.ShouldBeGreaterThan(20);
        theirs.Count.ShouldBeGreaterThan(5);
        var ourIds = ours.Skip(1).Select(r => (string)r[2]!).ToHashSet();
        theirs.Skip(1).ShouldAllBe(r => !ourIds.Contains((string)r[2]!));
        theirs.Skip(1).ShouldAllBe(r => Equals(r[1], "民警路街道光明社区党支部"));

        var branch = await OrganizationId(First);
        (await minjing.GetAsync($"/api/v1/members/export.xlsx?organizationId={branch}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_export_follows_the_lists_filters_and_writes_an_audit_line()
    {
        var client = await As("baling");
        await AddVariedMembersAsync(client, await OrganizationId(First));
        var audits = await AuditCount(AuditActions.Exported);
        var probationary = await Read<SearchMembers.Response>(await client.GetAsync("/api/v1/members?category=Probationary&pageSize=100"));

        var rows = ExcelBooks.Read(await (await client.GetAsync("/api/v1/members/export.xlsx?category=Probationary&page=3&pageSize=1")).Content.ReadAsByteArrayAsync());

        rows.Skip(1).Select(r => r[0]).ShouldBe(probationary.Items.Select(i => (object?)i.Name));
        rows.Skip(1).ShouldAllBe(r => Equals(r[7], "预备党员"));
        (await AuditCount(AuditActions.Exported)).ShouldBe(audits + 1);
        var audit = await Read<ExcelImportTests.AuditPage>(await client.GetAsync("/api/v1/audit?action=exported"));
        audit.Items[0].Note.ShouldBe($"导出党员名册{probationary.Total}名；范围：中共灞陵街道工作委员会；条件：人员类别=预备党员；身份证号和联系电话：完整显示");

        var searched = await client.GetAsync($"/api/v1/members/export.xlsx?q={rows[1][2]}");
        ExcelBooks.Read(await searched.Content.ReadAsByteArrayAsync()).Count.ShouldBe(2);
        (await Read<ExcelImportTests.AuditPage>(await client.GetAsync("/api/v1/audit?action=exported"))).Items[0].Note!
            .ShouldContain("条件：按身份证号搜索", customMessage: "a searched ID number is not written into the log");

        (await Problem(await client.GetAsync("/api/v1/members/export.xlsx?flags=unknown"))).ShouldContainKey("flags");
    }

    [Fact]
    public async Task Without_the_right_to_reveal_the_export_is_masked_and_cannot_be_imported()
    {
        // No demo role may export without revealing, so the use case is called directly with that right withheld.
        var branch = await OrganizationId(First);
        var (xlsx, count) = await AsUserAsync("yanzhong", async services =>
        {
            var outcome = await ExportMembers.PrepareAsync(new SearchMembers.Query(OrganizationId: branch), revealFull: false, ExportMembers.MaxRows,
                services.GetRequiredService<AppDb>(), services.GetRequiredService<Scope>(), services.GetRequiredService<CurrentUser>(),
                services.GetRequiredService<PersonalDataProtector>(), App.Clock, CancellationToken.None);
            using var copy = new MemoryStream();
            var written = await outcome.Value.ShouldNotBeNull().WriteAsync(copy, null, CancellationToken.None);
            written.ShouldBe((int)outcome.Value.Rows);
            return (copy.ToArray(), written);
        });

        var rows = ExcelBooks.Read(xlsx).Skip(1).ToList();
        rows.Count.ShouldBe(count);
        rows.ShouldAllBe(r => ((string)r[2]!).Contains("**********"));
        rows.Where(r => r[11] != null).ShouldAllBe(r => ((string)r[11]!).Contains("****"));
        ExcelBooks.Read(xlsx, "导出说明").ShouldContain(r => Equals(r[1], "已脱敏（不能用于重新导入）"));

        var problem = await Refused(await PostSheet(await As("yanzhong"), xlsx));
        problem.Errors!.Count(e => e.Column == "身份证号").ShouldBe(count);
        problem.Errors!.Count(e => e.Column == "联系电话").ShouldBe(rows.Count(r => r[11] != null));
        problem.Errors!.ShouldAllBe(e => e.Message.Contains("已脱敏"));
    }

    [Fact]
    public async Task An_export_over_the_row_limit_is_refused_with_a_message()
    {
        var outcome = await AsUserAsync("baling", services => ExportMembers.PrepareAsync(new SearchMembers.Query(), revealFull: true, maxRows: 10,
            services.GetRequiredService<AppDb>(), services.GetRequiredService<Scope>(), services.GetRequiredService<CurrentUser>(),
            services.GetRequiredService<PersonalDataProtector>(), App.Clock, CancellationToken.None));

        outcome.Succeeded.ShouldBeFalse();
        var message = outcome.Errors!.ToDictionary()["rows"].ShouldHaveSingleItem();
        message.ShouldStartWith("符合条件的党员有");
        message.ShouldContain("超过10名");
        message.ShouldContain("后台导出");
    }

    [Fact]
    public async Task A_background_export_shows_progress_and_its_file_holds_the_same_roll_for_its_owner_alone()
    {
        var client = await As("baling");
        await AddVariedMembersAsync(client, await OrganizationId(First));
        var direct = ExcelBooks.Read(await (await client.GetAsync("/api/v1/members/export.xlsx?sort=-joinedOn")).Content.ReadAsByteArrayAsync());
        var audits = await AuditCount(AuditActions.Exported);

        var started = await client.PostAsync("/api/v1/members/exports?sort=-joinedOn", null);
        started.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var job = await Read<Dangjian.Features.Jobs.JobView.Response>(started, HttpStatusCode.Accepted);
        started.Headers.Location!.ToString().ShouldBe($"/api/v1/jobs/{job.Id}");
        job.Kind.ShouldBe(MemberExportJob.KindName);
        job.KindName.ShouldBe("导出党员名册");
        job.Message.ShouldBe($"共{direct.Count - 1}名党员，等待开始");

        var done = await WaitForJob(client, job.Id);
        done.State.ShouldBe(JobState.Succeeded);
        done.Done.ShouldBe(direct.Count - 1);
        done.Percent.ShouldBe(100);
        done.Message.ShouldBe($"已导出{direct.Count - 1}名党员");
        var file = await client.GetAsync(done.File.ShouldNotBeNull().Url);
        file.StatusCode.ShouldBe(HttpStatusCode.OK);
        file.Content.Headers.ContentType!.MediaType.ShouldBe(MemberSheet.ContentType);
        var fromJob = ExcelBooks.Read(await file.Content.ReadAsByteArrayAsync());
        fromJob.Count.ShouldBe(direct.Count);
        for (var i = 0; i < direct.Count; i++)
        {
            fromJob[i].ShouldBe(direct[i]);
        }
        (await AuditCount(AuditActions.Exported)).ShouldBe(audits + 1);
        var page = await client.GetStringAsync(done.PageUrl);
        page.ShouldContain("下载 党员名册_");

        // Another account, even one whose scope holds the job's, is told the job and its file do not exist.
        var other = await As("yanzhong");
        (await other.GetAsync($"/api/v1/jobs/{job.Id}/file")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await other.GetAsync($"/api/v1/jobs/{job.Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_background_export_keeps_to_the_callers_scope_and_refuses_a_bad_filter_at_once()
    {
        var minjing = await As("minjing");
        var branch = await OrganizationId(First);
        (await minjing.PostAsync($"/api/v1/members/exports?organizationId={branch}", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await Problem(await minjing.PostAsync("/api/v1/members/exports?flags=unknown", null))).ShouldContainKey("flags");

        var started = await minjing.PostAsync("/api/v1/members/exports", null);
        started.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var job = await Read<Dangjian.Features.Jobs.JobView.Response>(started, HttpStatusCode.Accepted);
        var done = await WaitForJob(minjing, job.Id);
        done.State.ShouldBe(JobState.Succeeded);
        var rows = ExcelBooks.Read(await minjing.GetByteArrayAsync(done.File!.Url));
        rows.Count.ShouldBeGreaterThan(5);
        rows.Skip(1).ShouldAllBe(r => Equals(r[1], "民警路街道光明社区党支部"));
    }

    [Fact]
    public async Task The_lists_background_export_form_starts_a_job_and_shows_its_page_whose_download_holds_the_filtered_roll()
    {
        var client = await As("baling");
        var token = System.Text.RegularExpressions.Regex.Match(await client.GetStringAsync("/Members/Import"),
            "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        var probationary = await Read<SearchMembers.Response>(await client.GetAsync("/api/v1/members?category=Probationary&pageSize=100"));

        var response = await client.PostAsync("/Members/Export", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["category"] = "Probationary", ["q"] = "", ["sort"] = "",
        }));

        response.StatusCode.ShouldBe(HttpStatusCode.Found);
        var address = response.Headers.Location!.ToString();
        address.ShouldStartWith("/Jobs/Details?id=");
        (await client.GetStringAsync(address)).ShouldContain("导出党员名册");
        var id = long.Parse(address.Split('=')[1], System.Globalization.CultureInfo.InvariantCulture);
        var done = await WaitForJob(client, id);
        var rows = ExcelBooks.Read(await client.GetByteArrayAsync(done.File.ShouldNotBeNull().Url));
        rows.Skip(1).Select(r => r[0]).ShouldBe(probationary.Items.Select(i => (object?)i.Name));
        (await client.GetStringAsync("/Jobs")).ShouldContain("导出党员名册");
    }

    [Theory]
    [InlineData("name", null)]
    [InlineData("-name", null)]
    [InlineData("joinedOn", null)]
    [InlineData("-joinedOn", null)]
    [InlineData("birthDate", null)]
    [InlineData("-birthDate", null)]
    [InlineData("name", "w")]
    [InlineData("-name", "w")]
    public async Task An_export_read_in_many_small_batches_holds_every_member_once_in_the_lists_order(string sort, string? q)
    {
        var client = await As("baling");
        var query = $"sort={sort}" + (q is null ? "" : $"&q={q}");
        var listed = new List<string>();
        for (var page = 1; ; page++)
        {
            var found = await Read<SearchMembers.Response>(await client.GetAsync($"/api/v1/members?{query}&pageSize=100&page={page}"));
            listed.AddRange(found.Items.Select(i => i.IdNumberMasked + i.Name));
            if (found.Items.Count < 100)
            {
                break;
            }
        }
        ExportMembers.BatchRows = 7;
        ExportMembers.OneQueryRows = 0;
        try
        {
            var rows = ExcelBooks.Read(await (await client.GetAsync($"/api/v1/members/export.xlsx?{query}")).Content.ReadAsByteArrayAsync()).Skip(1).ToList();
            rows.Select(r => Mask.IdNumber((string)r[2]!) + (string)r[0]!).ShouldBe(listed);
        }
        finally
        {
            ExportMembers.BatchRows = 2_000;
            ExportMembers.OneQueryRows = ExportMembers.MaxRows + 1;
        }
    }

    private static void ShouldMatch(object?[] row, Details found)
    {
        var m = found.Member;
        row[0].ShouldBe(m.Name);
        row[1].ShouldBe(m.OrganizationName);
        row[2].ShouldBe(found.Revealed.IdNumber);
        row[3].ShouldBe(m.SexName);
        row[4].ShouldBe(m.Ethnicity);
        ExcelBooks.AsDate(row[5]).ShouldBe(m.BirthDate);
        row[6].ShouldBe(m.EducationName);
        row[7].ShouldBe(m.CategoryName);
        ExcelBooks.AsDate(row[8]).ShouldBe(m.JoinedOn);
        ExcelBooks.AsDate(row[9]).ShouldBe(m.FullMemberOn);
        row[10].ShouldBe(m.JobPost);
        row[11].ShouldBe(found.Revealed.Phone);
        row[12].ShouldBe(m.Address);
        row[13].ShouldBe(m.StatusName);
        ExcelBooks.AsDate(row[14]).ShouldBe(m.LostContact ? m.LostContactSince : null);
        row[15].ShouldBe(m.IsMobile ? m.MobileDestination : null);
        row[16].ShouldBe(m.PartyGroupName);
        row[17].ShouldBe(m.WorkStatusName);
        row[18].ShouldBe(m.IsAssisting ? "是" : "否");
        row[19].ShouldBe(m.IdentityPostName is null ? null
            : m.IdentityPostTitle is null || m.IdentityPostTitle == m.IdentityPostName ? m.IdentityPostName : $"{m.IdentityPostName}：{m.IdentityPostTitle}");
        ((string?)row[20])?.Split('；').ShouldBe(m.Households, ignoreOrder: true);
        if (row[20] is null)
        {
            m.Households.ShouldBeEmpty();
        }
    }

    /// <summary>
    /// Members whose fields the demo data leaves at their usual values: probationary, lost, mobile, reserved, markup, in
    /// a Party group of the branch, retired, assisting, with an identity post of its own name and contact households.
    /// </summary>
    private async Task AddVariedMembersAsync(HttpClient client, long branch)
    {
        var group = await PartyGroupAsync(branch, FirstGroup);
        object Member(string name, DateOnly birth, Sex sex, object extra)
        {
            var fields = new Dictionary<string, object?>
            {
                ["name"] = name, ["organizationId"] = branch, ["idNumber"] = ExcelBooks.NewIdNumber(birth, sex), ["education"] = "College",
                ["category"] = "Full", ["joinedOn"] = birth.AddYears(25), ["fullMemberOn"] = birth.AddYears(26),
            };
            foreach (var property in extra.GetType().GetProperties())
            {
                fields[property.Name] = property.GetValue(extra);
            }
            return fields;
        }
        var members = new[]
        {
            Member("预备党员甲", new DateOnly(1998, 1, 2), Sex.Female, new { category = "Probationary", joinedOn = App.Today.AddMonths(-3), fullMemberOn = (string?)null, phone = "13700001234" }),
            Member("失联党员乙", new DateOnly(1966, 6, 6), Sex.Male, new { lostContact = true, lostContactSince = "2023-05-01", status = "Stopped", ethnicity = "满族" }),
            Member("流动党员丙", new DateOnly(1988, 8, 8), Sex.Male, new
            {
                isMobile = true, mobileDestination = "浙江省杭州市", jobPost = "快递员", education = "Secondary",
                identityPost = "ResponsibilityArea", identityPostTitle = "快递驿站服务岗", households = new[] { "延中小区5号楼101", "延中小区5号楼102", "延中小区5号楼201" },
            }),
            Member("保留党籍丁", new DateOnly(1975, 5, 5), Sex.Female, new { status = "Reserved", address = "<script>alert(1)</script>3号楼", phone = "037112345678" }),
            Member("小组协管戊", new DateOnly(1950, 10, 1), Sex.Male, new
            {
                partyGroupId = group, workStatus = "Retired", isAssisting = true, identityPost = "PioneerPost", households = new[] { "延中小区6号楼302" },
            }),
        };
        foreach (var member in members)
        {
            var response = await PostJson(client, "/api/v1/members", member);
            response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        }
    }

    /// <summary>A Party group under the branch, created once for the test class's database.</summary>
    private async Task<long> PartyGroupAsync(long branch, string name)
    {
        if (await App.WithDbAsync(db => db.Organizations.Where(o => o.ParentId == branch && o.Name == name).Select(o => (long?)o.Id).SingleOrDefaultAsync()) is { } id)
        {
            return id;
        }
        var response = await PostJson(await As("admin"), "/api/v1/organizations", new CreateOrganization.Request(branch, name, OrganizationKind.PartyGroup, null, null, null));
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await App.WithDbAsync(db => db.Organizations.Where(o => o.ParentId == branch && o.Name == name).Select(o => o.Id).SingleAsync());
    }
}
