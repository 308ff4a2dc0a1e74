using System.Globalization;
using Dangjian.Platform.PersonalData;

namespace Dangjian.Features.Meetings;

/// <summary>
/// The rotating code a host shows for members to sign in with: a keyed hash of the meeting and a 30-second slot, so that
/// it carries no personal number, cannot be made without the server's key, and a copied link stops working within a
/// minute (the current slot and the one before are accepted, 30 to 60 seconds).
/// </summary>
public static class SignInCodes
{
    public const int SlotSeconds = 30;

    public static long SlotOf(DateTimeOffset at) => at.ToUnixTimeSeconds() / SlotSeconds;

    public static string For(PersonalDataProtector protector, long meetingId, long slot) =>
        protector.Hash(string.Create(CultureInfo.InvariantCulture, $"meeting-sign-in:{meetingId}:{slot}"))[..20];

    public static string Current(PersonalDataProtector protector, long meetingId, DateTimeOffset now) => For(protector, meetingId, SlotOf(now));

    /// <summary>When the code shown now stops being accepted.</summary>
    public static DateTimeOffset ExpiresAt(DateTimeOffset now) => DateTimeOffset.FromUnixTimeSeconds((SlotOf(now) + 2) * SlotSeconds);

    public static bool Accepts(PersonalDataProtector protector, long meetingId, string? code, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(code) || code.Length != 20)
        {
            return false;
        }
        var slot = SlotOf(now);
        return FixedTimeEquals(code, For(protector, meetingId, slot)) || FixedTimeEquals(code, For(protector, meetingId, slot - 1));
    }

    private static bool FixedTimeEquals(string a, string b) =>
        System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(a), System.Text.Encoding.ASCII.GetBytes(b));
}
