using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Dangjian.Platform.Security;

/// <summary>
/// Sign-in sessions (cookies and bearer tokens) carry the account's security stamp. Renewing the stamp ends every
/// session of the account at its next request: on sign-out, a password change, a lockout, a change of role or
/// organization, and disabling. <see cref="CurrentUser"/> compares the stamp on every request.
/// </summary>
public static class Sessions
{
    /// <summary>Ends every session of the account (its cookies and bearer tokens stop working).</summary>
    public static Task<IdentityResult> EndAllAsync(UserManager<AppUser> users, AppUser account) => users.UpdateSecurityStampAsync(account);

    /// <summary>
    /// A request whose cookie or token belongs to an ended session continues as anonymous, so that every route,
    /// including those that only ask for a signed-in account, refuses it; a stale cookie is removed from the browser.
    /// </summary>
    public static void UseEndedSessionsRefused(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.User.Identity?.IsAuthenticated == true
            && await context.RequestServices.GetRequiredService<CurrentUser>().GetAsync(context.RequestAborted) is null)
        {
            if (!BrowserDefences.UsesBearer(context.Request))
            {
                await context.SignOutAsync(IdentityConstants.ApplicationScheme);
            }
            context.User = new ClaimsPrincipal(new ClaimsIdentity());
        }
        await next();
    });
}

/// <summary>
/// Issues bearer tokens in the framework's own protected format, without a refresh token: a program signs in again
/// when its token expires, so that no long-lived credential exists that a sign-out would have to chase.
/// </summary>
public sealed class BearerTokens(IOptionsMonitor<BearerTokenOptions> options, TimeProvider clock)
{
    public sealed record TokenResponse(string TokenType, string AccessToken, long ExpiresIn);

    public TokenResponse Issue(ClaimsPrincipal principal)
    {
        var o = options.Get(IdentityConstants.BearerScheme);
        var properties = new AuthenticationProperties { ExpiresUtc = clock.GetUtcNow() + o.BearerTokenExpiration };
        var ticket = new AuthenticationTicket(principal, properties, IdentityConstants.BearerScheme);
        return new TokenResponse("Bearer", o.BearerTokenProtector.Protect(ticket), (long)o.BearerTokenExpiration.TotalSeconds);
    }
}
