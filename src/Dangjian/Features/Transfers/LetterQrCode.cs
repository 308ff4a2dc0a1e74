using System.Globalization;
using Microsoft.AspNetCore.Http.Extensions;

namespace Dangjian.Features.Transfers;

/// <summary>
/// The QR code printed on a letter: the address of the letter's status page, and nothing else (no name, no number), so
/// that a lost letter's code tells a stranger nothing and the page behind it asks for a signed-in officer of either end.
/// </summary>
public static class LetterQrCode
{
    /// <summary>
    /// An absolute address on the host the officer printed from, which the receiving side reaches too. Behind a reverse
    /// proxy this is the proxy's scheme and host only if the forwarded headers are applied.
    /// </summary>
    public static string StatusUrl(HttpRequest request, long transferId) =>
        UriHelper.BuildAbsolute(request.Scheme, request.Host, request.PathBase, "/Transfers/Details",
            QueryString.Create("id", transferId.ToString(CultureInfo.InvariantCulture)));

    /// <summary>The code as inline SVG (<see cref="Shared.QrCodes"/>).</summary>
    public static string Svg(string url) => Shared.QrCodes.Svg(url);
}
