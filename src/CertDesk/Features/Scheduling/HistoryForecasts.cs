using CertDesk.Domain.Forecasting;

namespace CertDesk.Features.Scheduling;

/// <summary>
/// The forecast from history of a queue, for the intervals no imported forecast covers. The history (interval facts)
/// belongs to the Proof feature, which implements this; Scheduling only asks, so the two folders stay one-way.
/// </summary>
public interface IHistoryForecasts
{
    /// <summary>The queue's forecast fitted on its teams' history, read on <paramref name="zone"/>'s clock; never throws for bad or missing history.</summary>
    Task<QueueHistoryForecast> ForQueueAsync(Guid queueId, TimeZoneInfo zone, CancellationToken ct);
}

/// <summary>A queue's forecast from history with its accuracy on the weeks held out, or why there is none (or why its
/// accuracy was not measured), and a remark to pass on (e.g. a holiday setting that is not a date).</summary>
public sealed record QueueHistoryForecast(HistoryForecastModel? Model, ForecastAccuracy? Accuracy, string? Problem, string? AccuracyProblem = null, string? Remark = null)
{
    public static QueueHistoryForecast None(string problem) => new(null, null, problem);

    /// <summary>What the screen and the API say about it, e.g. "forecast from history, WAPE 6.6 % (...)".</summary>
    public string Describe()
    {
        if (Model is null)
        {
            return $"no forecast imported and none from history: {Problem}";
        }
        var remark = Remark is null ? "" : "; " + Remark;
        if (Accuracy is not { } a)
        {
            return $"forecast from history (accuracy not measured: {AccuracyProblem}){remark}";
        }
        return string.Create(CultureInfo.InvariantCulture,
            $"forecast from history, WAPE {a.Wape * 100:0.0} % (bias {a.Bias * 100:+0.0;-0.0;0.0} %; seasonal naive {a.NaiveWape * 100:0.0} %) on the last {a.HoldoutWeeks} week(s) of history held out{remark}");
    }
}

/// <summary>Where one queue's forecast came from in the intervals judged: imported, from history, both or none.</summary>
public sealed record ForecastSourceDto(string Queue, string Source, int ImportedIntervals, int HistoryIntervals, double? Wape, double? Bias, double? NaiveWape, int? HoldoutWeeks, string Note);
