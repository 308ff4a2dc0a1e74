namespace Dangjian.Features.Study;

/// <summary>
/// The rules of questions and answers: how an answer is written (letters, or 对/错 for a true/false question), what a
/// question needs to be valid, and how a paper is scored. A multiple-choice question scores only when exactly the
/// right options are chosen (少选、多选均不得分), as contests commonly mark.
/// </summary>
public static class QuizRules
{
    public const int MinOptions = 2;
    public const int MaxOptions = 6;
    public const int OptionMaxLength = 200;

    /// <summary>The options of every true/false question, in order: A is 正确, B is 错误.</summary>
    public static readonly IReadOnlyList<string> TrueFalseOptions = ["正确", "错误"];

    private static readonly string[] TrueWords = ["对", "正确", "√", "✓", "T", "TRUE", "是", "Y", "A"];
    private static readonly string[] FalseWords = ["错", "错误", "×", "✗", "X", "F", "FALSE", "否", "N", "B"];

    public static char Letter(int index) => (char)('A' + index);

    /// <summary>
    /// The answer as sorted distinct letters ("CA" and "A、C" both give "AC"; 对 gives "A" for a true/false question), or
    /// null when it is not an answer at all (another character, an empty answer).
    /// </summary>
    public static string? Normalize(QuestionKind kind, string? written)
    {
        var text = (written ?? "").Trim().ToUpperInvariant();
        if (text.Length == 0)
        {
            return null;
        }
        if (kind == QuestionKind.TrueFalse)
        {
            return TrueWords.Contains(text) ? "A" : FalseWords.Contains(text) ? "B" : null;
        }
        var letters = new SortedSet<char>();
        foreach (var c in text)
        {
            if (c is >= 'A' and <= 'Z')
            {
                letters.Add(c);
            }
            else if (!(char.IsWhiteSpace(c) || c is ',' or '，' or '、' or ';' or '；' or '/'))
            {
                return null;
            }
        }
        return letters.Count == 0 ? null : string.Concat(letters);
    }

    /// <summary>Why a question cannot go into a bank, per field, or empty when it can.</summary>
    public static IReadOnlyList<(string Field, string Message)> Check(QuestionKind kind, string? text, IReadOnlyList<string?> options, string? answer)
    {
        var problems = new List<(string, string)>();
        if (string.IsNullOrWhiteSpace(text))
        {
            problems.Add(("text", "请填写题目"));
        }
        else if (text.Trim().Length > 500)
        {
            problems.Add(("text", "题目不能超过500个字"));
        }
        var given = options.Select(o => o?.Trim()).ToList();
        while (given.Count > 0 && string.IsNullOrEmpty(given[^1]))
        {
            given.RemoveAt(given.Count - 1);
        }
        var count = kind == QuestionKind.TrueFalse ? 2 : given.Count;
        if (kind != QuestionKind.TrueFalse)
        {
            if (given.Count < MinOptions || given.Count > MaxOptions)
            {
                problems.Add(("options", $"{kind.Chinese()}应有{MinOptions}到{MaxOptions}个选项"));
            }
            else if (given.FindIndex(string.IsNullOrEmpty) is var gap and >= 0)
            {
                problems.Add(("options", $"选项{Letter(gap)}是空的：选项须从A起连续填写"));
            }
            else if (given.FindIndex(o => o!.Length > OptionMaxLength) is var tooLong and >= 0)
            {
                problems.Add(("options", $"选项{Letter(tooLong)}不能超过{OptionMaxLength}个字"));
            }
        }
        var key = Normalize(kind, answer);
        if (key is null)
        {
            problems.Add(("answer", kind == QuestionKind.TrueFalse ? "判断题的答案应为“对”或“错”" : "答案应为选项字母，如 A 或 ACD"));
        }
        else if (key.Any(c => c - 'A' >= count))
        {
            problems.Add(("answer", $"答案{key}超出了选项范围（A到{Letter(count - 1)}）"));
        }
        else if (kind == QuestionKind.SingleChoice && key.Length != 1)
        {
            problems.Add(("answer", "单选题只能有一个正确答案"));
        }
        else if (kind == QuestionKind.MultipleChoice && key.Length < 2)
        {
            problems.Add(("answer", "多选题至少有两个正确答案"));
        }
        return problems;
    }

    /// <summary>The options as stored (true/false questions get 正确 and 错误).</summary>
    public static IReadOnlyList<string> OptionsOf(QuestionKind kind, IReadOnlyList<string?> options) =>
        kind == QuestionKind.TrueFalse ? TrueFalseOptions : [.. options.Select(o => o?.Trim() ?? "").Reverse().SkipWhile(o => o.Length == 0).Reverse()];

    /// <summary>The kind a sheet's 题型 cell names, or null.</summary>
    public static QuestionKind? KindOf(string? written) => (written ?? "").Trim() switch
    {
        "单选" or "单选题" or "单项选择" or "单项选择题" => QuestionKind.SingleChoice,
        "多选" or "多选题" or "多项选择" or "多项选择题" => QuestionKind.MultipleChoice,
        "判断" or "判断题" => QuestionKind.TrueFalse,
        _ => null,
    };

    public sealed record Marked(long QuestionId, bool Correct, int Points);

    /// <summary>Each question's mark: its points when the answer is exactly the key, else 0 (no answer is wrong).</summary>
    public static IReadOnlyList<Marked> Mark(IReadOnlyList<(long Id, QuestionKind Kind, string Key)> questions, IReadOnlyDictionary<long, string?> answers,
        Func<QuestionKind, int> pointsOf) =>
        [.. questions.Select(q =>
        {
            var correct = answers.TryGetValue(q.Id, out var given) && Normalize(q.Kind, given) == q.Key;
            return new Marked(q.Id, correct, correct ? pointsOf(q.Kind) : 0);
        })];
}
