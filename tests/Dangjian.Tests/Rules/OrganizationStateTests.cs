using Dangjian.Features.Organizations;
using Dangjian.Platform.Audit;
using Dangjian.Platform.Data;
using Dangjian.Platform.Security;

namespace Dangjian.Tests.Rules;

public class OrganizationStateTests
{
    [Fact]
    public void An_organization_is_dissolved_once_and_each_dissolving_bumps_its_version()
    {
        var o = new Organization { Name = "某党支部", Path = "/1/2/" };
        var at = new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.FromHours(8));
        o.Dissolve(at).ShouldBeNull();
        (o.DissolvedAt, o.Version).ShouldBe(((DateTimeOffset?)at, 1));
        o.Dissolve(at.AddDays(1)).ShouldBe("该组织已撤销");
        (o.DissolvedAt, o.Version).ShouldBe(((DateTimeOffset?)at, 1));
    }

    [Fact]
    public void A_new_organizations_path_is_pending_until_the_insert_gives_it_its_id()
    {
        var pending = Organization.PendingPath("/1/2/");
        pending.ShouldMatch("^/1/2/new-[0-9a-f]{32}/$");
        Organization.PendingPath("/1/2/").ShouldNotBe(pending, "two pending organizations never share a path");
        var o = new Organization { Name = "新党支部", Path = pending, Id = 31 };
        ((ICompletedAfterInsert)o).CompleteAfterInsert();
        o.Path.ShouldBe("/1/2/31/");
        ((IScoped)o).ScopePaths.ShouldBe(["/1/2/31/"]);
        ((IAudited)o).AuditScopePath.ShouldBe("/1/2/31/");
        ((IAudited)o).AuditId.ShouldBe("31");
    }

    [Fact]
    public void A_path_already_complete_is_left_alone()
    {
        var o = new Organization { Name = "已有", Path = "/1/2/7/", Id = 31 };
        ((ICompletedAfterInsert)o).CompleteAfterInsert();
        o.Path.ShouldBe("/1/2/7/");
        var named = new Organization { Name = "名含new", Path = "/1/newer/", Id = 32 };
        ((ICompletedAfterInsert)named).CompleteAfterInsert();
        named.Path.ShouldBe("/1/newer/", "only a segment starting new- is pending");
    }

    [Fact]
    public void Every_kind_has_its_Chinese_name() =>
        Enum.GetValues<OrganizationKind>().Append((OrganizationKind)9).Select(k => k.Chinese())
            .ShouldBe(["党委", "党工委", "党总支", "党支部", "联合党支部", "临时党支部", "党小组", "9"]);

    [Fact]
    public void Paths_name_their_ancestors_and_bound_their_subtree()
    {
        OrgPath.Child("/1/2/", 35).ShouldBe("/1/2/35/");
        OrgPath.Ids("/1/2/35/").ShouldBe([1L, 2L, 35L]);
        OrgPath.Ids("/").ShouldBeEmpty();
        OrgPath.UpperBound("/1/2/").ShouldBe("/1/20");
        string.CompareOrdinal("/1/2/99/", OrgPath.UpperBound("/1/2/")).ShouldBeLessThan(0, "every descendant sorts below the bound");
        string.CompareOrdinal("/1/3/", OrgPath.UpperBound("/1/2/")).ShouldBeGreaterThan(0);
        OrgPath.IsWithin("/1/2/35/", "/1/2/").ShouldBeTrue();
        OrgPath.IsWithin("/1/2/", "/1/2/").ShouldBeTrue();
        OrgPath.IsWithin("/1/23/", "/1/2/").ShouldBeFalse("a sibling whose id starts with the same digits");
        OrgPath.IsWithin("/1/", "/1/2/").ShouldBeFalse();
    }
}
