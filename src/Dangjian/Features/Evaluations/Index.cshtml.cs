using Dangjian.Features.Shared;
using Dangjian.Platform.Data;
using Dangjian.Platform.Security;
using Microsoft.AspNetCore.Mvc;

namespace Dangjian.Features.Evaluations;

/// <summary>The year's democratic evaluations in the caller's subtree, the 不合格 cases to follow up, and the way to start one.</summary>
[RequirePermission(Permission.ManageMeetings)]
public class IndexModel(CurrentUser user, AppDb db, Scope scope, TimeProvider clock) : AppPageModel
{
    [BindProperty(SupportsGet = true)]
    public long? OrganizationId { get; set; }

    [BindProperty(SupportsGet = true)]
    public int? Year { get; set; }

    public ListEvaluations.Response? List { get; private set; }

    public OrganizationPicker OrganizationPicker { get; } = new() { Field = "organizationId", Label = "党组织" };

    public int ThisYear => Platform.Http.DateChecks.Today(clock).Year;

    public async Task<IActionResult> OnGetAsync()
    {
        var outcome = await ListEvaluations.Handle(OrganizationId, Year, user, db, scope, clock, Aborted);
        if (outcome.Value is null)
        {
            return Missing("党组织");
        }
        List = outcome.Value;
        await OrganizationPicker.LoadAsync(OrganizationId, db, scope, Aborted, preselectOwn: true);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var outcome = await OpenEvaluation.Handle(new OpenEvaluation.Request(OrganizationId, Year), db, scope, clock, Aborted);
        if (outcome.Succeeded)
        {
            Flash = "民主评议已开始";
            return Redirect($"/Evaluations/Details?id={outcome.Value}");
        }
        ShowRefusal(outcome, "");
        return await OnGetAsync();
    }
}
