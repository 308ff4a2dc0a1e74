using Dangjian.Features.Shared;
using Dangjian.Platform.Data;
using Dangjian.Platform.Rules;
using Dangjian.Platform.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Features.Organizations;

[RequirePermission(Permission.ViewOrganizations)]
public class DetailsModel(AppDb db, Scope scope, RuleBook rules, CurrentUser user, TimeProvider clock) : AppPageModel
{
    public sealed class PartTimeForm
    {
        public string? Name { get; set; }
        public string? Post { get; set; }
        public long? UnitId { get; set; }
    }

    public sealed record UnitChoice(long Id, string Name, bool Paired);

    /// <summary>How many units the part-time form offers at most (a county's area can hold thousands).</summary>
    public const int UnitChoiceLimit = 200;

    [BindProperty]
    public PartTimeForm PartTime { get; set; } = new();

    public GetOrganization.Response Org { get; private set; } = null!;
    public UnitCoverage.Report Coverage { get; private set; } = null!;
    public IReadOnlyList<UnitChoice> UnitChoices { get; private set; } = [];
    public bool CanManage { get; private set; }
    public bool CanViewMembers { get; private set; }
    public bool CanAddMembers { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id)
    {
        var outcome = await GetOrganization.Handle(id, db, scope, rules, Aborted);
        if (!outcome.Succeeded)
        {
            return Missing("党组织");
        }
        Org = outcome.Value!;
        CanManage = await user.CanAsync(Permission.ManageOrganizations, Aborted);
        CanViewMembers = await user.CanAsync(Permission.ViewMembers, Aborted);
        CanAddMembers = Org.Kind != OrganizationKind.PartyGroup && await user.CanAsync(Permission.ManageMembers, Aborted);
        Coverage = (await UnitCoverage.Handle(id, db, scope, user, Aborted)).Value!;
        if (CanManage)
        {
            UnitChoices = await UnitChoicesAsync(Org.Path);
        }
        return Page();
    }

    public async Task<IActionResult> OnPostPartTimeAsync(long id)
    {
        if (!await user.CanAsync(Permission.ManageOrganizations, Aborted))
        {
            return Forbid();
        }
        if (!ModelState.IsValid)
        {
            return await OnGetAsync(id);
        }
        var outcome = await AddPartTimeCommitteeMember.Handle(id, new AddPartTimeCommitteeMember.Request(PartTime.Name, PartTime.Post, PartTime.UnitId ?? 0), db, scope, Aborted);
        if (outcome.NotFoundWhat is { } what)
        {
            return Missing(what);
        }
        if (!outcome.Succeeded)
        {
            ShowRefusal(outcome, nameof(PartTime));
            return await OnGetAsync(id);
        }
        Flash = $"已增加兼职委员 {PartTime.Name!.Trim()}";
        return Redirect($"/Organizations/Details?id={id}#parttime-title");
    }

    /// <summary>
    /// The units a part-time member may come from, as choices: those of this organization's area and of the areas it lies
    /// in (a resident unit is registered with the street, its leader sits on the community's committee), within the
    /// caller's subtree; units paired with this organization first. The use case checks the one chosen.
    /// </summary>
    private async Task<IReadOnlyList<UnitChoice>> UnitChoicesAsync(string path)
    {
        var scopePath = await scope.PathAsync(Aborted);
        var around = new List<string>();
        var prefix = OrgPath.Root;
        foreach (var ancestor in OrgPath.Ids(path))
        {
            prefix = OrgPath.Child(prefix, ancestor);
            if (OrgPath.IsWithin(prefix, scopePath))
            {
                around.Add(prefix);
            }
        }
        var hi = OrgPath.UpperBound(path);
        var id = Org.Id;
        var inReach = db.Units.AsNoTracking()
            .Where(u => around.Contains(u.AreaPath) || (string.Compare(u.AreaPath, path) >= 0 && string.Compare(u.AreaPath, hi) < 0));
        // Two queries, so that the second can walk the name index at a province (one ordered by "paired first" sorts the
        // whole area).
        var paired = await inReach.Where(u => u.PairedOrganizationId == id).OrderBy(u => u.Name).ThenBy(u => u.Id)
            .Take(UnitChoiceLimit).Select(u => new UnitChoice(u.Id, u.Name, true)).ToListAsync(Aborted);
        var others = await inReach.Where(u => u.PairedOrganizationId == null || u.PairedOrganizationId != id).OrderBy(u => u.Name).ThenBy(u => u.Id)
            .Take(UnitChoiceLimit - paired.Count).Select(u => new UnitChoice(u.Id, u.Name, false)).ToListAsync(Aborted);
        return [.. paired, .. others];
    }

    public sealed class ContactForm
    {
        public string? Phone { get; set; }
        public string? Address { get; set; }
    }

    [BindProperty]
    public ContactForm Contact { get; set; } = new();

    public async Task<IActionResult> OnPostContactAsync(long id)
    {
        if (!await user.CanAsync(Permission.ManageOrganizations, Aborted))
        {
            return Forbid();
        }
        var outcome = await SetOrganizationContact.Handle(id, new SetOrganizationContact.Request(Contact.Phone, Contact.Address, null), db, scope, Aborted);
        if (outcome.NotFoundWhat is { } what)
        {
            return Missing(what);
        }
        if (!outcome.Succeeded)
        {
            ShowRefusal(outcome, nameof(Contact));
            return await OnGetAsync(id);
        }
        Flash = "联系方式已保存，居民在首页可以看到";
        return Redirect($"/Organizations/Details?id={id}#contact-title");
    }

    public async Task<IActionResult> OnPostDissolveAsync(long id)
    {
        if (!await user.CanAsync(Permission.ManageOrganizations, Aborted))
        {
            return Forbid();
        }
        var outcome = await DissolveOrganization.Handle(id, db, scope, clock, Aborted);
        if (outcome.Succeeded)
        {
            Flash = "组织已撤销";
            return Redirect("/Organizations");
        }
        ShowRefusal(outcome, "");
        return await OnGetAsync(id);
    }
}
