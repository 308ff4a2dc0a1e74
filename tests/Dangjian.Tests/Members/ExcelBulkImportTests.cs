using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Dangjian.Features.Members;
using Dangjian.Platform.Audit;
using Dangjian.Platform.PersonalData;
using Dangjian.Platform.Text;
using Dangjian.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dangjian.Tests.Members;

/// <summary>
/// The import writes in bulk, past the change tracker and the save steps: these tests hold it to what the steps would
/// have written for the same members created one by one, and to its single audit line.
/// </summary>
public class ExcelBulkImportTests(AppFactory app) : ExcelApiTest(app)
{
    private const string First = "延中社区第一党支部";
    private const string Retired = "延中社区离退休党支部";
    private const string Compound = "延中小区楼院党支部";
    private const string CorridorOne = "延中小区1号楼党小组";

    /// <summary>One person as a sheet row and as the member form's input, with the ID number left to each.</summary>
    private sealed record Person(ExcelBooks.Row Row, Func<string, Task<MemberInput>> Input);

    private async Task<List<Person>> PeopleAsync()
    {
        var first = await OrganizationId(First);
        var retired = await OrganizationId(Retired);
        var compound = await OrganizationId(Compound);
        var group = await OrganizationId(CorridorOne);
        var probationaryJoined = App.Today.AddMonths(-4);
        return
        [
            new(ExcelBooks.Person("欧阳建国", First),
                id => Task.FromResult(new MemberInput
                {
                    Name = "欧阳建国", OrganizationId = first, IdNumber = id, Education = Education.Bachelor, Category = MemberCategory.Full,
                    JoinedOn = new DateOnly(2010, 7, 1), FullMemberOn = new DateOnly(2011, 7, 1), JobPost = "社区工作者", Phone = "13800001111",
                    Address = "延中小区1号楼1单元101", Status = MembershipStatus.Normal, Ethnicity = "汉族",
                })),
            new(ExcelBooks.Person("司马秀英", Compound, new DateOnly(1996, 5, 20), Sex.Female) with
            {
                Category = "预备党员", JoinedOn = probationaryJoined, FullMemberOn = null, Phone = null, PartyGroup = CorridorOne,
                WorkStatus = "其他", Assisting = "是", IdentityPost = "党员示范区：垃圾分类示范岗",
                Households = "延中小区1号楼101；延中小区1号楼102；延中小区1号楼201",
            },
                id => Task.FromResult(new MemberInput
                {
                    Name = "司马秀英", OrganizationId = compound, IdNumber = id, Sex = Sex.Female, Education = Education.Bachelor,
                    Category = MemberCategory.Probationary, JoinedOn = probationaryJoined, JobPost = "社区工作者",
                    Address = "延中小区1号楼1单元101", Status = MembershipStatus.Normal, Ethnicity = "汉族", PartyGroupId = group,
                    WorkStatus = WorkStatus.Other, IsAssisting = true, IdentityPost = IdentityPostKind.ModelZone, IdentityPostTitle = "垃圾分类示范岗",
                    Households = ["延中小区1号楼101", "延中小区1号楼102", "延中小区1号楼201"],
                })),
            new(ExcelBooks.Person("诸葛春", Retired, new DateOnly(1950, 1, 8)) with
            {
                Ethnicity = "回族", Education = "初中及以下", JoinedOn = "1975/7/1", FullMemberOn = "1976.7.1", Status = "保留党籍",
                LostContact = new DateOnly(2024, 3, 1), Mobile = "广东省深圳市", WorkStatus = "离退休", JobPost = null, Address = null,
            },
                id => Task.FromResult(new MemberInput
                {
                    Name = "诸葛春", OrganizationId = retired, IdNumber = id, Ethnicity = "回族", Education = Education.JuniorOrBelow,
                    Category = MemberCategory.Full, JoinedOn = new DateOnly(1975, 7, 1), FullMemberOn = new DateOnly(1976, 7, 1),
                    Phone = "13800001111", Status = MembershipStatus.Reserved, LostContact = true, LostContactSince = new DateOnly(2024, 3, 1),
                    IsMobile = true, MobileDestination = "广东省深圳市", WorkStatus = WorkStatus.Retired,
                })),
        ];
    }

    [Fact]
    public async Task An_import_writes_exactly_the_rows_that_creating_the_same_members_one_by_one_writes()
    {
        var client = await As("baling");
        var people = await PeopleAsync();
        var talliesBefore = await Tallies();

        var report = await Imported(await PostSheet(client, ExcelBooks.Sheet(people.Select(p => p.Row))));
        report.Imported.ShouldBe(people.Count);
        var talliesAfterImport = await Tallies();

        // The same people created with the form, each with a new ID number of the same birth date and sex.
        var twinIds = new List<string>();
        foreach (var person in people)
        {
            var parsed = ChineseIdNumber.Parse(person.Row.IdNumber, App.Today).Value!;
            var twinId = ExcelBooks.NewIdNumber(parsed.BirthDate, parsed.Sex);
            twinIds.Add(twinId);
            var created = await PostJson(client, "/api/v1/members", await person.Input(twinId));
            created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        }
        var talliesAfterCreate = await Tallies();

        Changes(talliesBefore, talliesAfterImport).ShouldBe(Changes(talliesAfterImport, talliesAfterCreate));
        Changes(talliesBefore, talliesAfterImport).ShouldNotBeEmpty();

        var protector = App.Services.GetRequiredService<PersonalDataProtector>();
        for (var i = 0; i < people.Count; i++)
        {
            var importedId = people[i].Row.IdNumber;
            var imported = await Written(protector.Hash(importedId));
            var created = await Written(protector.Hash(twinIds[i]));

            // Every column but the id and what the ID number itself decides, which differs by construction.
            string[] own = [nameof(Member.Id), nameof(Member.IdNumberCipher), nameof(Member.IdNumberHash), nameof(Member.IdNumberTail), nameof(Member.PhoneCipher)];
            imported.Columns.Where(c => !own.Contains(c.Key)).ShouldBe(created.Columns.Where(c => !own.Contains(c.Key)), $"{imported.Member.Name}");
            protector.Decrypt(imported.Member.IdNumberCipher).ShouldBe(importedId);
            imported.Member.IdNumberTail.ShouldBe(importedId[^4..]);
            (imported.Member.PhoneCipher is null ? null : protector.Decrypt(imported.Member.PhoneCipher))
                .ShouldBe(created.Member.PhoneCipher is null ? null : protector.Decrypt(created.Member.PhoneCipher));
            imported.Households.ShouldBe(created.Households);
            imported.Grams.ShouldBe(created.Grams);
            imported.Grams.ShouldNotBeEmpty();

            // The import's record of the member is the line the form's creation wrote, field for field.
            var trail = await Read<AuditPage>(await client.GetAsync($"/api/v1/audit?entityType=Member&entityId={imported.Member.Id}"));
            var importLine = trail.Items.ShouldHaveSingleItem();
            importLine.Action.ShouldBe(AuditActions.Imported);
            var createdLines = await App.WithDbAsync(db => db.AuditEntries.AsNoTracking()
                .Where(a => a.Action == AuditActions.Created && a.EntityId == created.Member.Id.ToString()).ToListAsync());
            var memberLine = createdLines.Single(a => a.EntityType == nameof(Member));
            var snapshot = Fields(importLine.After!);
            snapshot.Remove(nameof(Member.Households), out var households);
            Without(snapshot, "Id", "IdNumberTail").ShouldBe(Without(Fields(memberLine.After!), "Id", "IdNumberTail"));
            var householdLines = createdLines.Where(a => a.EntityType == nameof(ContactHousehold))
                .Select(a => Fields(a.After!)["Address"].GetString()).Order(StringComparer.Ordinal).ToList();
            households!.EnumerateArray().Select(h => h.GetProperty("Address").GetString()).Order(StringComparer.Ordinal).ToList().ShouldBe(householdLines);
        }
    }

    [Fact]
    public async Task One_audit_line_names_the_file_its_hash_and_the_rows_and_each_member_finds_it_in_their_trail()
    {
        var client = await As("baling");
        var rows = (await PeopleAsync()).Select(p => p.Row with { IdNumber = ExcelBooks.NewIdNumber(ChineseIdNumber.Parse(p.Row.IdNumber, App.Today).Value!.BirthDate,
            ChineseIdNumber.Parse(p.Row.IdNumber, App.Today).Value!.Sex) }).ToList();
        var sheet = ExcelBooks.Sheet(rows);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(sheet));
        var lastLine = await App.WithDbAsync(async db => await db.AuditEntries.MaxAsync(a => (long?)a.Id) ?? 0);

        (await Imported(await PostSheet(client, sheet, "第三季度名册.xlsx"))).Imported.ShouldBe(3);

        var lines = await App.WithDbAsync(db => db.AuditEntries.AsNoTracking().Where(a => a.Id > lastLine && a.Action != AuditActions.SignedIn).ToListAsync());
        var line = lines.ShouldHaveSingleItem();
        line.Action.ShouldBe(AuditActions.Imported);
        line.Note.ShouldBe($"从Excel导入党员3名：文件“第三季度名册.xlsx”，SHA-256 {sha256}");
        var after = Fields(line.After!);
        after["FileName"].GetString().ShouldBe("第三季度名册.xlsx");
        after["FileSha256"].GetString().ShouldBe(sha256);
        after["Rows"].GetInt32().ShouldBe(3);
        line.Hash.ShouldNotBeNull();

        // The chain holds the line, and the line holds the members' bulk record.
        var verdict = await App.WithDbAsync(db => AuditChain.VerifyAsync(db, CancellationToken.None));
        verdict.Intact.ShouldBeTrue(verdict.Problem);
        var chunks = await App.WithDbAsync(db => db.MemberImportChunks.AsNoTracking().Where(c => c.AuditEntryId == line.Id).ToListAsync());
        MemberImportWriter.DigestOf(chunks).ShouldBe(after["SnapshotSha256"].GetString());
        chunks.Sum(c => c.Members).ShouldBe(3);

        var protector = App.Services.GetRequiredService<PersonalDataProtector>();
        foreach (var row in rows)
        {
            var member = (await Written(protector.Hash(row.IdNumber))).Member;
            var trail = await Read<AuditPage>(await client.GetAsync($"/api/v1/audit?entityType=Member&entityId={member.Id}"));
            var entry = trail.Items.ShouldHaveSingleItem();
            entry.Note.ShouldBe($"导入批次 #{line.Id}：{line.Note}");
            var snapshot = Fields(entry.After!);
            snapshot["Name"].GetString().ShouldBe(row.Name);
            snapshot["Id"].GetInt64().ShouldBe(member.Id);
            // Personal data stays as the audit log keeps it: encrypted fields marked, keyed hashes left out.
            snapshot["IdNumber"].GetString().ShouldBe("(已加密)");
            snapshot.Keys.ShouldNotContain(nameof(Member.IdNumberHash));
            snapshot.Keys.ShouldNotContain(nameof(Member.IdNumberCipher));
            chunks.Select(c => c.SnapshotOf(member.Id)).OfType<string>().ShouldHaveSingleItem().ShouldNotContain(row.IdNumber);
        }

        // Another street's officer neither finds the member's import line nor the line itself.
        var stranger = await As("minjing");
        var someone = (await Written(protector.Hash(rows[0].IdNumber))).Member.Id;
        var foreign = await stranger.GetAsync($"/api/v1/audit?entityType=Member&entityId={someone}");
        if (foreign.StatusCode == HttpStatusCode.OK)
        {
            (await Read<AuditPage>(foreign)).Items.ShouldBeEmpty();
        }
        else
        {
            foreign.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        }
    }

    [Fact]
    public async Task Duplicates_in_the_sheet_and_in_the_database_and_foreign_organizations_write_nothing_at_all()
    {
        var client = await As("baling");
        var registered = ExcelBooks.NewIdNumber(new DateOnly(1971, 5, 5), Sex.Male);
        (await PostJson(client, "/api/v1/members", new
        {
            name = "早已登记", organizationId = await OrganizationId(First), idNumber = registered, education = "Bachelor",
            category = "Full", joinedOn = "1995-07-01", fullMemberOn = "1996-07-01",
        })).StatusCode.ShouldBe(HttpStatusCode.Created);
        var twice = ExcelBooks.Person("同号甲", First);
        var before = await Counts();

        var problem = await Refused(await PostSheet(client, ExcelBooks.Sheet(
        [
            ExcelBooks.Person("良好", Compound) with { Households = "延中小区9号楼101" }, // row 2
            twice,                                                                   // row 3
            ExcelBooks.Person("同号乙", Retired) with { IdNumber = twice.IdNumber },   // row 4
            ExcelBooks.Person("已登记", First) with { IdNumber = registered },          // row 5
            ExcelBooks.Person("外区", "民警路街道光明社区党支部"),                           // row 6
        ])));

        problem.Errors!.Select(e => (e.Row, e.Column)).ShouldBe([(4, "身份证号"), (5, "身份证号"), (6, "所在党组织")]);
        problem.Errors![0].Message.ShouldBe("身份证号与第3行重复");
        problem.Errors![1].Message.ShouldContain("已登记为党员");
        problem.Errors![2].Message.ShouldContain("不存在或不在您的管辖范围内");
        (await Counts()).ShouldBe(before);
    }

    private sealed record WrittenMember(Member Member, List<KeyValuePair<string, string?>> Columns, List<string> Households, List<string> Grams);

    /// <summary>A member's row, column by column as stored, with its households and name windows.</summary>
    private Task<WrittenMember> Written(string idNumberHash) => App.WithDbAsync(async db =>
    {
        var member = await db.Members.AsNoTracking().SingleAsync(m => m.IdNumberHash == idNumberHash);
        var entry = db.Entry(member);
        var columns = entry.Properties.Select(p => new KeyValuePair<string, string?>(p.Metadata.Name, Convert.ToString(p.CurrentValue, System.Globalization.CultureInfo.InvariantCulture)))
            .OrderBy(c => c.Key, StringComparer.Ordinal).ToList();
        var households = await db.ContactHouseholds.AsNoTracking().Where(h => h.MemberId == member.Id).Select(h => h.Address + "|" + h.HeadName).ToListAsync();
        var grams = await db.MemberNameGrams.AsNoTracking().Where(g => g.MemberId == member.Id).Select(g => g.Gram + "|" + g.OrgPath + "|" + g.NamePinyin).ToListAsync();
        return new WrittenMember(member, columns, [.. households.Order(StringComparer.Ordinal)], [.. grams.Order(StringComparer.Ordinal)]);
    });

    private Task<Dictionary<string, long>> Tallies() => App.WithDbAsync(db =>
        db.MemberTallies.AsNoTracking().ToDictionaryAsync(t => $"{t.OrganizationId}/{t.Category}/{t.Status}/{t.Flags}", t => t.Count));

    private static Dictionary<string, long> Changes(Dictionary<string, long> from, Dictionary<string, long> to) =>
        from.Keys.Union(to.Keys).Select(k => (k, d: to.GetValueOrDefault(k) - from.GetValueOrDefault(k))).Where(x => x.d != 0)
            .OrderBy(x => x.k, StringComparer.Ordinal).ToDictionary(x => x.k, x => x.d);

    private Task<Dictionary<string, long>> Counts() => App.WithDbAsync(async db => new Dictionary<string, long>
    {
        ["Members"] = await db.Members.LongCountAsync(),
        ["ContactHouseholds"] = await db.ContactHouseholds.LongCountAsync(),
        ["MemberNameGrams"] = await db.MemberNameGrams.LongCountAsync(),
        ["MemberImportChunks"] = await db.MemberImportChunks.LongCountAsync(),
        ["AuditEntries"] = await db.AuditEntries.LongCountAsync(a => a.Action != AuditActions.SignedIn),
        ["MemberTallySum"] = await db.MemberTallies.SumAsync(t => t.Count),
    });

    private static Dictionary<string, JsonElement> Fields(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json)!;

    private static Dictionary<string, string> Without(Dictionary<string, JsonElement> fields, params string[] names) =>
        fields.Where(f => !names.Contains(f.Key)).OrderBy(f => f.Key, StringComparer.Ordinal).ToDictionary(f => f.Key, f => f.Value.GetRawText());

    public sealed record AuditRow(string Action, string? Note, string? After);
    public sealed record AuditPage(List<AuditRow> Items);
}
