using CertDesk.Domain.Kpi;
using nietras.SeparatedValues;

namespace CertDesk.Features.Proof;

/// <summary><c>import intervals</c>: the contract's interval file, streamed and checked row by row (the shared steps are in KpiImport.cs).</summary>
public sealed partial class KpiImport
{
    /// <summary><c>import intervals</c>: an already aggregated file (contract columns), validated row by row while it streams.</summary>
    private async Task<KpiImportResult> ReadIntervalsAsync(string path, string fileName, bool dryRun, IProgress<double>? progress, CancellationToken ct,
        bool acceptValid = false)
    {
        try
        {
            return await ImportIntervalFileAsync(path, fileName, dryRun, progress, ct, acceptValid);
        }
        catch (System.Text.DecoderFallbackException)
        {
            // Met while streaming: the transaction was disposed uncommitted, nothing is written.
            return KpiImportResult.Fail(Files.ImportRules.NotUtf8(fileName));
        }
    }

    /// <param name="importKey">What identifies the import when it is not the file's own hash (a file converted through a mapping).</param>
    private async Task<KpiImportResult> ImportIntervalFileAsync(string path, string fileName, bool dryRun, IProgress<double>? progress, CancellationToken ct,
        bool acceptValid, ImportKey? importKey = null)
    {
        if (!File.Exists(path))
        {
            return KpiImportResult.Fail($"{fileName}: file not found");
        }
        var length = new FileInfo(path).Length;
        if (length == 0)
        {
            return KpiImportResult.Fail($"{fileName}: the file is empty (a header row is required)");
        }
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        // Strict UTF-8: bytes that are not UTF-8 stop the import instead of becoming replacement characters.
        using var strict = Files.ImportRules.StrictUtf8(stream);
        using var reader = OpenCsv(() => Sep.New(',').Reader(o => o with { Unescape = true, DisableColCountCheck = true }).From(strict), fileName, out var headerError);
        if (reader is null)
        {
            return KpiImportResult.Fail(headerError!);
        }
        var header = reader.Header.ColNames.Select(c => c.Trim()).ToArray();
        var missing = IntervalColumns.Where(c => !header.Contains(c, StringComparer.Ordinal)).ToList();
        if (Files.ImportRules.Separator(fileName, header, IntervalColumns) is { } separator)
        {
            return KpiImportResult.Fail(separator);
        }
        if (missing.Count > 0)
        {
            var unknown = header.Where(h => !IntervalColumns.Contains(h, StringComparer.Ordinal)).ToList();
            return KpiImportResult.Fail($"{fileName}: row 1 (header): missing column(s) {string.Join(", ", missing)}" +
                (unknown.Count > 0 ? $"; unexpected {string.Join(", ", unknown)}" : "") + $"; expected {IntervalFactCsv.Header}");
        }
        var index = IntervalColumns.Select(c => Array.IndexOf(header, c)).ToArray();
        var key = importKey ?? await KeyOfFileAsync("intervals", path, ct);
        if (!dryRun && await PreviousImportAsync("intervals", key, ct) is { } earlier)
        {
            return earlier;
        }

        var errors = new List<string>();
        long errorCount = 0;
        long rows = 0;
        long facts = 0;
        var batch = new List<IntervalFact>(BatchSize);
        await using var tx = dryRun ? null : await db.Database.BeginTransactionAsync(ct);
        using var writer = dryRun ? null : await KpiFactWriter.CreateAsync(db, ct);
        (string Team, DateTime Start)? previous = null;
        var values = new long[12];
        var rejected = new List<(string[] Raw, IEnumerable<string> Errors)>();
        List<string>? rowReasons = null;
        foreach (var record in reader)
        {
            ct.ThrowIfCancellationRequested();
            rows++;
            var row = rows + 1; // the header is row 1
            var line = record.LineNumberFrom;
            rowReasons = null;
            void Error(string field, string reason)
            {
                errorCount++;
                var text = string.Create(CultureInfo.InvariantCulture, $"{fileName}: row {row} (line {line}), field {field}: {reason}");
                if (errors.Count < MaxListedErrors)
                {
                    errors.Add(text);
                }
                if (acceptValid)
                {
                    (rowReasons ??= []).Add(text);
                }
            }

            if (record.ColCount != header.Length)
            {
                Error("*", string.Create(CultureInfo.InvariantCulture, $"has {record.ColCount} fields, the header has {header.Length} (a truncated or broken row?)"));
                if (rowReasons is not null)
                {
                    rejected.Add((Cells(record, header.Length), rowReasons));
                }
                continue;
            }
            var team = record[index[0]].ToString().Trim();
            var startText = record[index[1]].ToString().Trim();
            var before = errorCount;
            if (team.Length == 0 || team.Length > 64)
            {
                Error("team_id", "must be 1 to 64 characters");
            }
            else if (Files.ImportRules.Formula(team) is { } formula)
            {
                Error("team_id", formula);
            }
            var start = ParseUtc(startText);
            if (start is null)
            {
                Error("interval_start", $"{Files.ImportRules.Quote(startText)} is not an ISO 8601 date-time with an offset (e.g. 2026-03-02T14:15:00Z)");
            }
            for (var c = 0; c < 12; c++)
            {
                var text = record[index[c + 2]].Span.Trim();
                if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out values[c]))
                {
                    Error(IntervalColumns[c + 2], text.StartsWith("-") ? $"{Files.ImportRules.Quote(text.ToString())} is negative: counts and seconds are whole numbers >= 0" : $"{Files.ImportRules.Quote(text.ToString())} is not a whole number >= 0");
                }
            }
            if (errorCount == before)
            {
                if (values[1] + values[2] != values[0])
                {
                    Error("offered", string.Create(CultureInfo.InvariantCulture, $"{values[0]} is not answered + abandoned ({values[1]} + {values[2]})"));
                }
                if (values[3] > values[1])
                {
                    Error("answered_within_threshold", "is more than answered");
                }
                if (values[9] > values[1] || values[11] > values[0])
                {
                    Error(values[9] > values[1] ? "resolved_first_contact" : "csat_count", "is more than the contacts it counts");
                }
                if (previous is { } same && same.Team == team && same.Start == start!.Value)
                {
                    Error("interval_start", string.Create(CultureInfo.InvariantCulture, $"repeats row {row - 1} (team {Files.ImportRules.Quote(team)}, interval {startText})"));
                }
                else if (previous is { } p && (string.CompareOrdinal(p.Team, team) > 0 || (p.Team == team && p.Start >= start!.Value)))
                {
                    Error("interval_start", "the file is not sorted by team_id then interval_start, or repeats an interval");
                }
            }
            if (errorCount != before)
            {
                if (rowReasons is not null)
                {
                    rejected.Add((Cells(record, header.Length), rowReasons));
                }
                continue;
            }
            previous = (team, start!.Value);
            facts++;
            if (writer is not null && (errorCount == 0 || acceptValid))
            {
                batch.Add(new IntervalFact(team, start.Value, values[0], values[1], values[2], values[3], values[4], values[5], values[6], values[7],
                    values[8], values[9], values[10], values[11]));
                if (batch.Count == BatchSize)
                {
                    await writer.WriteAsync(batch, ct);
                    batch.Clear();
                    progress?.Report(Math.Min(0.99, stream.Position / (double)length));
                }
            }
        }
        if (rows == 0)
        {
            return KpiImportResult.Fail(Files.ImportRules.NoRows(fileName));
        }
        if (errorCount > errors.Count)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{fileName}: {errorCount - errors.Count} more errors not shown ({errorCount} in all)"));
        }
        if (errors.Count > 0 && !acceptValid)
        {
            return new KpiImportResult(false, errors, rows, 0, false); // the transaction is disposed uncommitted: nothing written
        }
        var rejectedCsv = rejected.Count > 0 ? Files.CsvTable.Rejected(header, rejected) : null;
        if (writer is null || tx is null)
        {
            return new KpiImportResult(true, errors, rows, facts, false, rejected.Count, rejectedCsv);
        }
        await writer.WriteAsync(batch, ct);
        await writer.FinishAsync(ct);
        var already = await RecordAsync("intervals", fileName, key, rows, facts, ct);
        await tx.CommitAsync(ct);
        progress?.Report(1);
        return new KpiImportResult(true, errors, rows, facts, already, rejected.Count, rejectedCsv);
    }
}
