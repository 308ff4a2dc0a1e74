using Dangjian.Features.Shared;
using Dangjian.Platform.Data;
using Dangjian.Platform.PersonalData;
using Dangjian.Platform.Security;
using Microsoft.AspNetCore.Mvc;

namespace Dangjian.Features.Members;

/// <summary>A member's record with ID and phone masked; a viewer who holds the right may reveal them (audited).</summary>
[RequirePermission(Permission.ViewMembers)]
public class DetailsModel(AppDb db, Scope scope, CurrentUser user, PersonalDataProtector protector, TimeProvider clock) : AppPageModel
{
    [BindProperty(SupportsGet = true)]
    public long Id { get; set; }

    public GetMember.Response Member { get; private set; } = null!;
    public GetMember.Revealed? Revealed { get; private set; }
    public bool CanReveal { get; private set; }
    public bool CanCall { get; private set; }
    public bool CanEdit { get; private set; }
    public bool CanTransfer { get; private set; }
    public bool CanAudit { get; private set; }
    public bool CanOpenAccount { get; private set; }

    /// <summary>Set when the member was transferred out of the caller's area: the page says so instead of "not found".</summary>
    public TransferredAway.Notice? Away { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (await TransferredAway.Handle(Id, db, scope, Aborted) is { } away)
        {
            Away = away;
            return Page();
        }
        var outcome = await GetMember.Handle(Id, db, scope, protector, clock, Aborted);
        if (!outcome.Succeeded)
        {
            return Missing("党员");
        }
        Member = outcome.Value!;
        CanReveal = await user.CanAsync(Permission.RevealPersonalData, Aborted);
        CanCall = await user.CanAsync(Permission.CallMembers, Aborted);
        CanEdit = await user.CanAsync(Permission.ManageMembers, Aborted);
        CanTransfer = await user.CanAsync(Permission.ManageTransfers, Aborted);
        CanAudit = await user.CanAsync(Permission.ViewAudit, Aborted);
        CanOpenAccount = await user.CanAsync(Permission.ManageAccounts, Aborted);
        return Page();
    }

    /// <summary>Hands the number to the phone's dialler (a redirect to tel:), audited; the page never shows it.</summary>
    public async Task<IActionResult> OnPostCallAsync()
    {
        if (!await user.CanAsync(Permission.CallMembers, Aborted))
        {
            return Forbid();
        }
        var call = await CallMember.Handle(Id, db, scope, protector, Aborted);
        if (call.NotFoundWhat is not null)
        {
            return Missing("党员");
        }
        if (!call.Succeeded)
        {
            Flash = "该党员没有登记联系电话";
            return Redirect($"/Members/Details?id={Id}");
        }
        return Redirect(call.Value!.TelUri);
    }

    public async Task<IActionResult> OnPostRevealAsync()
    {
        if (!await user.CanAsync(Permission.RevealPersonalData, Aborted))
        {
            return Forbid();
        }
        var revealed = await GetMember.Reveal(Id, db, scope, protector, Aborted);
        if (!revealed.Succeeded)
        {
            return Missing("党员");
        }
        Revealed = revealed.Value;
        return await OnGetAsync();
    }
}
