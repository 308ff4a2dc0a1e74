using Dangjian.Features.Organizations;
using Dangjian.Features.Shared;
using Dangjian.Platform.Data;
using Dangjian.Platform.Security;
using Microsoft.AspNetCore.Mvc;

namespace Dangjian.Features.Units;

/// <summary>One unit: what it reports, who covers it, the instructors sent to it; sending another is a form here.</summary>
[RequirePermission(Permission.ViewOrganizations)]
public class DetailsModel(AppDb db, Scope scope, CurrentUser user, TimeProvider clock) : AppPageModel
{
    public sealed class InstructorForm
    {
        public string? Name { get; set; }
        public DateOnly? AssignedOn { get; set; }
    }

    [BindProperty]
    public InstructorForm Instructor { get; set; } = new();

    public ListUnits.View Unit { get; private set; } = null!;
    public bool CanManage { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id) => await LoadAsync(id) ? Page() : Missing("单位");

    public async Task<IActionResult> OnPostInstructorAsync(long id)
    {
        if (!await user.CanAsync(Permission.ManageOrganizations, Aborted))
        {
            return Forbid();
        }
        if (!ModelState.IsValid)
        {
            return await OnGetAsync(id);
        }
        var outcome = await AssignInstructor.Handle(id, new AssignInstructor.Request(Instructor.Name, Instructor.AssignedOn), db, scope, clock, Aborted);
        if (outcome.NotFoundWhat is { } what)
        {
            return Missing(what);
        }
        if (!outcome.Succeeded)
        {
            ShowRefusal(outcome, "Instructor");
            return await OnGetAsync(id);
        }
        Flash = $"已选派党建指导员 {Instructor.Name!.Trim()}";
        return Redirect($"/Units/Details?id={id}");
    }

    private async Task<bool> LoadAsync(long id)
    {
        var outcome = await GetUnit.Handle(id, db, scope, Aborted);
        if (!outcome.Succeeded)
        {
            return false;
        }
        Unit = outcome.Value!;
        CanManage = await user.CanAsync(Permission.ManageOrganizations, Aborted);
        return true;
    }
}
