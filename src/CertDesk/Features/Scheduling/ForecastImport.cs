using CertDesk.Files;

namespace CertDesk.Features.Scheduling;

/// <summary>
/// <c>import forecast</c>: <c>queue,interval_start,calls,aht_seconds</c> (an optional <c>interval_minutes</c> column must
/// say 15, the scheduling grid). <c>interval_start</c> is an ISO 8601 instant with <c>Z</c> or an offset, on a 15-minute
/// boundary in UTC. Every row is checked (unknown queue, calls &lt; 0, AHT &lt;= 0, NaN, duplicates) before anything is
/// written; all-or-nothing unless accept-valid; a row equal to what is stored changes nothing.
/// </summary>
public sealed class ForecastImport(CertDeskDbContext db)
{
    public const int IntervalMinutes = 15;
    public static readonly string[] Columns = ["queue", "interval_start", "calls", "aht_seconds"];

    /// <summary>Imports the file, measured (<see cref="Observability.CertDeskTelemetry.MeasureImportAsync"/>).</summary>
    public Task<SchedulingImportResult> RunAsync(Stream file, string fileName, SchedulingImportOptions options, CancellationToken ct) =>
        Observability.CertDeskTelemetry.MeasureImportAsync("forecast", options.DryRun, () => ImportAsync(file, fileName, options, ct),
            r => new Observability.ImportTally(r.Rows, r.Failed));

    private async Task<SchedulingImportResult> ImportAsync(Stream file, string fileName, SchedulingImportOptions options, CancellationToken ct)
    {
        var (header, rows, fileError) = await CsvTable.ReadAsync(file, fileName, SchedulingCsv.MaxFileBytes, Columns, ct);
        if (fileError is not null)
        {
            return SchedulingImportResult.Fail(fileError);
        }
        var index = header.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i, StringComparer.Ordinal);
        var queues = await db.Queues.AsNoTracking().ToDictionaryAsync(q => q.Name, q => q.Id, StringComparer.OrdinalIgnoreCase, ct);

        var parsed = new List<(CsvRow Row, QueueForecast Value)>();
        var seen = new Dictionary<(Guid, DateTime), int>();
        foreach (var row in rows)
        {
            if (row.Errors.Count > 0)
            {
                continue;
            }
            string Field(string column) => row.Raw[index[column]].Trim();
            void Error(string column, string reason) => row.Errors.Add($"{fileName}: row {row.Number}, field {column}: {reason}");

            var queueName = Field("queue");
            if (queueName.Length == 0)
            {
                Error("queue", "is required");
            }
            else if (!queues.ContainsKey(queueName))
            {
                Error("queue", $"{Files.ImportRules.Quote(queueName)} is not a known queue (create it first; known: {string.Join(", ", queues.Keys.Order(StringComparer.Ordinal).Take(10))})");
            }
            var startText = Field("interval_start");
            DateTime startUtc = default;
            if (!DateTimeOffset.TryParseExact(startText, ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd HH:mm:ssK", "yyyy-MM-dd HH:mmK"],
                    CultureInfo.InvariantCulture, DateTimeStyles.None, out var start) || !(startText.EndsWith('Z') || startText.Contains('+', StringComparison.Ordinal) || startText.LastIndexOf('-') > 10))
            {
                Error("interval_start", $"{Files.ImportRules.Quote(startText)} is not an ISO 8601 date-time with Z or a UTC offset (e.g. 2026-12-01T14:00:00Z)");
            }
            else
            {
                startUtc = start.UtcDateTime;
                if (startUtc.Minute % IntervalMinutes != 0 || startUtc.Second != 0)
                {
                    Error("interval_start", $"{Files.ImportRules.Quote(startText)} is not on a {IntervalMinutes}-minute boundary");
                }
            }
            if (index.TryGetValue("interval_minutes", out var minutesColumn))
            {
                var minutes = row.Raw[minutesColumn].Trim();
                if (minutes.Length > 0 && minutes != IntervalMinutes.ToString(CultureInfo.InvariantCulture))
                {
                    Error("interval_minutes", $"{Files.ImportRules.Quote(minutes)} is not {IntervalMinutes}: the scheduling grid is {IntervalMinutes}-minute intervals");
                }
            }
            var callsText = Field("calls");
            var calls = SchedulingCsv.Number(callsText);
            if (calls is not { } c || c < 0 || c > 1_000_000)
            {
                Error("calls", $"{Files.ImportRules.Quote(callsText)} is not a number of contacts >= 0");
            }
            var ahtText = Field("aht_seconds");
            var aht = SchedulingCsv.Number(ahtText);
            if (aht is not { } h || h <= 0 || h > 86_400)
            {
                Error("aht_seconds", $"{Files.ImportRules.Quote(ahtText)} is not a handle time in seconds > 0");
            }
            if (row.Errors.Count > 0)
            {
                continue;
            }
            var queueId = queues[queueName];
            if (seen.TryGetValue((queueId, startUtc), out var first))
            {
                Error("interval_start", $"{queueName} at {startUtc:yyyy-MM-dd'T'HH:mm}Z is a duplicate of row {first}");
                continue;
            }
            seen[(queueId, startUtc)] = row.Number;
            parsed.Add((row, new QueueForecast { QueueId = queueId, IntervalStartUtc = startUtc, Calls = calls!.Value, AhtSeconds = aht!.Value }));
        }

        var errors = rows.SelectMany(r => r.Errors).ToList();
        var rejected = rows.Count(r => r.Errors.Count > 0);
        if (errors.Count > 0 && !options.AcceptValid)
        {
            return new SchedulingImportResult(rows.Count, 0, 0, 0, 0, rejected, errors, null);
        }

        int created = 0, updated = 0, unchanged = 0;
        if (parsed.Count > 0)
        {
            var from = parsed.Min(p => p.Value.IntervalStartUtc);
            var to = parsed.Max(p => p.Value.IntervalStartUtc);
            var queueIds = parsed.Select(p => p.Value.QueueId).Distinct().ToList();
            var existing = await db.Forecasts.Where(f => queueIds.Contains(f.QueueId) && f.IntervalStartUtc >= from && f.IntervalStartUtc <= to)
                .ToDictionaryAsync(f => (f.QueueId, f.IntervalStartUtc), ct);
            foreach (var (_, value) in parsed)
            {
                if (existing.TryGetValue((value.QueueId, value.IntervalStartUtc), out var stored))
                {
                    if (stored.Calls == value.Calls && stored.AhtSeconds == value.AhtSeconds)
                    {
                        unchanged++;
                        continue;
                    }
                    stored.Calls = value.Calls;
                    stored.AhtSeconds = value.AhtSeconds;
                    updated++;
                }
                else
                {
                    db.Forecasts.Add(value);
                    created++;
                }
            }
            if (options.DryRun)
            {
                db.ChangeTracker.Clear();
            }
            else
            {
                await db.SaveChangesAsync(ct);
            }
        }
        var rejectedCsv = errors.Count > 0 ? SchedulingCsv.RejectedCsv(header, rows.Where(r => r.Errors.Count > 0)) : null;
        return new SchedulingImportResult(rows.Count, created, updated, unchanged, 0, rejected, errors, rejectedCsv);
    }
}
