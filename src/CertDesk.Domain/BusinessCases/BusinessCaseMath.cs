namespace CertDesk.Domain.BusinessCases;

/// <summary>One monetized benefit of a business case: counts annual value x isolation x confidence x years.</summary>
public sealed record ProjectedBenefit(string Name, decimal AnnualValue, decimal Isolation, decimal Confidence);

/// <summary>The fully loaded cost of sending one person to one certification (product.md definitions).</summary>
public sealed record CostInputs(decimal Fees, decimal Materials, decimal Travel, decimal HoursAway, decimal HourlyLoadedCost, decimal Backfill)
{
    public decimal TimeAwayCost => Cents.Round(HoursAway * HourlyLoadedCost);

    public decimal Total => Cents.Round(Fees + Materials + Travel + TimeAwayCost + Backfill);
}

/// <summary>ROI %, benefit-cost ratio and payback of a business case; null where the costs or benefits are zero.</summary>
public sealed record BusinessCaseFigures(
    decimal TotalCost, decimal TotalBenefit, decimal AnnualBenefit, decimal NetBenefit, decimal? RoiPercent, decimal? Bcr, decimal? PaybackMonths);

/// <summary>
/// The arithmetic of a business case. TODO(merge): use CertDesk.Domain.Roi.PhillipsRoi for the ROI, BCR and payback
/// once that branch is merged; this thin copy follows the same contract definitions so the numbers agree.
/// </summary>
public static class BusinessCaseMath
{
    public static decimal CreditedAnnual(ProjectedBenefit b) => b.AnnualValue * b.Isolation * b.Confidence;

    public static BusinessCaseFigures Compute(CostInputs costs, IEnumerable<ProjectedBenefit> benefits, int years)
    {
        ArgumentNullException.ThrowIfNull(costs);
        ArgumentOutOfRangeException.ThrowIfLessThan(years, 1);
        var list = benefits.ToList();
        var annual = list.Sum(CreditedAnnual);
        var total = Cents.Round(annual * years);
        var cost = costs.Total;
        var net = total - cost;
        decimal? roi = cost == 0 ? null : Math.Round(net / cost * 100m, 2, MidpointRounding.AwayFromZero);
        decimal? bcr = cost == 0 ? null : Math.Round(total / cost, 4, MidpointRounding.AwayFromZero);
        decimal? payback = annual == 0 ? null : Math.Round(cost / (annual / 12m), 2, MidpointRounding.AwayFromZero);
        return new BusinessCaseFigures(cost, total, Cents.Round(annual), net, roi, bcr, payback);
    }
}

/// <summary>Money is rounded half away from zero to cents (the contract).</summary>
public static class Cents
{
    public static decimal Round(decimal amount) => Math.Round(amount, 2, MidpointRounding.AwayFromZero);
}
