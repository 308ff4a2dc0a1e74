using Dangjian.Features.Shared;
using Dangjian.Platform.Data;
using Dangjian.Platform.PersonalData;
using Dangjian.Platform.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Features.Meetings;

/// <summary>
/// Where a member's phone lands from the host's QR code: the meeting, and one large button to sign in. The code travels
/// in the form; the member is the signed-in account's own record, so nothing personal is ever in the address.
/// </summary>
[RequirePermission(Permission.AttendMeetings)]
public class AttendModel(CurrentUser user, AppDb db, PersonalDataProtector protector, TimeProvider clock) : AppPageModel
{
    [BindProperty(SupportsGet = true, Name = "m")]
    public long MeetingId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Code { get; set; }

    public string? Title { get; private set; }
    public DateTimeOffset StartsAt { get; private set; }
    public string? Place { get; private set; }
    public SignInToMeeting.Response? Result { get; private set; }
    public string? Refusal { get; private set; }

    public async Task<IActionResult> OnGetAsync() => await LoadAsync() ? Page() : Missing("会议");

    public async Task<IActionResult> OnPostAsync()
    {
        if (!await LoadAsync())
        {
            return Missing("会议");
        }
        var outcome = await SignInToMeeting.Handle(MeetingId, new SignInToMeeting.Request(Code), user, db, protector, clock, Aborted);
        Result = outcome.Value;
        Refusal = outcome.Messages().Select(m => m.Message).FirstOrDefault();
        return Page();
    }

    /// <summary>The meeting, when it expects the signed-in member; otherwise it does not exist for them.</summary>
    private async Task<bool> LoadAsync()
    {
        var account = await user.RequireAsync(Aborted);
        var meeting = await db.Meetings.AsNoTracking()
            .Where(m => m.Id == MeetingId && m.Attendees.Any(a => a.MemberId == account.MemberId))
            .Select(m => new { m.Kind, m.Topic, m.StartsAt, m.Place }).FirstOrDefaultAsync(Aborted);
        if (meeting is null)
        {
            return false;
        }
        (Title, StartsAt, Place) = ($"{meeting.Kind.Chinese()}：{meeting.Topic}", meeting.StartsAt, meeting.Place);
        return true;
    }
}
