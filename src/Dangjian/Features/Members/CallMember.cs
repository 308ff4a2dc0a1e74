using System.Globalization;
using Dangjian.Platform.Audit;
using Dangjian.Platform.Data;
using Dangjian.Platform.Http;
using Dangjian.Platform.PersonalData;
using Dangjian.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Features.Members;

/// <summary>
/// Ringing a member from the page (a grid worker calling on the households of the grid): the number goes to the
/// phone's dialler as a tel: address and is never written on the screen. Each call is audited like a reveal, since
/// the number does leave the server.
/// </summary>
public static class CallMember
{
    public sealed record Response(string TelUri);

    public static async Task<Outcome<Response>> Handle(long id, AppDb db, Scope scope, PersonalDataProtector protector, CancellationToken ct)
    {
        var member = await scope.FindAsync(db.Members.AsNoTracking().Where(m => m.LeftAt == null), id, ct);
        if (member is null)
        {
            return Outcome<Response>.NotFound("党员");
        }
        if (member.PhoneCipher is null)
        {
            return Outcome<Response>.Invalid("phone", "该党员没有登记联系电话");
        }
        db.Audit(AuditActions.Called, nameof(Member), id.ToString(CultureInfo.InvariantCulture), member.OrgPath, "拨打联系电话（号码未在屏幕上显示）");
        await db.SaveChangesAsync(ct);
        var digits = new string(protector.Decrypt(member.PhoneCipher).Where(char.IsAsciiDigit).ToArray());
        return Outcome<Response>.Ok(new Response("tel:" + digits));
    }
}
