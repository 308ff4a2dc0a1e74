using System.Globalization;

namespace Dangjian.Platform.Jobs;

/// <summary>
/// The jobs' files: one folder per job under the data folder's "jobs", holding the result and, while the job has not
/// ended, its input (an upload) in the subfolder "input". A job queued again keeps its input and loses any half-written
/// result; a job that ends loses its input.
/// </summary>
public sealed class JobFiles(string root)
{
    private const string InputFolder = "input";
    private const string InputName = "upload.bin";

    public string Root { get; } = root;

    internal (string Relative, string Full) NewPath(long jobId, string extension)
    {
        var folder = FolderOf(jobId);
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

    /// <summary>
    /// Writes a job's input and makes sure it is on the disk before the job's row is committed: a job the queue holds
    /// always finds its input. Written under a temporary name first, so no half-written input is ever read.
    /// </summary>
    internal async Task WriteInputAsync(long jobId, byte[] content, CancellationToken ct)
    {
        var folder = Path.Combine(FolderOf(jobId), InputFolder);
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, InputName);
        var temporary = path + ".tmp";
        await using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
        {
            await file.WriteAsync(content, ct);
            file.Flush(flushToDisk: true);
        }
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>A job's input, or null when it has none (or it was removed).</summary>
    internal async Task<byte[]?> ReadInputAsync(long jobId, CancellationToken ct)
    {
        var path = Path.Combine(FolderOf(jobId), InputFolder, InputName);
        return File.Exists(path) ? await File.ReadAllBytesAsync(path, ct) : null;
    }

    /// <summary>Removes a job's results, keeping its input: the job is queued again and starts over.</summary>
    internal void DeleteResultsOf(long jobId)
    {
        var folder = FolderOf(jobId);
        if (!Directory.Exists(folder))
        {
            return;
        }
        foreach (var file in Directory.EnumerateFiles(folder))
        {
            File.Delete(file);
        }
    }

    /// <summary>Removes a job's input: the job has ended and will not read it again.</summary>
    internal void DeleteInputOf(long jobId)
    {
        var folder = Path.Combine(FolderOf(jobId), InputFolder);
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    internal void DeleteFolderOf(long jobId)
    {
        var folder = FolderOf(jobId);
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private string FolderOf(long jobId) => Path.Combine(Root, jobId.ToString(CultureInfo.InvariantCulture));
}
