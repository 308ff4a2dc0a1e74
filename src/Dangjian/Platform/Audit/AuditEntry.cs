namespace Dangjian.Platform.Audit;

/// <summary>One line of the append-only audit log: who did what, when, to which record, before and after.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public required string UserName { get; set; }
    public required string Action { get; set; }
    public required string EntityType { get; set; }
    public string? EntityId { get; set; }

    /// <summary>The path of the organization the record belongs to, so that those above can read the entry.</summary>
    public required string ScopePath { get; set; }
    public string? Before { get; set; }
    public string? After { get; set; }
    public string? Note { get; set; }
}

public static class AuditActions
{
    public const string Created = "created";
    public const string Updated = "updated";
    public const string Deleted = "deleted";
    public const string Revealed = "revealed";
    public const string AccessDenied = "access-denied";
    public const string Imported = "imported";
    public const string Exported = "exported";
    public const string SignedIn = "signed-in";
    public const string SignInFailed = "sign-in-failed";
    public const string LockedOut = "locked-out";
    public const string SignedOut = "signed-out";
}

/// <summary>Entities whose changes are audited say which organization they belong to.</summary>
public interface IAudited
{
    string AuditScopePath { get; }
    string AuditId { get; }
}

/// <summary>
/// Entities whose stored form needs the id the database assigns (an organization's path ends with its own id).
/// AppDb calls <see cref="CompleteAfterInsert"/> right after the insert, in the same transaction and before the
/// audit line is taken, so that the log records the finished row and not a placeholder.
/// </summary>
public interface ICompletedAfterInsert
{
    void CompleteAfterInsert();
}
