using Microsoft.EntityFrameworkCore;

namespace Dangjian.Platform.Data;

/// <summary>
/// A save copies an organization's path that has changed since the request read it: a subtree move committed in
/// between. Nothing of the save is written; the request is answered 409 with <see cref="Reason"/> (a use case may catch
/// it to say so next to its form), and sending it again reads the new path.
/// </summary>
public sealed class PathMovedException : DbUpdateConcurrencyException
{
    public const string Reason = "所选党组织刚被移动到新的上级之下，请重新提交";

    public PathMovedException()
        : base("An organization whose path this save copies has been moved since the path was read.")
    {
    }

    public PathMovedException(string message)
        : base(message)
    {
    }

    public PathMovedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
