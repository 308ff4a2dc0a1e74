using System.Security.Cryptography;
using System.Text;

namespace Dangjian.Bench;

/// <summary>
/// The personal-data key of benchmark databases: fixed, so that the generator's ciphertexts and hashes are readable
/// by the app started with PersonalData__Key set to <see cref="Base64"/>. Never use it for real data.
/// </summary>
public static class BenchKey
{
    public static byte[] Bytes { get; } = SHA256.HashData(Encoding.ASCII.GetBytes("dangjian benchmark data, not for real records"));

    public static string Base64 { get; } = Convert.ToBase64String(Bytes);
}
