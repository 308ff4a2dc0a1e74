using Dangjian.Features.Shared;
using Dangjian.Platform.Data;
using Dangjian.Platform.Http;
using Dangjian.Platform.Security;
using Microsoft.AspNetCore.Mvc;

namespace Dangjian.Features.Study;

/// <summary>A question bank: counts per kind, the questions with their answers, importing a sheet and retiring a question.</summary>
[RequirePermission(Permission.ManageMeetings)]
public class BankModel(AppDb db, Scope scope) : AppPageModel
{
    [BindProperty(SupportsGet = true)]
    public long Id { get; set; }

    public GetQuestionBank.Response Bank { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync() => await ShowAsync() ? Page() : Missing("题库");

    public async Task<IActionResult> OnPostImportAsync(IFormFile? file)
    {
        Outcome<int> outcome;
        if (file is null)
        {
            outcome = Outcome<int>.Invalid("file", "请选择题库文件（.xlsx）");
        }
        else
        {
            await using var content = file.OpenReadStream();
            outcome = await ImportQuestions.Handle(Id, content, db, scope, Aborted);
        }
        if (outcome.Succeeded)
        {
            Flash = $"已导入 {outcome.Value} 道题";
            return Redirect($"/Study/Bank?id={Id}");
        }
        if (!await ShowAsync())
        {
            return Missing("题库");
        }
        ShowRefusal(outcome, "");
        return Page();
    }

    public async Task<IActionResult> OnPostRetireAsync(long questionId)
    {
        var outcome = await RetireQuestion.Handle(Id, questionId, db, scope, Aborted);
        if (outcome.Succeeded)
        {
            Flash = "该题已停用";
            return Redirect($"/Study/Bank?id={Id}");
        }
        return await ShowAsync() ? Page() : Missing("题库");
    }

    private async Task<bool> ShowAsync()
    {
        var outcome = await GetQuestionBank.Handle(Id, db, scope, Aborted);
        if (outcome.Value is null)
        {
            return false;
        }
        Bank = outcome.Value;
        return true;
    }
}
