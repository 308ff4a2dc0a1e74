namespace Dangjian.Platform;

/// <summary>
/// Wakes a background loop as soon as there is work for it, so that it need not wait for its next look. One per loop,
/// registered as a singleton of its own subclass (<see cref="Jobs.JobSignal"/>, <see cref="Notifications.OutgoingSignal"/>).
/// </summary>
public abstract class WakeSignal
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Pulse() => Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    /// <summary>Waits for a pulse or the timeout, whichever comes first (real time: the app's clock may be stopped in tests).</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken ct)
    {
        var pulse = Volatile.Read(ref _next).Task;
        await Task.WhenAny(pulse, Task.Delay(timeout, ct));
        ct.ThrowIfCancellationRequested();
    }
}
