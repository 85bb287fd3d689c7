using System.Globalization;
using System.Text;
using CertDesk.Domain.Staffing;

namespace CertDesk.Benchmarks;

/// <summary>A deterministic year of 15-minute forecasts for 20 queues (35,040 intervals each), with a daily and weekly shape.</summary>
public static class StaffingWorkload
{
    public const int Queues = 20;
    public const int IntervalsPerQueue = 35_040;
    public const decimal IntervalSeconds = 900;

    public static readonly StaffingTargets Targets = new(0.8m, 20, 0.85m, 0.3m);

    /// <param name="distinct">
    /// Adds a different ten-thousandth of a contact to each interval (up to 0.0999), so that almost no two intervals of the
    /// year are the same: the program cannot reuse an answer and solves every row.
    /// </param>
    public static ForecastInterval[] Create(int queues = Queues, bool distinct = false)
    {
        var result = new ForecastInterval[queues * IntervalsPerQueue];
        for (var q = 0; q < queues; q++)
        {
            var peak = 20 + (q * 13 % 160);        // peak contacts per interval, 20..179
            var aht = 180 + (q * 37 % 240);        // 180..419 s
            for (var i = 0; i < IntervalsPerQueue; i++)
            {
                var slot = i % 96;                 // 96 intervals a day
                var day = i / 96 % 7;
                // A triangle from 07:00 to 21:00 peaking at 12:00-13:00, quieter at weekends; integer arithmetic only.
                var shape = slot < 28 || slot >= 84 ? 2 : slot < 48 ? 2 + ((slot - 28) * 98 / 20) : 100 - ((slot - 48) * 98 / 36);
                var weekly = day >= 5 ? 45 : 100;
                var calls = peak * shape * weekly / 1000m; // one decimal
                if (distinct)
                {
                    calls += ((q * IntervalsPerQueue) + i) % 999 / 10000m;
                }
                result[(q * IntervalsPerQueue) + i] = new ForecastInterval(calls, aht);
            }
        }
        return result;
    }

    /// <summary>The workload as a forecast CSV, for the Python comparison.</summary>
    public static void WriteCsv(string path, ForecastInterval[] intervals)
    {
        var sb = new StringBuilder("queue,interval_start,calls,aht_seconds\n");
        var start = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        for (var k = 0; k < intervals.Length; k++)
        {
            var q = k / IntervalsPerQueue;
            var i = k % IntervalsPerQueue;
            sb.Append(CultureInfo.InvariantCulture, $"q{q:00},{start.AddMinutes(15 * i):yyyy-MM-ddTHH:mm:ssZ},{intervals[k].Calls},{intervals[k].AhtSeconds}\n");
        }
        File.WriteAllText(path, sb.ToString());
    }
}
