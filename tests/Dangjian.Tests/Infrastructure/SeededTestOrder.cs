using Xunit.Sdk;
using Xunit.v3;

[assembly: Xunit.TestCaseOrderer(typeof(Dangjian.Tests.Infrastructure.SeededTestOrder))]

namespace Dangjian.Tests.Infrastructure;

/// <summary>
/// Tests of one class share an app and its database, so a test that silently relies on what an earlier one did
/// passes or fails with the order. Setting DANGJIAN_TEST_SEED shuffles the order within each class to shake such
/// dependencies out; without it the framework's own order applies.
/// </summary>
public sealed class SeededTestOrder : ITestCaseOrderer
{
    public IReadOnlyCollection<TTestCase> OrderTestCases<TTestCase>(IReadOnlyCollection<TTestCase> testCases)
        where TTestCase : notnull, ITestCase
    {
        if (!int.TryParse(Environment.GetEnvironmentVariable("DANGJIAN_TEST_SEED"), out var seed))
        {
            return DefaultTestCaseOrderer.Instance.OrderTestCases(testCases);
        }

        var random = new Random(seed);
        return [.. testCases.OrderBy(t => t.UniqueID, StringComparer.Ordinal).OrderBy(_ => random.Next())];
    }
}
