using Dangjian.Features.ReportIn;

namespace Dangjian.Tests.Rules;

/// <summary>8小时外: only the part of a span of service outside the working hours counts; all of it on a day off.</summary>
public class OutsideWorkTests
{
    [Theory]
    [InlineData("19:00", "21:00", true, 9, 17, 2.0)]
    [InlineData("16:00", "18:00", true, 9, 17, 1.0)]
    [InlineData("08:00", "10:00", true, 9, 17, 1.0)]
    [InlineData("10:00", "12:00", true, 9, 17, 0.0)]
    [InlineData("08:00", "18:00", true, 9, 17, 2.0)]
    [InlineData("10:00", "12:00", false, 9, 17, 2.0)]
    [InlineData("16:00", "18:30", true, 8, 18, 0.5)]
    [InlineData("17:00", "17:20", true, 9, 17, 0.3)]
    [InlineData("06:00", "07:00", true, 9, 17, 1.0)]
    public void The_outside_part_of_a_span(string from, string to, bool workingDay, int start, int end, double expected) =>
        OutsideWork.Hours(TimeOnly.Parse(from), TimeOnly.Parse(to), workingDay, start, end).ShouldBe((decimal)expected);

    [Fact]
    public void Minutes_are_hours_to_the_tenth() => (OutsideWork.Round(90), OutsideWork.Round(20), OutsideWork.Round(25)).ShouldBe((1.5m, 0.3m, 0.4m));
}
