using QRCoder;

namespace Dangjian.Features.Shared;

/// <summary>QR codes as inline SVG (no image request, nothing for the content security policy to refuse).</summary>
public static class QrCodes
{
    /// <summary>The code as inline SVG that scales with its box (a viewBox, no fixed size), black on white for any printer.</summary>
    public static string Svg(string text)
    {
        using var data = QRCodeGenerator.GenerateQrCode(text, QRCodeGenerator.ECCLevel.M);
        return new SvgQRCode(data).GetGraphic(4, "#000000", "#ffffff", drawQuietZones: true, SvgQRCode.SizingMode.ViewBoxAttribute);
    }
}
