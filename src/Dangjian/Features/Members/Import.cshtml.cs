using Dangjian.Features.Shared;
using Dangjian.Platform.Data;
using Dangjian.Platform.Jobs;
using Dangjian.Platform.PersonalData;
using Dangjian.Platform.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Dangjian.Features.Members;

/// <summary>
/// Upload a filled-in template; either every member is registered, or the page lists every bad row. A file over
/// <see cref="ImportOptions.InRequestBytes"/> is imported by a background job, whose page shows its progress.
/// </summary>
// The policy name is PermissionCatalog.PolicyName(Permission.ImportExportMembers), spelled as a constant because attributes need one.
[Authorize(Policy = "perm:" + nameof(Permission.ImportExportMembers))]
// Room for the largest file the import accepts; a larger body is refused before it is read.
[RequestSizeLimit(MemberSheet.MaxRequestBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = MemberSheet.MaxRequestBytes)]
public sealed class ImportModel(AppDb db, Scope scope, PersonalDataProtector protector, TimeProvider clock, JobQueue jobs,
    IOptions<ImportOptions> options, ILogger<ImportModel> log) : AppPageModel
{
    [BindProperty]
    public IFormFile? Upload { get; set; }

    public ImportMembers.Report? Report { get; private set; }

    [TempData]
    public int? Imported { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (Upload is null || Upload.Length == 0)
        {
            ModelState.AddModelError(nameof(Upload), "请选择要导入的Excel文件（.xlsx）");
            return Page();
        }
        await using var stream = Upload.OpenReadStream();
        if (Upload.Length > options.Value.InRequestBytes)
        {
            var (job, refusal) = await MemberImportJob.StartAsync(stream, Upload.FileName, jobs, db, ct);
            if (job is null)
            {
                Report = refusal;
                return Page();
            }
            Flash = "文件较大，已转入后台导入。导入完成前，不会登记任何一名党员";
            return Redirect($"/Jobs/Details?id={job.Id}");
        }
        Report = await ImportMembers.Handle(stream, Upload.FileName, db, scope, protector, clock, ct, log);
        if (!Report.Succeeded)
        {
            return Page();
        }
        // Post/redirect/get: refreshing the page must not import the file a second time.
        Imported = Report.Imported;
        return RedirectToPage();
    }
}
