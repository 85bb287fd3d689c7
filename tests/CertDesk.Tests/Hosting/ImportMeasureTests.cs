using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using CertDesk.Observability;

namespace CertDesk.Tests.Hosting;

/// <summary>
/// An import whose work began before it was called (<c>import cdr</c> on the command line reads its file while the host
/// starts) is measured from where the work began: its span and its duration both cover the earlier part.
/// </summary>
[Collection(TelemetryCollection.Name)] // its listener is the process's, as the telemetry tests' are
public sealed class ImportMeasureTests
{
    [Fact]
    public async Task Import_BegunBeforeTheCall_SpanAndDurationStartWhereItBegan()
    {
        var kind = "test-" + Guid.NewGuid().ToString("N"); // other tests' imports run in the same process
        var spans = new ConcurrentBag<Activity>();
        using var tracing = SpansOf(kind, spans);
        var durations = new ConcurrentBag<double>();
        using var metering = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == CertDeskTelemetry.Name && instrument.Name == "certdesk.import.duration")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        metering.SetMeasurementEventCallback<double>((_, seconds, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "kind" && Equals(tag.Value, kind))
                {
                    durations.Add(seconds);
                }
            }
        });
        metering.Start();

        var begun = Stopwatch.GetTimestamp() - (5 * Stopwatch.Frequency); // the work began five seconds before the call
        var called = DateTime.UtcNow;
        var rows = await CertDeskTelemetry.MeasureImportAsync(kind, dryRun: false, () => Task.FromResult(3L), r => new ImportTally(r, Failed: false), begun);

        Assert.Equal(3, rows);
        var span = Assert.Single(spans);
        Assert.InRange(span.StartTimeUtc, called.AddSeconds(-6), called.AddSeconds(-4.9));
        Assert.True(span.Duration >= TimeSpan.FromSeconds(5), $"the span lasted {span.Duration}");
        Assert.True(Assert.Single(durations) >= 5, $"the duration recorded was {durations.Single()} s");
    }

    [Fact]
    public async Task Import_BegunAtTheCall_SpanStartsAtTheCall()
    {
        var kind = "test-" + Guid.NewGuid().ToString("N");
        var spans = new ConcurrentBag<Activity>();
        using var tracing = SpansOf(kind, spans);

        var called = DateTime.UtcNow;
        await CertDeskTelemetry.MeasureImportAsync(kind, dryRun: false, () => Task.FromResult(3L), r => new ImportTally(r, Failed: false));

        Assert.True(Assert.Single(spans).StartTimeUtc >= called.AddSeconds(-1));
    }

    /// <summary>Collects the ended spans of imports of <paramref name="kind"/> while the listener lives.</summary>
    private static ActivityListener SpansOf(string kind, ConcurrentBag<Activity> spans)
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == CertDeskTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (Equals(activity.GetTagItem("certdesk.import.kind"), kind))
                {
                    spans.Add(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }
}
