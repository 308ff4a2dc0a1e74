using Dangjian.Features.Shared;
using Dangjian.Platform.Data;
using Dangjian.Platform.Jobs;
using Dangjian.Platform.Rules;
using Dangjian.Platform.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Dangjian.Features.Organizations;

/// <summary>
/// Moves an organization, with everything under it, to a new parent in the caller's subtree: at once, or for a large
/// subtree by a background job whose page shows its progress.
/// </summary>
[RequirePermission(Permission.ManageOrganizations)]
public class MoveModel(AppDb db, Scope scope, RuleBook rules, JobQueue jobs, IOptions<MoveOptions> options) : AppPageModel
{
    public sealed class MoveForm
    {
        public long? NewParentId { get; set; }
    }

    [BindProperty]
    public MoveForm Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public long Id { get; set; }

    public GetOrganization.Response Org { get; private set; } = null!;
    public OrganizationPicker ParentPicker { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync()
    {
        if (!await LoadAsync())
        {
            return Missing("党组织");
        }
        Input.NewParentId = Org.ParentId;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!await LoadAsync())
        {
            return Missing("党组织");
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var outcome = await MoveOrganization.StartAsync(Id, new MoveOrganization.Request(Input.NewParentId), db, scope, jobs, options.Value, Aborted);
        if (!outcome.Succeeded)
        {
            ShowRefusal(outcome);
            return Page();
        }
        if (outcome.Value!.Job is { } job)
        {
            Flash = "下级党员较多，已转入后台移动。移动完成前，组织树保持原样";
            return Redirect($"/Jobs/Details?id={job.Id}");
        }
        Flash = "已移动";
        return Redirect($"/Organizations/Details?id={Id}");
    }

    private async Task<bool> LoadAsync()
    {
        var outcome = await GetOrganization.Handle(Id, db, scope, rules, Aborted);
        if (!outcome.Succeeded)
        {
            return false;
        }
        Org = outcome.Value!;
        // Offer only the organizations it may sit under by the placement rules, and not itself (the use case refuses
        // both anyway, and a move below its own subtree).
        var allowed = PlacementRules.ParentsOf(Org.Kind);
        ParentPicker = new OrganizationPicker
        {
            Field = "Input.NewParentId",
            Label = "新的上级组织",
            Kinds = allowed,
            PartyGroups = allowed.Contains(OrganizationKind.PartyGroup),
            Exclude = Org.Id,
            Help = $"只列出“{Org.KindName}”按规定可以隶属的组织；可输入名称或拼音首字母查找，也可逐级展开。",
        };
        await ParentPicker.LoadAsync(Input.NewParentId ?? Org.ParentId, db, scope, Aborted);
        return true;
    }
}
