using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Dangjian.Platform.Data;

/// <summary>Tells a write refused by a unique index (a race the database settled) from any other failure.</summary>
public static class DbErrors
{
    private const string PostgresUniqueViolation = "23505";
    private const int SqliteConstraint = 19;
    private const int SqliteConstraintUnique = 2067;
    private const int SqliteConstraintPrimaryKey = 1555;

    /// <summary>
    /// True only for a unique-index violation. Use cases catch this one and answer 400 or 409; anything else (a value
    /// too long, a broken connection) must surface as the server error it is, not as "already registered".
    /// </summary>
    public static bool IsUniqueViolation(this DbUpdateException exception) => IsUniqueViolationError(exception.InnerException);

    /// <summary>The same for a bulk statement (ExecuteUpdate), which reports the provider's error itself.</summary>
    public static bool IsUniqueViolationError(this Exception? exception) => exception switch
    {
        DbUpdateException update => IsUniqueViolationError(update.InnerException),
        PostgresException postgres => postgres.SqlState == PostgresUniqueViolation,
        SqliteException sqlite => sqlite.SqliteErrorCode == SqliteConstraint
            && sqlite.SqliteExtendedErrorCode is SqliteConstraintUnique or SqliteConstraintPrimaryKey,
        _ => false,
    };
}
