using System.Text.RegularExpressions;
using CertDesk.Domain.Kpi;
using nietras.SeparatedValues;

namespace CertDesk.Features.Proof;

/// <summary>
/// <c>import cdr|intervals FILE --mapping MAP</c> and the upload with a saved mapping: another system's report read through a
/// <see cref="ColumnMapping"/>, converted row by row to the contract's rows, then imported by the very parser, aggregation and
/// transactional save of the contract's CSV (so the row rules, the duplicate checks and the facts are the same). All or
/// nothing. Errors name the file, the row, the file's column with the contract field it stands for, and the reason.
/// </summary>
public sealed partial class KpiImport
{
    /// <summary>
    /// Imports <paramref name="path"/> as <paramref name="kind"/> (<c>cdr</c> or <c>intervals</c>) through <paramref name="mapping"/>.
    /// <paramref name="mappingName"/> names the mapping in errors (its file name, or the saved mapping's name).
    /// </summary>
    private async Task<KpiImportResult> ReadMappedAsync(string kind, string path, string fileName, ColumnMapping mapping, string mappingName, KpiSettings settings,
        bool dryRun, IProgress<double>? progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        if (mapping.Kind != kind)
        {
            return KpiImportResult.Fail($"{mappingName}: field kind: the mapping reads {KindLabel(mapping.Kind)}, but the file is imported as {KindLabel(kind)}");
        }
        if (!File.Exists(path))
        {
            return KpiImportResult.Fail($"{fileName}: file not found");
        }
        progress?.Report(0);
        // The same bytes read through another mapping (or aggregated with other settings) are another import.
        var settingsPart = kind == ColumnMapping.CdrKind
            ? string.Create(CultureInfo.InvariantCulture, $"|interval={settings.IntervalMinutes}|sl={settings.SlThresholdSeconds}")
            : "";
        var key = (await KeyOfFileAsync(kind, path, ct)).With($"mapping={mapping.ToJson(indented: false)}{settingsPart}");
        if (!dryRun && await PreviousImportAsync(kind, key, ct) is { } previous)
        {
            return previous;
        }

        var read = await Task.Run(() => ReadMappedFile(kind, path, fileName, mapping, mappingName, ct), ct);
        if (read.Errors.Count > 0)
        {
            return new KpiImportResult(false, read.Errors, read.Rows, 0, false);
        }
        var (contacts, intervals) = (read.Contacts, read.Intervals);
        progress?.Report(0.25);
        if (kind == ColumnMapping.CdrKind)
        {
            var sources = contacts.Select(c => c.Source).ToList();
            return await ImportConvertedCdrAsync(contacts, [], fileName, key, settings, dryRun, progress,
                e => InMappedTerms(e, fileName, mapping, sources), (source, problem) => $"{fileName}: {source}, field {mapping.SourceOf("team_id")} (team_id): {problem}", ct);
        }
        return await ImportConvertedIntervalsAsync(intervals, fileName, mapping, key, dryRun, progress, ct);
    }

    /// <summary>A report read through a mapping: its rows converted to the contract's, or the errors (then nothing is to be written).</summary>
    internal sealed record MappedFile(List<string> Errors, long Rows, List<PlatformContact> Contacts, List<(IntervalFact Fact, string Source)> Intervals)
    {
        public static MappedFile Failed(string error) => new([error], 0, [], []);
    }

    /// <summary>
    /// Reads <paramref name="path"/> through <paramref name="mapping"/> (also used by <c>kpi aggregate --mapping</c>, which has no
    /// database): each row is converted to a contract row named by its source row, every error is kept (the first 100 listed).
    /// </summary>
    internal static MappedFile ReadMappedFile(string kind, string path, string fileName, ColumnMapping mapping, string mappingName, CancellationToken ct)
    {
        var errors = new List<string>();
        long errorCount = 0;
        var contacts = new List<PlatformContact>();
        var intervals = new List<(IntervalFact Fact, string Source)>();
        long count = 0;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            using var strict = Files.ImportRules.StrictUtf8(stream);
            using var reader = OpenCsv(() => Sep.New(mapping.Delimiter).Reader(o => o with { Unescape = true, DisableColCountCheck = true }).From(strict), fileName, out var headerError);
            if (reader is null)
            {
                return MappedFile.Failed(headerError!);
            }
            var header = reader.Header.ColNames.ToArray();
            var rows = MappedRows.ForHeader(mapping, header, fileName, mappingName, errors);
            if (rows is null)
            {
                return new MappedFile(errors, 0, [], []);
            }
            var rowErrors = new List<string>();
            foreach (var record in reader)
            {
                ct.ThrowIfCancellationRequested();
                count++;
                var row = count + 1; // the header is row 1
                var line = (long)record.LineNumberFrom;
                rowErrors.Clear();
                if (record.ColCount != header.Length)
                {
                    rowErrors.Add(string.Create(CultureInfo.InvariantCulture,
                        $"{fileName}: row {row} (line {line}), field *: has {record.ColCount} fields, the header has {header.Length} (a truncated or broken row?)"));
                }
                else
                {
                    var cells = Cells(record, header.Length);
                    var source = string.Create(CultureInfo.InvariantCulture, $"row {row} (line {line})");
                    if (kind == ColumnMapping.CdrKind)
                    {
                        if (rows.ToCdrRow(cells, row, line, rowErrors) is { } contact)
                        {
                            contacts.Add(new PlatformContact(contact, source));
                        }
                    }
                    else if (rows.ToIntervalFact(cells, row, line, rowErrors) is { } fact)
                    {
                        intervals.Add((fact, source));
                    }
                }
                errorCount += rowErrors.Count;
                errors.AddRange(rowErrors.Take(MaxListedErrors - errors.Count));
            }
        }
        catch (System.Text.DecoderFallbackException)
        {
            return MappedFile.Failed(Files.ImportRules.NotUtf8(fileName));
        }
        if (errorCount > errors.Count)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{fileName}: {errorCount - errors.Count} more errors not shown ({errorCount} in all)"));
        }
        if (count == 0 && errors.Count == 0)
        {
            errors.Add(Files.ImportRules.NoRows(fileName));
        }
        return new MappedFile(errors, count, contacts, intervals);
    }

    /// <summary>
    /// The interval rows written as the contract's interval file, in its order (team, then interval start: another system's
    /// report need not be sorted so), and imported by the contract's interval importer under the mapping's key.
    /// </summary>
    private async Task<KpiImportResult> ImportConvertedIntervalsAsync(List<(IntervalFact Fact, string Source)> intervals, string fileName, ColumnMapping mapping,
        ImportKey key, bool dryRun, IProgress<double>? progress, CancellationToken ct)
    {
        var sorted = intervals.OrderBy(i => i.Fact.TeamId, StringComparer.Ordinal).ThenBy(i => i.Fact.IntervalStart).ToList();
        var csvPath = Path.Combine(Path.GetTempPath(), "certdesk-intervals-" + Guid.NewGuid().ToString("N") + ".csv");
        try
        {
            await using (var csv = new StreamWriter(csvPath, false, new System.Text.UTF8Encoding(false)))
            {
                await csv.WriteAsync(IntervalFactCsv.Header + "\n");
                foreach (var (fact, _) in sorted)
                {
                    await csv.WriteAsync(IntervalFactCsv.FormatRow(fact) + "\n");
                }
            }
            var result = await ImportIntervalFileAsync(csvPath, fileName, dryRun, progress, ct, acceptValid: false, importKey: key);
            var sources = sorted.Select(i => i.Source).ToList();
            return result.Succeeded ? result : result with { Errors = [.. result.Errors.Select(e => InMappedTerms(e, fileName, mapping, sources))] };
        }
        finally
        {
            File.Delete(csvPath);
        }
    }

    /// <summary>
    /// A row error of the converted contract file (<c>FILE: row N (line L), field F: reason</c>) said of the row of the
    /// original file it came from, naming the file's column for the field (and the row a repeat repeats).
    /// </summary>
    internal static string InMappedTerms(string error, string fileName, ColumnMapping mapping, IReadOnlyList<string> sources)
    {
        var match = Regex.Match(error, "^" + Regex.Escape(fileName) + @": row (\d+) \(line \d+\), field ([a-z_]+): (.*)$");
        if (!match.Success || !int.TryParse(match.Groups[1].Value, CultureInfo.InvariantCulture, out var row) || row < 2 || row - 2 >= sources.Count)
        {
            return error;
        }
        var field = match.Groups[2].Value;
        var reason = Regex.Replace(match.Groups[3].Value, @"repeats row (\d+)",
            m => int.TryParse(m.Groups[1].Value, CultureInfo.InvariantCulture, out var r) && r >= 2 && r - 2 < sources.Count ? "repeats " + sources[r - 2] : m.Value);
        var column = mapping.Columns.ContainsKey(field) ? $"{mapping.SourceOf(field)} ({field})" : $"{field} (not in the file: derived by the mapping)";
        return $"{fileName}: {sources[row - 2]}, field {column}: {reason}";
    }

    private static string KindLabel(string kind) => kind == ColumnMapping.CdrKind ? "call detail records (cdr)" : "interval data (intervals)";
}
