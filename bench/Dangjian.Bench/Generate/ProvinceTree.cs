using System.Globalization;
using Dangjian.Features.Organizations;
using Dangjian.Platform.Data;

namespace Dangjian.Bench.Generate;

public enum Level
{
    Province,
    City,
    County,
    Street,
    Community,
    Branch,
    Group,
}

/// <summary>One organization of the generated tree, with what the loader and the member generator need to know.</summary>
public sealed class OrgNode
{
    public long Id { get; set; }
    public OrgNode? Parent { get; init; }
    public List<OrgNode> Children { get; } = [];
    public required string Name { get; init; }
    public OrganizationKind Kind { get; init; }
    public Level Level { get; init; }
    public string Path { get; set; } = "/";
    public int Depth { get; set; }

    /// <summary>Members registered directly here (branches only).</summary>
    public int Members { get; set; }

    /// <summary>The first member id of this branch; members of a branch get consecutive ids.</summary>
    public long FirstMemberId { get; set; }

    /// <summary>GB/T 2260-style six-digit area code of the county, the first six digits of its people's ID numbers.</summary>
    public string AreaCode { get; init; } = "";

    /// <summary>The village or community unit the organization is built in (communities only).</summary>
    public long? UnitId { get; set; }
    public bool IsVillage { get; init; }
    public string? UnitName { get; init; }
    public int? CommitteeSize { get; set; }
}

/// <summary>
/// A province-shaped tree: province → ~18 cities → ~10 counties → ~12 streets or townships → 10–20 communities or
/// villages → 4–9 branches, Party groups inside the large branches. Branch sizes are lognormal (median 17, clipped to
/// 3–200) and add up to exactly the requested number of members. Smaller runs keep the levels and shrink the fan-out
/// at the top, so that every scope still exists.
/// </summary>
public sealed class ProvinceTree
{
    public const int BranchMedian = 17;
    public const double BranchSigma = 0.81;
    public const int BranchMin = 3;
    public const int BranchMax = 200;

    /// <summary>Branches this large are split into Party groups of about this many members.</summary>
    public const int GroupThreshold = 100;
    public const int GroupSize = 30;

    public OrgNode Root { get; }
    public List<OrgNode> All { get; } = [];
    public List<OrgNode> Counties { get; } = [];
    public List<OrgNode> Branches { get; } = [];
    public int UnitCount { get; private set; }

    private const string PlaceChars = "安平华阳东西南北新兴和康宁昌泰丰庆山河湖源江桥林石城金银铜铁玉龙凤鹤松柏梅兰竹菊德仁义礼信忠孝文武乐福寿禄喜长永广远定靖宜嘉明光辉盛荣春秋夏冬云雨雪霞晨星月";

    private ProvinceTree(OrgNode root) => Root = root;

    public static ProvinceTree Build(int members, int seed)
    {
        var random = new Random(seed);
        // Fan-out at the top: a province of 5 M members has ~2,160 streets (each ~2,300 members).
        var streets = Math.Max(1.0, members / 2_300.0);
        var cities = Math.Clamp((int)Math.Round(streets / 120.0), 1, 18);
        var countiesPerCity = Math.Clamp(streets / (cities * 12.0), 1.0, 10.0);
        var streetsPerCounty = Math.Max(1.0, streets / (cities * countiesPerCity));

        var root = new OrgNode { Name = "中共中原省委员会", Kind = OrganizationKind.Committee, Level = Level.Province };
        var tree = new ProvinceTree(root);
        var cityNames = new HashSet<string>(StringComparer.Ordinal);
        for (var c = 1; c <= cities; c++)
        {
            var cityName = Unique(Place(random), "", cityNames);
            var city = tree.Add(root, $"中共{cityName}市委员会", OrganizationKind.Committee, Level.City);
            var counties = Spread(random, countiesPerCity);
            var countyNames = new HashSet<string>(StringComparer.Ordinal);
            for (var k = 1; k <= counties; k++)
            {
                var countyPlace = Place(random);
                var countyName = Unique(countyPlace, random.Next(3) == 0 ? "区" : "县", countyNames);
                var areaCode = "41" + c.ToString("00", CultureInfo.InvariantCulture) + k.ToString("00", CultureInfo.InvariantCulture);
                var county = tree.Add(city, $"中共{cityName}市{countyName}委员会", OrganizationKind.Committee, Level.County, areaCode);
                tree.Counties.Add(county);
                var streetCount = Spread(random, streetsPerCounty);
                var streetNames = new HashSet<string>(StringComparer.Ordinal);
                for (var s = 1; s <= streetCount; s++)
                {
                    var isTownship = random.Next(2) == 0;
                    var streetName = Unique(Place(random), isTownship ? "镇" : "街道", streetNames);
                    var street = tree.Add(county, isTownship ? $"中共{streetName}委员会" : $"中共{streetName}工作委员会",
                        isTownship ? OrganizationKind.Committee : OrganizationKind.WorkingCommittee, Level.Street, areaCode);
                    var communities = random.Next(10, 21);
                    var communityNames = new HashSet<string>(StringComparer.Ordinal);
                    for (var m = 1; m <= communities; m++)
                    {
                        var place = Unique(Place(random), isTownship ? "村" : "社区", communityNames);
                        var community = tree.Add(street, $"中共{place}委员会", random.Next(3) == 0 ? OrganizationKind.GeneralBranch : OrganizationKind.Committee,
                            Level.Community, areaCode, isVillage: isTownship, shortName: place);
                        var branches = random.Next(4, 10);
                        for (var b = 1; b <= branches; b++)
                        {
                            var branch = tree.Add(community, $"{place}第{Chinese(b)}党支部", OrganizationKind.Branch, Level.Branch, areaCode);
                            tree.Branches.Add(branch);
                        }
                    }
                }
            }
        }
        tree.SizeBranches(members, random);
        tree.AddPartyGroups();
        tree.Number();
        return tree;
    }

    private OrgNode Add(OrgNode parent, string name, OrganizationKind kind, Level level, string areaCode = "", bool isVillage = false, string? shortName = null)
    {
        var node = new OrgNode { Parent = parent, Name = name, Kind = kind, Level = level, AreaCode = areaCode, IsVillage = isVillage, UnitName = shortName };
        parent.Children.Add(node);
        if (level == Level.Community)
        {
            UnitCount++;
        }
        return node;
    }

    /// <summary>Lognormal sizes, rescaled and then nudged one member at a time so that the total is exact.</summary>
    private void SizeBranches(int members, Random random)
    {
        var sizes = new double[Branches.Count];
        for (var i = 0; i < sizes.Length; i++)
        {
            sizes[i] = Math.Clamp(BranchMedian * Math.Exp(BranchSigma * Gaussian(random)), BranchMin, BranchMax);
        }
        var scale = members / sizes.Sum();
        long total = 0;
        for (var i = 0; i < sizes.Length; i++)
        {
            Branches[i].Members = Math.Clamp((int)Math.Round(sizes[i] * scale), BranchMin, BranchMax);
            total += Branches[i].Members;
        }
        if (members < (long)Branches.Count * BranchMin || members > (long)Branches.Count * BranchMax)
        {
            throw new InvalidOperationException($"{members} members cannot fill {Branches.Count} branches of {BranchMin}–{BranchMax}.");
        }
        while (total != members)
        {
            var branch = Branches[random.Next(Branches.Count)];
            if (total < members && branch.Members < BranchMax)
            {
                branch.Members++;
                total++;
            }
            else if (total > members && branch.Members > BranchMin)
            {
                branch.Members--;
                total--;
            }
        }
        foreach (var branch in Branches)
        {
            // A branch of seven or more full members elects a committee; three to five members (Party rules).
            branch.CommitteeSize = branch.Members >= 7 ? (branch.Members >= 50 ? 5 : 3) : null;
        }
    }

    private void AddPartyGroups()
    {
        foreach (var branch in Branches.Where(b => b.Members >= GroupThreshold))
        {
            var groups = (branch.Members + GroupSize - 1) / GroupSize;
            for (var g = 1; g <= groups; g++)
            {
                branch.Children.Add(new OrgNode
                {
                    Parent = branch, Name = $"{branch.Name}第{Chinese(g)}党小组", Kind = OrganizationKind.PartyGroup, Level = Level.Group, AreaCode = branch.AreaCode,
                });
            }
        }
    }

    /// <summary>Ids in depth-first order, as a tree entered top-down would get them; paths and member id ranges follow.</summary>
    private void Number()
    {
        long nextOrg = 0;
        long nextMember = 1;
        long nextUnit = 0;
        var stack = new Stack<OrgNode>();
        stack.Push(Root);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            node.Id = ++nextOrg;
            node.Depth = node.Parent is null ? 0 : node.Parent.Depth + 1;
            node.Path = OrgPath.Child(node.Parent?.Path ?? OrgPath.Root, node.Id);
            if (node.Level == Level.Community)
            {
                node.UnitId = ++nextUnit;
            }
            if (node.Level == Level.Branch)
            {
                node.FirstMemberId = nextMember;
                nextMember += node.Members;
            }
            All.Add(node);
            for (var i = node.Children.Count - 1; i >= 0; i--)
            {
                stack.Push(node.Children[i]);
            }
        }
    }

    private static int Spread(Random random, double mean)
    {
        if (mean < 5)
        {
            // Small runs: keep the mean, rounding up or down at random.
            var floor = (int)Math.Floor(mean);
            return Math.Max(1, floor + (random.NextDouble() < mean - floor ? 1 : 0));
        }
        var center = (int)Math.Round(mean);
        return random.Next(center - 2, center + 3);
    }

    private static string Place(Random random) =>
        string.Concat(PlaceChars[random.Next(PlaceChars.Length)], PlaceChars[random.Next(PlaceChars.Length)]);

    /// <summary>
    /// The drawn place name with its suffix, or, if a sibling already has that name, the next unused two-character
    /// place after it (second character first). No further random draws: every name that did not collide, and the
    /// shape of the tree, stay what the seed made them.
    /// </summary>
    private static string Unique(string place, string suffix, HashSet<string> siblings)
    {
        var n = PlaceChars.Length;
        var start = PlaceChars.IndexOf(place[0], StringComparison.Ordinal) * n + PlaceChars.IndexOf(place[1], StringComparison.Ordinal);
        for (var i = 0; i < n * n; i++)
        {
            var k = (start + i) % (n * n);
            var name = string.Concat(PlaceChars[k / n], PlaceChars[k % n], suffix);
            if (siblings.Add(name))
            {
                return name;
            }
        }
        throw new InvalidOperationException($"More than {n * n} siblings named …{suffix}.");
    }

    /// <summary>A standard normal draw (Box–Muller).</summary>
    public static double Gaussian(Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    public static string Chinese(int n)
    {
        const string digits = "零一二三四五六七八九";
        return n switch
        {
            < 10 => digits[n].ToString(),
            10 => "十",
            < 20 => "十" + digits[n % 10],
            < 100 => digits[n / 10] + "十" + (n % 10 == 0 ? "" : digits[n % 10].ToString()),
            _ => n.ToString(CultureInfo.InvariantCulture),
        };
    }
}
