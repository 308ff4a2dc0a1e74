using System.Text.RegularExpressions;
using Dangjian.Features.Shared;
using Dangjian.Platform.Data;
using Dangjian.Platform.Http;
using Dangjian.Platform.Rules;
using Dangjian.Platform.Security;
using Microsoft.AspNetCore.Mvc;

namespace Dangjian.Features.Meetings;

/// <summary>
/// One meeting and every step of it: attendance of each expected person, the minutes and their approval, holding,
/// closing (with the quorum checked), cancelling, and corrections of a closed record.
/// </summary>
[RequirePermission(Permission.ManageMeetings)]
public partial class DetailsModel(AppDb db, Scope scope, RuleBook rules, Platform.Notifications.OutgoingSignal signal,
    Platform.Attachments.AttachmentStore store, TimeProvider clock) : AppPageModel
{
    [BindProperty(SupportsGet = true)]
    public long Id { get; set; }

    public GetMeeting.Response Meeting { get; private set; } = null!;

    public sealed class MarkForm
    {
        public long MemberId { get; set; }
        public Attendance Attendance { get; set; }
        public string? Reason { get; set; }
    }

    [BindProperty]
    public List<MarkForm> Marks { get; set; } = [];

    public sealed class MinutesForm
    {
        public string? Minutes { get; set; }
        public string? Resolutions { get; set; }
    }

    [BindProperty]
    public MinutesForm Record { get; set; } = new();

    [BindProperty]
    public string? CancelReason { get; set; }

    [BindProperty]
    public AmendMeeting.Request Correction { get; set; } = new(null, null, null, null, null, null);

    /// <summary>The meeting is today (Beijing time): the host may show the sign-in code.</summary>
    public bool IsToday => Meeting.Day == clock.Today();

    public bool MayMark => Meeting.Status is MeetingStatus.Planned or MeetingStatus.Held && Meeting.Day <= clock.Today();

    public async Task<IActionResult> OnGetAsync() => await ShowAsync() ? Page() : Missing("会议");

    public Task<IActionResult> OnPostAttendanceAsync() =>
        Act(() => RecordAttendance.Handle(Id, new RecordAttendance.Request(Marks.Where(m => m.Attendance != Attendance.Unrecorded)
            .Select(m => new RecordAttendance.Mark(m.MemberId, m.Attendance, m.Reason)).ToList()), db, scope, clock, Aborted), "出席情况已保存");

    public Task<IActionResult> OnPostMinutesAsync() =>
        Act(() => WriteMinutes.Handle(Id, new WriteMinutes.Request(Record.Minutes, Record.Resolutions), db, scope, Aborted), "会议记录已保存");

    public Task<IActionResult> OnPostApproveAsync() => Act(() => ApproveMinutes.Handle(Id, db, scope, clock, Aborted), "会议记录已审定");

    public async Task<IActionResult> OnPostAttachAsync(IFormFile? file)
    {
        await using var content = file?.OpenReadStream();
        var outcome = await MeetingAttachments.AddAsync(Id, file?.FileName, content, db, scope, store, Aborted);
        return await Act(() => Task.FromResult(outcome), "附件已上传");
    }

    public Task<IActionResult> OnPostDetachAsync(long attachmentId) =>
        Act(() => MeetingAttachments.RemoveAsync(Id, attachmentId, db, scope, Aborted), "附件已删除");

    public async Task<IActionResult> OnPostNotifyAsync()
    {
        var outcome = await NotifyMeeting.Handle(Id, db, scope, signal, clock, Aborted);
        return await Act(() => Task.FromResult(outcome.Succeeded ? Outcome<long>.Ok(Id) : Outcome<long>.Conflict(outcome.Messages().First().Message)),
            $"已向{outcome.Value?.Notified}名应到人员发送会议通知");
    }

    public Task<IActionResult> OnPostHoldAsync() => Act(() => HoldMeeting.Handle(Id, db, scope, clock, Aborted), "已登记会议召开");

    public Task<IActionResult> OnPostCloseAsync() => Act(() => CloseMeeting.Handle(Id, db, scope, rules, clock, Aborted), "会议已归档，计入组织生活落实情况");

    public Task<IActionResult> OnPostCancelAsync() =>
        Act(() => CancelMeeting.Handle(Id, new CancelMeeting.Request(CancelReason), db, scope, clock, Aborted), "会议已取消");

    public Task<IActionResult> OnPostCorrectAsync() =>
        Act(() => AmendMeeting.Handle(Id, Correction, db, scope, rules, clock, Aborted), "更正已记录");

    private async Task<IActionResult> Act(Func<Task<Outcome<long>>> step, string done)
    {
        var outcome = await step();
        if (outcome.Succeeded)
        {
            Flash = done;
            return Redirect($"/Meetings/Details?id={Id}");
        }
        if (!await ShowAsync())
        {
            return Missing("会议");
        }
        // An attendance message names its row ("marks[2].reason"): say whose it is.
        var posted = Marks.Where(m => m.Attendance != Attendance.Unrecorded).ToList();
        foreach (var (field, message) in outcome.Messages())
        {
            var row = MarkRow().Match(field);
            var who = row.Success && int.Parse(row.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) is var i && i < posted.Count
                ? Meeting.Attendees.FirstOrDefault(a => a.MemberId == posted[i].MemberId)?.Name
                : null;
            ModelState.AddModelError("", who is null ? message : $"{who}：{message}");
        }
        return Page();
    }

    private async Task<bool> ShowAsync()
    {
        var outcome = await GetMeeting.Handle(Id, db, scope, Aborted);
        if (outcome.Value is null)
        {
            return false;
        }
        Meeting = outcome.Value;
        if (Marks.Count == 0)
        {
            Marks = Meeting.Attendees.Select(a => new MarkForm { MemberId = a.MemberId, Attendance = a.Attendance, Reason = a.Reason }).ToList();
        }
        Record.Minutes ??= Meeting.Minutes;
        Record.Resolutions ??= Meeting.Resolutions;
        return true;
    }

    [GeneratedRegex(@"^marks\[(\d+)\]")]
    private static partial Regex MarkRow();
}
