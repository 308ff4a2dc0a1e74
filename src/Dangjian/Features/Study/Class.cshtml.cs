using Dangjian.Features.Shared;
using Dangjian.Platform.Data;
using Dangjian.Platform.Http;
using Dangjian.Platform.Security;
using Microsoft.AspNetCore.Mvc;

namespace Dangjian.Features.Study;

/// <summary>One training class: its roster (the organization's members at once, trainees by name), attendance and hours, closing.</summary>
[RequirePermission(Permission.ManageMeetings)]
public class ClassModel(AppDb db, Scope scope) : AppPageModel
{
    public sealed class MarkInput
    {
        public long ParticipantId { get; set; }
        public bool Attended { get; set; }
        public decimal? Hours { get; set; }
    }

    [BindProperty(SupportsGet = true)]
    public long Id { get; set; }

    [BindProperty]
    public string? Guests { get; set; }

    [BindProperty]
    public List<MarkInput> Marks { get; set; } = [];

    public GetTrainingClass.Response Training { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync() => await ShowAsync() ? Page() : Missing("培训班");

    public Task<IActionResult> OnPostAllMembersAsync() => Act(() => AddTrainingParticipants.Handle(Id, new AddTrainingParticipants.Request(null, _organizationId, null), db, scope, Aborted),
        "已加入本组织的全部党员");

    public Task<IActionResult> OnPostGuestsAsync() => Act(() => AddTrainingParticipants.Handle(Id, new AddTrainingParticipants.Request(null, null,
        [.. (Guests ?? "").Split(['\n', '，', ',', '、'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)]), db, scope, Aborted), "学员已加入");

    public Task<IActionResult> OnPostAttendanceAsync() => Act(() => RecordTrainingAttendance.Handle(Id, new RecordTrainingAttendance.Request(
        [.. Marks.Select(m => new RecordTrainingAttendance.Mark(m.ParticipantId, m.Attended, m.Attended ? m.Hours : null))]), db, scope, Aborted), "出勤已保存");

    public Task<IActionResult> OnPostCloseAsync() => Act(() => CloseTrainingClass.Handle(Id, db, scope, Aborted), "培训班已结业，学时已计入党员活动记录");

    private long? _organizationId;

    private async Task<IActionResult> Act(Func<Task<Outcome<long>>> step, string done)
    {
        // The roster's "all members" needs the class's organization, read through the scope like any id.
        var current = await GetTrainingClass.Handle(Id, db, scope, Aborted);
        if (current.Value is null)
        {
            return Missing("培训班");
        }
        _organizationId = current.Value.OrganizationId;
        var outcome = await step();
        if (outcome.Succeeded)
        {
            Flash = done;
            return Redirect($"/Study/Class?id={Id}");
        }
        if (!await ShowAsync())
        {
            return Missing("培训班");
        }
        ShowRefusal(outcome, "");
        return Page();
    }

    private async Task<bool> ShowAsync()
    {
        var outcome = await GetTrainingClass.Handle(Id, db, scope, Aborted);
        if (outcome.Value is null)
        {
            return false;
        }
        Training = outcome.Value;
        return true;
    }
}
