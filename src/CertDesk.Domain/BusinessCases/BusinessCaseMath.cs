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

/// <summary>The arithmetic of a business case: the fully loaded cost lines go into a Phillips ROI study (<see cref="Roi.PhillipsRoi"/>).</summary>
public static class BusinessCaseMath
{
    public static decimal CreditedAnnual(ProjectedBenefit b) => b.AnnualValue * b.Isolation * b.Confidence;

    public static BusinessCaseFigures Compute(CostInputs costs, IEnumerable<ProjectedBenefit> benefits, int years)
    {
        ArgumentNullException.ThrowIfNull(costs);
        ArgumentOutOfRangeException.ThrowIfLessThan(years, 1);
        var list = benefits.ToList();
        var study = new Roi.RoiStudy(
            [
                new Roi.RoiCost("fees", costs.Fees), new Roi.RoiCost("materials", costs.Materials), new Roi.RoiCost("travel", costs.Travel),
                new Roi.RoiCost("time_away", costs.TimeAwayCost), new Roi.RoiCost("backfill", costs.Backfill),
            ],
            [.. list.Select(b => new Roi.RoiBenefit(b.Name, b.AnnualValue, b.Isolation, b.Confidence))],
            years);
        var r = Roi.PhillipsRoi.Calculate(study);
        return new BusinessCaseFigures(r.TotalCost, r.TotalBenefit, Cents.Round(list.Sum(CreditedAnnual)), r.NetBenefit, r.RoiPercent, r.Bcr, r.PaybackMonths);
    }
}

/// <summary>Money is rounded half away from zero to cents (the contract).</summary>
public static class Cents
{
    public static decimal Round(decimal amount) => CertDesk.Domain.Money.Round(amount);
}
