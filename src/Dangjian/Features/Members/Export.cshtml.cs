using Dangjian.Features.Shared;
using Dangjian.Platform.Data;
using Dangjian.Platform.Jobs;
using Dangjian.Platform.PersonalData;
using Dangjian.Platform.Security;
using Microsoft.AspNetCore.Mvc;

namespace Dangjian.Features.Members;

/// <summary>
/// Starts a background export of the member list as it is filtered (the list's button when the selection is larger
/// than a request exports) and takes the caller to the job's page, where the progress and then the download show.
/// </summary>
[RequirePermission(Permission.ImportExportMembers)]
public sealed class ExportModel(JobQueue jobs, AppDb db, Scope scope, CurrentUser user, PersonalDataProtector protector, TimeProvider clock) : AppPageModel
{
    [BindProperty]
    public string? Q { get; set; }

    [BindProperty]
    public long? OrganizationId { get; set; }

    [BindProperty]
    public MemberCategory? Category { get; set; }

    [BindProperty]
    public MembershipStatus? Status { get; set; }

    [BindProperty]
    public string? Flags { get; set; }

    [BindProperty]
    public string? Sort { get; set; }

    public IActionResult OnGet() => Redirect("/Members");

    public async Task<IActionResult> OnPostAsync()
    {
        var outcome = await MemberExportJob.StartAsync(new SearchMembers.Query(Q, OrganizationId, Category, Status, Flags, Sort), jobs, db, scope, user,
            protector, clock, Aborted);
        if (outcome.Value is { } job)
        {
            return Redirect($"/Jobs/Details?id={job.Id}");
        }
        if (outcome.NotFoundWhat is { } what)
        {
            return Missing(what);
        }
        ShowRefusal(outcome, "");
        return Page();
    }
}
