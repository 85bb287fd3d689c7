using System.Globalization;
using CertDesk.Domain.Staffing;

namespace CertDesk.Domain.Tests.Staffing;

/// <summary>Erlang C and A against Reference/erlang_reference.csv (80-digit values from make_erlang_reference.py).</summary>
public sealed class ErlangReferenceTests
{
    private const double Tolerance = 1e-9;

    public static TheoryData<string> ErlangCCases() => CaseNames("C");

    public static TheoryData<string> ErlangACases() => CaseNames("A");

    [Theory]
    [MemberData(nameof(ErlangCCases))]
    public void ErlangC_ReferenceCase_AgreesTo1e9Relative(string source)
    {
        var row = Rows().Single(r => r["model"] == "C" && r["source"] == source);
        var result = ErlangC.Compute(D(row, "calls"), D(row, "interval_seconds"), D(row, "aht_seconds"),
            int.Parse(row["agents"], CultureInfo.InvariantCulture), D(row, "target_seconds"));

        AssertClose(D(row, "traffic_erlangs"), result.TrafficErlangs, "traffic");
        AssertClose(D(row, "prob_wait"), result.ProbWait, "prob_wait");
        AssertClose(D(row, "service_level"), result.ServiceLevel, "service_level");
        Assert.NotNull(result.AsaSeconds);
        AssertClose(D(row, "asa_seconds"), result.AsaSeconds.Value, "asa");
        AssertClose(D(row, "occupancy"), result.Occupancy, "occupancy");
    }

    [Theory]
    [MemberData(nameof(ErlangACases))]
    public void ErlangA_ReferenceCase_AgreesTo1e9Relative(string source)
    {
        var row = Rows().Single(r => r["model"] == "A" && r["source"] == source);
        var result = ErlangA.Compute(D(row, "calls"), D(row, "interval_seconds"), D(row, "aht_seconds"),
            int.Parse(row["agents"], CultureInfo.InvariantCulture), D(row, "target_seconds"), D(row, "patience_seconds"));

        AssertClose(D(row, "traffic_erlangs"), result.TrafficErlangs, "traffic");
        AssertClose(D(row, "prob_wait"), result.ProbWait, "prob_wait");
        AssertClose(D(row, "prob_abandon"), result.ProbAbandon, "prob_abandon");
        AssertClose(D(row, "service_level"), result.ServiceLevel, "service_level");
        AssertClose(D(row, "asa_seconds"), result.AsaSeconds, "asa");
        AssertClose(D(row, "occupancy"), result.Occupancy, "occupancy");
    }

    [Fact]
    public void ErlangC_PublishedWorkedExample_MatchesPrintedFigures()
    {
        // callcentrehelper / CRAN ErlangC (wfm.md section 9): 100 calls / 30 min, AHT 180 s, 20 s target.
        var eleven = ErlangC.Compute(100, 1800, 180, 11, 20);
        Assert.Equal(0.6821182, eleven.ProbWait, 7);
        Assert.Equal(0.3896138, eleven.ServiceLevel, 7);
        var fourteen = ErlangC.Compute(100, 1800, 180, 14, 20);
        Assert.Equal(0.1741319335950498, fourteen.ProbWait, 14);
        Assert.Equal(0.8883500191794669, fourteen.ServiceLevel, 14);
        Assert.Equal(7.83593701177724, fourteen.AsaSeconds!.Value, 12);
    }

    [Fact]
    public void ErlangA_PyworkforceRegression_MatchesPublishedFigures()
    {
        var r = ErlangA.Compute(100, 1800, 180, 14, 20, 300);
        Assert.Equal(0.14526, r.ProbWait, 5);
        Assert.Equal(0.013984, r.ProbAbandon, 6);
        Assert.Equal(0.704297, r.Occupancy, 6);
        Assert.Equal(0.916792, r.ServiceLevel, 6);
        // pyworkforce's "ASA" is the mean wait of all arrivals = P(abandon) x patience (wfm.md 3.2).
        Assert.Equal(0.069919 * 60, r.ProbAbandon * 300, 3);
    }

    [Theory]
    [InlineData(10, 10)]
    [InlineData(10, 8)]
    [InlineData(2000, 1999)]
    public void ErlangC_AgentsAtOrBelowTraffic_IsUnstable(double traffic, int agents)
    {
        var r = ErlangC.FromTraffic(traffic, agents, 180, 20);
        Assert.Equal(1, r.ProbWait);
        Assert.Equal(0, r.ServiceLevel);
        Assert.Null(r.AsaSeconds);
        Assert.False(r.IsStable);
    }

    [Fact]
    public void ErlangC_ManyAgentsFarAboveTraffic_DoesNotOverflow()
    {
        var r = ErlangC.FromTraffic(500, 5000, 300, 20);
        Assert.Equal(0, r.ProbWait);
        Assert.Equal(1, r.ServiceLevel);
        Assert.Equal(0.1, r.Occupancy, 15);
    }

    [Fact]
    public void ErlangA_VeryPatientCallers_ApproachErlangC()
    {
        var c = ErlangC.Compute(100, 1800, 180, 15, 20);
        var a = ErlangA.Compute(100, 1800, 180, 15, 20, 1e7);
        Assert.Equal(c.ProbWait, a.ProbWait, 4);
        Assert.Equal(c.ServiceLevel, a.ServiceLevel, 4);
        Assert.Equal(c.AsaSeconds!.Value, a.AsaSeconds, 2);
    }

    [Fact]
    public void ErlangA_ZeroCalls_NobodyWaits()
    {
        var a = ErlangA.Compute(0, 1800, 180, 3, 20, 60);
        Assert.Equal(0, a.ProbWait);
        Assert.Equal(1, a.ServiceLevel);
        Assert.Equal(0, a.Occupancy);
    }

    [Fact]
    public void ErlangA_ServiceLevel_RisesWithAgents()
    {
        var previous = -1.0;
        for (var n = 1; n <= 25; n++)
        {
            var sl = ErlangA.Compute(100, 1800, 180, n, 20, 300).ServiceLevel;
            Assert.True(sl > previous, $"SL({n}) = {sl} <= SL({n - 1}) = {previous}");
            previous = sl;
        }
    }

    private static void AssertClose(double expected, double actual, string what)
    {
        var scale = Math.Max(Math.Abs(expected), Math.Abs(actual));
        var relative = scale == 0 ? 0 : Math.Abs(expected - actual) / scale;
        Assert.True(relative <= Tolerance || Math.Abs(expected - actual) < 1e-300,
            $"{what}: expected {expected:R}, got {actual:R} (relative error {relative:E2})");
    }

    private static double D(Dictionary<string, string> row, string column) => double.Parse(row[column], CultureInfo.InvariantCulture);

    private static TheoryData<string> CaseNames(string model)
    {
        var data = new TheoryData<string>();
        foreach (var row in Rows().Where(r => r["model"] == model))
        {
            data.Add(row["source"]);
        }
        return data;
    }

    private static List<Dictionary<string, string>> Rows()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Reference", "erlang_reference.csv");
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split(',');
        return lines.Skip(1)
            .Where(l => l.Length > 0)
            .Select(l => SplitCsv(l).Select((v, i) => (header[i], v)).ToDictionary(p => p.Item1, p => p.v))
            .ToList();
    }

    // Minimal RFC 4180 split for the reference file (quoted fields appear only in the source column).
    private static List<string> SplitCsv(string line)
    {
        var fields = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var ch = line[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    current.Append('"');
                    i++;
                }
                else if (ch == '"')
                {
                    quoted = false;
                }
                else
                {
                    current.Append(ch);
                }
            }
            else if (ch == '"')
            {
                quoted = true;
            }
            else if (ch == ',')
            {
                fields.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(ch);
            }
        }
        fields.Add(current.ToString());
        return fields;
    }
}
