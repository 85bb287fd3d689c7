namespace CertDesk.Domain.Gaps;

/// <summary>
/// The assumptions that turn a certification's catalog facts into a cost for one person; explicit settings, shown
/// on every page that uses them. Fees the catalog does not know are replaced by <see cref="UnknownFeeEstimate"/>
/// (a planning estimate, never written back to the catalog) or, when that is null, make the cost unknown.
/// </summary>
public sealed record CostAssumptions(
    decimal TravelPerInPersonCertification,
    decimal PaidStudyShare,
    decimal BackfillShare,
    decimal BackfillPremium,
    decimal? UnknownFeeEstimate,
    decimal UnknownClassHoursEstimate)
{
    /// <summary>The backfill rule these assumptions set (also applied to the costs recorded on enrollments).</summary>
    public BusinessCases.BackfillRule Backfill => new(BackfillShare, BackfillPremium);
}

/// <summary>
/// The facts of one certification that the cost needs; null = unknown. <see cref="Quoted"/>: the fees come from the
/// center's own quote in force (the price book), not from the issuer's published price.
/// </summary>
public sealed record CertificationCostFacts(
    decimal? Tuition, decimal? ExamFee, decimal? Materials, decimal? StudyHours, decimal? ClassHours, bool InPerson, bool Quoted = false);

/// <summary>Where a cost's fees came from, in the order they are preferred.</summary>
public enum CostSource
{
    /// <summary>The center's quote in force on the day (price book).</summary>
    Quote,

    /// <summary>The issuer's published price (catalog).</summary>
    Published,

    /// <summary>Neither is known: the planning estimate for unknown fees.</summary>
    Estimate,
}

/// <summary>The fully loaded cost (product.md) and its parts, with the estimates it had to use and where its fees came from.</summary>
public sealed record CostBreakdown(
    decimal Fees, decimal Materials, decimal Travel, decimal HoursAway, decimal TimeCost, decimal Backfill, decimal Total,
    IReadOnlyList<string> Estimates, CostSource Source = CostSource.Published)
{
    public bool UsesEstimates => Estimates.Count > 0;
}

public static class FullyLoadedCost
{
    /// <summary>
    /// fees (tuition + exam) + materials + travel + hours away x hourly loaded cost + backfill, where
    /// hours away = class hours + study hours x paid study share and backfill = hours away x backfill share x
    /// hourly loaded cost x backfill premium. Money is rounded half away from zero to cents. Returns null when a
    /// fee is unknown and there is no estimate for unknown fees.
    /// </summary>
    public static CostBreakdown? Compute(CertificationCostFacts facts, decimal hourlyLoadedCost, CostAssumptions assumptions)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(assumptions);
        var estimates = new List<string>();
        decimal? Fee(decimal? value, string name)
        {
            if (value is { } v)
            {
                return v;
            }
            if (assumptions.UnknownFeeEstimate is { } e)
            {
                estimates.Add($"{name} unknown: planning estimate {e.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)} used");
                return e;
            }
            return null;
        }
        // An unknown exam fee or materials line is often included in the tuition: only the tuition gets the estimate.
        var tuition = Fee(facts.Tuition, "tuition");
        if (tuition is null)
        {
            return null;
        }
        var exam = facts.ExamFee ?? 0m;
        var materials = facts.Materials ?? 0m;
        var classHours = facts.ClassHours ?? assumptions.UnknownClassHoursEstimate;
        if (facts.ClassHours is null)
        {
            estimates.Add($"class hours unknown: planning estimate {assumptions.UnknownClassHoursEstimate.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture)} h used");
        }
        var hoursAway = classHours + (facts.StudyHours ?? 0m) * assumptions.PaidStudyShare;
        var travel = facts.InPerson ? assumptions.TravelPerInPersonCertification : 0m;
        var timeCost = Money(hoursAway * hourlyLoadedCost);
        var backfill = assumptions.Backfill.Cost(hoursAway, hourlyLoadedCost);
        var fees = tuition.Value + exam;
        var total = Money(fees + materials + travel + timeCost + backfill);
        var source = facts.Tuition is null ? CostSource.Estimate : facts.Quoted ? CostSource.Quote : CostSource.Published;
        return new CostBreakdown(fees, materials, travel, hoursAway, timeCost, backfill, total, estimates, source);
    }

    public static decimal Money(decimal value) => Math.Round(value, 2, MidpointRounding.AwayFromZero);
}
