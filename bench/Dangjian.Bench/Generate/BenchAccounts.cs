using Dangjian.Platform.Data;
using Dangjian.Platform.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dangjian.Bench.Generate;

/// <summary>
/// One account per scope the benchmark measures, each bound to an organization of typical size: the province, then
/// at each level down the child with the median number of members (so the five scopes nest).
/// </summary>
public static class BenchAccounts
{
    public const string Password = "dangjian2026";

    public sealed record Account(string UserName, string Scope, long OrganizationId, string OrganizationName, long Members);

    public static readonly (string UserName, string Scope, AppRole Role)[] Scopes =
    [
        ("bench-province", "province", AppRole.OrganizationDepartment),
        ("bench-city", "city", AppRole.OrganizationDepartment),
        ("bench-county", "county", AppRole.OrganizationDepartment),
        ("bench-street", "street", AppRole.CommitteeSecretary),
        ("bench-branch", "branch", AppRole.BranchSecretary),
    ];

    public static async Task<IReadOnlyList<Account>> CreateAsync(string connection, ProvinceTree tree, Func<long, long> subtreeMembers)
    {
        var city = Median(tree.Root.Children, subtreeMembers);
        var county = Median(city.Children, subtreeMembers);
        var street = Median(county.Children, subtreeMembers);
        var branch = Median(MemberFactory.BranchesOf(street).ToList(), subtreeMembers);
        OrgNode[] orgs = [tree.Root, city, county, street, branch];

        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDbContext<AppDb, PostgresAppDb>(o => o.UseNpgsql(connection));
        services.AddIdentityCore<AppUser>(o =>
        {
            o.Password.RequireUppercase = false;
            o.Password.RequireNonAlphanumeric = false;
        }).AddEntityFrameworkStores<AppDb>();
        await using var provider = services.BuildServiceProvider();
        await using var scope = provider.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var result = new List<Account>();
        for (var i = 0; i < Scopes.Length; i++)
        {
            var (userName, scopeName, role) = Scopes[i];
            var org = orgs[i];
            var created = await users.CreateAsync(new AppUser
            {
                UserName = userName,
                DisplayName = $"基准测试（{org.Name}）",
                Role = role,
                OrganizationId = org.Id,
                MustChangePassword = false,
            }, Password);
            if (!created.Succeeded)
            {
                throw new InvalidOperationException($"{userName}: " + string.Join("; ", created.Errors.Select(e => e.Description)));
            }
            result.Add(new Account(userName, scopeName, org.Id, org.Name, subtreeMembers(org.Id)));
        }
        return result;
    }

    private static OrgNode Median(IReadOnlyList<OrgNode> nodes, Func<long, long> subtreeMembers) =>
        nodes.OrderBy(n => subtreeMembers(n.Id)).ThenBy(n => n.Id).ElementAt(nodes.Count / 2);
}
