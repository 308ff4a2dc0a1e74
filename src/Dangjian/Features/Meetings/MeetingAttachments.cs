using Dangjian.Platform.Attachments;
using Dangjian.Platform.Data;
using Dangjian.Platform.Http;
using Dangjian.Platform.Security;

namespace Dangjian.Features.Meetings;

/// <summary>
/// A meeting's photos and documents (sign-in sheets, minutes as signed, the lecture's slides): attached while the
/// meeting is open, part of the closed record afterwards, served only to those who may see the meeting.
/// </summary>
public static class MeetingAttachments
{
    public static async Task<Outcome<long>> AddAsync(long id, string? fileName, Stream? content, AppDb db, Scope scope, AttachmentStore store, CancellationToken ct)
    {
        var meeting = await MeetingAccess.FindAsync(db, scope, id, ct);
        if (meeting is null)
        {
            return Outcome<long>.NotFound("会议");
        }
        if (!meeting.IsOpen)
        {
            return Outcome<long>.Conflict($"会议{meeting.Status.Chinese()}，不能再添加附件");
        }
        if (content is null)
        {
            return Outcome<long>.Invalid("file", "请以 multipart/form-data 上传文件，字段名为 file");
        }
        return await AttachmentFiles.AddAsync(db, store, new AttachmentOwner(nameof(Meeting), meeting.Id, meeting.OrganizationId, meeting.OrgPath),
            fileName, content, ct);
    }

    public static async Task<Outcome<long>> RemoveAsync(long id, long attachmentId, AppDb db, Scope scope, CancellationToken ct)
    {
        var meeting = await MeetingAccess.FindAsync(db, scope, id, ct);
        if (meeting is null)
        {
            return Outcome<long>.NotFound("会议");
        }
        if (!meeting.IsOpen)
        {
            return Outcome<long>.Conflict($"会议{meeting.Status.Chinese()}，附件是归档记录的一部分，不能删除");
        }
        return await AttachmentFiles.RemoveAsync(db, nameof(Meeting), meeting.Id, attachmentId, ct);
    }
}
