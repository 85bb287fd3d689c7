using CertDesk.Domain;
using CertDesk.Domain.Staffing;
using nietras.SeparatedValues;

namespace CertDesk.Features.Calculations;

/// <summary>
/// <c>staff --forecast</c>: every row of a forecast file (<c>queue,interval_start,calls,aht_seconds</c>) to the same row
/// plus <c>agents,staff_with_shrinkage,service_level,asa_seconds,occupancy</c> (and <c>prob_abandon</c> under Erlang A).
/// All rows are checked before anything is solved; a file with any bad row yields errors and no output.
/// </summary>
public static class ForecastStaffing
{
    public static readonly string[] Columns = ["queue", "interval_start", "calls", "aht_seconds"];

    /// <summary>The output CSV text, or null with one error line per problem (file, row, field, reason).</summary>
    public static string? Run(string csvText, string fileName, decimal intervalSeconds, StaffingTargets targets, List<string> errors)
    {
        var rows = new List<(string Queue, string Start, string CallsText, string AhtText)>();
        var intervals = new List<ForecastInterval>();
        using (var reader = Sep.New(',').Reader(o => o with { Unescape = true, DisableColCountCheck = true }).FromText(csvText))
        {
            var header = reader.Header.ColNames.Select(c => c.Trim()).ToArray();
            var missing = Columns.Where(c => !header.Contains(c, StringComparer.Ordinal)).ToList();
            if (missing.Count > 0)
            {
                errors.Add($"{fileName}: row 1: missing column(s) {string.Join(", ", missing)}; expected {string.Join(",", Columns)}");
                return null;
            }
            var index = Columns.Select(c => Array.IndexOf(header, c)).ToArray();
            foreach (var record in reader)
            {
                var row = record.LineNumberFrom;
                if (record.ColCount != header.Length)
                {
                    errors.Add($"{fileName}: row {row}: has {record.ColCount} fields, the header has {header.Length}");
                    continue;
                }
                var queue = record[index[0]].ToString().Trim();
                var start = record[index[1]].ToString().Trim();
                var callsText = record[index[2]].ToString().Trim();
                var ahtText = record[index[3]].ToString().Trim();
                var before = errors.Count;
                if (queue.Length == 0)
                {
                    errors.Add($"{fileName}: row {row}, field queue: is empty");
                }
                if (!DateTimeOffset.TryParse(start, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out _) || start.Length < 10)
                {
                    errors.Add($"{fileName}: row {row}, field interval_start: '{start}' is not an ISO 8601 date-time");
                }
                var calls = ParseNumber(callsText);
                if (calls is not { } c || c < 0)
                {
                    errors.Add($"{fileName}: row {row}, field calls: '{callsText}' is not a number >= 0");
                }
                var aht = ParseNumber(ahtText);
                if (aht is not { } h || h <= 0)
                {
                    errors.Add($"{fileName}: row {row}, field aht_seconds: '{ahtText}' is not a number > 0");
                }
                if (errors.Count == before)
                {
                    var traffic = new List<FieldError>();
                    if (!Calculations.CheckTraffic(calls!.Value, intervalSeconds, aht!.Value, "calls", traffic))
                    {
                        errors.Add($"{fileName}: row {row}, field calls: {traffic[0].Message}");
                    }
                }
                rows.Add((queue, start, callsText, ahtText));
                intervals.Add(new ForecastInterval(calls ?? 0, aht ?? 1));
            }
        }
        if (errors.Count > 0)
        {
            return null;
        }

        var results = new StaffingResult[intervals.Count];
        StaffingSolver.SolveMany(intervals.ToArray(), intervalSeconds, targets, results);

        var erlangA = targets.PatienceSeconds is not null;
        var sb = new StringBuilder();
        sb.Append("queue,interval_start,calls,aht_seconds,agents,staff_with_shrinkage,service_level,asa_seconds,occupancy");
        sb.Append(erlangA ? ",prob_abandon\n" : "\n");
        using (var writer = Sep.New(',').Writer(o => o with { Escape = true, WriteHeader = false }).To(sb))
        {
            for (var i = 0; i < rows.Count; i++)
            {
                var r = results[i];
                using var line = writer.NewRow();
                line["queue"].Set(rows[i].Queue);
                line["interval_start"].Set(rows[i].Start);
                line["calls"].Set(rows[i].CallsText);
                line["aht_seconds"].Set(rows[i].AhtText);
                line["agents"].Set(r.Agents.ToString(CultureInfo.InvariantCulture));
                line["staff_with_shrinkage"].Set(r.StaffWithShrinkage.ToString(CultureInfo.InvariantCulture));
                line["service_level"].Set(r.ServiceLevel.ToString("R", CultureInfo.InvariantCulture));
                line["asa_seconds"].Set(r.AsaSeconds?.ToString("R", CultureInfo.InvariantCulture) ?? "");
                line["occupancy"].Set(r.Occupancy.ToString("R", CultureInfo.InvariantCulture));
                if (erlangA)
                {
                    line["prob_abandon"].Set(r.ProbAbandon?.ToString("R", CultureInfo.InvariantCulture) ?? "");
                }
            }
        }
        return sb.ToString();
    }

    private static decimal? ParseNumber(string text) =>
        decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) ? value : null;
}
