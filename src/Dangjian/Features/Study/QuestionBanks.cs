using System.ComponentModel.DataAnnotations;
using Dangjian.Features.Members;
using Dangjian.Platform.Data;
using Dangjian.Platform.Http;
using Dangjian.Platform.Security;
using Microsoft.EntityFrameworkCore;
using SpreadCheetah;

namespace Dangjian.Features.Study;

public static class CreateQuestionBank
{
    public sealed record Request(long? OrganizationId, [property: MaxLength(100)] string? Title);

    public static async Task<Outcome<long>> Handle(Request request, AppDb db, Scope scope, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var org = await scope.FindAsync(db.Organizations.AsNoTracking().Where(o => o.DissolvedAt == null), request.OrganizationId, ct);
        if (org is null)
        {
            errors.Add("organizationId", request.OrganizationId is null ? "请选择题库所属的党组织" : "党组织不存在或不在您的管辖范围内");
        }
        var title = errors.Text("title", "题库名称", request.Title, 100);
        if (errors.Any)
        {
            return Outcome<long>.Invalid(errors);
        }
        var bank = new QuestionBank { OrganizationId = org!.Id, OrgPath = org.Path, Title = title!, CreatedAt = db.Clock.GetUtcNow() };
        db.QuestionBanks.Add(bank);
        await db.SaveChangesAsync(ct);
        return Outcome<long>.Ok(bank.Id);
    }
}

/// <summary>Adds questions to a bank, typed in or read from a sheet: every bad one is reported and none is added unless all are good.</summary>
public static class AddQuestions
{
    public const int MaxQuestions = 2000;
    public const int MaxPerBank = 10000;

    public sealed record Input(QuestionKind? Kind, [property: MaxLength(500)] string? Text, [property: MaxLength(MaxOptionsLength)] IReadOnlyList<string?>? Options,
        [property: MaxLength(20)] string? Answer, [property: MaxLength(500)] string? Explanation);

    private const int MaxOptionsLength = QuizRules.MaxOptions;

    public sealed record Request([property: MaxLength(MaxQuestions)] IReadOnlyList<Input>? Questions);

    public static async Task<Outcome<int>> Handle(long bankId, Request request, AppDb db, Scope scope, CancellationToken ct)
    {
        var bank = await scope.FindAsync(db.QuestionBanks.AsNoTracking(), bankId, ct);
        if (bank is null)
        {
            return Outcome<int>.NotFound("题库");
        }
        var errors = new FieldErrors();
        var inputs = request.Questions ?? [];
        if (inputs.Count == 0)
        {
            errors.Add("questions", "请至少填写一道题");
        }
        var questions = new List<Question>();
        for (var i = 0; i < inputs.Count; i++)
        {
            if (Build(bank, inputs[i], errors, $"questions[{i}]", "") is { } q)
            {
                questions.Add(q);
            }
        }
        return await SaveAsync(db, bank, questions, errors, ct);
    }

    /// <summary>The question, or null with its problems added under <paramref name="prefix"/>.</summary>
    internal static Question? Build(QuestionBank bank, Input input, FieldErrors errors, string prefix, string where)
    {
        if (input.Kind is not { } kind)
        {
            errors.Add(prefix + ".kind", where + "题型应为单选、多选或判断");
            return null;
        }
        var options = input.Options ?? [];
        var problems = QuizRules.Check(kind, input.Text, options, input.Answer);
        foreach (var (field, message) in problems)
        {
            errors.Add($"{prefix}.{field}", where + message);
        }
        var explanation = errors.Text(prefix + ".explanation", where + "解析", input.Explanation, 500, required: false);
        if (problems.Count > 0 || errors.Has(prefix + ".explanation"))
        {
            return null;
        }
        return new Question
        {
            BankId = bank.Id, OrgPath = bank.OrgPath, Kind = kind, Text = input.Text!.Trim(), Options = string.Join('\n', QuizRules.OptionsOf(kind, options)),
            Answer = QuizRules.Normalize(kind, input.Answer)!, Explanation = explanation,
        };
    }

    internal static async Task<Outcome<int>> SaveAsync(AppDb db, QuestionBank bank, List<Question> questions, FieldErrors errors, CancellationToken ct)
    {
        if (!errors.Any && await db.Questions.CountAsync(q => q.BankId == bank.Id && !q.Retired, ct) + questions.Count > MaxPerBank)
        {
            errors.Add("questions", $"一个题库最多{MaxPerBank}道题");
        }
        if (errors.Any)
        {
            return Outcome<int>.Invalid(errors);
        }
        db.Questions.AddRange(questions);
        await db.SaveChangesAsync(ct);
        return Outcome<int>.Ok(questions.Count);
    }
}

/// <summary>
/// Reads questions from an .xlsx in the layout of <see cref="QuestionSheet"/> (题型, 题目, 选项A–F, 答案, 解析). Every bad
/// row is reported with its row number and column; nothing is written unless every row is good.
/// </summary>
public static class ImportQuestions
{
    public const long MaxFileBytes = 5 * 1024 * 1024;

    public static async Task<Outcome<int>> Handle(long bankId, Stream file, AppDb db, Scope scope, CancellationToken ct)
    {
        var bank = await scope.FindAsync(db.QuestionBanks.AsNoTracking(), bankId, ct);
        if (bank is null)
        {
            return Outcome<int>.NotFound("题库");
        }
        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, ct);
        if (buffer.Length == 0 || buffer.Length > MaxFileBytes)
        {
            return Outcome<int>.Invalid("file", buffer.Length == 0 ? "请选择题库文件（.xlsx）" : "题库文件不能超过5 MB");
        }
        buffer.Position = 0;
        var errors = new FieldErrors();
        var questions = new List<Question>();
        try
        {
            using var sheet = WorkbookReader.OpenFirstSheet(buffer, QuestionSheet.Columns.Count);
            if (sheet is null)
            {
                return Outcome<int>.Invalid("file", "文件里没有工作表");
            }
            var header = true;
            foreach (var row in sheet.Rows())
            {
                if (header)
                {
                    header = false;
                    if (row[0].Text.Trim() != QuestionSheet.Columns[0] || row[1].Text.Trim() != QuestionSheet.Columns[1])
                    {
                        return Outcome<int>.Invalid("file", $"第{row.Number}行应为表头（题型、题目、选项A……），请使用下载的模板");
                    }
                    continue;
                }
                if (questions.Count + 1 > AddQuestions.MaxQuestions)
                {
                    return Outcome<int>.Invalid("file", $"一次最多导入{AddQuestions.MaxQuestions}道题");
                }
                var input = new AddQuestions.Input(QuizRules.KindOf(row[0].Text), row[1].Text, [.. Enumerable.Range(2, QuizRules.MaxOptions).Select(c => (string?)row[c].Text)],
                    row[8].Text, row[9].IsBlank ? null : row[9].Text);
                if (AddQuestions.Build(bank, input, errors, $"rows[{row.Number}]", $"第{row.Number}行：") is { } q)
                {
                    questions.Add(q);
                }
            }
        }
#pragma warning disable CA1031 // Whatever the reader throws, the upload is at fault: a field message, never a 500.
        catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
        {
            // Whatever a broken or foreign file throws from the package or its XML, the answer is the same.
            return Outcome<int>.Invalid("file", "文件不是有效的 .xlsx 工作簿");
        }
        if (!errors.Any && questions.Count == 0)
        {
            errors.Add("file", "文件里没有题目");
        }
        return await AddQuestions.SaveAsync(db, bank, questions, errors, ct);
    }
}

/// <summary>Retires a question: it is no longer drawn; papers that hold it keep it.</summary>
public static class RetireQuestion
{
    public static async Task<Outcome<long>> Handle(long bankId, long questionId, AppDb db, Scope scope, CancellationToken ct)
    {
        var bank = await scope.FindAsync(db.QuestionBanks.AsNoTracking(), bankId, ct);
        var question = bank is null ? null : await db.Questions.FirstOrDefaultAsync(q => q.Id == questionId && q.BankId == bank.Id && !q.Retired, ct);
        if (question is null)
        {
            return Outcome<long>.NotFound("题目");
        }
        question.Retired = true;
        await db.SaveChangesAsync(ct);
        return Outcome<long>.Ok(question.Id);
    }
}

public static class GetQuestionBank
{
    public sealed record QuestionView(long Id, QuestionKind Kind, string KindName, string Text, IReadOnlyList<string> Options, string Answer, string? Explanation);

    public sealed record KindCount(QuestionKind Kind, string KindName, int Count);

    public sealed record Response(long Id, long OrganizationId, string OrganizationName, string Title, IReadOnlyList<KindCount> Counts,
        IReadOnlyList<QuestionView> Questions, bool Truncated);

    public const int MaxShown = 500;

    public static async Task<Outcome<Response>> Handle(long id, AppDb db, Scope scope, CancellationToken ct)
    {
        var bank = await scope.FindAsync(db.QuestionBanks.AsNoTracking(), id, ct);
        if (bank is null)
        {
            return Outcome<Response>.NotFound("题库");
        }
        var name = await db.Organizations.AsNoTracking().Where(o => o.Id == bank.OrganizationId).Select(o => o.Name).FirstAsync(ct);
        var counts = await db.Questions.AsNoTracking().Where(q => q.BankId == id && !q.Retired).GroupBy(q => q.Kind)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var questions = await db.Questions.AsNoTracking().Where(q => q.BankId == id && !q.Retired).OrderBy(q => q.Id).Take(MaxShown + 1).ToListAsync(ct);
        return Outcome<Response>.Ok(new Response(bank.Id, bank.OrganizationId, name, bank.Title,
            [.. Enum.GetValues<QuestionKind>().Select(k => new KindCount(k, k.Chinese(), counts.GetValueOrDefault(k)))],
            [.. questions.Take(MaxShown).Select(q => new QuestionView(q.Id, q.Kind, q.Kind.Chinese(), q.Text, q.OptionList, q.Answer, q.Explanation))],
            questions.Count > MaxShown));
    }
}

public static class ListQuestionBanks
{
    public sealed record Row(long Id, string Title, string OrganizationName, int Questions);

    public static async Task<Outcome<IReadOnlyList<Row>>> Handle(long? organizationId, CurrentUser user, AppDb db, Scope scope, CancellationToken ct)
    {
        var root = await StudyScopes.RootAsync(organizationId, user, db, scope, ct);
        if (root is null)
        {
            return Outcome<IReadOnlyList<Row>>.NotFound("党组织");
        }
        var hi = OrgPath.UpperBound(root);
        var rows = await db.QuestionBanks.AsNoTracking().Where(b => string.Compare(b.OrgPath, root) >= 0 && string.Compare(b.OrgPath, hi) < 0)
            .OrderBy(b => b.OrgPath).ThenBy(b => b.Id).Take(200)
            .Join(db.Organizations, b => b.OrganizationId, o => o.Id, (b, o) => new { b.Id, b.Title, o.Name, Count = b.Questions.Count(q => !q.Retired) })
            .ToListAsync(ct);
        return Outcome<IReadOnlyList<Row>>.Ok([.. rows.Select(r => new Row(r.Id, r.Title, r.Name, r.Count))]);
    }
}

/// <summary>The question sheet's layout: the template offered for download and the columns the import reads.</summary>
public static class QuestionSheet
{
    public const string ContentType = MemberSheet.ContentType;

    public static readonly IReadOnlyList<string> Columns = ["题型", "题目", "选项A", "选项B", "选项C", "选项D", "选项E", "选项F", "答案", "解析"];

    public static async Task<byte[]> TemplateAsync(CancellationToken ct)
    {
        using var output = new MemoryStream();
        await using (var book = await Spreadsheet.CreateNewAsync(output, new SpreadCheetahOptions { WriteCellReferenceAttributes = true }, ct))
        {
            await book.StartWorksheetAsync("题库", token: ct);
            await book.AddHeaderRowAsync([.. Columns], token: ct);
            await book.AddRowAsync(Row("单选", "中国共产党的最高理想和最终目标是什么？", ["实现共产主义", "全面建成小康社会", "实现现代化", "实现中华民族伟大复兴"], "A", "见《中国共产党章程》总纲。"), ct);
            await book.AddRowAsync(Row("多选", "“三会一课”包括哪些？", ["支部党员大会", "支部委员会", "党小组会", "按时上好党课"], "ABCD", ""), ct);
            await book.AddRowAsync(Row("判断", "预备党员没有表决权。", [], "对", "预备党员享有除表决权、选举权和被选举权以外的党员权利。"), ct);
            await book.FinishAsync(ct);
        }
        return output.ToArray();
    }

    private static Cell[] Row(string kind, string text, string[] options, string answer, string explanation) =>
        [new Cell(kind), new Cell(text), .. Enumerable.Range(0, QuizRules.MaxOptions).Select(i => new Cell(i < options.Length ? options[i] : "")), new Cell(answer), new Cell(explanation)];
}
