using ImageMagick;

namespace Dangjian.Tests.Infrastructure;

/// <summary>Real pictures made on the spot, for the uploads.</summary>
public static class TestImages
{
    /// <summary>A PNG of <paramref name="width"/> × <paramref name="height"/> pixels in two colours.</summary>
    public static byte[] Png(uint width = 64, uint height = 48)
    {
        using var image = new MagickImage(MagickColors.Red, width, height);
        image.Draw(new ImageMagick.Drawing.Drawables().FillColor(MagickColors.Gold).Rectangle(0, 0, width / 2, height / 2));
        return image.ToByteArray(MagickFormat.Png);
    }

    public static byte[] Jpeg(uint width = 64, uint height = 48)
    {
        using var image = new MagickImage(Png(width, height));
        return image.ToByteArray(MagickFormat.Jpeg);
    }
}
