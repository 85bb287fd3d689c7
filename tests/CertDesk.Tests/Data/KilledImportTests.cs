using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using CertDesk.Cli;
using CertDesk.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace CertDesk.Tests.Data;

/// <summary>
/// An import is one transaction: <c>certdesk import intervals BIG.csv</c> in a child process, killed with SIGKILL once it has
/// written some batches, leaves no fact and no import record; the same command again imports the whole file.
/// </summary>
public abstract partial class KilledImportTests(DbKind kind)
{
    private const int Rows = 400_000;

    [ProviderFact]
    public async Task ImportIntervals_KilledMidway_LeavesNothing_ThenTheSameCommandCompletesIt()
    {
        await using var database = await FileDatabase.CreateAsync(kind);
        using var file = TempFile.WithText(IntervalsCsv(Rows));

        using (var child = StartCertDesk("import", "intervals", file.Path, "--database", database.ConnectionString))
        {
            var percent = await WaitForProgressAsync(child, atLeast: 25, TimeSpan.FromMinutes(3));
            Assert.False(child.HasExited, $"the import ended on its own (exit {(child.HasExited ? child.ExitCode : 0)}) before it could be killed");
            child.Kill(entireProcessTree: true); // SIGKILL: no handler runs, no rollback is sent
            await child.WaitForExitAsync();
            Assert.InRange(percent, 25, 99);
        }

        Assert.Equal(0, await database.ScalarAsync("SELECT COUNT(*) FROM \"KpiIntervalFacts\""));
        Assert.Equal(0, await database.ScalarAsync("SELECT COUNT(*) FROM \"KpiImports\""));

        var again = (await Infrastructure.Cli.RunAsync("import", "intervals", file.Path, "--json", "--database", database.ConnectionString)).ShouldExit(ExitCodes.Success);
        Assert.Equal(Rows, again.Json().GetProperty("facts").GetInt64());
        Assert.False(again.Json().GetProperty("already_imported").GetBoolean());
        Assert.Equal(Rows, await database.ScalarAsync("SELECT COUNT(*) FROM \"KpiIntervalFacts\""));
    }

    private static string IntervalsCsv(int rows)
    {
        var csv = new StringBuilder("team_id,interval_start,offered,answered,abandoned,answered_within_threshold,wait_seconds_answered,handle_seconds,hold_seconds,wrap_seconds,transferred,resolved_first_contact,csat_sum,csat_count\n");
        var start = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        const int perTeam = 35_040; // a year of 15-minute intervals
        for (var i = 0; i < rows; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"KILL-{i / perTeam:00},{start.AddMinutes(15 * (i % perTeam)):yyyy-MM-dd'T'HH:mm:ss'Z'},10,9,1,8,90,3000,100,200,1,7,16,4\n");
        }
        return csv.ToString();
    }

    /// <summary><c>dotnet certdesk.dll ARGS</c>, the program as installed, with standard error read by the caller.</summary>
    private static Process StartCertDesk(params string[] args)
    {
        var dll = typeof(CliApp).Assembly.Location;
        var info = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        return Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start");
    }

    /// <summary>Reads the progress line on standard error ("\r... 42%") until it shows at least the given percent.</summary>
    private static async Task<int> WaitForProgressAsync(Process child, int atLeast, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        _ = child.StandardOutput.ReadToEndAsync(cts.Token);
        var seen = new StringBuilder();
        var buffer = new char[256];
        while (true)
        {
            var read = await child.StandardError.ReadAsync(buffer, cts.Token);
            if (read == 0)
            {
                throw new Xunit.Sdk.XunitException($"the import ended before {atLeast}% (exit {(child.HasExited ? child.ExitCode : -1)}):\n{seen}");
            }
            seen.Append(buffer, 0, read);
            var matches = Percent().Matches(seen.ToString());
            if (matches.Count > 0 && int.Parse(matches[^1].Groups[1].Value, CultureInfo.InvariantCulture) is var percent && percent >= atLeast)
            {
                return percent;
            }
        }
    }

    [GeneratedRegex(@"\]\s+(\d+)%")]
    private static partial Regex Percent();

    /// <summary>A database a child process can open too: a SQLite file, or a PostgreSQL test database.</summary>
    private sealed class FileDatabase : IAsyncDisposable
    {
        private readonly TestDatabase? _postgres;
        private readonly string? _sqliteFile;

        private FileDatabase(string connectionString, TestDatabase? postgres, string? sqliteFile)
        {
            ConnectionString = connectionString;
            _postgres = postgres;
            _sqliteFile = sqliteFile;
        }

        public string ConnectionString { get; }

        public static async Task<FileDatabase> CreateAsync(DbKind kind)
        {
            if (kind == DbKind.Postgres)
            {
                var postgres = await TestDatabase.CreateAsync(DbKind.Postgres);
                return new FileDatabase(postgres.ConnectionString, postgres, null);
            }
            var path = Path.Combine(Path.GetTempPath(), "certdesk-killed-" + Guid.NewGuid().ToString("N") + ".db");
            return new FileDatabase($"Data Source={path}", null, path);
        }

        public async Task<long> ScalarAsync(string sql)
        {
            if (_postgres is not null)
            {
                await using var pg = new NpgsqlConnection(ConnectionString);
                await pg.OpenAsync();
                await using var command = new NpgsqlCommand(sql, pg);
                return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
            }
            await using var sqlite = new SqliteConnection(ConnectionString + ";Pooling=False");
            await sqlite.OpenAsync();
            await using var query = sqlite.CreateCommand();
            query.CommandText = sql;
            return Convert.ToInt64(await query.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
        }

        public async ValueTask DisposeAsync()
        {
            if (_postgres is not null)
            {
                await _postgres.DisposeAsync();
            }
            if (_sqliteFile is not null)
            {
                SqliteConnection.ClearAllPools();
                foreach (var suffix in new[] { "", "-wal", "-shm" })
                {
                    File.Delete(_sqliteFile + suffix);
                }
            }
        }
    }
}

public sealed class SqliteKilledImportTests() : KilledImportTests(DbKind.Sqlite);

public sealed class PostgresKilledImportTests() : KilledImportTests(DbKind.Postgres), IPostgresTests;
