using System.Globalization;
using System.Text;
using System.Text.Json;
using CertDesk.Cli;
using CertDesk.Tests.Infrastructure;

namespace CertDesk.Tests.Cli;

/// <summary>The calculation commands in-process: exit code, stdout JSON, stderr lines.</summary>
public sealed class CalculationCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("certdesk-calc-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Task<CliResult> Run(params string[] args) => Infrastructure.Cli.RunAsync(args);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public async Task ErlangC_Json_PrintsContractKeys()
    {
        var (code, output, err) = await Run("erlang", "c", "--calls", "100", "--interval", "1800", "--aht", "180", "--agents", "14", "--target", "20", "--json");
        Assert.Equal(0, code);
        Assert.Equal("", err);
        var json = JsonDocument.Parse(output).RootElement;
        Assert.Equal(10, json.GetProperty("traffic_erlangs").GetDouble());
        Assert.Equal(0.1741319335950498, json.GetProperty("prob_wait").GetDouble(), 14);
        Assert.Equal(0.8883500191794669, json.GetProperty("service_level").GetDouble(), 14);
        Assert.Equal(7.83593701177724, json.GetProperty("asa_seconds").GetDouble(), 12);
        Assert.Equal(0.7142857142857143, json.GetProperty("occupancy").GetDouble(), 14);
    }

    [Fact]
    public async Task ErlangC_AgentsAtTraffic_AsaIsNull()
    {
        var (code, output, _) = await Run("erlang", "c", "--calls", "100", "--interval", "1800", "--aht", "180", "--agents", "10", "--target", "20", "--json");
        Assert.Equal(0, code);
        var json = JsonDocument.Parse(output).RootElement;
        Assert.Equal(1, json.GetProperty("prob_wait").GetDouble());
        Assert.Equal(0, json.GetProperty("service_level").GetDouble());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("asa_seconds").ValueKind);
    }

    [Fact]
    public async Task ErlangA_Json_AddsProbAbandon()
    {
        var (code, output, _) = await Run("erlang", "a", "--calls", "100", "--interval", "1800", "--aht", "180", "--agents", "14", "--target", "20", "--patience", "300", "--json");
        Assert.Equal(0, code);
        var json = JsonDocument.Parse(output).RootElement;
        Assert.Equal(0.0139837441, json.GetProperty("prob_abandon").GetDouble(), 9);
        Assert.Equal(0.9167920919, json.GetProperty("service_level").GetDouble(), 9);
        Assert.Equal(3.878480044521, json.GetProperty("asa_seconds").GetDouble(), 9);
    }

    [Fact]
    public async Task Staff_Json_FewestAgentsAndShrinkage()
    {
        var (code, output, _) = await Run("staff", "--calls", "100", "--interval", "1800", "--aht", "180", "--sl", "0.8", "--target", "20",
            "--max-occupancy", "0.85", "--shrinkage", "0.3", "--json");
        Assert.Equal(0, code);
        var json = JsonDocument.Parse(output).RootElement;
        Assert.Equal(14, json.GetProperty("agents").GetInt32());
        Assert.Equal(20, json.GetProperty("staff_with_shrinkage").GetInt32());
        Assert.False(json.TryGetProperty("prob_abandon", out _));
    }

    [Fact]
    public async Task Staff_WithPatience_UsesErlangA()
    {
        var (code, output, _) = await Run("staff", "--calls", "100", "--interval", "1800", "--aht", "180", "--sl", "0.8", "--target", "20", "--patience", "300", "--json");
        Assert.Equal(0, code);
        var json = JsonDocument.Parse(output).RootElement;
        Assert.Equal(13, json.GetProperty("agents").GetInt32());
        Assert.True(json.GetProperty("prob_abandon").GetDouble() > 0);
    }

    [Fact]
    public async Task Staff_HumanReadable_WithoutJson()
    {
        var (code, output, _) = await Run("staff", "--calls", "100", "--interval", "1800", "--aht", "180", "--sl", "0.8", "--target", "20");
        Assert.Equal(0, code);
        Assert.StartsWith("14 agents", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--sl", "1.5", "--sl:")]
    [InlineData("--sl", "80", "--sl:")]
    [InlineData("--aht", "-5", "")]
    [InlineData("--calls", "NaN", "--calls:")]
    [InlineData("--shrinkage", "1", "--shrinkage:")]
    [InlineData("--max-occupancy", "0", "--max-occupancy:")]
    public async Task Staff_BadArgument_ExitsTwo(string flag, string value, string mention)
    {
        var args = new Dictionary<string, string>
        {
            ["--calls"] = "100",
            ["--interval"] = "1800",
            ["--aht"] = "180",
            ["--sl"] = "0.8",
            ["--target"] = "20",
        };
        args[flag] = value;
        var (code, output, err) = await Run(["staff", .. args.SelectMany(p => new[] { p.Key, p.Value }), "--json"]);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.StartsWith("error:", err, StringComparison.Ordinal);
        Assert.Contains(mention, err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Erlang_MissingFlag_ExitsTwo()
    {
        var (code, _, err) = await Run("erlang", "c", "--calls", "100", "--interval", "1800", "--aht", "180", "--target", "20");
        Assert.Equal(2, code);
        Assert.Contains("--agents", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StaffForecast_WritesEveryRowWithResults()
    {
        var input = Write("forecast.csv", "\uFEFFqueue,interval_start,calls,aht_seconds\n" +
            "sales,2026-01-05T08:00:00Z,50,180\nsales,2026-01-05T08:15:00Z,0,180\n\"support, tier 2\",2026-01-05T08:00:00Z,120.5,300\n" +
            "\"the \"\"VIP\"\" line\",2026-01-05T08:00:00Z,50,180\n");
        var output = Path.Combine(_dir, "staffed.csv");
        var (code, stdout, err) = await Run("staff", "--forecast", input, "--out", output, "--sl", "0.8", "--target", "20",
            "--shrinkage", "0.3", "--json");
        Assert.Equal(0, code);
        Assert.Equal("", err);
        Assert.Equal(4, JsonDocument.Parse(stdout).RootElement.GetProperty("rows").GetInt32());
        var lines = File.ReadAllLines(output);
        Assert.Equal("queue,interval_start,calls,aht_seconds,agents,staff_with_shrinkage,service_level,asa_seconds,occupancy", lines[0]);
        Assert.Equal(5, lines.Length);
        // 50 calls x 180 s / 900 s = 10 erlangs: 14 agents at 80/20, 20 with 30 % shrinkage.
        Assert.StartsWith("sales,2026-01-05T08:00:00Z,50,180,14,20,0.88835001917946", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("sales,2026-01-05T08:15:00Z,0,180,0,0,1,0,0", lines[2], StringComparison.Ordinal);
        Assert.StartsWith("\"support, tier 2\",", lines[3], StringComparison.Ordinal);
        // Quotes are doubled in a quoted field; the same interval as row 1 gets the same answer.
        Assert.Equal("\"the \"\"VIP\"\" line\"" + lines[1]["sales".Length..], lines[4]);
    }

    [Fact]
    public async Task StaffForecast_ManyChunks_RowsInTheFileOrder_ABadRowLateWritesNothing()
    {
        // 30,000 rows: several chunks of 8,192, each solved and written on another thread while the next is read.
        var csv = new StringBuilder("queue,interval_start,calls,aht_seconds\n");
        var start = new DateTime(2026, 1, 5, 0, 0, 0, DateTimeKind.Utc);
        for (var i = 0; i < 30_000; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"q{i % 7},{start.AddMinutes(15 * i):yyyy-MM-ddTHH:mm:ssZ},{i % 97},{120 + i % 13}\n");
        }
        var input = Write("forecast.csv", csv.ToString());
        var output = Path.Combine(_dir, "staffed.csv");

        var (code, stdout, _) = await Run("staff", "--forecast", input, "--out", output, "--sl", "0.8", "--target", "20", "--json");

        Assert.Equal(0, code);
        Assert.Equal(30_000, JsonDocument.Parse(stdout).RootElement.GetProperty("rows").GetInt32());
        var inputRows = File.ReadAllLines(input)[1..];
        var outputRows = File.ReadAllLines(output)[1..];
        Assert.Equal(inputRows, outputRows.Select(l => string.Join(',', l.Split(',')[..4])));
        // The same interval has the same answer wherever it falls.
        Assert.Equal(outputRows[1 + (7 * 97 * 13)].Split(',')[4..], outputRows[1].Split(',')[4..]);

        File.Delete(output);
        var bad = csv.ToString().Split('\n');
        bad[25_001] = "q1,2026-13-01T00:00:00Z,5,120";
        var badInput = Write("forecast-bad.csv", string.Join('\n', bad));
        var (badCode, _, err) = await Run("staff", "--forecast", badInput, "--out", output, "--sl", "0.8", "--target", "20");
        Assert.Equal(3, badCode);
        Assert.Contains("forecast-bad.csv: row 25002, field interval_start", err, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp"));
    }

    [Fact]
    public async Task StaffForecast_BadRows_ExitThreeNamingRowAndFieldAndWriteNothing()
    {
        var input = Write("forecast.csv", "queue,interval_start,calls,aht_seconds\nsales,2026-01-05T08:00:00Z,50,180\n" +
            "sales,not-a-date,-1,180\n,2026-01-05T08:30:00Z,10,0\n");
        var output = Path.Combine(_dir, "staffed.csv");
        var (code, stdout, err) = await Run("staff", "--forecast", input, "--out", output, "--sl", "0.8", "--target", "20");
        Assert.Equal(3, code);
        Assert.Equal("", stdout);
        Assert.False(File.Exists(output));
        var lines = err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l.Contains("forecast.csv: row 3, field interval_start", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("forecast.csv: row 3, field calls", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("forecast.csv: row 4, field queue", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("forecast.csv: row 4, field aht_seconds", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StaffForecast_MissingColumn_ExitsThree()
    {
        var input = Write("forecast.csv", "queue,interval_start,calls\nsales,2026-01-05T08:00:00Z,50\n");
        var (code, _, err) = await Run("staff", "--forecast", input, "--out", Path.Combine(_dir, "o.csv"), "--sl", "0.8", "--target", "20");
        Assert.Equal(3, code);
        Assert.Contains("missing column(s) aht_seconds", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Roi_ContractExample_Json()
    {
        var input = Write("study.json", """
            { "costs": [ { "category": "tuition", "amount": 1995.00 } ],
              "benefits": [ { "name": "lower attrition", "annual_value": 48000.00, "isolation": 0.6, "confidence": 0.8 } ],
              "years": 1 }
            """);
        var (code, output, err) = await Run("roi", "--input", input, "--json");
        Assert.Equal(0, code);
        Assert.Equal("", err);
        Assert.Contains("\"total_cost\": 1995.00", output, StringComparison.Ordinal);
        var json = JsonDocument.Parse(output).RootElement;
        Assert.Equal(23040.00m, json.GetProperty("total_benefit").GetDecimal());
        Assert.Equal(21045.00m, json.GetProperty("net_benefit").GetDecimal());
        Assert.Equal(1054.89m, json.GetProperty("roi_percent").GetDecimal());
        Assert.Equal(11.5489m, json.GetProperty("bcr").GetDecimal());
        Assert.Equal(1.04m, json.GetProperty("payback_months").GetDecimal());
    }

    [Theory]
    [InlineData("{ \"costs\": [ { \"category\": \"x\", \"amount\": -1 } ], \"benefits\": [], \"years\": 1 }", "field costs[0].amount: must be >= 0")]
    [InlineData("{ \"costs\": [], \"benefits\": [ { \"name\": \"b\", \"annual_value\": 5, \"isolation\": 2 } ], \"years\": 1 }", "field benefits[0].isolation")]
    [InlineData("{ \"costs\": [], \"benefits\": [] }", "field years: is required")]
    [InlineData("{ \"costs\": [ { \"category\": \"x\", \"amount\": \"ten\" } ] }", "field costs[0].amount")]
    [InlineData("{ not json", "study.json: line 1")]
    public async Task Roi_BadStudy_ExitsThreeNamingField(string text, string expected)
    {
        var input = Write("study.json", text);
        var (code, output, err) = await Run("roi", "--input", input, "--json");
        Assert.Equal(3, code);
        Assert.Equal("", output);
        Assert.Contains(expected, err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Roi_MissingFile_ExitsThree()
    {
        var (code, _, err) = await Run("roi", "--input", Path.Combine(_dir, "nope.json"));
        Assert.Equal(3, code);
        Assert.Contains("nope.json: file not found", err, StringComparison.Ordinal);
    }

    private const string Policy = """
        { "commitment_months": 24, "proration": "tiers",
          "tiers": [ { "until_month": 12, "percent": 100 }, { "until_month": 24, "percent": 50 } ],
          "exempt_reasons": [ "layoff", "death", "disability" ], "not_completed_percent": 100 }
        """;

    [Theory]
    [InlineData("2025-02-28", "resignation", "2500.00", "tier 2 (until month 24)", 13)]
    [InlineData("2024-02-29", "for_cause", "5000.00", "tier 1 (until month 12)", 1)]
    [InlineData("2024-06-30", "layoff", "0.00", "exempt: layoff", 5)]
    public async Task Repayment_Json(string separated, string reason, string owed, string rule, int months)
    {
        var policy = Write("policy.json", Policy);
        var (code, output, err) = await Run("repayment", "--policy", policy, "--funded", "5000", "--start", "2024-01-31",
            "--separated", separated, "--reason", reason, "--json");
        Assert.Equal(0, code);
        Assert.Equal("", err);
        Assert.Contains($"\"owed\": {owed}", output, StringComparison.Ordinal);
        var json = JsonDocument.Parse(output).RootElement;
        Assert.Equal(rule, json.GetProperty("rule").GetString());
        Assert.Equal(months, json.GetProperty("months_served").GetInt32());
        Assert.Equal(24, json.GetProperty("commitment_months").GetInt32());
    }

    [Theory]
    [InlineData("{ \"commitment_months\": 24, \"proration\": \"tiers\", \"tiers\": [ { \"until_month\": 24, \"percent\": 50 }, { \"until_month\": 12, \"percent\": 100 } ] }", "field tiers[1].until_month")]
    [InlineData("{ \"commitment_months\": 0, \"proration\": \"monthly\" }", "field commitment_months")]
    [InlineData("{ \"commitment_months\": 24, \"proration\": \"weekly\" }", "field proration")]
    [InlineData("{ \"commitment_months\": 24, \"proration\": \"tiers\", \"tiers\": [ { \"until_month\": 24, \"percent\": 120 } ] }", "field tiers[0].percent")]
    [InlineData("{ \"commitment_months\": 24, \"proration\": \"daily\", \"exempt_reasons\": [ \"vacation\" ] }", "field exempt_reasons[0]")]
    [InlineData("{ \"commitment_months\": 24, \"proration\": \"daily\", \"triggering_reasons\": [ \"bored\" ] }", "field triggering_reasons[0]")]
    public async Task Repayment_BadPolicy_ExitsThree(string text, string expected)
    {
        var policy = Write("policy.json", text);
        var (code, output, err) = await Run("repayment", "--policy", policy, "--funded", "5000", "--start", "2024-01-31",
            "--separated", "2024-06-30", "--reason", "resignation", "--json");
        Assert.Equal(3, code);
        Assert.Equal("", output);
        Assert.Contains("policy.json: " + expected, err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--separated", "2023-12-31", "--separated:")]
    [InlineData("--start", "31/01/2024", "--start:")]
    [InlineData("--reason", "bored", "--reason:")]
    [InlineData("--funded", "-10", "--funded:")]
    public async Task Repayment_BadArgument_ExitsTwo(string flag, string value, string mention)
    {
        var policy = Write("policy.json", Policy);
        var args = new Dictionary<string, string>
        {
            ["--policy"] = policy,
            ["--funded"] = "5000",
            ["--start"] = "2024-01-31",
            ["--separated"] = "2024-06-30",
            ["--reason"] = "resignation",
        };
        args[flag] = value;
        var (code, _, err) = await Run(["repayment", .. args.SelectMany(p => new[] { p.Key, p.Value }), "--json"]);
        Assert.Equal(2, code);
        Assert.Contains(mention, err, StringComparison.Ordinal);
    }

    /// <summary>Issue 17: values past the documented bounds (docs/calculations.md) name the field, never exit 1.</summary>
    [Theory]
    [InlineData("costs[0].amount", """{ "costs": [ { "category": "tuition", "amount": 7.9e28 } ], "benefits": [ { "name": "b", "annual_value": 1 } ], "years": 100 }""")]
    [InlineData("benefits[0].annual_value", """{ "costs": [ { "category": "tuition", "amount": 1 } ], "benefits": [ { "name": "b", "annual_value": 7.9e28 } ], "years": 100 }""")]
    public async Task Roi_HugeAmounts_Exit3NamingTheField(string field, string study)
    {
        var (code, output, err) = await Run("roi", "--input", Write("huge.json", study), "--json");
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Equal("", output);
        Assert.Contains(field, err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("interval", "--calls", "100", "--interval", "1000000000", "--aht", "180", "--agents", "14", "--target", "20")]
    [InlineData("aht", "--calls", "100", "--interval", "1800", "--aht", "100000", "--agents", "14", "--target", "20")]
    [InlineData("target", "--calls", "100", "--interval", "1800", "--aht", "180", "--agents", "14", "--target", "79000000000000000000000000000")]
    [InlineData("calls", "--calls", "79000000000000000000000000000", "--interval", "1800", "--aht", "180", "--agents", "14", "--target", "20")]
    public async Task ErlangC_OutOfBounds_Exit2NamingTheFlag(string field, params string[] flags)
    {
        // A flag's value is an argument: exit 2 as for any bad flag (a file's value is exit 3, as for the ROI study).
        var (code, _, err) = await Run(["erlang", "c", .. flags, "--json"]);
        Assert.Equal(ExitCodes.BadUsage, code);
        Assert.Contains(field, err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Repayment_HugeFunded_Exit2NamingFunded()
    {
        var policy = Write("policy.json", """{ "commitment_months": 24, "proration": "monthly" }""");
        var (code, _, err) = await Run("repayment", "--policy", policy, "--funded", "79000000000000000000000000000", "--start", "2024-01-15", "--separated", "2024-06-01", "--reason", "resignation", "--json");
        Assert.Equal(ExitCodes.BadUsage, code);
        Assert.Contains("funded", err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("retirement", "0.00", "reason 'retirement' does not trigger repayment")]
    [InlineData("resignation", "5000.00", "tier 1 (until month 12)")]
    public async Task Repayment_TriggeringReasons_TheSameRulesAsARepaymentRecord(string reason, string owed, string rule)
    {
        var policy = Write("policy.json", Policy.TrimEnd().TrimEnd('}') + ", \"triggering_reasons\": [\"resignation\", \"for_cause\"] }");
        var (code, output, err) = await Run("repayment", "--policy", policy, "--funded", "5000", "--start", "2024-01-31",
            "--separated", "2024-06-30", "--reason", reason, "--json");
        Assert.Equal(0, code);
        Assert.Equal("", err);
        Assert.Contains($"\"owed\": {owed}", output, StringComparison.Ordinal);
        Assert.Equal(rule, JsonDocument.Parse(output).RootElement.GetProperty("rule").GetString());
    }
}
