using Microsoft.Data.Sqlite;
using Npgsql;

namespace CertDesk.Tests.Infrastructure;

public enum DbKind
{
    Sqlite,
    Postgres,

    /// <summary>A SQLite file in WAL mode, as deployed: writers on several connections meet its real file lock.</summary>
    SqliteFile,
}

/// <summary>
/// One throwaway database: a named shared in-memory SQLite database kept alive by one open connection, or a
/// fresh PostgreSQL database on the server named by CERTDESK_TEST_POSTGRES, dropped on dispose.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string PostgresVariable = "CERTDESK_TEST_POSTGRES";

    private SqliteConnection? _keeper;
    private string? _postgresName;
    private string? _sqliteFile;

    private TestDatabase(DbKind kind, string connectionString)
    {
        Kind = kind;
        ConnectionString = connectionString;
    }

    public DbKind Kind { get; }

    public string ConnectionString { get; }

    /// <summary>The PostgreSQL server to create test databases on, or null when the variable is not set.</summary>
    public static string? PostgresServer =>
        Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } server ? server : null;

    /// <summary>An empty database, or a copy of <paramref name="template"/> (a database of the same provider nobody writes to any more).</summary>
    public static async Task<TestDatabase> CreateAsync(DbKind kind, TestDatabase? template = null)
    {
        var name = "certdesk_test_" + Guid.NewGuid().ToString("N");
        if (kind == DbKind.Sqlite)
        {
            var db = new TestDatabase(kind, $"Data Source={name};Mode=Memory;Cache=Shared");
            db._keeper = new SqliteConnection(db.ConnectionString);
            await db._keeper.OpenAsync();
            template?.CopySqliteInto(db._keeper);
            return db;
        }

        if (kind == DbKind.SqliteFile)
        {
            var path = Path.Combine(Path.GetTempPath(), name + ".db");
            var file = new TestDatabase(kind, $"Data Source={path}") { _sqliteFile = path };
            if (template is not null)
            {
                using var connection = new SqliteConnection(new SqliteConnectionStringBuilder(file.ConnectionString) { Pooling = false }.ConnectionString);
                connection.Open();
                template.CopySqliteInto(connection);
            }
            return file;
        }

        var server = PostgresServer ?? throw new InvalidOperationException($"{PostgresVariable} is not set");
        await using (var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false }.ConnectionString))
        {
            await connection.OpenAsync();
            var copyOf = template?._postgresName is { } source ? $" TEMPLATE \"{source}\"" : "";
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"{copyOf}", connection);
            await create.ExecuteNonQueryAsync();
        }
        var connectionString = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
        return new TestDatabase(kind, connectionString) { _postgresName = name };
    }

    private readonly Lock _copying = new();

    /// <summary>SQLite's online backup of this in-memory database into another connection; one copy at a time (a connection serves one caller).</summary>
    private void CopySqliteInto(SqliteConnection target)
    {
        var source = _keeper ?? throw new InvalidOperationException("only an in-memory SQLite database is a template for SQLite");
        lock (_copying)
        {
            source.BackupDatabase(target);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_keeper is not null)
        {
            await _keeper.DisposeAsync();
        }
        if (_sqliteFile is not null)
        {
            using (var connection = new SqliteConnection(ConnectionString))
            {
                SqliteConnection.ClearPool(connection);
            }
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(_sqliteFile + suffix);
            }
        }
        if (_postgresName is not null && PostgresServer is { } server)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false }.ConnectionString);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_postgresName}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }
}
