using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;

namespace CertDesk.Data;

public enum DatabaseFailureKind
{
    /// <summary>A uniqueness the domain promises (a database unique index) refused the write.</summary>
    Duplicate,

    /// <summary>Another writer held the database longer than the busy timeout (SQLite) or a serialization failure (PostgreSQL).</summary>
    Busy,

    DiskFull,

    ReadOnly,

    /// <summary>The database cannot be reached (stopped, network, too many connections).</summary>
    Unavailable,
}

/// <summary>
/// What a database exception means, in one place for both providers: which uniqueness was refused (and its fields,
/// as the API names them), or which storage problem stopped the write, with a sentence a person can act on.
/// </summary>
public sealed record DatabaseFailure(DatabaseFailureKind Kind, string Title, string Detail, IReadOnlyDictionary<string, string[]> Fields)
{
    private const int SqliteBusy = 5, SqliteLocked = 6, SqliteReadOnly = 8, SqliteFull = 13, SqliteCantOpen = 14, SqliteConstraint = 19;
    private const int SqliteConstraintUnique = 2067, SqliteConstraintPrimaryKey = 1555;

    private static readonly Dictionary<string, string[]> s_noFields = [];

    /// <summary>The HTTP status the API and the pages answer with.</summary>
    public int Status => Kind switch
    {
        DatabaseFailureKind.Duplicate => StatusCodes.Status409Conflict,
        DatabaseFailureKind.DiskFull => StatusCodes.Status507InsufficientStorage,
        _ => StatusCodes.Status503ServiceUnavailable,
    };

    /// <summary>Worth trying the whole unit of work again (another writer held the lock, or a serialization failure).</summary>
    public static bool IsTransient(Exception exception) => Of(exception, model: null)?.Kind == DatabaseFailureKind.Busy;

    /// <summary>The meaning of <paramref name="exception"/> (or of an exception inside it), or null when it is none of these.</summary>
    public static DatabaseFailure? Of(Exception exception, IModel? model)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case SqliteException sqlite:
                    return OfSqlite(sqlite, model);
                case PostgresException postgres:
                    return OfPostgres(postgres, model);
                case NpgsqlException npgsql when npgsql.IsTransient:
                    return Unavailable();
            }
        }
        return null;
    }

    private static DatabaseFailure? OfSqlite(SqliteException e, IModel? model) => e.SqliteErrorCode switch
    {
        SqliteConstraint when e.SqliteExtendedErrorCode is SqliteConstraintUnique or SqliteConstraintPrimaryKey => Duplicate(SqliteColumns(e.Message, model)),
        SqliteBusy or SqliteLocked => Busy(),
        SqliteFull => DiskFull(),
        SqliteReadOnly => ReadOnly(),
        SqliteCantOpen => Unavailable(),
        _ => null,
    };

    private static DatabaseFailure? OfPostgres(PostgresException e, IModel? model) => e.SqlState switch
    {
        PostgresErrorCodes.UniqueViolation => Duplicate(PostgresColumns(e, model)),
        PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.LockNotAvailable => Busy(),
        PostgresErrorCodes.DiskFull or PostgresErrorCodes.InsufficientResources => DiskFull(),
        PostgresErrorCodes.ReadOnlySqlTransaction => ReadOnly(),
        PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CannotConnectNow or PostgresErrorCodes.TooManyConnections => Unavailable(),
        _ => null,
    };

    private static DatabaseFailure Duplicate((string Entity, IReadOnlyList<string> Columns) what)
    {
        var entity = Words(what.Entity);
        var fields = what.Columns.Count == 0 ? ["record"] : what.Columns.Select(c => JsonNamingPolicy.SnakeCaseLower.ConvertName(c)).ToList();
        var named = string.Join(" and ", what.Columns.Select(Words));
        var sentence = what.Columns.Count == 0
            ? $"another {entity} is the same"
            : $"another {entity} has the same {named}";
        return new DatabaseFailure(DatabaseFailureKind.Duplicate, "The record already exists.",
            $"Nothing was saved: {sentence}. Change it, or open the existing one.",
            fields.ToDictionary(f => f, _ => new[] { $"is already taken ({sentence})" }));
    }

    private static DatabaseFailure Busy() => new(DatabaseFailureKind.Busy, "The database is busy.",
        "The database is busy: another change (such as an import) held it too long, and your change was not saved. Try again in a moment.", s_noFields);

    private static DatabaseFailure DiskFull() => new(DatabaseFailureKind.DiskFull, "The disk is full.",
        "The disk is full: the change was not saved. Ask your administrator to free space, then try again.", s_noFields);

    private static DatabaseFailure ReadOnly() => new(DatabaseFailureKind.ReadOnly, "The database is read-only.",
        "The database cannot be written (read-only file or server): the change was not saved. Ask your administrator to make it writable, then try again.", s_noFields);

    private static DatabaseFailure Unavailable() => new(DatabaseFailureKind.Unavailable, "The database cannot be reached.",
        "The database did not answer: the change was not saved. Try again in a minute; tell your administrator if it lasts.", s_noFields);

    /// <summary>"UNIQUE constraint failed: Sites.Name" (columns) or "... failed: index 'IX_...'" (an expression or partial index).</summary>
    private static (string Entity, IReadOnlyList<string> Columns) SqliteColumns(string message, IModel? model)
    {
        var at = message.IndexOf("failed: ", StringComparison.Ordinal);
        if (at < 0)
        {
            return ("record", []);
        }
        var rest = message[(at + "failed: ".Length)..].TrimEnd('.', '\'', ' ');
        if (rest.StartsWith("index '", StringComparison.Ordinal))
        {
            return FromIndex(model, table: null, rest["index '".Length..].TrimEnd('\''));
        }
        var columns = rest.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(c => c.Split('.', 2)).Where(p => p.Length == 2).ToList();
        if (columns.Count == 0)
        {
            return ("record", []);
        }
        var table = columns[0][0];
        var entity = model?.GetEntityTypes().FirstOrDefault(t => t.GetTableName() == table);
        var names = columns.Select(c => entity?.GetProperties().FirstOrDefault(p => p.GetColumnName() == c[1])?.Name ?? c[1]).ToList();
        return (entity?.ClrType.Name ?? table, names);
    }

    private static (string Entity, IReadOnlyList<string> Columns) PostgresColumns(PostgresException e, IModel? model) =>
        e.ConstraintName is { } name ? FromIndex(model, e.TableName, name) : (e.TableName ?? "record", []);

    private static (string Entity, IReadOnlyList<string> Columns) FromIndex(IModel? model, string? table, string indexName)
    {
        foreach (var entity in model?.GetEntityTypes() ?? [])
        {
            if (table is not null && entity.GetTableName() != table)
            {
                continue;
            }
            if (entity.GetIndexes().FirstOrDefault(i => i.GetDatabaseName() == indexName) is { } index)
            {
                return (entity.ClrType.Name, index.Properties.Select(p => p.Name).ToList());
            }
            if (entity.FindPrimaryKey() is { } key && key.GetName() == indexName)
            {
                return (entity.ClrType.Name, key.Properties.Select(p => p.Name).ToList());
            }
        }
        return (table ?? "record", []);
    }

    /// <summary>"EmployeeId" -> "employee", "BusinessCase" -> "business case": the words a sentence uses.</summary>
    private static string Words(string name)
    {
        var trimmed = name.EndsWith("Id", StringComparison.Ordinal) && name.Length > 2 ? name[..^2] : name;
        return JsonNamingPolicy.SnakeCaseLower.ConvertName(trimmed).Replace('_', ' ');
    }
}
