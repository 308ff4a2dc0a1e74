using System.Security.Cryptography;
using System.Text;

namespace Dangjian.Platform.PersonalData;

/// <summary>
/// Encrypts ID and phone numbers at rest (AES-256-GCM) and makes keyed hashes (HMAC-SHA256) for exact look-up.
/// The key comes from configuration (PersonalData:Key, base64 of 32 bytes); in development a key is made on
/// first run under data/ so that nothing secret is ever in the repository.
/// </summary>
public sealed class PersonalDataProtector
{
    private const string Prefix = "v1:";
    private readonly byte[] _encryptionKey;
    private readonly byte[] _hashKey;

    public PersonalDataProtector(byte[] masterKey)
    {
        if (masterKey.Length != 32)
        {
            throw new ArgumentException("The personal-data key must be 32 bytes.", nameof(masterKey));
        }
        _encryptionKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, masterKey, 32, info: Encoding.ASCII.GetBytes("dangjian-encrypt"));
        _hashKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, masterKey, 32, info: Encoding.ASCII.GetBytes("dangjian-lookup"));
    }

    public string Encrypt(string plain)
    {
        var nonce = RandomNumberGenerator.GetBytes(12);
        var data = Encoding.UTF8.GetBytes(plain);
        var cipher = new byte[data.Length];
        var tag = new byte[16];
        using var aes = new AesGcm(_encryptionKey, 16);
        aes.Encrypt(nonce, data, cipher, tag);
        return Prefix + Convert.ToBase64String([.. nonce, .. tag, .. cipher]);
    }

    public string Decrypt(string stored)
    {
        if (!stored.StartsWith(Prefix, StringComparison.Ordinal))
        {
            throw new CryptographicException("Unknown personal-data format.");
        }
        var bytes = Convert.FromBase64String(stored[Prefix.Length..]);
        var nonce = bytes.AsSpan(0, 12);
        var tag = bytes.AsSpan(12, 16);
        var cipher = bytes.AsSpan(28);
        var plain = new byte[cipher.Length];
        using var aes = new AesGcm(_encryptionKey, 16);
        aes.Decrypt(nonce, cipher, tag, plain);
        return Encoding.UTF8.GetString(plain);
    }

    /// <summary>
    /// A whole file encrypted the same way (nonce, tag, then the cipher text), for an upload kept on disk until a job has
    /// read it: a member sheet carries every ID number in full.
    /// </summary>
    public byte[] EncryptBytes(ReadOnlySpan<byte> plain)
    {
        var sealedBytes = new byte[12 + 16 + plain.Length];
        var nonce = sealedBytes.AsSpan(0, 12);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_encryptionKey, 16);
        aes.Encrypt(nonce, plain, sealedBytes.AsSpan(28), sealedBytes.AsSpan(12, 16));
        return sealedBytes;
    }

    /// <summary>The plain bytes of <see cref="EncryptBytes"/>; throws when they were changed or sealed with another key.</summary>
    public byte[] DecryptBytes(ReadOnlySpan<byte> sealedBytes)
    {
        if (sealedBytes.Length < 28)
        {
            throw new CryptographicException("Too short for sealed bytes.");
        }
        var plain = new byte[sealedBytes.Length - 28];
        using var aes = new AesGcm(_encryptionKey, 16);
        aes.Decrypt(sealedBytes[..12], sealedBytes[28..], sealedBytes.Slice(12, 16), plain);
        return plain;
    }

    public string Hash(string plain)
    {
        var mac = HMACSHA256.HashData(_hashKey, Encoding.UTF8.GetBytes(plain.Trim().ToUpperInvariant()));
        return Convert.ToHexStringLower(mac);
    }

    public static byte[] LoadOrCreateKey(IConfiguration configuration, IHostEnvironment environment, string dataDirectory)
    {
        var configured = configuration["PersonalData:Key"];
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Convert.FromBase64String(configured);
        }
        if (environment.IsProduction())
        {
            throw new InvalidOperationException("PersonalData:Key must be set in production (base64 of 32 random bytes).");
        }
        var path = Path.Combine(dataDirectory, "personal-data.key");
        if (File.Exists(path))
        {
            return Convert.FromBase64String(File.ReadAllText(path).Trim());
        }
        Directory.CreateDirectory(dataDirectory);
        var key = RandomNumberGenerator.GetBytes(32);
        File.WriteAllText(path, Convert.ToBase64String(key));
        return key;
    }
}

public static class Mask
{
    /// <summary>4110**********123X: the area's first four and the last four characters.</summary>
    public static string IdNumber(string value) =>
        value.Length <= 8 ? new string('*', value.Length) : value[..4] + new string('*', value.Length - 8) + value[^4..];

    /// <summary>138****5678.</summary>
    public static string Phone(string value) =>
        value.Length <= 7 ? new string('*', value.Length) : value[..3] + new string('*', value.Length - 7) + value[^4..];
}
