using Dangjian.Features.Members;
using Dangjian.Features.Organizations;
using Dangjian.Features.Shared;
using Dangjian.Platform.Data;
using Dangjian.Platform.PersonalData;
using Dangjian.Platform.Rules;
using Dangjian.Platform.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Features.Transfers;

/// <summary>Issues an introduction letter (转出) for a member, to an organization found by name or to one outside the system.</summary>
[RequirePermission(Permission.ManageTransfers)]
public class NewModel(AppDb db, Scope scope, RuleBook rules, PersonalDataProtector protector, TimeProvider clock) : AppPageModel
{
    public sealed class LetterForm
    {
        public long? ToOrganizationId { get; set; }
        public string? ToExternal { get; set; }
        public string? LetterNumber { get; set; }
        public string? DuesPaidThrough { get; set; }
        public DateOnly? IssuedOn { get; set; }
        public int? ValidityDays { get; set; }
        public string? Note { get; set; }
    }

    [BindProperty]
    public LetterForm Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public long MemberId { get; set; }

    public GetMember.Response Member { get; private set; } = null!;
    public RuleBook.Resolved Validity { get; private set; } = null!;
    /// <summary>Where to: any organization in the system that may receive a member, found by name or initials (names only).</summary>
    public OrganizationPicker DestinationPicker { get; } = new()
    {
        Field = "Input.ToOrganizationId",
        Label = "转入党组织",
        Directory = true,
        Help = "输入组织名称中的字或拼音首字母，如：光明 或 gmsq；也可逐级展开选择。",
    };

    public async Task<IActionResult> OnGetAsync()
    {
        if (!await LoadAsync())
        {
            return Missing("党员");
        }
        var today = DateOnly.FromDateTime(clock.GetLocalNow().Date);
        Input.IssuedOn = today;
        Input.DuesPaidThrough = today.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!await LoadAsync())
        {
            return Missing("党员");
        }
        if (ModelState.IsValid)
        {
            var request = new IssueTransfer.Request(MemberId, Input.ToOrganizationId, Input.ToExternal, Input.LetterNumber,
                Input.DuesPaidThrough, Input.IssuedOn, Input.ValidityDays, Input.Note);
            var outcome = await IssueTransfer.Handle(request, db, scope, rules, clock, Aborted);
            if (outcome.Succeeded)
            {
                Flash = $"已为 {Member.Name} 开具介绍信 {Input.LetterNumber?.Trim()}，等待转入组织接收";
                return Redirect($"/Members/Details?id={MemberId}");
            }
            ShowRefusal(outcome);
        }
        // The choice is shown again, so that a mistake elsewhere does not lose it; only an organization the directory
        // itself would list, so that a posted id cannot read any other organization's name.
        await DestinationPicker.LoadAsync(Input.ToOrganizationId, db, scope, Aborted);
        return Page();
    }

    private async Task<bool> LoadAsync()
    {
        var member = await GetMember.Handle(MemberId, db, scope, protector, clock, Aborted);
        if (!member.Succeeded)
        {
            return false;
        }
        Member = member.Value!;
        var path = await db.Organizations.AsNoTracking().Where(o => o.Id == Member.OrganizationId).Select(o => o.Path).FirstAsync(Aborted);
        Validity = await rules.ResolveAsync(RuleCatalog.TransferLetterValidityDays, path, Aborted);
        return true;
    }
}
