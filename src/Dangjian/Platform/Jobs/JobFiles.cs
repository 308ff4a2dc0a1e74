namespace Dangjian.Platform.Jobs;

/// <summary>The jobs' result files: one folder per job under the data folder's "jobs".</summary>
public sealed class JobFiles(string root)
{
    public string Root { get; } = root;

    internal (string Relative, string Full) NewPath(long jobId, string extension)
    {
        var folder = Path.Combine(Root, jobId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Directory.CreateDirectory(folder);
        var relative = Path.Combine(Path.GetFileName(folder), Guid.NewGuid().ToString("N") + extension);
        return (relative, Path.Combine(Root, relative));
    }

    /// <summary>The full path of a stored result, or null when it is not there (removed, or never written).</summary>
    public string? Find(string? relative)
    {
        if (string.IsNullOrEmpty(relative))
        {
            return null;
        }
        var full = Path.GetFullPath(Path.Combine(Root, relative));
        // Paths come from the database, never from a request; still, nothing outside the folder is ever served.
        return full.StartsWith(Path.GetFullPath(Root) + Path.DirectorySeparatorChar, StringComparison.Ordinal) && File.Exists(full) ? full : null;
    }

    internal void DeleteFolderOf(long jobId)
    {
        var folder = Path.Combine(Root, jobId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
