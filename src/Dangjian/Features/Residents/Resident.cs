using System.Text.RegularExpressions;
using Dangjian.Platform.Audit;
using Dangjian.Platform.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dangjian.Features.Residents;

/// <summary>
/// A resident the community serves: registered on their own phone (with an account of the resident role), or entered
/// by a grid worker, building head or member on their behalf (an old person without a smartphone has no account, and
/// the one who entered them acts for them). Belongs to a community: its Party organization is where the resident's
/// requests go and who may see them. The phone is personal data: encrypted, with a keyed hash for look-up.
/// </summary>
public sealed class Resident : IAudited, IScoped
{
    public long Id { get; set; }
    public required string Name { get; set; }

    [Encrypted(AuditName = "Phone")]
    public string? PhoneCipher { get; set; }

    [NotAudited]
    public string? PhoneHash { get; set; }

    /// <summary>The community's Party organization.</summary>
    public long OrganizationId { get; set; }
    public required string OrgPath { get; set; }

    /// <summary>The resident's own account, when they registered (or were given one later).</summary>
    public string? AccountId { get; set; }

    /// <summary>Who entered the resident: the resident themself, or the worker who acts for them.</summary>
    public required string EnteredBy { get; set; }
    public string? EnteredByAccountId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public int Version { get; set; }

    public IEnumerable<string?> ScopePaths => [OrgPath];

    string IAudited.AuditScopePath => OrgPath;

    string IAudited.AuditId => Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>
/// A verification code sent to a phone for registering: kept as a keyed hash of the phone and the code, good for ten
/// minutes and five tries, used once. Never audited (the code is a secret) and never shown.
/// </summary>
public sealed class PhoneVerification
{
    public long Id { get; set; }
    public required string PhoneHash { get; set; }
    public required string CodeHash { get; set; }
    public DateTimeOffset SentAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset? UsedAt { get; set; }
}

public static partial class ResidentRules
{
    public const int MaxName = 50;

    /// <summary>A mainland mobile number: the only kind a verification message reaches.</summary>
    [GeneratedRegex(@"^1[3-9]\d{9}$")]
    private static partial Regex Mobile();

    public static string? CleanMobile(string? text)
    {
        var cleaned = text?.Trim().Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        if (cleaned is not null && cleaned.StartsWith("+86", StringComparison.Ordinal))
        {
            cleaned = cleaned[3..];
        }
        return cleaned is not null && Mobile().IsMatch(cleaned) ? cleaned : null;
    }

    /// <summary>
    /// The user name of a resident's account: derived from the phone's keyed hash, so that neither the accounts table
    /// nor the audit log (which names actors by user name) holds the number; the resident signs in with the number itself.
    /// </summary>
    public static string AccountNameOf(string phoneHash) => "jm-" + phoneHash[..24];
}

// Stryker disable all : the database mapping is not a rule; MigrationTests compare it with the migrations (docs/testing.md)
internal sealed class ResidentConfiguration : IEntityTypeConfiguration<Resident>
{
    public void Configure(EntityTypeBuilder<Resident> b)
    {
        b.Property(r => r.Name).HasMaxLength(ResidentRules.MaxName);
        b.Property(r => r.PhoneCipher).HasMaxLength(200);
        b.Property(r => r.PhoneHash).HasMaxLength(64);
        b.Property(r => r.OrgPath).HasMaxLength(400);
        b.Property(r => r.AccountId).HasMaxLength(64);
        b.Property(r => r.EnteredBy).HasMaxLength(100);
        b.Property(r => r.EnteredByAccountId).HasMaxLength(64);
        b.Property(r => r.Version).IsConcurrencyToken();
        // One resident per phone: registering links to the one a worker entered, and two registrations at once cannot both win.
        b.HasIndex(r => r.PhoneHash).IsUnique().HasFilter("\"PhoneHash\" IS NOT NULL");
        b.HasIndex(r => r.AccountId).IsUnique().HasFilter("\"AccountId\" IS NOT NULL");
        b.HasIndex(r => new { r.OrgPath, r.Id });
    }
}

internal sealed class PhoneVerificationConfiguration : IEntityTypeConfiguration<PhoneVerification>
{
    public void Configure(EntityTypeBuilder<PhoneVerification> b)
    {
        b.Property(v => v.PhoneHash).HasMaxLength(64);
        b.Property(v => v.CodeHash).HasMaxLength(64);
        b.HasIndex(v => new { v.PhoneHash, v.Id });
    }
}
// Stryker restore all
