using Dangjian.Platform.Data;
using Dangjian.Platform.PersonalData;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Dangjian.Platform.Notifications;

/// <summary>Wakes the dispatcher: a use case that added notices pulses it after its save (it also looks every few seconds).</summary>
public sealed class OutgoingSignal : WakeSignal;

/// <summary>
/// Sends pending notices through the outgoing channel. Each notice is claimed by one conditional UPDATE (pending →
/// sending, under this instance's name, for a lease), so two instances never send the same one; a claim that lapsed
/// (its instance died mid-send) is pending again, so a notice may go out twice but is never dropped. A send that
/// throws is tried again on a later round, up to <see cref="MaxAttempts"/> times.
/// </summary>
public sealed partial class OutgoingDispatcher(IServiceScopeFactory scopes, OutgoingSignal signal, TimeProvider clock, ILogger<OutgoingDispatcher> logger)
    : BackgroundService
{
    public const int MaxAttempts = 5;
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(5);
    private readonly string _instance = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            var sent = 0;
            try
            {
                sent = await RunOnceAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Failed(logger, e);
            }
            if (sent == 0)
            {
                try
                {
                    await signal.WaitAsync(Poll, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>One round: lapsed claims released, then up to a batch of pending notices claimed and sent. Returns how many were handled.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        var channel = scope.ServiceProvider.GetRequiredService<IOutgoingChannel>();
        var protector = scope.ServiceProvider.GetRequiredService<PersonalDataProtector>();
        var now = clock.GetUtcNow();
        await db.Notifications.Where(n => n.Outgoing == OutgoingState.Sending && n.ClaimedUntil < now)
            .BypassingSaveSteps("delivery state of notices is not audited")
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.Outgoing, OutgoingState.Pending).SetProperty(n => n.ClaimedBy, (string?)null), ct);
        var pending = await db.Notifications.AsNoTracking().Where(n => n.Outgoing == OutgoingState.Pending).OrderBy(n => n.Id).Take(50)
            .Select(n => new { n.Id, n.MemberId, n.Title, n.Body }).ToListAsync(ct);
        var handled = 0;
        foreach (var n in pending)
        {
            var until = clock.GetUtcNow() + Lease;
            var claimed = await db.Notifications.Where(x => x.Id == n.Id && x.Outgoing == OutgoingState.Pending)
                .BypassingSaveSteps("delivery state of notices is not audited")
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.Outgoing, OutgoingState.Sending).SetProperty(x => x.ClaimedBy, _instance)
                    .SetProperty(x => x.ClaimedUntil, until).SetProperty(x => x.Attempts, x => x.Attempts + 1), ct);
            if (claimed == 0)
            {
                continue;
            }
            handled++;
            var cipher = n.MemberId is { } memberId
                ? await db.Members.AsNoTracking().Where(m => m.Id == memberId).Select(m => m.PhoneCipher).FirstOrDefaultAsync(ct)
                : null;
            OutgoingState state;
            string? error = null;
            if (cipher is null)
            {
                state = OutgoingState.NoAddress;
            }
            else
            {
                try
                {
                    await channel.SendAsync(new OutgoingMessage(n.Id, protector.Decrypt(cipher), $"【党建】{n.Title}：{n.Body}"), ct);
                    state = OutgoingState.Sent;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    SendFailed(logger, n.Id, e);
                    error = e.Message.Length > 500 ? e.Message[..500] : e.Message;
                    var attempts = await db.Notifications.AsNoTracking().Where(x => x.Id == n.Id).Select(x => x.Attempts).SingleAsync(ct);
                    state = attempts >= MaxAttempts ? OutgoingState.Failed : OutgoingState.Pending;
                }
            }
            var sentAt = state == OutgoingState.Sent ? clock.GetUtcNow() : (DateTimeOffset?)null;
            await db.Notifications.Where(x => x.Id == n.Id && x.ClaimedBy == _instance)
                .BypassingSaveSteps("delivery state of notices is not audited")
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.Outgoing, state).SetProperty(x => x.ClaimedBy, (string?)null)
                    .SetProperty(x => x.ClaimedUntil, (DateTimeOffset?)null).SetProperty(x => x.SentAt, sentAt).SetProperty(x => x.LastError, error), ct);
        }
        return handled;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The outgoing dispatcher's round failed; it is tried again at the next look.")]
    private static partial void Failed(ILogger logger, Exception e);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sending notice {NotificationId} failed; it is tried again later.")]
    private static partial void SendFailed(ILogger logger, long notificationId, Exception e);
}

public static class NotificationSetup
{
    /// <summary>The outgoing channel (the log sender unless another is registered first) and its dispatcher.</summary>
    public static IServiceCollection AddDangjianNotifications(this IServiceCollection services)
    {
        services.AddSingleton<OutgoingSignal>();
        services.TryAddSingleton<IOutgoingChannel, LogOutgoingChannel>();
        services.AddSingleton<OutgoingDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<OutgoingDispatcher>());
        return services;
    }
}
