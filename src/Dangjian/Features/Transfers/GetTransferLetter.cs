using System.Globalization;
using Dangjian.Features.Members;
using Dangjian.Platform.Audit;
using Dangjian.Platform.Data;
using Dangjian.Platform.Http;
using Dangjian.Platform.PersonalData;
using Dangjian.Platform.Security;
using Dangjian.Platform.Time;
using Microsoft.EntityFrameworkCore;

namespace Dangjian.Features.Transfers;

/// <summary>
/// What the printed introduction letter (介绍信) and its receipt (回执) carry: the letter as the list shows it, and the
/// member as the paper form describes them (sex, age, ethnicity, category, ID number). Visible to both ends of the
/// letter, like the letter itself.
/// </summary>
public static class GetTransferLetter
{
    /// <param name="Age">Age on the day the letter was issued, as the form states it.</param>
    /// <param name="IdNumberInFull">False: <paramref name="IdNumber"/> is masked.</param>
    public sealed record Person(string SexName, int Age, string Ethnicity, MemberCategory Category, string CategoryName, string IdNumber, bool IdNumberInFull);

    /// <param name="IssuedHere">The letter was issued by an organization of this system (one from another system is not printed here).</param>
    /// <param name="ValidityDays">Days from the issue date to the last valid day (有效期…天).</param>
    /// <param name="ReceivedOn">The receipt's date in Beijing time, once the letter is received.</param>
    public sealed record Response(ListTransfers.Row Transfer, bool IssuedHere, Person? Member, int ValidityDays, DateOnly? ReceivedOn);

    /// <param name="revealIdNumber">
    /// The caller holds the right to reveal personal data. The full number is printed only when the member is also one
    /// the caller could reveal on the member's page (active, in the caller's subtree), and that disclosure is audited.
    /// </param>
    public static async Task<Outcome<Response>> Handle(long id, bool revealIdNumber, AppDb db, Scope scope, PersonalDataProtector protector,
        TimeProvider clock, CancellationToken ct)
    {
        var transfer = await GetTransfer.FindVisibleAsync(id, db, scope, ct);
        if (transfer is null)
        {
            return Outcome<Response>.NotFound("组织关系转接");
        }
        var path = await scope.PathAsync(ct);
        var row = (await ListTransfers.ToRowsAsync([transfer], path, db, clock, ct))[0];
        var issuedHere = transfer.FromOrganizationId is not null;
        // The member is reached through the letter, which both ends may see: not looked up through the scope, which
        // would report the receiving side's look-up (the member is still the issuer's) as an intrusion.
        var member = await db.Members.AsNoTracking().FirstOrDefaultAsync(m => m.Id == transfer.MemberId, ct);
        Person? person = null;
        if (member is not null)
        {
            // Masked for whoever could not see the full number on the member's page either: the receiving side before
            // the receipt, the issuing side after it, any role without the right, and every letter another system issued.
            var inFull = revealIdNumber && issuedHere && member.LeftAt is null && OrgPath.IsWithin(member.OrgPath, path);
            var idNumber = protector.Decrypt(member.IdNumberCipher);
            if (inFull)
            {
                db.Audit(AuditActions.Revealed, nameof(Member), member.Id.ToString(CultureInfo.InvariantCulture), member.OrgPath,
                    $"打印组织关系介绍信（{transfer.LetterNumber}），含完整身份证号");
                await db.SaveChangesAsync(ct);
            }
            person = new Person(member.Sex.Chinese(), AgeOn(member.BirthDate, transfer.IssuedOn), member.Ethnicity, member.Category,
                member.Category.Chinese(), inFull ? idNumber : Mask.IdNumber(idNumber), inFull);
        }
        var receivedOn = transfer.Status == TransferStatus.Received && transfer.ClosedAt is { } at
            ? DateOnly.FromDateTime(at.ToBeijing().DateTime)
            : (DateOnly?)null;
        return Outcome<Response>.Ok(new Response(row, issuedHere, person, transfer.ValidUntil.DayNumber - transfer.IssuedOn.DayNumber, receivedOn));
    }

    private static int AgeOn(DateOnly birth, DateOnly day) =>
        day.Year - birth.Year - (birth.AddYears(day.Year - birth.Year) > day ? 1 : 0);
}
