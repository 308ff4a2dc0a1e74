using Dangjian.Features.Organizations;
using Dangjian.Features.Shared;
using Dangjian.Platform.Data;
using Dangjian.Platform.Http;
using Dangjian.Platform.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Features.Units;

/// <summary>The units of the caller's area, or of one organization's area (?organizationId=), with their coverage figures.</summary>
[RequirePermission(Permission.ViewOrganizations)]
public class IndexModel(AppDb db, Scope scope, CurrentUser user) : AppPageModel
{
    [BindProperty(SupportsGet = true)]
    public UnitKind? Kind { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool? Covered { get; set; }

    /// <summary>Whose area is listed; the caller's own organization when absent.</summary>
    [BindProperty(SupportsGet = true)]
    public long? OrganizationId { get; set; }

    /// <summary>Not "page": Razor Pages reserves that route value for the page's own name.</summary>
    [BindProperty(SupportsGet = true)]
    public int PageNo { get; set; } = 1;

    public Page<ListUnits.View> Result { get; private set; } = new([], 1, PageRequest.DefaultSize, 0);
    public UnitCoverage.Report Coverage { get; private set; } = null!;
    public string AreaName { get; private set; } = "";
    public long AreaId { get; private set; }
    public bool CanManage { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var listed = await ListUnits.Handle(Kind, Covered, OrganizationId, Math.Max(PageNo, 1), null, db, scope, Aborted);
        if (listed.NotFoundWhat is { } what)
        {
            return Missing(what);
        }
        Result = listed.Value ?? Result;
        Coverage = (await UnitCoverage.Handle(OrganizationId, db, scope, user, Aborted)).Value!;
        AreaId = Coverage.OrganizationId;
        AreaName = await db.Organizations.Where(o => o.Id == AreaId).Select(o => o.Name).SingleAsync(Aborted);
        CanManage = await user.CanAsync(Permission.ManageOrganizations, Aborted);
        return Page();
    }

    public string FilterUrl(UnitKind? kind, bool? covered, int? pageNo = null) =>
        Url.Page("/Units/Index", new { organizationId = OrganizationId, kind, covered, pageNo }) ?? "/Units";
}
