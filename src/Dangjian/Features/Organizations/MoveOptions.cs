namespace Dangjian.Features.Organizations;

/// <summary>Settings of subtree moves (section "Moves" of the configuration).</summary>
public sealed class MoveOptions
{
    /// <summary>
    /// The most active members a subtree may hold to be moved inside the request; a larger one (a county, a big street)
    /// is moved by a background job, so that no request waits tens of seconds and the page shows how far it has got.
    /// A street of the generated province (about 2,300 members) moves in 1–2 s, a county (28,000) in tens of seconds.
    /// </summary>
    public int InRequestMembers { get; set; } = 2_000;
}
