using System.Net;
using System.Threading.RateLimiting;

namespace Dangjian.Platform.Security;

/// <summary>
/// Limits sign-in attempts per account name and per client address, with the framework's rate limiters (fixed
/// windows). The limit is taken inside the sign-in use case rather than by the rate-limiting middleware, because the
/// account name is in the request body, which the middleware's partitioning cannot read; and so that the page can put
/// the refusal on its form. The lockout after repeated wrong passwords still applies beneath these limits.
/// </summary>
public sealed class SignInThrottle : IDisposable
{
    private readonly PartitionedRateLimiter<string> _perAccount;
    private readonly PartitionedRateLimiter<string> _perAddress;

    public SignInThrottle(IConfiguration configuration)
    {
        var window = TimeSpan.FromSeconds(configuration.GetValue("Auth:SignInWindowSeconds", 60));
        _perAccount = Partitioned(configuration.GetValue("Auth:SignInsPerAccount", 10), window);
        _perAddress = Partitioned(configuration.GetValue("Auth:SignInsPerAddress", 30), window);
    }

    /// <summary>The window of the limits, for the Retry-After a refusal carries.</summary>
    public static TimeSpan Window(IConfiguration configuration) => TimeSpan.FromSeconds(configuration.GetValue("Auth:SignInWindowSeconds", 60));

    private static PartitionedRateLimiter<string> Partitioned(int permits, TimeSpan window) =>
        PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(permits, 1),
            Window = window,
            QueueLimit = 0,
        }));

    /// <summary>True when one more attempt is allowed for this (normalized) account name from this address.</summary>
    public bool TryAcquire(string normalizedUserName, IPAddress? address)
    {
        // The address first: an attacker spraying many names from one address is stopped without using up each
        // name's allowance for its real owner.
        using var byAddress = _perAddress.AttemptAcquire(address?.ToString() ?? "unknown");
        if (!byAddress.IsAcquired)
        {
            return false;
        }
        using var byAccount = _perAccount.AttemptAcquire(normalizedUserName);
        return byAccount.IsAcquired;
    }

    public void Dispose()
    {
        _perAccount.Dispose();
        _perAddress.Dispose();
    }
}
