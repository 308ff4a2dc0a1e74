using Dangjian.Platform.PersonalData;

namespace Dangjian.Platform.Notifications;

/// <summary>One message for the outgoing channel: the phone number (decrypted for the send only) and the text.</summary>
public sealed record OutgoingMessage(long NotificationId, string Phone, string Text);

/// <summary>
/// Where notices leave the app: an SMS gateway in production, registered in place of <see cref="LogOutgoingChannel"/>.
/// A send that throws is tried again later; one that returns has been accepted by the channel.
/// </summary>
public interface IOutgoingChannel
{
    Task SendAsync(OutgoingMessage message, CancellationToken ct);
}

/// <summary>The development sender: writes each message to the log, with the phone number masked.</summary>
public sealed partial class LogOutgoingChannel(ILogger<LogOutgoingChannel> logger) : IOutgoingChannel
{
    public Task SendAsync(OutgoingMessage message, CancellationToken ct)
    {
        Sent(logger, message.NotificationId, Mask.Phone(message.Phone), message.Text);
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Outgoing notice {NotificationId} to {Phone}: {Text}")]
    private static partial void Sent(ILogger logger, long notificationId, string phone, string text);
}
