using Dangjian.Features.Study;

namespace Dangjian.Tests.Study;

/// <summary>The rules of questions and answers at their edges, without a database.</summary>
public class QuizRuleTests
{
    [Theory]
    [InlineData(QuestionKind.SingleChoice, "b", "B")]
    [InlineData(QuestionKind.MultipleChoice, "D、a，c", "ACD")]
    [InlineData(QuestionKind.MultipleChoice, "A;B/C D", "ABCD")]
    [InlineData(QuestionKind.MultipleChoice, "AA", "A")]
    [InlineData(QuestionKind.TrueFalse, "对", "A")]
    [InlineData(QuestionKind.TrueFalse, "√", "A")]
    [InlineData(QuestionKind.TrueFalse, "b", "B")]
    [InlineData(QuestionKind.TrueFalse, "错误", "B")]
    public void An_answer_is_written_many_ways_and_read_one(QuestionKind kind, string written, string expected) =>
        QuizRules.Normalize(kind, written).ShouldBe(expected);

    [Theory]
    [InlineData(QuestionKind.SingleChoice, "")]
    [InlineData(QuestionKind.SingleChoice, "  ")]
    [InlineData(QuestionKind.SingleChoice, "A1")]
    [InlineData(QuestionKind.SingleChoice, "，")]
    [InlineData(QuestionKind.TrueFalse, "也许")]
    [InlineData(QuestionKind.TrueFalse, "C")]
    public void What_is_not_an_answer_reads_as_none(QuestionKind kind, string written) => QuizRules.Normalize(kind, written).ShouldBeNull();

    [Fact]
    public void A_question_needs_its_options_in_order_and_an_answer_among_them()
    {
        QuizRules.Check(QuestionKind.SingleChoice, "题", ["甲", "乙"], "B").ShouldBeEmpty();
        QuizRules.Check(QuestionKind.SingleChoice, "题", ["甲", "乙", "", ""], "A").ShouldBeEmpty("trailing blanks are no options");
        QuizRules.Check(QuestionKind.SingleChoice, "题", ["甲"], "A").ShouldHaveSingleItem().Field.ShouldBe("options");
        QuizRules.Check(QuestionKind.SingleChoice, "题", ["1", "2", "3", "4", "5", "6", "7"], "A").ShouldHaveSingleItem().Message.ShouldBe("单选题应有2到6个选项");
        QuizRules.Check(QuestionKind.SingleChoice, "题", ["1", "2", "3", "4", "5", "6"], "F").ShouldBeEmpty();
        QuizRules.Check(QuestionKind.SingleChoice, "题", ["甲", "乙"], "C").ShouldHaveSingleItem().Message.ShouldBe("答案C超出了选项范围（A到B）");
        QuizRules.Check(QuestionKind.SingleChoice, "题", ["甲", new string('长', 201)], "A").ShouldHaveSingleItem().Message.ShouldBe("选项B不能超过200个字");
        QuizRules.Check(QuestionKind.SingleChoice, "题", ["甲", new string('长', 200)], "A").ShouldBeEmpty();
        QuizRules.Check(QuestionKind.MultipleChoice, "题", ["甲", "乙"], "AB").ShouldBeEmpty();
        QuizRules.Check(QuestionKind.TrueFalse, "题", [], "错").ShouldBeEmpty();
        QuizRules.Check(QuestionKind.TrueFalse, "", [], "错").ShouldHaveSingleItem().Field.ShouldBe("text");
        QuizRules.Check(QuestionKind.TrueFalse, new string('长', 500), [], "对").ShouldBeEmpty();
        QuizRules.Check(QuestionKind.TrueFalse, new string('长', 501), [], "对").ShouldHaveSingleItem().Message.ShouldBe("题目不能超过500个字");
        QuizRules.OptionsOf(QuestionKind.TrueFalse, ["x"]).ShouldBe(["正确", "错误"]);
        QuizRules.OptionsOf(QuestionKind.SingleChoice, [" 甲 ", "乙", "", null]).ShouldBe(["甲", "乙"]);
    }

    [Theory]
    [InlineData("单选", QuestionKind.SingleChoice)]
    [InlineData("单项选择题", QuestionKind.SingleChoice)]
    [InlineData("多选题", QuestionKind.MultipleChoice)]
    [InlineData(" 判断 ", QuestionKind.TrueFalse)]
    public void A_sheet_names_the_kind_as_people_write_it(string written, QuestionKind kind) => QuizRules.KindOf(written).ShouldBe(kind);

    [Fact]
    public void A_paper_scores_exact_answers_only()
    {
        (long, QuestionKind, string)[] questions = [(1, QuestionKind.SingleChoice, "A"), (2, QuestionKind.MultipleChoice, "AB"), (3, QuestionKind.TrueFalse, "B")];
        int Points(QuestionKind k) => k == QuestionKind.MultipleChoice ? 20 : 10;
        QuizRules.Mark(questions, new Dictionary<long, string?> { [1] = "a", [2] = "BA", [3] = "错" }, Points).Sum(m => m.Points).ShouldBe(40);
        var marks = QuizRules.Mark(questions, new Dictionary<long, string?> { [1] = "B", [2] = "A" }, Points);
        marks.Select(m => (m.Correct, m.Points)).ShouldBe([(false, 0), (false, 0), (false, 0)], "a missing answer and a partial one score nothing");
        QuizRules.Mark(questions, new Dictionary<long, string?> { [2] = "ABC" }, Points)[1].Correct.ShouldBeFalse("one option too many scores nothing");
        QuizRules.KindOf("问答").ShouldBeNull();
    }
}
