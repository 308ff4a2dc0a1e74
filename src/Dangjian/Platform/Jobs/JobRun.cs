using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using Dangjian.Platform.PersonalData;

namespace Dangjian.Platform.Jobs;

/// <summary>
/// What a handler sees of its running job: the parameters, a progress report, and the one result file. Progress is
/// kept here and written to the job's row by the worker at most every <see cref="JobOptions.ProgressWriteMilliseconds"/>,
/// so a handler may report after every row.
/// </summary>
public sealed class JobRun
{
    private readonly JobFiles _files;
    private readonly PersonalDataProtector _protector;
    private long _done;
    private long? _total;
    private string? _message;
    private int _version;

    internal JobRun(BackgroundJob job, JobFiles files, PersonalDataProtector protector)
    {
        Job = job;
        _files = files;
        _protector = protector;
        _done = job.Done;
        _total = job.Total;
        _message = job.Message;
    }

    /// <summary>The job as it was claimed (a copy: changing it changes nothing).</summary>
    public BackgroundJob Job { get; }

    public T Parameters<T>() => JsonSerializer.Deserialize<T>(Job.Parameters, JobQueue.ParameterJson)
        ?? throw new JobFailedException("任务参数无法读取");

    public void Report(long done, long? total = null, string? message = null)
    {
        lock (this)
        {
            _done = done;
            _total = total ?? _total;
            _message = message ?? _message;
            _version++;
        }
    }

    internal (long Done, long? Total, string? Message, int Version) Progress
    {
        get
        {
            lock (this)
            {
                return (_done, _total, _message, _version);
            }
        }
    }

    /// <summary>The file the job was queued with (<see cref="JobQueue.EnqueueAsync(string, object, string?, byte[], CancellationToken)"/>), decrypted.</summary>
    public async Task<byte[]> ReadInputAsync(CancellationToken ct)
    {
        var stored = await _files.ReadInputAsync(Job.Id, ct) ?? throw new JobFailedException("任务的上传文件已不存在，任务未执行。请重新上传");
        try
        {
            return _protector.DecryptBytes(stored);
        }
        catch (CryptographicException)
        {
            throw new JobFailedException("任务的上传文件无法解密（数据密钥已更换或文件已损坏），任务未执行。请重新上传");
        }
    }

    internal ResultFile? Result { get; private set; }

    /// <summary>
    /// The job's result file, to be written forward only; <paramref name="fileName"/> is what the owner's download is
    /// called. Its size and SHA-256 are taken as it is written. One per job. A result written before the handler throws
    /// <see cref="JobFailedException"/> is kept as the failure's report (an import's list of bad rows).
    /// </summary>
    public Stream CreateResultFile(string fileName)
    {
        if (Result is not null)
        {
            throw new InvalidOperationException("A job has one result file.");
        }
        var (relative, full) = _files.NewPath(Job.Id, Path.GetExtension(fileName));
        Result = new ResultFile(fileName, relative, new HashingStream(new FileStream(full, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true)));
        return Result.Stream;
    }

    internal sealed record ResultFile(string FileName, string RelativePath, HashingStream Stream);
}

/// <summary>Progress of the jobs running in this app instance, read by the job pages before the row has it.</summary>
public sealed class JobBoard
{
    private readonly ConcurrentDictionary<long, JobRun> _running = new();

    internal void Add(JobRun run) => _running[run.Job.Id] = run;

    internal void Remove(long id) => _running.TryRemove(id, out _);

    internal bool IsRunningHere(long id) => _running.ContainsKey(id);

    internal ICollection<long> RunningIds => _running.Keys;

    /// <summary>The latest progress of a job running here, or null.</summary>
    public (long Done, long? Total, string? Message)? ProgressOf(long id) =>
        _running.TryGetValue(id, out var run) ? (run.Progress.Done, run.Progress.Total, run.Progress.Message) : null;
}

/// <summary>A forward-only file stream that counts and hashes what passes through it.</summary>
internal sealed class HashingStream(FileStream inner) : Stream
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private long _length;
    private string? _sha256;

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => _length;

    public override long Position
    {
        get => _length;
        set => throw new NotSupportedException();
    }

    public string Sha256 => _sha256 ??= Convert.ToHexStringLower(_hash.GetHashAndReset());

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        _hash.AppendData(buffer);
        _length += buffer.Length;
        inner.Write(buffer);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        _hash.AppendData(buffer.Span);
        _length += buffer.Length;
        return inner.WriteAsync(buffer, cancellationToken);
    }

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _ = Sha256;
            inner.Dispose();
            _hash.Dispose();
        }
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        _ = Sha256;
        await inner.DisposeAsync();
        _hash.Dispose();
        await base.DisposeAsync();
    }
}
