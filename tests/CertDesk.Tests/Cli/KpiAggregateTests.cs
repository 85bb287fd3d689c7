using System.Text;
using System.Text.Json;
using CertDesk.Cli;
using CertDesk.Tests.Infrastructure;
using CertDesk.TestSupport;

namespace CertDesk.Tests.Cli;

/// <summary><c>kpi aggregate</c> in-process: exact against an independent reference, and all-or-nothing on bad input.</summary>
public sealed class KpiAggregateTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("certdesk-kpi-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Task<CliResult> Run(params string[] args) => Infrastructure.Cli.RunAsync(args);

    private string Write(string name, byte[] content)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    private string OutPath => Path.Combine(_dir, "intervals.csv");

    public static TheoryData<bool, bool, double> Styles => new()
    {
        { false, false, 0.0 },
        { true, false, 0.2 },
        { false, true, 1.0 },
        { true, true, 0.0 },
    };

    [Theory]
    [MemberData(nameof(Styles))]
    public async Task KpiAggregate_GeneratedFile_MatchesReference(bool crlf, bool bom, double quoteAnyway)
    {
        var csv = CdrTestData.ToCsv(CdrTestData.GenerateRows(2500, seed: 21), new CdrFileStyle(crlf, bom, quoteAnyway));
        var cdr = Write("cdr.csv", csv);

        var (code, output, err) = await Run("kpi", "aggregate", "--cdr", cdr, "--out", OutPath);

        Assert.Equal("", err);
        Assert.Equal(0, code);
        Assert.Contains("Aggregated 2500 contacts", output, StringComparison.Ordinal);
        Assert.Equal(Crlf(CdrTestData.ExpectedIntervals(csv)), File.ReadAllText(OutPath));
    }

    [Fact]
    public async Task KpiAggregate_FileOfSeveralBlocks_MatchesReference()
    {
        // About 12 MB: several 4 MiB blocks, so rows and quoted line breaks straddle block boundaries.
        var csv = CdrTestData.ToCsv(CdrTestData.GenerateRows(70_000, seed: 5), new CdrFileStyle(Crlf: true, Bom: true, QuoteAnyway: 0.3));
        var cdr = Write("big.csv", csv);

        var (code, output, err) = await Run("kpi", "aggregate", "--cdr", cdr, "--out", OutPath, "--json");

        Assert.Equal("", err);
        Assert.Equal(0, code);
        Assert.Equal(70_000, JsonDocument.Parse(output).RootElement.GetProperty("contacts").GetInt64());
        Assert.Equal(Crlf(CdrTestData.ExpectedIntervals(csv)), File.ReadAllText(OutPath));
    }

    [Theory]
    [InlineData("30", "45")]
    [InlineData("60", "0")]
    [InlineData("5", "120")]
    public async Task KpiAggregate_IntervalAndThreshold_MatchesReference(string interval, string threshold)
    {
        var csv = CdrTestData.ToCsv(CdrTestData.GenerateRows(2000, seed: 8), new CdrFileStyle());
        var cdr = Write("cdr.csv", csv);

        var (code, _, err) = await Run("kpi", "aggregate", "--cdr", cdr, "--out", OutPath, "--interval", interval, "--sl-threshold", threshold);

        Assert.Equal("", err);
        Assert.Equal(0, code);
        Assert.Equal(Crlf(CdrTestData.ExpectedIntervals(csv, int.Parse(interval), int.Parse(threshold))), File.ReadAllText(OutPath));
    }

    [Fact]
    public async Task KpiAggregate_AcrossMidnightAndDaylightSaving_IntervalsInUtc()
    {
        var csv = Encoding.UTF8.GetBytes(CdrTestData.Header + "\n" +
            "c1,q,\"Team, One\",a,2024-03-09T23:59:59-05:00,2024-03-10T00:00:09-05:00,2024-03-10T00:10:00-05:00,false,10,500,0,60,false,true,5\n" +
            "c2,q,\"Team, One\",,2024-03-10T00:00:00-05:00,,2024-03-10T00:01:00-05:00,true,60,0,0,0,false,false,\n" +
            "c3,q,b,a,2024-03-10T01:59:00-05:00,2024-03-10T03:00:30-04:00,2024-03-10T03:05:00-04:00,false,90,270,30,0,1,0,3\n" +
            "c4,q,b,a,2024-03-10T03:01:00-04:00,2024-03-10T03:01:20-04:00,2024-03-10T03:05:00-04:00,false,20,220,0,20,0,1,\n");
        var cdr = Write("dst.csv", csv);

        var (code, _, err) = await Run("kpi", "aggregate", "--cdr", cdr, "--out", OutPath);

        Assert.Equal("", err);
        Assert.Equal(0, code);
        Assert.Equal(
            "team_id,interval_start,offered,answered,abandoned,answered_within_threshold,wait_seconds_answered,handle_seconds,hold_seconds,wrap_seconds,transferred,resolved_first_contact,csat_sum,csat_count\r\n" +
            "\"Team, One\",2024-03-10T04:45:00Z,1,1,0,1,10,500,0,60,0,1,5,1\r\n" +
            "\"Team, One\",2024-03-10T05:00:00Z,1,0,1,0,0,0,0,0,0,0,0,0\r\n" +
            "b,2024-03-10T06:45:00Z,1,1,0,0,90,270,30,0,1,0,3,1\r\n" +
            "b,2024-03-10T07:00:00Z,1,1,0,1,20,220,0,20,0,1,0,0\r\n",
            File.ReadAllText(OutPath));
    }

    /// <summary>
    /// The expected file with RFC 4180 record ends (CRLF), as the command writes them; a line break inside a quoted team
    /// name is the name's own and stays as it is.
    /// </summary>
    private static string Crlf(string lines)
    {
        var result = new StringBuilder(lines.Length + (lines.Length / 16));
        var quoted = false;
        foreach (var c in lines)
        {
            quoted ^= c == '"';
            result.Append(!quoted && c == '\n' ? "\r\n" : c.ToString());
        }
        return result.ToString();
    }

    private const string Good = "c1,q,t,a,2024-03-10T01:55:00-05:00,2024-03-10T01:55:10-05:00,2024-03-10T02:05:00-05:00,false,10,60,5,5,false,true,4";

    public static TheoryData<string, string> BadFiles => new()
    {
        { CdrTestData.Header + "\n" + Good + "\n" + Good[..^12] + "\"tru", "bad.csv: row 3 (line 3), field transferred: has a quote that is never closed" },
        { CdrTestData.Header + "\n" + Good + "\n" + Good[..60], "bad.csv: row 3 (line 3), field row: has 6 fields, expected 15 (row cut short?)" },
        { CdrTestData.Header.Replace("team_id", "team") + "\n" + Good + "\n", "bad.csv: header row, field 3: unknown column 'team'" },
        { CdrTestData.Header.Replace(",csat", "") + "\n" + Good + "\n", "bad.csv: header row: missing column 'csat'" },
        { CdrTestData.Header + "\n" + Good + "\n" + Good.Replace("2024-03-10T01:55:00-05:00", "2024-03-10T01:55:00"), "bad.csv: row 3 (line 3), field arrived_at: timestamp has no UTC offset" },
        { CdrTestData.Header + "\n" + Good + "\n" + Good.Replace("01:55:10-05:00", "01:54:10-05:00"), "bad.csv: row 3 (line 3), field answered_at: is before arrived_at" },
        { CdrTestData.Header + "\n" + Good + "\n" + Good.Replace(",10,60,", ",10,-60,"), "bad.csv: row 3 (line 3), field handle_seconds: must not be negative: '-60'" },
        { CdrTestData.Header + "\n" + Good + "\n" + Good.Replace(",10,60,", ",ten,60,"), "bad.csv: row 3 (line 3), field wait_seconds: is not a whole number: 'ten'" },
        { CdrTestData.Header + "\n" + Good + "\n" + Good.Replace(",false,true,", ",no,true,"), "bad.csv: row 3 (line 3), field transferred: is not a boolean (true, false, 1 or 0): 'no'" },
        { CdrTestData.Header + "\n" + Good + "\n" + Good.Replace(",false,10,", ",true,10,"), "bad.csv: row 3 (line 3), field abandoned: is true but answered_at is set" },
        { "", "bad.csv: the file is empty" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public async Task KpiAggregate_InvalidFile_Exit3OneClearLineNoOutput(string content, string expected)
    {
        var cdr = Write("bad.csv", Encoding.UTF8.GetBytes(content));

        var (code, output, err) = await Run("kpi", "aggregate", "--cdr", cdr, "--out", OutPath);

        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Equal("", output);
        var lines = err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("error: " + expected, lines[0], StringComparison.Ordinal);
        Assert.All(lines, l => Assert.StartsWith("error: bad.csv: ", l, StringComparison.Ordinal));
        Assert.True(lines.Length == 1 || expected.Contains("header row", StringComparison.Ordinal), err);
        Assert.False(File.Exists(OutPath));
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp"));
    }

    [Fact]
    public async Task KpiAggregate_BigFileBadLastRow_NamesRowAndKeepsOldOutput()
    {
        var rows = CdrTestData.GenerateRows(60_000, seed: 13);
        rows[^1][8] = "-3";
        var csv = CdrTestData.ToCsv(rows, new CdrFileStyle(Crlf: true, QuoteAnyway: 0.1));
        var cdr = Write("calls.csv", csv);
        File.WriteAllText(OutPath, "previous run\n");
        var expectedLine = rows.Take(rows.Count - 1).Sum(r => r.Count(f => f.Contains('\n'))) + 60_001;

        var (code, _, err) = await Run("kpi", "aggregate", "--cdr", cdr, "--out", OutPath);

        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Equal($"error: calls.csv: row 60001 (line {expectedLine}), field wait_seconds: must not be negative: '-3'\n", err.ReplaceLineEndings("\n"));
        Assert.Equal("previous run\n", File.ReadAllText(OutPath));
    }

    [Fact]
    public async Task KpiAggregate_ManyBadRows_ListsFirstHundredAndCountsTheRest()
    {
        var rows = CdrTestData.GenerateRows(500, seed: 2);
        foreach (var row in rows.Take(250))
        {
            row[7] = "maybe";
        }
        var cdr = Write("many.csv", CdrTestData.ToCsv(rows, new CdrFileStyle()));

        var (code, _, err) = await Run("kpi", "aggregate", "--cdr", cdr, "--out", OutPath);

        Assert.Equal(ExitCodes.InvalidInput, code);
        var lines = err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(101, lines.Length);
        Assert.StartsWith("error: many.csv: row 2 ", lines[0], StringComparison.Ordinal);
        Assert.Equal("error: many.csv: 150 more errors not shown (250 in all)", lines[^1].TrimEnd('\r'));
        Assert.False(File.Exists(OutPath));
    }

    [Fact]
    public async Task KpiAggregate_MissingFile_Exit3()
    {
        var (code, _, err) = await Run("kpi", "aggregate", "--cdr", Path.Combine(_dir, "nope.csv"), "--out", OutPath);

        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("nope.csv: file not found", err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--out", "x.csv")]
    [InlineData("--cdr", "c.csv")]
    [InlineData("--cdr", "c.csv", "--out", "x.csv", "--interval", "0")]
    [InlineData("--cdr", "c.csv", "--out", "x.csv", "--interval", "7")]
    [InlineData("--cdr", "c.csv", "--out", "x.csv", "--interval", "fifteen")]
    [InlineData("--cdr", "c.csv", "--out", "x.csv", "--sl-threshold", "-1")]
    [InlineData("--cdr", "c.csv", "--out", "x.csv", "--bogus")]
    public async Task KpiAggregate_BadUsage_Exit2(params string[] args)
    {
        var (code, _, err) = await Run(["kpi", "aggregate", .. args]);

        Assert.Equal(ExitCodes.BadUsage, code);
        Assert.StartsWith("error: ", err, StringComparison.Ordinal);
    }
}
