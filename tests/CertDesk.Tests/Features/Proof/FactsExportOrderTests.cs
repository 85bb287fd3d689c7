using System.Globalization;
using System.Text;
using CertDesk.Cli;
using CertDesk.Tests.Infrastructure;

namespace CertDesk.Tests.Features.Proof;

/// <summary><c>export facts</c>: team codes in ordinal (UTF-8 byte) order on both providers, whatever PostgreSQL's collation.</summary>
public abstract class FactsExportOrderTests(AppFixture fixture)
{
    private CertDeskApp App => fixture.App;

    [ProviderFact]
    public async Task ExportFacts_TeamCodesThatCollateDifferently_OrdinalOrderOnBothProviders()
    {
        if (App.Kind == DbKind.Postgres)
        {
            // A linguistic collation on the column (as a database created with en_US or ICU defaults has): case, punctuation
            // and accents then sort differently from the bytes, so only an explicit ordinal ordering passes.
            await App.ExecuteSqlAsync("ALTER TABLE \"KpiIntervalFacts\" ALTER COLUMN \"TeamCode\" TYPE character varying(64) COLLATE \"und-x-icu\"");
        }
        var prefix = "Kord" + Guid.NewGuid().ToString("N")[..6];
        string[] suffixes = ["b", "B", "-b", "_b", "ä", "a2", "A1", "Z"];
        var teams = suffixes.Select(s => prefix + s).Order(StringComparer.Ordinal).ToArray();
        var csv = new StringBuilder("team_id,interval_start,offered,answered,abandoned,answered_within_threshold,wait_seconds_answered,handle_seconds,hold_seconds,wrap_seconds,transferred,resolved_first_contact,csat_sum,csat_count\n");
        foreach (var team in teams)
        {
            for (var i = 0; i < 2; i++)
            {
                csv.Append(string.Create(CultureInfo.InvariantCulture, $"{team},2026-03-01T0{i}:00:00Z,10,9,1,8,90,3000,100,200,1,7,16,4\n"));
            }
        }
        using var file = TempFile.WithText(csv.ToString());
        (await App.RunCliAsync("import", "intervals", file.Path)).ShouldExit(ExitCodes.Success);

        using var export = TempFile.Create();
        (await App.RunCliAsync("export", "facts", "--out", export.Path)).ShouldExit(ExitCodes.Success);
        var exported = (await File.ReadAllLinesAsync(export.Path)).Where(l => l.StartsWith(prefix, StringComparison.Ordinal)).Select(l => l.Split(',')[0]).ToArray();

        Assert.Equal(teams.SelectMany(t => new[] { t, t }), exported);
    }
}

public sealed class SqliteFactsExportOrderTests(SqliteEmptyApp fixture) : FactsExportOrderTests(fixture), IClassFixture<SqliteEmptyApp>;

public sealed class PostgresFactsExportOrderTests(PostgresEmptyApp fixture) : FactsExportOrderTests(fixture), IClassFixture<PostgresEmptyApp>, IPostgresTests;
