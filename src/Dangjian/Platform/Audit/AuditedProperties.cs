using System.Reflection;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Dangjian.Platform.Audit;

/// <summary>
/// The property holds a protected value (ciphertext). Audit lines record that it changed, under
/// <see cref="AuditName"/>, never the value: the log must not leak what encryption protects.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class EncryptedAttribute : Attribute
{
    /// <summary>The name the audit line uses, e.g. "IdNumber" for IdNumberCipher; the property's own name by default.</summary>
    public string? AuditName { get; init; }
}

/// <summary>The property never appears in audit lines (keyed hashes, which would let a reader test guesses).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class NotAuditedAttribute : Attribute;

/// <summary>How one property appears in an audit line.</summary>
public enum AuditedAs
{
    Value,
    Protected,
    Left,
}

public static class AuditedProperties
{
    /// <summary>
    /// How <paramref name="property"/> is written into audit lines: marked properties as their attribute says, the
    /// concurrency token (a counter with no meaning to a reader) left out, everything else as its value.
    /// </summary>
    public static (AuditedAs How, string Name) Of(IProperty property)
    {
        var info = property.PropertyInfo;
        if (info?.GetCustomAttribute<NotAuditedAttribute>() is not null || property.IsConcurrencyToken)
        {
            return (AuditedAs.Left, property.Name);
        }
        if (info?.GetCustomAttribute<EncryptedAttribute>() is { } encrypted)
        {
            return (AuditedAs.Protected, encrypted.AuditName ?? property.Name);
        }
        return (AuditedAs.Value, property.Name);
    }
}
