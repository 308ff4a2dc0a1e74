using Dangjian.Platform.Data;
using Dangjian.Platform.PersonalData;
using Dangjian.Platform.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Dangjian.Features.Members;

/// <summary>Upload a filled-in template; either every member is registered, or the page lists every bad row.</summary>
// The policy name is PermissionCatalog.PolicyName(Permission.ImportExportMembers), spelled as a constant because attributes need one.
[Authorize(Policy = "perm:" + nameof(Permission.ImportExportMembers))]
// Room for the largest file the import accepts; a larger body is refused before it is read.
[RequestSizeLimit(MemberSheet.MaxRequestBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = MemberSheet.MaxRequestBytes)]
public sealed class ImportModel(AppDb db, Scope scope, PersonalDataProtector protector, TimeProvider clock, ILogger<ImportModel> log) : PageModel
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
