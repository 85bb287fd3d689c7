using CertDesk.Domain.Kpi;
using CertDesk.Observability;

namespace CertDesk.Features.Proof;

/// <summary>
/// The KPI importers' public doors: each import runs measured (a span, rows, duration, rows per second: see
/// <see cref="CertDeskTelemetry.MeasureImportAsync"/>); the work itself is in the Read... methods beside.
/// </summary>
public sealed partial class KpiImport
{
    /// <summary>
    /// <c>import cdr</c>: the streaming aggregator of <c>kpi aggregate</c>, then the facts upserted. <paramref name="readAhead"/>,
    /// when given, is the file's read already under way (the command line starts it before the database is open); the caller
    /// disposes of it. The import's span and duration then begin with that read, also when the import stops it to read the
    /// file's key first (the command's work began there).
    /// </summary>
    public Task<KpiImportResult> ImportCdrAsync(string path, string fileName, KpiSettings settings, bool dryRun, IProgress<double>? progress,
        CancellationToken ct, bool acceptValid = false, ContactRecordFormat format = ContactRecordFormat.Csv, CdrReadAhead? readAhead = null) =>
        CertDeskTelemetry.MeasureImportAsync("cdr", dryRun, () => ReadCdrAsync(path, fileName, settings, dryRun, progress, ct, acceptValid, format, readAhead), Tally,
            readAhead?.BegunAt);

    /// <summary><c>import intervals</c>: an already aggregated file (contract columns).</summary>
    public Task<KpiImportResult> ImportIntervalsAsync(string path, string fileName, bool dryRun, IProgress<double>? progress, CancellationToken ct,
        bool acceptValid = false) =>
        CertDeskTelemetry.MeasureImportAsync("intervals", dryRun, () => ReadIntervalsAsync(path, fileName, dryRun, progress, ct, acceptValid), Tally);

    /// <summary><c>import qa</c>: <c>employee_id,date,score</c>.</summary>
    public Task<KpiImportResult> ImportQaAsync(string path, string fileName, bool dryRun, CancellationToken ct, bool acceptValid = false) =>
        CertDeskTelemetry.MeasureImportAsync("qa", dryRun, () => ReadQaAsync(path, fileName, dryRun, ct, acceptValid), Tally);

    /// <summary>A <c>cdr</c> or <c>intervals</c> file read through a column mapping (another system's report).</summary>
    public Task<KpiImportResult> ImportMappedAsync(string kind, string path, string fileName, ColumnMapping mapping, string mappingName, KpiSettings settings,
        bool dryRun, IProgress<double>? progress, CancellationToken ct) =>
        CertDeskTelemetry.MeasureImportAsync(kind is "cdr" or "intervals" ? kind : "mapped", dryRun,
            () => ReadMappedAsync(kind, path, fileName, mapping, mappingName, settings, dryRun, progress, ct), Tally);

    private static ImportTally Tally(KpiImportResult result) => new(result.Rows, !result.Succeeded, result.AlreadyImported);
}
