using System.Globalization;
using System.Text;
using CertDesk.Cli;
using CertDesk.Features.Proof;
using CertDesk.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace CertDesk.Tests.Features.Proof;

/// <summary>
/// The first import of a large history into an empty SQLite database is written the bulk way (each day summed as its facts
/// go in): afterwards the facts, their daily sums and the indexes are what the ordinary way gives.
/// </summary>
public sealed class BulkLoadTests : IDisposable
{
    private const string Header = "contact_id,queue,team_id,agent_id,arrived_at,answered_at,ended_at,abandoned,wait_seconds,handle_seconds,hold_seconds,wrap_seconds,transferred,resolved_first_contact,csat";

    private readonly string _dir = Directory.CreateTempSubdirectory("certdesk-bulk-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void FactWriter_BindsStraightIntoTheBundledSqlite()
    {
        // Another SQLite provider still works (SQLitePCL's binds), but every import's write would be twice as slow.
        using var connection = new SqliteConnection("Data Source=:memory:"); // SQLitePCL has its provider once a connection opens
        connection.Open();
        Assert.True(KpiFactWriter.DirectBinds.Available, $"SQLitePCL's provider is {SQLitePCL.raw.GetNativeLibraryName()}, not e_sqlite3");
    }

    [Fact]
    public async Task ImportCdr_FirstLoadIntoAnEmptyDatabase_DailySumsAndIndexesAsTheOrdinaryWayGives()
    {
        var bulk = await MigratedAsync("bulk");
        var ordinary = await MigratedAsync("ordinary");
        const int teams = 10;
        var intervals = (int)(KpiFactWriter.BulkLoadFacts / teams) + 500;
        var cdr = Path.Combine(_dir, "cdr.csv");
        await File.WriteAllTextAsync(cdr, Contacts(teams, intervals));

        var result = (await Infrastructure.Cli.RunAsync("import", "cdr", cdr, "--json", "--database", bulk)).ShouldExit(ExitCodes.Success).Json();

        Assert.Equal((long)teams * intervals, result.GetProperty("facts").GetInt64());
        // The daily sums are the facts summed per team and day, both ways round.
        var sums = string.Join(", ", KpiFactWriter.SumColumns.Select(c => $"SUM(\"{c}\")"));
        var columns = string.Join(", ", KpiFactWriter.SumColumns.Select(c => $"\"{c}\""));
        var fromFacts = $"SELECT \"TeamCode\", substr(\"IntervalStart\", 1, 10), {sums} FROM \"KpiIntervalFacts\" GROUP BY 1, 2";
        var daily = $"SELECT \"TeamCode\", \"Day\", {columns} FROM \"KpiDailyFacts\"";
        Assert.Equal(0, await ScalarAsync(bulk, $"SELECT COUNT(*) FROM ({fromFacts} EXCEPT {daily})"));
        Assert.Equal(0, await ScalarAsync(bulk, $"SELECT COUNT(*) FROM ({daily} EXCEPT {fromFacts})"));
        Assert.Equal(teams * ((intervals + 95) / 96), await ScalarAsync(bulk, "SELECT COUNT(*) FROM \"KpiDailyFacts\""));
        Assert.Equal(await IndexesAsync(ordinary), await IndexesAsync(bulk));

        // A later file goes in the ordinary way: its intervals (two contacts each now) replace theirs, and the days they
        // fall on are summed again from all their facts.
        var more = Path.Combine(_dir, "more.csv");
        await File.WriteAllTextAsync(more, Contacts(2, 200, "m") + Contacts(2, 200, "n")[(Header.Length + 1)..]);
        (await Infrastructure.Cli.RunAsync("import", "cdr", more, "--database", bulk)).ShouldExit(ExitCodes.Success);
        Assert.Equal(400, await ScalarAsync(bulk, "SELECT COUNT(*) FROM \"KpiIntervalFacts\" WHERE \"Offered\" = 2"));
        Assert.Equal(0, await ScalarAsync(bulk, $"SELECT COUNT(*) FROM ({fromFacts} EXCEPT {daily})"));
        Assert.Equal(0, await ScalarAsync(bulk, $"SELECT COUNT(*) FROM ({daily} EXCEPT {fromFacts})"));
    }

    /// <summary>
    /// Two first imports of large histories at once into one empty database: the one that takes the write lock second
    /// finds the table no longer empty and writes the ordinary way (its intervals replace the first's). Both succeed, and
    /// the facts, daily sums and indexes are as one import after the other gives.
    /// </summary>
    [Fact]
    public async Task ImportCdr_TwoLargeFirstLoadsAtOnce_BothImported_DailySumsAndIndexesWhole()
    {
        var database = await MigratedAsync("twice");
        var ordinary = await MigratedAsync("reference");
        const int teams = 10;
        var intervals = (int)(KpiFactWriter.BulkLoadFacts / teams) + 500;
        var first = Path.Combine(_dir, "first.csv");
        var second = Path.Combine(_dir, "second.csv");
        await File.WriteAllTextAsync(first, Contacts(teams, intervals, "f"));
        await File.WriteAllTextAsync(second, Contacts(teams + 2, intervals, "s")); // the same cells and two teams more

        var both = await Task.WhenAll(
            Task.Run(() => Infrastructure.Cli.RunAsync("import", "cdr", first, "--json", "--database", database)),
            Task.Run(() => Infrastructure.Cli.RunAsync("import", "cdr", second, "--json", "--database", database)));

        Assert.All(both, r => r.ShouldExit(ExitCodes.Success));
        Assert.Equal([(long)teams * intervals, (long)(teams + 2) * intervals], both.Select(r => r.Json().GetProperty("facts").GetInt64()));
        Assert.Equal(2, await ScalarAsync(database, "SELECT COUNT(*) FROM \"KpiImports\" WHERE \"Kind\" = 'cdr'"));
        Assert.Equal((teams + 2) * intervals, await ScalarAsync(database, "SELECT COUNT(*) FROM \"KpiIntervalFacts\" WHERE \"Offered\" = 1"));
        Assert.Equal(0, await ScalarAsync(database, "SELECT COUNT(*) FROM \"KpiIntervalFacts\" WHERE \"Offered\" <> 1"));
        var sums = string.Join(", ", KpiFactWriter.SumColumns.Select(c => $"SUM(\"{c}\")"));
        var columns = string.Join(", ", KpiFactWriter.SumColumns.Select(c => $"\"{c}\""));
        var fromFacts = $"SELECT \"TeamCode\", substr(\"IntervalStart\", 1, 10), {sums} FROM \"KpiIntervalFacts\" GROUP BY 1, 2";
        var daily = $"SELECT \"TeamCode\", \"Day\", {columns} FROM \"KpiDailyFacts\"";
        Assert.Equal(0, await ScalarAsync(database, $"SELECT COUNT(*) FROM ({fromFacts} EXCEPT {daily})"));
        Assert.Equal(0, await ScalarAsync(database, $"SELECT COUNT(*) FROM ({daily} EXCEPT {fromFacts})"));
        Assert.Equal(await IndexesAsync(ordinary), await IndexesAsync(database));
    }

    /// <summary>One contact per team and 15-minute interval (contact ids starting with <paramref name="prefix"/>), from 2025-01-01.</summary>
    private static string Contacts(int teams, int intervals, string prefix = "c")
    {
        var csv = new StringBuilder(Header).Append('\n');
        var start = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        for (var team = 0; team < teams; team++)
        {
            for (var i = 0; i < intervals; i++)
            {
                var arrived = start.AddMinutes(15 * i + 1);
                csv.Append(CultureInfo.InvariantCulture,
                    $"{prefix}{team}-{i},billing,BULK-{team:00},a1,{arrived:yyyy-MM-dd'T'HH:mm:ss'Z'},{arrived.AddSeconds(10):yyyy-MM-dd'T'HH:mm:ss'Z'},{arrived.AddSeconds(310):yyyy-MM-dd'T'HH:mm:ss'Z'},false,10,300,20,30,false,true,5\n");
            }
        }
        return csv.ToString();
    }

    private async Task<string> MigratedAsync(string name)
    {
        var database = $"Data Source={Path.Combine(_dir, name + ".db")}";
        (await Infrastructure.Cli.RunAsync("export", "roster", "--out", Path.Combine(_dir, name + "-roster.csv"), "--database", database)).ShouldExit(ExitCodes.Success);
        return database;
    }

    private static async Task<List<string>> IndexesAsync(string database)
    {
        await using var connection = new SqliteConnection(database);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT sql FROM sqlite_master WHERE tbl_name IN ('KpiIntervalFacts', 'KpiDailyFacts') AND sql IS NOT NULL ORDER BY name";
        var indexes = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            indexes.Add(reader.GetString(0));
        }
        return indexes;
    }

    private static async Task<long> ScalarAsync(string database, string sql)
    {
        await using var connection = new SqliteConnection(database);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }
}
