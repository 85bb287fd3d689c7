using System.Globalization;
using System.Text;
using System.Text.Json;
using CertDesk.Tests.Infrastructure;

namespace CertDesk.Tests.Cli;

/// <summary>
/// <c>forecast evaluate</c> in-process: on the real bank data (../shared/data, beside the project) the forecast from
/// history beats seasonal naive with the figures docs/scheduling.md reports; an intervals history is read on the site's
/// clock; too little history or a file of another kind is exit 3 with a sentence.
/// </summary>
public sealed class ForecastEvaluateTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("certdesk-forecast-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Task<CliResult> Run(params string[] args) => Infrastructure.Cli.RunAsync(args);

    private string Write(string name, string content)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, content);
        return path;
    }

    private static string BankCalls() => BankCallsFactAttribute.Find()
        ?? throw new InvalidOperationException("../shared/data/fpp3_bank_calls_5min.csv was not found above " + AppContext.BaseDirectory);

    [BankCallsFact]
    public async Task Evaluate_BankCalls_BeatsSeasonalNaiveOnFourHeldOutWeeks()
    {
        var (code, output, err) = await Run("forecast", "evaluate", "--history", BankCalls(), "--holdout-weeks", "4", "--json");

        Assert.Equal("", err);
        Assert.Equal(0, code);
        var json = JsonDocument.Parse(output).RootElement;
        Assert.Equal("2003-09-27", json.GetProperty("holdout_from").GetString());
        Assert.Equal(19, json.GetProperty("holdout_days").GetInt32());
        Assert.Equal(608870, json.GetProperty("actual_contacts").GetDouble());
        Assert.Equal(0.0658, json.GetProperty("wape").GetDouble(), 4);
        Assert.Equal(-0.0190, json.GetProperty("bias").GetDouble(), 4);
        Assert.Equal(0.0880, json.GetProperty("naive_wape").GetDouble(), 4);
        Assert.Equal(-0.0264, json.GetProperty("naive_bias").GetDouble(), 4);
        Assert.True(json.GetProperty("beats_naive").GetBoolean());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("aht_wape").ValueKind);
    }

    [Fact]
    public async Task Evaluate_IntervalsFile_ReadOnTheSitesClockWithHandleTime()
    {
        // Three weeks of a New York queue, two teams: 14:00Z and 15:00Z are 09:00 and 10:00 local (EST). Every weekday
        // 5 + 15 contacts (the teams' halves added), 200 s each; the model and seasonal naive are both exact.
        var csv = new StringBuilder("team_id,interval_start,offered,answered,abandoned,answered_within_threshold,wait_seconds_answered,handle_seconds,hold_seconds,wrap_seconds,transferred,resolved_first_contact,csat_sum,csat_count\n");
        foreach (var team in new[] { "A", "B" })
        {
            for (var day = new DateOnly(2026, 11, 2); day < new DateOnly(2026, 11, 21); day = day.AddDays(1))
            {
                if (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
                {
                    continue;
                }
                var (nine, ten) = team == "A" ? (2, 7) : (3, 8);
                csv.Append(CultureInfo.InvariantCulture, $"{team},{day:yyyy-MM-dd}T14:00:00Z,{nine},{nine},0,{nine},0,{nine * 200},0,0,0,0,0,0\n");
                csv.Append(CultureInfo.InvariantCulture, $"{team},{day:yyyy-MM-dd}T15:00:00Z,{ten},{ten},0,{ten},0,{ten * 200},0,0,0,0,0,0\n");
            }
        }
        var file = Write("intervals.csv", csv.ToString());

        var (code, output, err) = await Run("forecast", "evaluate", "--history", file, "--holdout-weeks", "1", "--interval", "60", "--time-zone", "America/New_York");

        Assert.Equal("", err);
        Assert.Equal(0, code);
        Assert.Contains("Held out: 1 week(s), 2026-11-14 to 2026-11-20 (5 days, 10 intervals, 100 contacts)", output, StringComparison.Ordinal);
        Assert.Contains("WAPE 0.00 %, bias 0.00 %", output, StringComparison.Ordinal);
        Assert.Contains("Handle time: WAPE 0.00 %", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Evaluate_LessThanTwoWeeks_Exit3WithTheReason()
    {
        var file = Write("short.csv", "DateTime,Calls\n2003-03-03T07:00:00Z,5\n2003-03-10T07:00:00Z,6\n");

        var (code, _, err) = await Run("forecast", "evaluate", "--history", file, "--holdout-weeks", "1");

        Assert.Equal(3, code);
        Assert.Contains("short.csv: holding out 1 week(s) of 2003-03-03 to 2003-03-10 leaves too little to fit on: needs at least two weeks of history", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Evaluate_FileOfAnotherKindOrBadRows_Exit3NamingThem()
    {
        var other = Write("roster.csv", "employee_id,first_name\n1,Ada\n");
        var bad = Write("bad.csv", "DateTime,Calls\n2003-03-03T07:00:00Z,-3\nyesterday,4\n");

        var (code, _, err) = await Run("forecast", "evaluate", "--history", other);
        var (badCode, _, badErr) = await Run("forecast", "evaluate", "--history", bad);

        Assert.Equal(3, code);
        Assert.Contains("roster.csv: row 1: expected the intervals columns", err, StringComparison.Ordinal);
        Assert.Equal(3, badCode);
        Assert.Contains("bad.csv: row 2, field Calls: '-3' is not a whole number >= 0", badErr, StringComparison.Ordinal);
        Assert.Contains("bad.csv: row 3, field DateTime: 'yesterday' is not a date-time", badErr, StringComparison.Ordinal);
    }
}

/// <summary>
/// A test on the bank data in ../shared/data, the product's shared folder beside the project. The data is GPL-3 and its
/// README says not to relicense it, so it is not copied into this repository: where a clone has no shared folder
/// beside it, the test is reported as skipped with the reason rather than failed.
/// </summary>
public sealed class BankCallsFactAttribute : FactAttribute
{
    public BankCallsFactAttribute()
    {
        if (Find() is null)
        {
            Skip = "../shared/data/fpp3_bank_calls_5min.csv is not beside this clone (the shared data is not copied into the repository)";
        }
    }

    /// <summary>The file in a folder named shared/data above the test binaries, else null.</summary>
    public static string? Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "shared", "data", "fpp3_bank_calls_5min.csv");
            if (File.Exists(path))
            {
                return path;
            }
        }
        return null;
    }
}
