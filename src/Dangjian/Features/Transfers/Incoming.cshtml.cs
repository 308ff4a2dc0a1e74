using Dangjian.Features.Members;
using Dangjian.Features.Shared;
using Dangjian.Platform.Data;
using Dangjian.Platform.PersonalData;
using Dangjian.Platform.Rules;
using Dangjian.Platform.Security;
using Microsoft.AspNetCore.Mvc;

namespace Dangjian.Features.Transfers;

/// <summary>A member arriving with a letter from another city's system: registered here on arrival, with the receipt.</summary>
[RequirePermission(Permission.ManageTransfers)]
public class IncomingModel(AppDb db, Scope scope, RuleBook rules, PersonalDataProtector protector, TimeProvider clock) : AppPageModel
{
    public sealed class LetterForm
    {
        public string? FromExternal { get; set; }
        public string? LetterNumber { get; set; }
        public string? DuesPaidThrough { get; set; }
        public DateOnly? IssuedOn { get; set; }
        public string? ReceiptNumber { get; set; }
    }

    /// <summary>The member's fields (named as the member form names them, so the same messages land on them).</summary>
    [BindProperty]
    public MemberInput Input { get; set; } = MemberForm.New(0);

    [BindProperty]
    public LetterForm Letter { get; set; } = new();

    public OrganizationPicker OrganizationPicker { get; } = new() { Field = "Input.OrganizationId", Label = "编入党组织 *" };

    public async Task OnGetAsync()
    {
        Letter.DuesPaidThrough = DateOnly.FromDateTime(clock.GetLocalNow().Date).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        await OrganizationPicker.LoadAsync(null, db, scope, Aborted, preselectOwn: true);
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (ModelState.IsValid)
        {
            var request = new ReceiveIncomingTransfer.Request(Input, Letter.FromExternal, Letter.LetterNumber, Letter.DuesPaidThrough,
                Letter.IssuedOn, Letter.ReceiptNumber);
            var outcome = await ReceiveIncomingTransfer.Handle(request, db, scope, rules, protector, clock, Aborted);
            if (outcome.Succeeded)
            {
                Flash = $"已接收 {Input.Name?.Trim()} 的组织关系并登记为党员";
                return Redirect($"/Members/Details?id={outcome.Value}");
            }
            ShowRefusal(outcome, "Input", "Letter");
        }
        await OrganizationPicker.LoadAsync(Input.OrganizationId, db, scope, Aborted);
        return Page();
    }
}
