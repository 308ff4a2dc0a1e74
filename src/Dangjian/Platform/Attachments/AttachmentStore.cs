using System.Security.Cryptography;
using ImageMagick;

namespace Dangjian.Platform.Attachments;

/// <summary>A file checked and ready to be stored: what it is, its bytes as they will be kept, and a photo's thumbnail.</summary>
public sealed record CheckedFile(string FileName, string ContentType, byte[] Bytes, string Sha256, byte[]? Thumbnail, string? ThumbnailSha256, int? Width, int? Height);

/// <summary>
/// Checks uploaded files and keeps them under the data folder's "attachments", each named by its SHA-256 in a folder of
/// its first two characters. A file is taken by what its bytes are, never by its name or declared type: JPEG, PNG and
/// WebP photos, which are decoded and written again (so nothing hidden after or inside the picture, such as a script,
/// is kept, nor the location in its metadata), and PDF, Word and Excel documents. Anything else is refused.
/// </summary>
public sealed class AttachmentStore(string root)
{
    public const long MaxBytes = 10 * 1024 * 1024;
    public const int MaxPixels = 40_000_000;
    public const int ThumbnailEdge = 320;

    /// <summary>The kinds taken, as the refusal lists them.</summary>
    public const string Allowed = "JPG、PNG、WebP图片，PDF、Word（.docx）、Excel（.xlsx）文件";

    public string Root { get; } = root;

    /// <summary>Checks a file: null and the reason in Chinese when it is refused.</summary>
    public static (CheckedFile? File, string? Refusal) Check(string? fileName, byte[] bytes)
    {
        if (bytes.Length == 0)
        {
            return (null, "文件是空的");
        }
        if (bytes.Length > MaxBytes)
        {
            return (null, $"文件不能超过{MaxBytes / 1024 / 1024} MB");
        }
        var name = CleanName(fileName);
        var kind = Sniff(bytes);
        if (kind is null)
        {
            return (null, $"不支持这种文件，只能上传{Allowed}");
        }
        if (kind.Value.IsImage)
        {
            try
            {
                var info = new MagickImageInfo(bytes);
                if ((long)info.Width * info.Height > MaxPixels)
                {
                    return (null, "图片尺寸过大");
                }
                using var image = new MagickImage(bytes);
                image.AutoOrient();
                image.Strip();
                image.Format = MagickFormat.Jpeg;
                image.Quality = 85;
                var clean = image.ToByteArray();
                using var thumb = new MagickImage(clean);
                thumb.Thumbnail(new MagickGeometry(ThumbnailEdge, ThumbnailEdge));
                var small = thumb.ToByteArray(MagickFormat.Jpeg);
                return (new CheckedFile(Path.ChangeExtension(name, ".jpg"), "image/jpeg", clean, Hash(clean), small, Hash(small),
                    (int)image.Width, (int)image.Height), null);
            }
            catch (MagickException)
            {
                return (null, "图片已损坏或不是有效的图片");
            }
        }
        return (new CheckedFile(name, kind.Value.ContentType, bytes, Hash(bytes), null, null, null, null), null);
    }

    /// <summary>Writes the checked file (and its thumbnail) unless the same bytes are already kept.</summary>
    public async Task SaveAsync(CheckedFile file, CancellationToken ct)
    {
        await WriteAsync(file.Sha256, file.Bytes, ct);
        if (file.Thumbnail is not null)
        {
            await WriteAsync(file.ThumbnailSha256!, file.Thumbnail, ct);
        }
    }

    /// <summary>The full path of kept bytes, or null when they are not there.</summary>
    public string? PathOf(string sha256)
    {
        if (sha256.Length != 64 || !sha256.All(Uri.IsHexDigit))
        {
            return null;
        }
        var path = Path.Combine(Root, sha256[..2], sha256);
        return File.Exists(path) ? path : null;
    }

    private async Task WriteAsync(string sha256, byte[] bytes, CancellationToken ct)
    {
        var folder = Path.Combine(Root, sha256[..2]);
        var path = Path.Combine(folder, sha256);
        if (File.Exists(path))
        {
            return;
        }
        Directory.CreateDirectory(folder);
        // Written beside, then moved into place: a reader never sees half a file, and two uploads of the same bytes agree.
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        await File.WriteAllBytesAsync(temporary, bytes, ct);
        File.Move(temporary, path, overwrite: true);
    }

    private static string Hash(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private readonly record struct Kind(string ContentType, bool IsImage);

    private static Kind? Sniff(byte[] b)
    {
        bool Starts(params byte[] prefix) => b.Length >= prefix.Length && b.AsSpan(0, prefix.Length).SequenceEqual(prefix);
        if (Starts(0xFF, 0xD8, 0xFF))
        {
            return new("image/jpeg", true);
        }
        if (Starts(0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A))
        {
            return new("image/png", true);
        }
        if (b.Length > 12 && Starts(0x52, 0x49, 0x46, 0x46) && b[8] == 'W' && b[9] == 'E' && b[10] == 'B' && b[11] == 'P')
        {
            return new("image/webp", true);
        }
        if (Starts(0x25, 0x50, 0x44, 0x46, 0x2D))
        {
            return new("application/pdf", false);
        }
        if (Starts(0x50, 0x4B, 0x03, 0x04))
        {
            // An Office file is a zip whose parts name it: Word keeps word/, Excel xl/.
            // Names sit in the local headers near the start and in the directory at the end.
            var window = Math.Min(b.Length, 64 * 1024);
            var text = System.Text.Encoding.ASCII.GetString(b, 0, window) + System.Text.Encoding.ASCII.GetString(b, b.Length - window, window);
            if (text.Contains("word/", StringComparison.Ordinal))
            {
                return new("application/vnd.openxmlformats-officedocument.wordprocessingml.document", false);
            }
            if (text.Contains("xl/", StringComparison.Ordinal))
            {
                return new("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", false);
            }
        }
        return null;
    }

    private static string CleanName(string? fileName)
    {
        var name = Path.GetFileName((fileName ?? "").Replace('\\', '/'));
        name = new string(name.Where(c => !char.IsControl(c) && c is not ('<' or '>' or '"' or '|' or '?' or '*' or ':')).ToArray()).Trim();
        if (name.Length == 0)
        {
            name = "附件";
        }
        return name.Length <= 100 ? name : name[^100..];
    }
}
