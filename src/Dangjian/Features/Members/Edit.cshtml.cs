using Dangjian.Features.Shared;
using Dangjian.Platform.Data;
using Dangjian.Platform.PersonalData;
using Dangjian.Platform.Security;
using Microsoft.AspNetCore.Mvc;

namespace Dangjian.Features.Members;

/// <summary>
/// Registers a member (?organizationId= optional) or edits one (?id=). Editing shows the full ID and phone numbers
/// in the form, so opening it is a reveal and is audited as one.
/// </summary>
[RequirePermission(Permission.ManageMembers)]
public class EditModel(AppDb db, Scope scope, CurrentUser user, PersonalDataProtector protector, TimeProvider clock) : AppPageModel
{
    [BindProperty]
    public MemberInput Input { get; set; } = MemberForm.New(0);

    [BindProperty(SupportsGet = true)]
    public long? Id { get; set; }

    [BindProperty]
    public int? Version { get; set; }

    public bool IsNew => Id is null;
    public string? OrganizationName { get; private set; }
    public OrganizationPicker OrganizationPicker { get; } = new() { Field = "Input.OrganizationId", Label = "所在党组织 *" };
    public IReadOnlyList<OrganizationChoices.Choice> PartyGroups { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(long? organizationId)
    {
        if (Id is { } id)
        {
            if (!await user.CanAsync(Permission.RevealPersonalData, Aborted))
            {
                return Forbid();
            }
            var member = await GetMember.Handle(id, db, scope, protector, clock, Aborted);
            if (!member.Succeeded)
            {
                return Missing("党员");
            }
            var full = await GetMember.Reveal(id, db, scope, protector, Aborted);
            Input = MemberForm.From(member.Value!, full.Value!);
            Version = member.Value!.Version;
            OrganizationName = member.Value.OrganizationName;
        }
        else if (organizationId is { } orgId)
        {
            Input = MemberForm.New(orgId);
        }
        await LoadChoicesAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (ModelState.IsValid)
        {
            var outcome = Id is { } id
                ? await UpdateMember.Handle(id, Input, Version, db, scope, protector, clock, Aborted)
                : await CreateMember.Handle(Input, db, scope, protector, clock, Aborted);
            if (outcome.Succeeded)
            {
                Flash = IsNew ? "党员已登记" : "已保存";
                return Redirect($"/Members/Details?id={outcome.Value}");
            }
            ShowRefusal(outcome);
        }
        if (Id is { } existing && await GetMember.Handle(existing, db, scope, protector, clock, Aborted) is { Succeeded: true } current)
        {
            OrganizationName = current.Value!.OrganizationName;
        }
        await LoadChoicesAsync();
        return Page();
    }

    /// <summary>The Party groups of the organization chosen in the form (htmx refreshes the list when it changes).</summary>
    public async Task<IActionResult> OnGetGroupsAsync([FromQuery(Name = "Input.OrganizationId")] long organizationId)
    {
        PartyGroups = await OrganizationChoices.PartyGroupsAsync(organizationId, db, scope, Aborted);
        return Partial("_PartyGroupSelect", this);
    }

    private async Task LoadChoicesAsync()
    {
        if (IsNew)
        {
            await OrganizationPicker.LoadAsync(Input.OrganizationId, db, scope, Aborted, preselectOwn: true);
            if (Input.OrganizationId == 0 && OrganizationPicker.Selected is { } own)
            {
                Input = Input with { OrganizationId = own.Id };
            }
        }
        if (Input.OrganizationId != 0)
        {
            PartyGroups = await OrganizationChoices.PartyGroupsAsync(Input.OrganizationId, db, scope, Aborted);
        }
    }
}
