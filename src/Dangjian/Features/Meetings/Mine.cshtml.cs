using Dangjian.Features.Shared;
using Dangjian.Platform.Data;
using Dangjian.Platform.Security;
using Microsoft.AspNetCore.Mvc;

namespace Dangjian.Features.Meetings;

/// <summary>A member's meetings: the coming ones, the year's past ones with how they took part, and the year's record.</summary>
[RequirePermission(Permission.AttendMeetings)]
public class MineModel(CurrentUser user, AppDb db, TimeProvider clock) : AppPageModel
{
    [BindProperty(SupportsGet = true)]
    public int? Year { get; set; }

    public MyMeetings.Response? Meetings { get; private set; }
    public string? Refusal { get; private set; }

    public async Task OnGetAsync()
    {
        var outcome = await MyMeetings.Handle(Year, user, db, clock, Aborted);
        Meetings = outcome.Value;
        Refusal = outcome.Messages().Select(m => m.Message).FirstOrDefault();
    }
}
