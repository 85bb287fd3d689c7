namespace CertDesk.Features.Scheduling;

/// <summary>
/// Local wall-clock time at a site to UTC and back, daylight saving included. A local time that does not exist
/// (the hour skipped when clocks spring forward) is an error. A local time that happens twice (the hour repeated
/// when clocks fall back) is read as its <b>first</b> occurrence, the daylight-time one: the rule of RFC 5545
/// (3.3.5), so an imported schedule and the calendar invite agree.
/// </summary>
public static class SiteClock
{
    public static TimeZoneInfo Zone(string timeZoneId) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(timeZoneId, out var zone) ? zone : TimeZoneInfo.Utc;

    /// <summary>The UTC instant of a local time, or null with the reason when the local time does not exist.</summary>
    public static DateTime? ToUtc(DateOnly date, TimeOnly time, TimeZoneInfo zone, out string? error)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        error = null;
        if (zone.IsInvalidTime(local))
        {
            error = $"{date:yyyy-MM-dd} {time:HH\\:mm} does not exist in {zone.Id} (the clocks skip it when daylight saving time starts)";
            return null;
        }
        if (zone.IsAmbiguousTime(local))
        {
            // Both offsets are valid; the larger one is daylight time, which comes first.
            var offsets = zone.GetAmbiguousTimeOffsets(local);
            var first = offsets.Max();
            return DateTime.SpecifyKind(local - first, DateTimeKind.Utc);
        }
        return TimeZoneInfo.ConvertTimeToUtc(local, zone);
    }

    public static DateTime ToLocal(DateTime utc, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone);
}
