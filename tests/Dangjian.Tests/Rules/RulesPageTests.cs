using System.Net;
using Dangjian.Features.Rules;
using Dangjian.Tests.Infrastructure;

namespace Dangjian.Tests.Rules;

/// <summary>The rules page shows what the system enforces, with its sources, to those it binds.</summary>
public class RulesPageTests(AppFactory app) : DemoApiTest(app)
{
    [Fact]
    public async Task The_page_lists_each_rule_in_force_with_its_source_and_the_placement_table()
    {
        var client = await As("baling");
        var rules = (await Read<ListRules.Response>(await client.GetAsync("/api/v1/rules"))).Rules;
        var page = await client.GetStringAsync("/Rules");
        foreach (var rule in rules)
        {
            page.ShouldContain($"data-testid=\"rule-{rule.Key}\"");
            page.ShouldContain(System.Net.WebUtility.HtmlEncode(rule.Title));
        }
        page.ShouldContain("党委 之下");
        page.ShouldContain("党小组：不可");
        page.ShouldContain("党小组：不宜", Case.Sensitive, "a group directly under a general branch is only advised against");
        page.ShouldContain("《中国共产党章程》第三十条");
    }

    [Fact]
    public async Task A_resident_may_not_open_it() =>
        (await (await As("jumin")).GetAsync("/Rules")).StatusCode.ShouldNotBe(HttpStatusCode.OK);
}
