using Dangjian.Features.Shared;
using Dangjian.Platform.Data;
using Dangjian.Platform.Http;
using Dangjian.Platform.Security;
using Dangjian.Platform.Time;
using Microsoft.AspNetCore.Mvc;

namespace Dangjian.Features.Meetings;

/// <summary>Plans a meeting (or enters one already held, up to a year back): the organization, kind, topic, Beijing time and people.</summary>
[RequirePermission(Permission.ManageMeetings)]
public class NewModel(AppDb db, Scope scope, TimeProvider clock) : AppPageModel
{
    public sealed class MeetingForm
    {
        public long? OrganizationId { get; set; }
        public MeetingKind? Kind { get; set; }
        public string? Topic { get; set; }
        /// <summary>The day (named after the use case's field, so that its messages land beside this box).</summary>
        public DateOnly? StartsAt { get; set; }
        public TimeOnly? Time { get; set; }
        public string? Place { get; set; }
        public string? HostName { get; set; }
        public string? RecorderName { get; set; }
        public string? LecturerName { get; set; }
    }

    [BindProperty]
    public MeetingForm Input { get; set; } = new();

    public OrganizationPicker OrganizationPicker { get; } = new()
    {
        Field = "Input.OrganizationId", Label = "召开会议的党组织 *", PartyGroups = true,
        Help = "党小组会请选择党小组；党员大会、支委会、主题党日等选择党支部。",
    };

    public async Task OnGetAsync(MeetingKind? kind, long? organizationId)
    {
        Input.Kind = kind;
        Input.StartsAt = clock.Today();
        Input.Time = new TimeOnly(9, 0);
        await OrganizationPicker.LoadAsync(organizationId, db, scope, Aborted, preselectOwn: true);
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (ModelState.IsValid)
        {
            DateTimeOffset? startsAt = Input.StartsAt is { } d ? BeijingDay.Start(d).Add((Input.Time ?? new TimeOnly(9, 0)).ToTimeSpan()) : null;
            var outcome = await PlanMeeting.Handle(new PlanMeeting.Request(Input.OrganizationId ?? 0, Input.Kind, Input.Topic, startsAt, null,
                Input.Place, Input.HostName, Input.RecorderName, Input.LecturerName), db, scope, clock, Aborted);
            if (outcome.Succeeded)
            {
                Flash = "会议已计划，应到人员已按组织生成";
                return Redirect($"/Meetings/Details?id={outcome.Value}");
            }
            ShowRefusal(outcome);
        }
        await OrganizationPicker.LoadAsync(Input.OrganizationId, db, scope, Aborted);
        return Page();
    }
}
