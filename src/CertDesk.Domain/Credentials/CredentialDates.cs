namespace CertDesk.Domain.Credentials;

/// <summary>Expiry dates and the reminder offsets before them.</summary>
public static class CredentialDates
{
    /// <summary>
    /// Issue date + validity months, where adding months clamps to the end of a shorter month (31 Jan + 1 month =
    /// 28/29 Feb). Null validity = does not expire.
    /// </summary>
    public static DateOnly? Expiry(DateOnly issued, int? validityMonths) =>
        validityMonths is > 0 and var months ? issued.AddMonths(months) : null;

    /// <summary>Days until expiry (negative once expired), or null for a credential that does not expire.</summary>
    public static int? DaysLeft(DateOnly? expiry, DateOnly today) => expiry is { } e ? e.DayNumber - today.DayNumber : null;

    public static string Standing(DateOnly? expiry, DateOnly today, int warnDays = 90) => DaysLeft(expiry, today) switch
    {
        null => "current",
        < 0 => "expired",
        var d when d <= warnDays => "expiring",
        _ => "current",
    };

    /// <summary>
    /// The reminders due on or before today for an event: one per offset whose date (event - offset days) has come
    /// while the event itself has not passed. The due date is part of each reminder's unique key.
    /// </summary>
    public static IReadOnlyList<(int Offset, DateOnly DueOn)> RemindersDue(DateOnly eventDate, IEnumerable<int> offsetDays, DateOnly today)
    {
        if (eventDate < today)
        {
            return [];
        }
        // Only the closest offset that has come: a credential first seen 20 days before expiry gets the 30-day
        // reminder, not the 90-, 60- and 30-day ones at once.
        var due = offsetDays.Distinct().Where(o => o >= 0).OrderBy(o => o)
            .Select(o => (Offset: o, DueOn: eventDate.AddDays(-o)))
            .Where(r => r.DueOn <= today)
            .Take(1)
            .ToList();
        return due;
    }
}
