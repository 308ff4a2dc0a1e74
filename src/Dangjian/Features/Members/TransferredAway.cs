using Dangjian.Features.Transfers;
using Dangjian.Platform.Data;
using Dangjian.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Features.Members;

/// <summary>
/// A member the caller's own organizations transferred out, opened again (from a bookmark, a list printed before):
/// not an intrusion but a record that has moved on. The page says where it went instead of "not found", and no
/// access-denied line is written, so that real probes are not drowned among these.
/// </summary>
public static class TransferredAway
{
    public sealed record Notice(string MemberName, string Destination, DateTimeOffset? ReceivedAt);

    public static async Task<Notice?> Handle(long memberId, AppDb db, Scope scope, CancellationToken ct)
    {
        var path = await scope.PathAsync(ct);
        var hi = OrgPath.UpperBound(path);
        var current = await db.Members.AsNoTracking().Where(m => m.Id == memberId).Select(m => m.OrgPath).FirstOrDefaultAsync(ct);
        if (current is null || OrgPath.IsWithin(current, path))
        {
            return null;
        }
        var letter = await db.Transfers.AsNoTracking()
            .Where(t => t.MemberId == memberId && t.Status == TransferStatus.Received
                && string.Compare(t.FromPath, path) >= 0 && string.Compare(t.FromPath, hi) < 0)
            .OrderByDescending(t => t.Id)
            .Select(t => new { t.MemberName, t.ToOrganizationId, t.ToExternal, t.ClosedAt })
            .FirstOrDefaultAsync(ct);
        if (letter is null)
        {
            return null;
        }
        var destination = letter.ToExternal
            ?? await db.Organizations.Where(o => o.Id == letter.ToOrganizationId).Select(o => o.Name).FirstOrDefaultAsync(ct)
            ?? "其他党组织";
        return new Notice(letter.MemberName, destination, letter.ClosedAt);
    }
}
