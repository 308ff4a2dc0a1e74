using Dangjian.Features.Members;
using Dangjian.Features.Organizations;
using Dangjian.Platform.Data;
using Dangjian.Platform.PersonalData;
using Dangjian.Platform.Security;
using Dangjian.Platform.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Features.Demo;

/// <summary>
/// A deterministic demo built from the places and figures of published grassroots Party-building reports: 许昌 魏都区 灞陵街道
/// 延中社区 with its 157 assisting members in corridor Party groups; 禹州 with villages and non-public enterprises;
/// 郑州 中原区 and four of its streets; 包头 稀土高新区 民警路街道. Same input, same data, every time.
/// </summary>
public sealed class DemoData(AppDb db, PersonalDataProtector protector, UserManager<AppUser> users)
{
    public const string Password = "dangjian2026";

    public sealed record DemoAccount(string UserName, string RoleName, string OrganizationName);

    private static readonly string[] Surnames = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林", "何", "郭", "马", "罗", "梁", "宋", "郑", "谢", "韩", "唐", "冯", "于", "董", "萧", "程", "曹", "袁", "邓", "许", "傅", "沈", "曾", "彭", "吕", "丁", "闫", "崔"];
    private static readonly string[] GivenChars = ["建", "国", "华", "明", "军", "伟", "芳", "秀", "英", "丽", "强", "磊", "洋", "勇", "艳", "杰", "娟", "涛", "超", "霞", "平", "刚", "桂", "兰", "志", "红", "文", "玉", "海", "春", "晓", "东", "德", "新", "卫", "民", "慧", "敏", "德", "宏", "武", "辉"];

    private readonly Random _random = new(20191001);
    private readonly DateOnly _today = new(2026, 11, 1);
    private int _sequence;

    public async Task<bool> IsLoadedAsync(CancellationToken ct) => await db.Organizations.AnyAsync(ct);

    public async Task<IReadOnlyList<DemoAccount>> LoadAsync(CancellationToken ct)
    {
        db.ActorOverride = "demo";
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var root = await Org(null, "党建工作平台（演示）", OrganizationKind.Committee, ct);

        // 许昌 · 魏都区 · 灞陵街道 · 延中社区 (seed 000)
        var xuchang = await Org(root, "中共许昌市委员会", OrganizationKind.Committee, ct);
        var weidu = await Org(xuchang, "中共许昌市魏都区委员会", OrganizationKind.Committee, ct);
        var baling = await Org(weidu, "中共灞陵街道工作委员会", OrganizationKind.WorkingCommittee, ct);
        var yanzhongUnit = await UnitOf("延中社区", UnitKind.Community, baling, ct);
        var yanzhong = await Org(baling, "中共延中社区委员会", OrganizationKind.Committee, ct, yanzhongUnit);
        // The community office its residents call or visit (a demo number).
        yanzhong.ContactPhone = "0374-5123456";
        yanzhong.ContactAddress = "延中路18号 延中社区党群服务中心（工作日8:30—17:30）";
        await db.SaveChangesAsync(ct);
        var first = await Org(yanzhong, "延中社区第一党支部", OrganizationKind.Branch, ct, committeeSize: 5);
        var second = await Org(yanzhong, "延中社区第二党支部", OrganizationKind.Branch, ct, committeeSize: 3);
        var retired = await Org(yanzhong, "延中社区离退休党支部", OrganizationKind.Branch, ct, committeeSize: 5);
        var compound = await Org(yanzhong, "延中小区楼院党支部", OrganizationKind.Branch, ct, committeeSize: 5);
        var corridors = new List<Organization>();
        for (var building = 1; building <= 8; building++)
        {
            corridors.Add(await Org(compound, $"延中小区{building}号楼党小组", OrganizationKind.PartyGroup, ct));
        }
        var unmanaged = await Org(baling, "灞陵街道无主管楼院临时党支部", OrganizationKind.TemporaryBranch, ct);
        await Members(first, 24, 0.7, ct);
        await Members(second, 18, 0.6, ct);
        await Members(retired, 40, 0, ct);
        // "延中小区的协管党员共有157名，大都是从企事业单位退休的老党员" — organized by corridor.
        await Members(compound, 157, 0.1, ct, assisting: true, groups: corridors);
        await Members(unmanaged, 2, 0.5, ct);

        // 禹州 (seed 001): villages, non-public enterprises, a joint branch, units still without an organization.
        var henanCity = await Org(xuchang, "中共禹州市委员会", OrganizationKind.Committee, ct);
        var huashi = await Org(henanCity, "中共花石镇委员会", OrganizationKind.Committee, ct);
        foreach (var village in new[] { "杨圪塔村", "四府王村", "花石村" })
        {
            var unit = await UnitOf(village, UnitKind.Village, huashi, ct);
            var branch = await Org(huashi, $"{village}党支部", OrganizationKind.Branch, ct, unit, committeeSize: 3);
            await Members(branch, 15, 0.3, ct);
        }
        var yingchuan = await Org(henanCity, "中共颍川街道工作委员会", OrganizationKind.WorkingCommittee, ct);
        var hancheng = await Org(henanCity, "中共韩城街道工作委员会", OrganizationKind.WorkingCommittee, ct);
        var bigCompany = await UnitOf("禹州钧瓷文化产业有限公司", UnitKind.PrivateEnterprise, yingchuan, ct, aboveScale: true, partyMembers: 12);
        var companyBranch = await Org(yingchuan, "禹州钧瓷文化产业有限公司党支部", OrganizationKind.Branch, ct, bigCompany, committeeSize: 3);
        await Members(companyBranch, 12, 1, ct);
        var joint = await Org(hancheng, "韩城街道非公企业联合党支部", OrganizationKind.JointBranch, ct, committeeSize: 3);
        foreach (var small in new[] { "韩城建材商行", "禹州药材加工厂", "韩城物流服务部", "禹州粉条加工坊", "韩城电子配件厂", "韩城家政服务社" })
        {
            await UnitOf(small, UnitKind.PrivateEnterprise, hancheng, ct, partyMembers: 1, covering: joint);
        }
        await Members(joint, 6, 1, ct);
        var noOrg = await UnitOf("韩城小微服装厂", UnitKind.PrivateEnterprise, hancheng, ct);
        await UnitOf("颍川个体工商户联合会", UnitKind.SmallBusiness, yingchuan, ct);
        db.Instructors.Add(new Instructor { UnitId = noOrg.Id, Name = "崔夏爽", AreaPath = hancheng.Path, AssignedOn = new DateOnly(2026, 3, 1) });

        // 郑州 · 中原区 (seed 002): four streets, a non-public enterprise group, a resident unit.
        var zhengzhou = await Org(root, "中共郑州市委员会", OrganizationKind.Committee, ct);
        var zhongyuan = await Org(zhengzhou, "中共郑州市中原区委员会", OrganizationKind.Committee, ct);
        foreach (var street in new[] { "林山寨", "莲湖", "汝河路", "绿东村" })
        {
            var s = await Org(zhongyuan, $"中共{street}街道工作委员会", OrganizationKind.WorkingCommittee, ct);
            for (var c = 1; c <= 2; c++)
            {
                var unit = await UnitOf($"{street}街道第{c}社区", UnitKind.Community, s, ct);
                var community = await Org(s, $"{street}街道第{c}社区党支部", OrganizationKind.Branch, ct, unit, committeeSize: c == 1 ? 5 : null);
                await Members(community, c == 1 ? 14 : 9, 0.5, ct);
            }
        }
        var linshanzhai = await db.Organizations.FirstAsync(o => o.Name == "中共林山寨街道工作委员会", ct);
        var yuanfang = await UnitOf("圆方集团", UnitKind.PrivateEnterprise, linshanzhai, ct, aboveScale: true, partyMembers: 0);
        var sewage = await UnitOf("郑州市污水净化有限公司", UnitKind.StateEnterprise, linshanzhai, ct, partyMembers: 30);
        sewage.PairedOrganizationId = linshanzhai.Id;
        var linCommunity = await db.Organizations.FirstAsync(o => o.Name == "林山寨街道第1社区党支部", ct);
        db.PartTimeCommitteeMembers.Add(new PartTimeCommitteeMember { OrganizationId = linCommunity.Id, OrganizationPath = linCommunity.Path, UnitId = sewage.Id, Name = "李娜", Post = "兼职委员" });
        db.Instructors.Add(new Instructor { UnitId = yuanfang.Id, Name = "闫晓栋", AreaPath = linshanzhai.Path, AssignedOn = new DateOnly(2026, 6, 8) });

        // 包头 · 稀土高新区 · 民警路街道 (seed 003)
        var baotou = await Org(root, "中共包头市委员会", OrganizationKind.Committee, ct);
        var hightech = await Org(baotou, "中共包头稀土高新区工作委员会", OrganizationKind.WorkingCommittee, ct);
        var minjing = await Org(hightech, "中共民警路街道工作委员会", OrganizationKind.WorkingCommittee, ct);
        var minjingCommunity = await Org(minjing, "民警路街道光明社区党支部", OrganizationKind.Branch, ct, committeeSize: 3);
        var minjingSecond = await Org(minjing, "民警路街道友谊社区党支部", OrganizationKind.Branch, ct);
        await Members(minjingCommunity, 12, 0.5, ct);
        await Members(minjingSecond, 2, 0.5, ct);
        await db.SaveChangesAsync(ct);

        await StudyAsync(yanzhong, first, retired, ct);

        var memberAccount = await db.Members.Where(m => m.OrganizationId == first.Id).OrderBy(m => m.Id).FirstAsync(ct);
        var accounts = new (string User, string Name, AppRole Role, Organization Org, long? Member)[]
        {
            ("admin", "平台管理员", AppRole.OrganizationDepartment, root, null),
            ("weidu", "魏都区委组织部", AppRole.OrganizationDepartment, weidu, null),
            ("baling", "灞陵街道党工委书记", AppRole.CommitteeSecretary, baling, null),
            ("zhongyuan", "中原区委组织部", AppRole.OrganizationDepartment, zhongyuan, null),
            ("yanzhong", "延中社区第一党支部书记", AppRole.BranchSecretary, first, null),
            ("minjing", "光明社区党支部书记", AppRole.BranchSecretary, minjingCommunity, null),
            ("wangge", "延中社区网格员", AppRole.GridWorker, yanzhong, null),
            ("dangyuan", memberAccount.Name, AppRole.Member, first, memberAccount.Id),
            ("jumin", "延中社区居民", AppRole.Resident, yanzhong, null),
        };
        var result = new List<DemoAccount>();
        foreach (var (user, name, role, org, member) in accounts)
        {
            var account = new AppUser { UserName = user, DisplayName = name, Role = role, OrganizationId = org.Id, MemberId = member, IsDemo = true, MustChangePassword = true };
            var created = await users.CreateAsync(account, Password);
            if (!created.Succeeded)
            {
                throw new InvalidOperationException("Demo account: " + string.Join("; ", created.Errors.Select(e => e.Description)));
            }
            result.Add(new DemoAccount(user, role.Chinese(), org.Name));
            if (role == AppRole.Resident)
            {
                await ResidentAsync(account, org, ct);
            }
        }
        await HomeVisitsAsync(yanzhong, ct);
        await tx.CommitAsync(ct);
        db.ActorOverride = null;
        return result;
    }

    /// <summary>The demo resident's record (a phone for signing in by number) and one wish waiting on the community's wall.</summary>
    private async Task ResidentAsync(AppUser account, Organization community, CancellationToken ct)
    {
        var resident = new Features.Residents.Resident
        {
            Name = "张秀英", PhoneCipher = protector.Encrypt(DemoResidentPhone), PhoneHash = protector.Hash(DemoResidentPhone), OrganizationId = community.Id,
            OrgPath = community.Path, AccountId = account.Id, EnteredBy = "本人注册", CreatedAt = DateTimeOffset.UnixEpoch,
        };
        db.Residents.Add(resident);
        await db.SaveChangesAsync(ct);
        db.Wishes.Add(new Features.Wishes.Wish
        {
            ResidentId = resident.Id, ResidentName = resident.Name, ForWhom = "孙子（小学三年级）", Title = "一套学习用品和一盏护眼台灯",
            Detail = "孩子父母在外地打工，晚上写作业的台灯坏了。", Category = Features.Wishes.WishCategory.Study, EstimatedCost = 150, OrganizationId = community.Id,
            OrgPath = community.Path, CollectedBy = "本人", State = Features.Wishes.WishState.Open, SubmittedOn = new DateOnly(2026, 1, 5),
            CreatedAt = DateTimeOffset.UnixEpoch,
        });
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// The community's home-visit team: the pension "alive" certification for bedridden residents, two people (the grid
    /// worker signs in to record visits), and a rota of two visits a day from tomorrow for two weeks, every day of the
    /// week so that the number of slots is the same whenever the demo is loaded.
    /// </summary>
    private async Task HomeVisitsAsync(Organization community, CancellationToken ct)
    {
        var now = db.Clock.GetUtcNow();
        db.ServiceKinds.Add(new Features.Bookings.ServiceKind
        {
            OrganizationId = community.Id, OrgPath = community.Path, Name = "生存认证上门服务", CreatedAt = now,
            Description = "为卧床、行动不便的老人上门办理养老金领取资格认证（生存认证），不用跑腿。",
            Prepare = "老人本人在家，身份证、社保卡。",
        });
        db.ServiceKinds.Add(new Features.Bookings.ServiceKind
        {
            OrganizationId = community.Id, OrgPath = community.Path, Name = "残疾人证代办上门", CreatedAt = now,
            Description = "为行动不便的残疾人上门采集照片和材料，代为办理残疾人证。", Prepare = "户口本、身份证、近期病历。",
        });
        var gridWorker = await db.Users.Where(u => u.UserName == "wangge").Select(u => u.Id).FirstAsync(ct);
        var workers = new[]
        {
            new Features.Bookings.ServiceWorker { OrganizationId = community.Id, OrgPath = community.Path, Name = "延中社区网格员", AccountId = gridWorker, CreatedAt = now },
            new Features.Bookings.ServiceWorker { OrganizationId = community.Id, OrgPath = community.Path, Name = "李桂兰", CreatedAt = now },
        };
        db.ServiceWorkers.AddRange(workers);
        await db.SaveChangesAsync(ct);
        var tomorrow = Platform.Time.BeijingDay.Of(now).AddDays(1);
        for (var day = tomorrow; day < tomorrow.AddDays(14); day = day.AddDays(1))
        {
            foreach (var (worker, hour) in new[] { (workers[0], 9), (workers[1], 10), (workers[0], 15) })
            {
                var start = Platform.Time.BeijingDay.Start(day).AddHours(hour);
                db.ServiceSlots.Add(new Features.Bookings.ServiceSlot
                {
                    OrganizationId = community.Id, OrgPath = community.Path, WorkerId = worker.Id, StartsAt = start, EndsAt = start.AddHours(1), CreatedAt = now,
                });
            }
        }
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The demo resident signs in with this number too (a number of the reserved test range, reaching nobody).</summary>
    public const string DemoResidentPhone = "13800138000";

    public static IReadOnlyList<DemoAccount> Accounts =>
    [
        new("admin", "组织部", "党建工作平台（演示）"), new("weidu", "组织部", "中共许昌市魏都区委员会"),
        new("baling", "党(工)委书记", "中共灞陵街道工作委员会"), new("zhongyuan", "组织部", "中共郑州市中原区委员会"),
        new("yanzhong", "支部书记", "延中社区第一党支部"), new("minjing", "支部书记", "民警路街道光明社区党支部"),
        new("wangge", "网格员", "中共延中社区委员会"), new("dangyuan", "党员", "延中社区第一党支部"), new("jumin", "居民", "中共延中社区委员会"),
    ];

    /// <summary>
    /// The community's question bank (the contests it runs depend on the day, so none is made here), a finished class
    /// of the first branch with its hours in the activity record, and study taken to an old member of the retired branch.
    /// </summary>
    private async Task StudyAsync(Organization community, Organization branch, Organization retired, CancellationToken ct)
    {
        var bank = new Features.Study.QuestionBank { OrganizationId = community.Id, OrgPath = community.Path, Title = "党章党规应知应会题库", CreatedAt = DateTimeOffset.UnixEpoch };
        var questions = new (Features.Study.QuestionKind Kind, string Text, string[] Options, string Answer)[]
        {
            (Features.Study.QuestionKind.SingleChoice, "中国共产党的最高理想和最终目标是什么？", ["实现共产主义", "全面建成小康社会", "实现现代化"], "A"),
            (Features.Study.QuestionKind.SingleChoice, "党支部党员大会一般多久召开一次？", ["每月", "每季度", "每半年", "每年"], "B"),
            (Features.Study.QuestionKind.SingleChoice, "正式党员多少人以上的党支部设立支部委员会？", ["3人", "5人", "7人", "9人"], "C"),
            (Features.Study.QuestionKind.SingleChoice, "党员每年集中学习培训时间一般不少于多少学时？", ["16学时", "24学时", "32学时", "40学时"], "C"),
            (Features.Study.QuestionKind.MultipleChoice, "“三会一课”包括哪些？", ["支部党员大会", "支部委员会", "党小组会", "按时上好党课"], "ABCD"),
            (Features.Study.QuestionKind.MultipleChoice, "民主评议党员的等次有哪些？", ["优秀", "合格", "基本合格", "不合格"], "ABCD"),
            (Features.Study.QuestionKind.MultipleChoice, "以下哪些是党员的义务？", ["认真学习", "按期交纳党费", "参加党的组织生活", "担任领导职务"], "ABC"),
            (Features.Study.QuestionKind.TrueFalse, "预备党员没有表决权、选举权和被选举权。", [], "A"),
            (Features.Study.QuestionKind.TrueFalse, "主题党日每季度开展一次即可。", [], "B"),
            (Features.Study.QuestionKind.TrueFalse, "组织生活会一般每年召开一次。", [], "A"),
        };
        bank.Questions.AddRange(questions.Select(q => new Features.Study.Question
        {
            OrgPath = community.Path, Kind = q.Kind, Text = q.Text, Options = string.Join('\n', Features.Study.QuizRules.OptionsOf(q.Kind, q.Options)), Answer = q.Answer,
        }));
        db.QuestionBanks.Add(bank);

        var members = await db.Members.Where(m => m.OrganizationId == branch.Id).OrderBy(m => m.Id).Take(12).Select(m => new { m.Id, m.Name, m.OrgPath }).ToListAsync(ct);
        var training = new Features.Study.TrainingClass
        {
            OrganizationId = community.Id, OrgPath = community.Path, Title = "学习贯彻党的二十届四中全会精神专题培训班", Organizer = "中共延中社区委员会",
            Place = "延中社区党群服务中心", StartsOn = _today.AddDays(-10), EndsOn = _today.AddDays(-8), ClassHours = 16, Status = Features.Study.TrainingStatus.Closed,
            CreatedAt = DateTimeOffset.UnixEpoch, ClosedAt = DateTimeOffset.UnixEpoch,
            Participants = [.. members.Select((m, i) => new Features.Study.TrainingParticipant
            {
                MemberId = m.Id, Name = m.Name, OrgPath = community.Path, Attended = i % 6 != 5, Hours = i % 6 != 5 ? 16 : 0,
            })],
        };
        training.Participants.Add(new Features.Study.TrainingParticipant { Name = "种植户王大成", OrgPath = community.Path, Attended = true, Hours = 16 });
        db.TrainingClasses.Add(training);
        await db.SaveChangesAsync(ct);
        foreach (var p in training.Participants.Where(p => p.MemberId is not null && p.Attended == true))
        {
            Platform.Activity.ActivityLedger.Record(db, p.MemberId!.Value, members.First(m => m.Id == p.MemberId).OrgPath, Platform.Activity.ActivityKinds.StudyHours,
                Features.Study.StudyDetails.TrainingClass, training.EndsOn, 16, nameof(Features.Study.TrainingClass), training.Id);
        }

        var old = await db.Members.Where(m => m.OrganizationId == retired.Id).OrderBy(m => m.BirthDate).Select(m => new { m.Id, m.Name, m.OrgPath }).FirstAsync(ct);
        var visit = new Features.Study.HomeStudyVisit
        {
            OrganizationId = retired.Id, OrgPath = old.OrgPath, MemberId = old.Id, MemberName = old.Name, Reason = Features.Study.HomeStudyReason.Elderly, VisitedOn = _today.AddDays(-5),
            Content = "读报讲解党的二十届四中全会公报，听取老党员意见", Hours = 2, VisitorNames = "离退休党支部书记、社区志愿者", RecordedAt = DateTimeOffset.UnixEpoch, RecordedBy = "demo",
        };
        db.HomeStudyVisits.Add(visit);
        await db.SaveChangesAsync(ct);
        Platform.Activity.ActivityLedger.Record(db, old.Id, old.OrgPath, Platform.Activity.ActivityKinds.StudyHours, Features.Study.StudyDetails.HomeStudy, visit.VisitedOn, 2,
            nameof(Features.Study.HomeStudyVisit), visit.Id);
        await db.SaveChangesAsync(ct);
    }

    private async Task<Organization> Org(Organization? parent, string name, OrganizationKind kind, CancellationToken ct, Unit? unit = null, int? committeeSize = null)
    {
        var org = new Organization
        {
            Name = name,
            Kind = kind,
            ParentId = parent?.Id,
            Depth = parent is null ? 0 : parent.Depth + 1,
            Path = Organization.PendingPath(parent?.Path ?? "/"),
            UnitId = unit?.Id,
            CommitteeSize = committeeSize,
            EstablishedOn = new DateOnly(2015, 7, 1),
        };
        db.Organizations.Add(org);
        await db.SaveChangesAsync(ct);
        if (unit is not null)
        {
            unit.CoveringOrganizationId = org.Id;
        }
        await db.SaveChangesAsync(ct);
        return org;
    }

    private async Task<Unit> UnitOf(string name, UnitKind kind, Organization area, CancellationToken ct, bool aboveScale = false, int partyMembers = 0, Organization? covering = null)
    {
        var unit = new Unit { Name = name, Kind = kind, AreaOrganizationId = area.Id, AreaPath = area.Path, IsAboveScale = aboveScale, PartyMemberCount = partyMembers, CoveringOrganizationId = covering?.Id };
        db.Units.Add(unit);
        await db.SaveChangesAsync(ct);
        return unit;
    }

    private async Task Members(Organization org, int count, double serving, CancellationToken ct, bool assisting = false, IReadOnlyList<Organization>? groups = null)
    {
        for (var i = 0; i < count; i++)
        {
            var sex = _random.Next(2) == 0 ? Sex.Male : Sex.Female;
            var isServing = _random.NextDouble() < serving;
            var age = isServing ? _random.Next(24, 58) : _random.Next(58, 92);
            var birth = new DateOnly(_today.Year - age, _random.Next(1, 13), _random.Next(1, 29));
            // Members join between 20 and 50, and at least two years ago unless they are still probationary.
            var joinAge = _random.Next(20, Math.Max(21, Math.Min(age - 1, 50)));
            var joined = birth.AddYears(joinAge).AddDays(_random.Next(0, 300));
            if (joined > _today.AddYears(-2))
            {
                joined = _today.AddYears(-2).AddDays(-_random.Next(0, 300));
            }
            var probationary = isServing && age < 45 && _random.NextDouble() < 0.12;
            if (probationary)
            {
                joined = _today.AddDays(-_random.Next(30, 330));
            }
            var roll = _random.NextDouble();
            var status = roll < 0.01 ? MembershipStatus.Reserved : roll < 0.015 ? MembershipStatus.Stopped : MembershipStatus.Normal;
            var lost = isServing && _random.NextDouble() < 0.015;
            var name = Surnames[_random.Next(Surnames.Length)] + GivenChars[_random.Next(GivenChars.Length)]
                + (_random.NextDouble() < 0.8 ? GivenChars[_random.Next(GivenChars.Length)] : "");
            var id = ChineseIdNumber.Compose("411002", birth, ++_sequence, sex);
            var mobile = isServing && !lost && _random.NextDouble() < 0.05;
            var valid = new MemberInput.Valid(name, id, sex, _random.NextDouble() < 0.95 ? "汉族" : "回族", birth,
                (Education)_random.Next(6), probationary ? MemberCategory.Probationary : MemberCategory.Full, joined,
                probationary ? null : joined.AddYears(1), isServing ? "职员" : "退休", "139" + (37000000 + _sequence).ToString(System.Globalization.CultureInfo.InvariantCulture),
                $"{org.Name[..Math.Min(4, org.Name.Length)]}{_random.Next(1, 30)}号院", status, lost, lost ? _today.AddMonths(-_random.Next(7, 30)) : null,
                mobile, mobile ? "广东省深圳市" : null, isServing ? WorkStatus.Serving : WorkStatus.Retired, assisting,
                null, null, null, []);
            var member = new Member { Name = name, OrganizationId = org.Id, OrgPath = org.Path, PartyGroupId = groups is { Count: > 0 } ? groups[i % groups.Count].Id : null };
            MemberWriter.Apply(member, valid, protector);
            if (i % 10 == 0)
            {
                member.IdentityPost = (IdentityPostKind)(i / 10 % 4);
                member.IdentityPostTitle = member.IdentityPost.Value.Chinese();
            }
            db.Members.Add(member);
        }
        await db.SaveChangesAsync(ct);
    }
}
