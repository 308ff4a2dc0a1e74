using Dangjian.Features.Members;
using Dangjian.Tests.Infrastructure;

namespace Dangjian.Tests.Members;

/// <summary>A sheet wrong in every cell: the answer lists the first errors in sheet order and counts them all, in bounded memory.</summary>
public class ExcelErrorLimitTests(AppFactory app) : ExcelApiTest(app)
{
    public sealed record CountedProblem(string? Detail, List<RowErrorBody> Errors, int ErrorCount, int RowsWithErrors);

    [Fact]
    public async Task Ten_thousand_bad_rows_are_answered_with_the_first_errors_and_the_totals()
    {
        const int count = 10_000;
        var bad = new ExcelBooks.Row("", "没有这个党组织", "12345")
        {
            Sex = "不详", Ethnicity = "火星族", BirthDate = "昨天", Education = "自学", Category = "群众", JoinedOn = "很久以前",
            FullMemberOn = "2999-01-01", Phone = "12", Status = "未知", LostContact = "去年",
        };
        var sheet = ExcelBooks.Sheet(Enumerable.Repeat(bad, count));
        var before = await MemberCount();

        var response = await PostSheet(await As("baling"), sheet);
        var body = await response.Content.ReadAsStringAsync();
        await Refused(response);
        var problem = System.Text.Json.JsonSerializer.Deserialize<CountedProblem>(body, Json)!;

        problem.Errors.Count.ShouldBe(ImportMembers.ErrorsReported);
        problem.RowsWithErrors.ShouldBe(count);
        var perRow = problem.Errors.Count(e => e.Row == 2);
        perRow.ShouldBeGreaterThan(5, "every bad cell of a row is reported");
        problem.ErrorCount.ShouldBe(perRow * count);
        problem.Errors.Select(e => e.Row).ShouldBeInOrder();
        problem.Errors[0].Row.ShouldBe(2, "the first errors in sheet order");
        problem.Detail!.ShouldContain($"共有{count}行数据有误（{problem.ErrorCount}处）");
        body.Length.ShouldBeLessThan(100_000, "a few hundred errors, not hundreds of thousands");
        (await MemberCount()).ShouldBe(before);
    }

    [Fact]
    public void The_error_sample_keeps_only_the_first_errors_in_sheet_order_whatever_order_they_come_in()
    {
        var sample = new ErrorSample(3);
        sample.Add(9, 0, "九");
        sample.Add(2, 5, "二五");
        sample.Add(7, 1, "七");
        sample.Add(2, 1, "二一");
        for (var row = 100; row < 100_000; row++)
        {
            sample.Add(row, 0, "后面");
        }
        sample.Held.ShouldBe(3);
        sample.InOrder().Select(e => e.Message).ShouldBe(["二一", "二五", "七"]);
        (sample.Total, sample.Rows).ShouldBe((4 + 99_900, 3 + 99_900));
    }
}
