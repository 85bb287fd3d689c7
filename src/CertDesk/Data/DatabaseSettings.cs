namespace CertDesk.Data;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>The contract's rule: <c>Host=...</c> selects PostgreSQL, <c>Data Source=...</c> SQLite; default <c>data/certdesk.db</c>.</summary>
public sealed record DatabaseSettings(DatabaseProvider Provider, string ConnectionString)
{
    public const string EnvironmentVariable = "CERTDESK_DATABASE";
    public const string DefaultSqlitePath = "data/certdesk.db";

    public static DatabaseSettings Resolve(string? fromOption)
    {
        var text = !string.IsNullOrWhiteSpace(fromOption)
            ? fromOption
            : Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (string.IsNullOrWhiteSpace(text))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(DefaultSqlitePath))!);
            return new DatabaseSettings(DatabaseProvider.Sqlite, $"Data Source={DefaultSqlitePath}");
        }
        return Parse(text);
    }

    public static DatabaseSettings Parse(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.Contains("Host=", StringComparison.OrdinalIgnoreCase))
        {
            return new DatabaseSettings(DatabaseProvider.Postgres, trimmed);
        }
        if (trimmed.Contains("Data Source=", StringComparison.OrdinalIgnoreCase)
            || trimmed.Contains("DataSource=", StringComparison.OrdinalIgnoreCase)
            || trimmed.Contains("Filename=", StringComparison.OrdinalIgnoreCase))
        {
            return new DatabaseSettings(DatabaseProvider.Sqlite, trimmed);
        }
        throw new Cli.UsageException($"--database: '{Redact(trimmed)}' is neither 'Host=...' (PostgreSQL) nor 'Data Source=...' (SQLite)");
    }

    /// <summary>A connection string without its password, for messages.</summary>
    public static string Redact(string connection) =>
        System.Text.RegularExpressions.Regex.Replace(connection, "(?i)(password|pwd)=[^;]*", "$1=***");

    /// <summary>
    /// How long a SQLite statement (BEGIN IMMEDIATE among them) waits for another writer before SQLITE_BUSY, unless the
    /// connection string says otherwise (<c>Default Timeout=N</c>). Writers queue on the lock; a write fails only when
    /// another one held it this long (then the unit of work is retried, see CertDeskDbContext).
    /// </summary>
    public const int SqliteBusyTimeoutSeconds = 30;

    private static string WithBusyTimeout(string connection)
    {
        var builder = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connection);
        if (!connection.Contains("Timeout", StringComparison.OrdinalIgnoreCase))
        {
            builder.DefaultTimeout = SqliteBusyTimeoutSeconds;
        }
        return builder.ToString();
    }

    public void Configure(DbContextOptionsBuilder options)
    {
        switch (Provider)
        {
            case DatabaseProvider.Postgres:
                // No retrying execution strategy: it refuses the transactions that imports, backups and signing open
                // themselves. A request that meets a database outage fails cleanly (problem details) and is not acknowledged.
                options.UseNpgsql(ConnectionString).UseModel(CompiledModels.Postgres.PostgresCertDeskDbContextModel.Instance);
                break;
            default:
                options.UseSqlite(WithBusyTimeout(ConnectionString)).UseModel(CompiledModels.Sqlite.SqliteCertDeskDbContextModel.Instance);
                break;
        }
    }
}
