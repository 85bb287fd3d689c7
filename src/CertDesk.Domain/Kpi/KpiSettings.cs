namespace CertDesk.Domain.Kpi;

/// <summary>How contacts are sliced and judged: the interval length and the service-level threshold.</summary>
public sealed record KpiSettings(int IntervalMinutes = KpiSettings.DefaultIntervalMinutes, int SlThresholdSeconds = KpiSettings.DefaultSlThresholdSeconds)
{
    public const int DefaultIntervalMinutes = 15;
    public const int DefaultSlThresholdSeconds = 20;

    public long IntervalTicks => IntervalMinutes * TimeSpan.TicksPerMinute;

    /// <summary>Why the settings are unusable, or null. Intervals divide the day so that they start at UTC midnight.</summary>
    public string? Validate()
    {
        if (IntervalMinutes < 1 || IntervalMinutes > 1440 || 1440 % IntervalMinutes != 0)
        {
            return "--interval must be a whole number of minutes that divides a day (1, 5, 10, 15, 30, 60, ..., 1440)";
        }
        return SlThresholdSeconds < 0 ? "--sl-threshold must be a whole non-negative number of seconds" : null;
    }
}
