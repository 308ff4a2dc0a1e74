using System.Globalization;
using System.Text;
using Dangjian.Features.Shared;
using Dangjian.Platform.Data;
using Dangjian.Platform.PersonalData;
using Dangjian.Platform.Security;
using Microsoft.AspNetCore.Mvc;

namespace Dangjian.Features.Members;

/// <summary>
/// The member list. The search form is an ordinary GET form; htmx sends it as you type and swaps only the results
/// (the same URL answers with the results fragment when htmx asks for it), and puts the query in the address bar.
/// </summary>
[RequirePermission(Permission.ViewMembers)]
public class IndexModel(AppDb db, Scope scope, CurrentUser user, PersonalDataProtector protector) : AppPageModel
{
    public const string ResultsId = "member-results";

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    public long? OrganizationId { get; set; }

    [BindProperty(SupportsGet = true)]
    public MemberCategory? Category { get; set; }

    [BindProperty(SupportsGet = true)]
    public MembershipStatus? Status { get; set; }

    /// <summary>Flag filters; repeated (flags=a&amp;flags=b, as checkboxes send them) or comma-separated (as the API takes them).</summary>
    [BindProperty(SupportsGet = true)]
    public string[] Flags { get; set; } = [];

    [BindProperty(SupportsGet = true)]
    public string? Sort { get; set; }

    // Not "page": Razor Pages keeps that name for the page's own route value.
    [BindProperty(SupportsGet = true)]
    public int PageNo { get; set; } = 1;

    public SearchMembers.Response? Result { get; private set; }
    public OrganizationPicker OrganizationPicker { get; } = new() { Field = "organizationId", Label = "党组织（含下级）", NoneLabel = "全部", Help = "" };
    public bool CanExport { get; private set; }
    public bool CanCreate { get; private set; }

    public bool HasFilters => OrganizationId is not null || Category is not null || Status is not null || FlagList.Count > 0
        || Sort is not null && Sort != "name";

    public IReadOnlyList<string> FlagList => Flags.SelectMany(f => f.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Distinct().ToList();

    public static IReadOnlyList<(string Value, string Label)> SortOptions => SearchMembers.Sorts;

    public async Task<IActionResult> OnGetAsync()
    {
        var outcome = await SearchMembers.Handle(new SearchMembers.Query(Q, OrganizationId, Category, Status,
            FlagList.Count == 0 ? null : string.Join(',', FlagList), Sort, PageNo), db, scope, user, protector, Aborted);
        if (outcome.Succeeded)
        {
            Result = outcome.Value;
        }
        else
        {
            ShowRefusal(outcome, "");
        }
        // The results partial shows the export link too, so this is needed for both answers.
        CanExport = await user.CanAsync(Permission.ImportExportMembers, Aborted);
        // The same address answers with a whole page or with the results only: caches must keep them apart.
        Response.Headers.Vary = "HX-Request, HX-Target";
        if (Request.IsHtmxFor(ResultsId))
        {
            return Partial("_MemberResults", this);
        }
        await OrganizationPicker.LoadAsync(OrganizationId, db, scope, Aborted);
        CanCreate = await user.CanAsync(Permission.ManageMembers, Aborted);
        return Page();
    }

    /// <summary>The address of this list with the current filters, optionally another page or order.</summary>
    public string ListUrl(int? pageNo = null, string? sort = null) =>
        "/Members" + QueryString(sort ?? Sort, pageNo ?? PageNo, pageName: "pageNo");

    /// <summary>The export of the same selection, by the API's parameter names.</summary>
    public string ExportUrl => "/api/v1/members/export.xlsx" + QueryString(Sort, null, pageName: "page");

    private string QueryString(string? sort, int? pageNo, string pageName)
    {
        var parts = new List<(string, string?)>
        {
            ("q", Q), ("organizationId", OrganizationId?.ToString(CultureInfo.InvariantCulture)), ("category", Category?.ToString()),
            ("status", Status?.ToString()), ("flags", FlagList.Count == 0 ? null : string.Join(',', FlagList)), ("sort", sort),
            (pageName, pageNo is > 1 ? pageNo.Value.ToString(CultureInfo.InvariantCulture) : null),
        };
        var sb = new StringBuilder();
        foreach (var (name, value) in parts.Where(p => !string.IsNullOrEmpty(p.Item2)))
        {
            sb.Append(sb.Length == 0 ? '?' : '&').Append(name).Append('=').Append(Uri.EscapeDataString(value!));
        }
        return sb.ToString();
    }

    public static string SearchedByName(string searchedBy) => searchedBy switch
    {
        "idNumber" => "按身份证号查找",
        "idTail" => "按身份证号后四位查找",
        "phone" => "按联系电话查找",
        "initials" => "按姓名拼音首字母查找",
        "pinyin" => "按姓名全拼查找",
        "surname" => "按姓氏查找",
        "exact" => "按姓名查找",
        "infix" => "按姓名中的字查找",
        "partialNumber" => "号码不完整：请输入完整的手机号、18位身份证号或身份证号后四位",
        _ => "",
    };
}
