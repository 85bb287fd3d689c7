namespace CertDesk.Domain.Credentials;

/// <summary>How the next renewal date is set when a renewal is completed (Infor HR Talent's two rules).</summary>
public enum RenewalMode
{
    /// <summary>Keep the anniversary when renewed within +/- threshold days of the due date.</summary>
    KeepAnniversary,

    /// <summary>The next due date counts from the completion date.</summary>
    Reset,
}

/// <summary>
/// A renewal requirement: <see cref="Required"/> hours (or points, PDUs) within each window of
/// <see cref="PeriodMonths"/> months, counted in steps of <see cref="Step"/> (0.25 = quarter hours), with optional
/// caps per category (e.g. "networking" at most 4 points).
/// </summary>
public sealed record RenewalRequirement(decimal Required, int PeriodMonths, decimal Step, IReadOnlyDictionary<string, decimal>? CategoryCaps = null);

/// <summary>One continuing-education activity logged against a credential.</summary>
public sealed record CeEntry(DateOnly On, decimal Hours, string Category);

public sealed record CeLine(CeEntry Entry, decimal Counted, string? Note);

public sealed record RenewalStatus(DateOnly WindowStart, DateOnly WindowEnd, decimal Counted, decimal Required, decimal Short, bool Compliant, IReadOnlyList<CeLine> Lines);

/// <summary>The arithmetic of keeping a credential current: hours in the window, compliance, the next due date.</summary>
public static class RenewalCalculator
{
    /// <summary>Rounds down to the step: 45 minutes (0.75 h) stays 0.75; 0.8 h counts 0.75 with step 0.25.</summary>
    public static decimal ToStep(decimal hours, decimal step) =>
        step <= 0 ? hours : Math.Floor(hours / step) * step;

    /// <summary>Minutes to hours in the requirement's steps: 45 min = 0.75 PDU (C25).</summary>
    public static decimal FromMinutes(int minutes, decimal step) => ToStep(minutes / 60m, step);

    /// <summary>
    /// Counts the entries inside [windowStart, windowEnd] and not before the certification date (C25: activity
    /// dated before certification counts 0); applies the per-category caps in date order; compliant when the count
    /// reaches the requirement (C24).
    /// </summary>
    public static RenewalStatus Evaluate(RenewalRequirement requirement, DateOnly certifiedOn, DateOnly windowStart, DateOnly windowEnd, IEnumerable<CeEntry> entries)
    {
        var lines = new List<CeLine>();
        var usedByCategory = new Dictionary<string, decimal>(StringComparer.OrdinalIgnoreCase);
        decimal total = 0;
        foreach (var entry in entries.OrderBy(e => e.On))
        {
            string? note = null;
            decimal counted;
            if (entry.On < certifiedOn)
            {
                (counted, note) = (0, "dated before the certification: not counted");
            }
            else if (entry.On < windowStart || entry.On > windowEnd)
            {
                (counted, note) = (0, "outside the renewal window");
            }
            else if (entry.Hours <= 0)
            {
                (counted, note) = (0, "no hours");
            }
            else
            {
                counted = ToStep(entry.Hours, requirement.Step);
                if (counted != entry.Hours)
                {
                    note = $"counted in steps of {requirement.Step:0.##}";
                }
                if (requirement.CategoryCaps is { } caps && caps.TryGetValue(entry.Category, out var cap))
                {
                    var used = usedByCategory.GetValueOrDefault(entry.Category);
                    var room = Math.Max(0, cap - used);
                    if (counted > room)
                    {
                        counted = room;
                        note = $"category '{entry.Category}' is capped at {cap:0.##}";
                    }
                    usedByCategory[entry.Category] = used + counted;
                }
            }
            total += counted;
            lines.Add(new CeLine(entry, counted, note));
        }
        var shortBy = Math.Max(0, requirement.Required - total);
        return new RenewalStatus(windowStart, windowEnd, total, requirement.Required, shortBy, shortBy == 0, lines);
    }

    /// <summary>The renewal window that contains <paramref name="today"/>: consecutive periods from the certification date.</summary>
    public static (DateOnly Start, DateOnly End) WindowOf(DateOnly certifiedOn, int periodMonths, DateOnly today)
    {
        if (periodMonths <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(periodMonths), "the renewal period must be at least one month");
        }
        var start = certifiedOn;
        var n = 0;
        while (certifiedOn.AddMonths((n + 1) * periodMonths) <= today)
        {
            n++;
        }
        start = certifiedOn.AddMonths(n * periodMonths);
        return (start, certifiedOn.AddMonths((n + 1) * periodMonths).AddDays(-1));
    }

    /// <summary>
    /// The next due date after a renewal completed on <paramref name="completedOn"/> for one due on
    /// <paramref name="due"/> (C26). Keep-anniversary: within +/- threshold days the next due is the anniversary;
    /// earlier it resets to the completion date; later the credential had lapsed (and resets). Reset: the next due
    /// counts from the completion, lapsed when completed after the due date.
    /// </summary>
    public static (DateOnly NextDue, bool Lapsed) NextDue(DateOnly due, DateOnly completedOn, RenewalMode mode, int thresholdDays, int periodMonths)
    {
        var lapsed = mode == RenewalMode.KeepAnniversary ? completedOn > due.AddDays(thresholdDays) : completedOn > due;
        if (mode == RenewalMode.KeepAnniversary && !lapsed && completedOn >= due.AddDays(-thresholdDays))
        {
            return (due.AddMonths(periodMonths), false);
        }
        return (completedOn.AddMonths(periodMonths), lapsed);
    }
}
