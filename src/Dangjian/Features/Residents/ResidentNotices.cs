using Dangjian.Platform.Data;
using Dangjian.Platform.Notifications;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Features.Residents;

/// <summary>A notice about a resident's request: to the resident's own account; for a resident without one, to whoever acts for them (the collector, the booker).</summary>
public static class ResidentNotices
{
    public sealed record Source(string Type, long Id, string ResidentLink, string ActorLink);

    public static async Task ToResidentAsync(AppDb db, long residentId, string residentName, string? actingAccountId, string title, string body, Source source,
        CancellationToken ct)
    {
        var account = await db.Residents.AsNoTracking().Where(r => r.Id == residentId).Select(r => r.AccountId).FirstOrDefaultAsync(ct);
        if (account is not null)
        {
            Notices.ToAccount(db, account, title, body, source.ResidentLink, source.Type, source.Id);
        }
        else if (actingAccountId is not null)
        {
            Notices.ToAccount(db, actingAccountId, $"（代{residentName}）{title}", body, source.ActorLink, source.Type, source.Id);
        }
    }
}
