using Dangjian.Features.Shared;
using Dangjian.Platform.Data;
using Dangjian.Platform.PersonalData;
using Dangjian.Platform.Security;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Features.Meetings;

/// <summary>
/// The sign-in code a host shows on the day, on a screen or a phone held up: the QR code of the member's sign-in page,
/// made anew every 30 seconds (htmx swaps it), and how many have signed in so far.
/// </summary>
[RequirePermission(Permission.ManageMeetings)]
public class CodeModel(AppDb db, Scope scope, PersonalDataProtector protector, TimeProvider clock) : AppPageModel
{
    [BindProperty(SupportsGet = true)]
    public long Id { get; set; }

    public GetSignInCode.Response? Code { get; private set; }
    public string? Refusal { get; private set; }
    public string Topic { get; private set; } = "";
    public int Expected { get; private set; }
    public int SignedIn { get; private set; }
    public string Svg { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync()
    {
        var outcome = await GetSignInCode.Handle(Id, db, scope, protector, clock, Aborted);
        if (outcome.Value is null && outcome.ConflictReason is null)
        {
            return Missing("会议");
        }
        Code = outcome.Value;
        Refusal = outcome.ConflictReason;
        var meeting = await db.Meetings.AsNoTracking().Where(m => m.Id == Id)
            .Select(m => new { m.Topic, m.Kind, Expected = m.Attendees.Count, Signed = m.Attendees.Count(a => a.SignedInAt != null) }).FirstAsync(Aborted);
        Topic = $"{meeting.Kind.Chinese()}：{meeting.Topic}";
        (Expected, SignedIn) = (meeting.Expected, meeting.Signed);
        if (Code is not null)
        {
            Svg = QrCodes.Svg(UriHelper.BuildAbsolute(Request.Scheme, Request.Host, Request.PathBase, "/Meetings/Attend",
                QueryString.Create(new Dictionary<string, string?> { ["m"] = Id.ToString(System.Globalization.CultureInfo.InvariantCulture), ["code"] = Code.Code })));
        }
        return Request.IsHtmxFor("sign-in-code") ? Partial("_SignInCode", this) : Page();
    }
}
