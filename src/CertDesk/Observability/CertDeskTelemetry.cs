using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace CertDesk.Observability;

/// <summary>
/// CertDesk's own spans and instruments, all named "CertDesk": imports (rows, duration, rows per second), solver runs
/// and database commands. Recording is a flag check while nobody listens, and nobody listens unless the
/// <c>Telemetry</c> settings turn an exporter on (<see cref="TelemetrySetup"/>); the names and units are in
/// docs/operations.md, "Metrics and traces".
/// </summary>
public static class CertDeskTelemetry
{
    public const string Name = "CertDesk";

    private static readonly string? s_version = typeof(CertDeskTelemetry).Assembly.GetName().Version?.ToString();

    public static readonly ActivitySource Source = new(Name, s_version);

    private static readonly Meter s_meter = new(Name, s_version);

    // Imports run from well under a second (a roster of 50) to minutes (millions of contact records).
    private static readonly double[] s_longBuckets = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];

    private static readonly Counter<long> s_importRows = s_meter.CreateCounter<long>(
        "certdesk.import.rows", "{row}", "Rows read by imports (roster, cdr, intervals, qa, forecast, schedule)");

    private static readonly Histogram<double> s_importDuration = s_meter.CreateHistogram(
        "certdesk.import.duration", "s", "Time an import took, from the file to the committed transaction",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = s_longBuckets });

    private static readonly Histogram<double> s_importRate = s_meter.CreateHistogram(
        "certdesk.import.throughput", "{row}/s", "Rows per second of each import that wrote its rows",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [100, 1_000, 10_000, 50_000, 100_000, 250_000, 500_000, 1_000_000, 2_500_000] });

    private static readonly Histogram<double> s_solverDuration = s_meter.CreateHistogram(
        "certdesk.solver.duration", "s", "Time a solver run took (cohort plan, best slots, staffing, ROI study)",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = s_longBuckets });

    /// <summary>Database command time (<see cref="DatabaseTiming"/>): short, so fine buckets below a second.</summary>
    internal static readonly Histogram<double> DatabaseCommandDuration = s_meter.CreateHistogram(
        "certdesk.db.command.duration", "s", "Time a database command took to execute (until its first result for a query)",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });

    /// <summary>
    /// Runs an import inside a span "import KIND" and records its rows, duration and, when it wrote rows, rows per
    /// second. <paramref name="tally"/> reads the import's own result: the same helper serves every kind of import.
    /// <paramref name="begunAt"/> (a <see cref="Stopwatch"/> timestamp) is when the import's work began, when that was
    /// before this call: <c>import cdr</c> on the command line reads its file while the host starts, and the span and the
    /// duration cover that read too.
    /// </summary>
    public static async Task<T> MeasureImportAsync<T>(string kind, bool dryRun, Func<Task<T>> import, Func<T, ImportTally> tally,
        long? begunAt = null)
    {
        ArgumentNullException.ThrowIfNull(import);
        ArgumentNullException.ThrowIfNull(tally);
        var started = begunAt ?? Stopwatch.GetTimestamp();
        using var activity = Source.StartActivity("import " + kind, ActivityKind.Internal, parentContext: default,
            startTime: DateTimeOffset.UtcNow - Stopwatch.GetElapsedTime(started));
        activity?.SetTag("certdesk.import.kind", kind);
        string outcome;
        try
        {
            var result = await import();
            var counted = tally(result);
            outcome = counted.Failed ? "failed" : counted.AlreadyImported ? "already_imported" : dryRun ? "dry_run" : "imported";
            Record(kind, outcome, counted.Rows, Stopwatch.GetElapsedTime(started), activity);
            return result;
        }
        catch (Exception e)
        {
            outcome = e is OperationCanceledException ? "cancelled" : "error";
            Record(kind, outcome, 0, Stopwatch.GetElapsedTime(started), activity);
            activity?.SetStatus(ActivityStatusCode.Error, e.GetType().Name);
            throw;
        }
    }

    private static void Record(string kind, string outcome, long rows, TimeSpan elapsed, Activity? activity)
    {
        var tags = new TagList { { "kind", kind }, { "outcome", outcome } };
        s_importRows.Add(rows, tags);
        s_importDuration.Record(elapsed.TotalSeconds, tags);
        // Rows per second only where rows were written: a dry run or an already imported file says nothing about speed.
        if (outcome == "imported" && rows > 0 && elapsed > TimeSpan.Zero)
        {
            s_importRate.Record(rows / elapsed.TotalSeconds, new TagList { { "kind", kind } });
        }
        if (activity is not null)
        {
            activity.SetTag("certdesk.import.outcome", outcome);
            activity.SetTag("certdesk.import.rows", rows);
            if (outcome == "failed")
            {
                activity.SetStatus(ActivityStatusCode.Error, "the file was refused");
            }
        }
    }

    /// <summary>
    /// A solver run, measured until disposed: <c>using (CertDeskTelemetry.MeasureSolver("cohort_plan")) { ... }</c>.
    /// A span "solve NAME" when traces are on, and <c>certdesk.solver.duration</c>.
    /// </summary>
    public static SolverMeasurement MeasureSolver(string solver) =>
        new(solver, Source.StartActivity("solve " + solver)?.SetTag("certdesk.solver", solver), Stopwatch.GetTimestamp());

    public readonly struct SolverMeasurement(string solver, Activity? activity, long started) : IDisposable
    {
        public void Dispose()
        {
            s_solverDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>("solver", solver));
            activity?.Dispose();
        }
    }
}

/// <summary>What an import reports to <see cref="CertDeskTelemetry.MeasureImportAsync"/>: rows read, refused, or already done.</summary>
public readonly record struct ImportTally(long Rows, bool Failed, bool AlreadyImported = false);
