using System.Globalization;
using System.Text;
using CertDesk.Domain.Staffing;
using CertDesk.Features.Calculations;

namespace CertDesk.Tests.Features.Calculations;

/// <summary>
/// <c>staff --forecast</c> has a fast way (UTF-8 blocks on every core) for the usual file and a careful way (Sep, one row
/// at a time, naming errors) for any other: on the same file both must write the same bytes, or give the same errors.
/// </summary>
public sealed class ForecastStaffingTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("certdesk-forecast-").FullName;

    private static readonly StaffingTargets Targets = new(0.8m, 20, 0.85m, 0.3m);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>
    /// About 4 MB of rows (several 1 MiB blocks, so several workers and turns), in the shapes the fast way takes: whole and
    /// decimal numbers (with a sign, leading zeros, trailing zeros), both timestamp shapes with either separator, LF and
    /// CRLF, non-ASCII queue names, and the same intervals again and again as well as new ones.
    /// </summary>
    private static List<string> PlainRows(int count = 110_000)
    {
        var random = new Random(19);
        string[] queues = ["sales", "Équipe Montréal", "support-2", "VIP line", "営業", "q7"];
        string[] calls = ["0", "4", "12.5", "+3", "007", "40.50", "1000", "0.25"];
        var start = new DateTime(2026, 1, 5, 0, 0, 0, DateTimeKind.Utc);
        var rows = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            var at = start.AddMinutes(15 * i);
            var time = (i % 4) switch
            {
                0 => at.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
                1 => at.AddHours(-5).ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture) + "-05:00",
                2 => at.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + "+00:00",
                _ => at.AddHours(2).ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture) + "+02:00",
            };
            var call = i % 5 == 0 ? random.Next(0, 400).ToString(CultureInfo.InvariantCulture) : calls[random.Next(calls.Length)];
            var aht = i % 7 == 0 ? (120 + random.Next(0, 300)).ToString(CultureInfo.InvariantCulture) : "180";
            rows.Add($"{queues[i % queues.Length]},{time},{call},{aht}" + (i % 3 == 0 ? "\r\n" : "\n"));
        }
        return rows;
    }

    private string Write(string name, string header, IEnumerable<string> rows)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, header + string.Concat(rows), new UTF8Encoding(false));
        return path;
    }

    private (ForecastStaffingResult Result, byte[]? Bytes) Run(string input, bool fastPath, StaffingTargets? targets = null)
    {
        var output = Path.Combine(_dir, fastPath ? "fast.csv" : "careful.csv");
        File.Delete(output);
        var result = ForecastStaffing.Run(input, output, "forecast.csv", 900, targets ?? Targets, fastPath, CancellationToken.None);
        return (result, File.Exists(output) ? File.ReadAllBytes(output) : null);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)] // Erlang A: a patience, and the prob_abandon column
    public void UsualFile_FastAndCarefulWays_SameBytes(bool erlangA)
    {
        var rows = PlainRows();
        var input = Write("forecast.csv", "queue,interval_start,calls,aht_seconds\n", rows);
        Assert.True(new FileInfo(input).Length > 3 << 20);
        var targets = erlangA ? new StaffingTargets(0.8m, 20, 0.85m, 0.3m, patienceSeconds: 60) : Targets;

        var fast = Run(input, fastPath: true, targets);
        var careful = Run(input, fastPath: false, targets);

        Assert.True(careful.Result.Succeeded, string.Join('\n', careful.Result.Errors));
        Assert.True(fast.Result.Succeeded, string.Join('\n', fast.Result.Errors));
        Assert.True(fast.Result.WentFast);
        Assert.Equal(rows.Count, fast.Result.Rows);
        Assert.Equal(careful.Result.Rows, fast.Result.Rows);
        Assert.Equal(careful.Bytes, fast.Bytes);
        Assert.Equal(erlangA, Encoding.UTF8.GetString(fast.Bytes!).StartsWith("queue,interval_start,calls,aht_seconds,agents,staff_with_shrinkage,service_level,asa_seconds,occupancy,prob_abandon\r\n", StringComparison.Ordinal));
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp"));
    }

    /// <summary>
    /// One row the fast way does not take, late in the file (in a later block than the first): the file then goes the
    /// careful way, and the output or the errors are the careful way's, whatever the fast way had already written.
    /// </summary>
    [Theory]
    [InlineData("\"support, tier 2\",2026-03-01T08:00:00Z,50,180\n")] // quoted, with a comma
    [InlineData("sales,2026-03-01T08:00:00Z,50,180,extra\n")] // a fifth field
    [InlineData("\n")] // a blank line
    [InlineData(" sales ,2026-03-01T08:00:00Z, 50 ,180\n")] // spaces around fields (trimmed by the careful way)
    [InlineData("sales,2026-03-01T08:00:00,50,180\n")] // no offset
    [InlineData("sales,2026-03-01,50,180\n")] // a date alone
    [InlineData("sales,2026-03-01T08:00:00.5Z,50,180\n")] // fractional seconds
    [InlineData("sales,2026-13-01T08:00:00Z,50,180\n")] // a month that does not exist
    [InlineData("sales,2026-03-01T08:00:00Z,-1,180\n")] // negative calls
    [InlineData("sales,2026-03-01T08:00:00Z,50,0\n")] // zero handle time
    [InlineData("sales,2026-03-01T08:00:00Z,1e3,180\n")] // not a plain number
    [InlineData("sales,2026-03-01T08:00:00Z,99999999999,180\n")] // traffic beyond the solver's range
    [InlineData(",2026-03-01T08:00:00Z,50,180\n")] // no queue
    [InlineData("sa\rles,2026-03-01T08:00:00Z,50,180\n")] // a lone carriage return
    [InlineData("sales,2026-03-01T08:00:00Z,50,180", true)] // the last row without its line break: the fast way takes it
    [InlineData("sales,2026-03-01T08:00:00Z,4,180\u0000\n")] // a remembered calls and AHT text, then a NUL
    [InlineData("sales,2026-03-01T08:00:00Z,4,180 \n")] // a remembered calls and AHT text, then a space
    [InlineData("sales,2026-03-01T08:00:00Z,12.500000000000000000,180.00000000000000\n", true)] // longer than the key: remembered whole
    [InlineData("sales,2026-03-01T08:00:00Z,\n")] // three fields, the last empty
    public void UnusualRowLate_SameAsTheCarefulWay(string row, bool wentFast = false) => UnusualRow_SameAsTheCarefulWay(row, 60_000, wentFast);

    /// <summary>The same rows first in the file: in the first chunk of the first block, where no answer is remembered yet.</summary>
    [Theory]
    [InlineData("sales,2026-03-01T08:00:00Z,\n")]
    [InlineData("sales,2026-03-01T08:00:00Z,4,180\u0000\n")]
    [InlineData(",2026-03-01T08:00:00Z,50,180\n")]
    [InlineData("sales,2026-03-01T08:00:00Z,12.500000000000000000,180.00000000000000\n", true)]
    public void UnusualRowFirst_SameAsTheCarefulWay(string row, bool wentFast = false) => UnusualRow_SameAsTheCarefulWay(row, 0, wentFast);

    [Theory]
    [InlineData("sales,2026-03-01T08:00:00Z,\n")]
    [InlineData("sales,2026-03-01T08:00:00Z,50,180\n", true)]
    [InlineData("sales,2026-03-01T08:00:00Z,12.500000000000000000,180.00000000000000", true)]
    public void OneRowFile_SameAsTheCarefulWay(string row, bool wentFast = false)
    {
        var input = Write("forecast.csv", "queue,interval_start,calls,aht_seconds\n", [row]);

        AssertBothWaysAlike(input, wentFast);
    }

    private void UnusualRow_SameAsTheCarefulWay(string row, int at, bool wentFast)
    {
        var rows = PlainRows(70_000);
        if (row.EndsWith('\n'))
        {
            rows.Insert(at, row);
        }
        else
        {
            rows = [.. rows.Take(60_000), row]; // the file ends with it
        }
        var input = Write("forecast.csv", "queue,interval_start,calls,aht_seconds\n", rows);

        AssertBothWaysAlike(input, wentFast);
    }

    /// <summary>The file run both ways: the way it went, and the same errors, rows and bytes; no temporary file left.</summary>
    private void AssertBothWaysAlike(string input, bool wentFast)
    {
        var fast = Run(input, fastPath: true);
        var careful = Run(input, fastPath: false);

        Assert.Equal(wentFast, fast.Result.WentFast);
        Assert.Equal(careful.Result.Errors, fast.Result.Errors);
        Assert.Equal(careful.Result.Rows, fast.Result.Rows);
        Assert.Equal(careful.Bytes, fast.Bytes);
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp"));
    }

    [Theory]
    [InlineData("\uFEFFqueue,interval_start,calls,aht_seconds\n")] // a byte order mark
    [InlineData("queue,interval_start,calls,aht_seconds,notes\n")] // another column
    [InlineData("interval_start,queue,calls,aht_seconds\n")] // another order
    [InlineData("queue, interval_start ,calls,aht_seconds\r\n")] // spaces in the header
    public void OtherHeader_SameAsTheCarefulWay(string header)
    {
        var rows = PlainRows(5_000);
        if (header.Contains("notes", StringComparison.Ordinal))
        {
            rows = [.. rows.Select(r => r.TrimEnd('\r', '\n') + ",n\n")];
        }
        if (header.StartsWith("interval_start", StringComparison.Ordinal))
        {
            rows = [.. rows.Select(r => r.Split(',') is var f ? $"{f[1]},{f[0]},{f[2]},{f[3]}" : r)];
        }
        var input = Write("forecast.csv", header, rows);

        var fast = Run(input, fastPath: true);
        var careful = Run(input, fastPath: false);

        Assert.True(careful.Result.Succeeded, string.Join('\n', careful.Result.Errors));
        Assert.False(fast.Result.WentFast);
        Assert.Equal(careful.Result.Rows, fast.Result.Rows);
        Assert.Equal(careful.Bytes, fast.Bytes);
    }

    [Fact]
    public void HeaderOnly_NoRowsSameAsTheCarefulWay()
    {
        var input = Write("forecast.csv", "queue,interval_start,calls,aht_seconds\r\n", []);

        var fast = Run(input, fastPath: true);
        var careful = Run(input, fastPath: false);

        Assert.True(fast.Result.Succeeded);
        Assert.True(fast.Result.WentFast);
        Assert.Equal(0, fast.Result.Rows);
        Assert.Equal(careful.Bytes, fast.Bytes);
    }

    [Fact]
    public void Cancelled_ThrowsAndLeavesNoFile()
    {
        var input = Write("forecast.csv", "queue,interval_start,calls,aht_seconds\n", PlainRows());
        var output = Path.Combine(_dir, "out.csv");
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => ForecastStaffing.Run(input, output, "forecast.csv", 900, Targets, cancel.Token));

        Assert.False(File.Exists(output));
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp"));
    }
}
