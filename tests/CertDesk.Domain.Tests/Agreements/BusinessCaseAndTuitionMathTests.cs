using CertDesk.Domain.BusinessCases;
using CertDesk.Domain.Repayment;
using CertDesk.Domain.Tuition;

namespace CertDesk.Domain.Tests.Agreements;

public sealed class BusinessCaseMathTests
{
    [Fact]
    public void SupervisoryTraining_C4_BcrFourRoiThreeHundredPaybackThreeMonths()
    {
        var costs = new CostInputs(Fees: 2500m, Materials: 10000m, Travel: 0, HoursAway: 0, HourlyLoadedCost: 0, Backfill: 0);
        var f = BusinessCaseMath.Compute(costs, [new ProjectedBenefit("fewer grievances", 50000m, 1m, 1m)], years: 1);
        Assert.Equal(12500m, f.TotalCost);
        Assert.Equal(50000m, f.TotalBenefit);
        Assert.Equal(37500m, f.NetBenefit);
        Assert.Equal(300m, f.RoiPercent);
        Assert.Equal(4m, f.Bcr);
        Assert.Equal(3m, f.PaybackMonths);
    }

    [Fact]
    public void FullyLoadedCost_HoursAwayTimesHourlyLoadedCost_AddsFeesMaterialsTravelBackfill()
    {
        var costs = new CostInputs(Fees: 1995m, Materials: 250m, Travel: 640.50m, HoursAway: 37.5m, HourlyLoadedCost: 42.35m, Backfill: 900m);
        Assert.Equal(1588.13m, costs.TimeAwayCost); // 37.5 x 42.35 = 1588.125 -> half away from zero
        Assert.Equal(5373.63m, costs.Total);
    }

    [Fact]
    public void ParticipantEstimate_C2_IsolationAndConfidenceDiscountTheBenefit()
    {
        var benefit = new ProjectedBenefit("hours saved", 12480m, 0.8m, 0.7m);
        Assert.Equal(6988.80m, BusinessCaseMath.CreditedAnnual(benefit));
        var f = BusinessCaseMath.Compute(new CostInputs(1000m, 0, 0, 0, 0, 0), [benefit], years: 2);
        Assert.Equal(13977.60m, f.TotalBenefit);
        Assert.Equal(1297.76m, f.RoiPercent);
    }

    [Fact]
    public void NoCost_RoiAndBcrAreUndefined_NothingToPayBack()
    {
        var f = BusinessCaseMath.Compute(new CostInputs(0, 0, 0, 0, 0, 0), [], years: 1);
        Assert.Null(f.RoiPercent);
        Assert.Null(f.Bcr);
        Assert.Equal(0m, f.PaybackMonths);
    }
}

public sealed class TaxFreeAllowanceTests
{
    [Fact]
    public void TwoPaymentsInOneYear_C15_ExcessOverLimitIsTaxable()
    {
        var rows = TaxFreeAllowance.Summarize(
            [new TuitionPayment(new DateOnly(2026, 3, 10), 4000m, TaxTreatment.Section127), new TuitionPayment(new DateOnly(2026, 10, 5), 3000m, TaxTreatment.Section127)],
            _ => TaxFreeAllowance.DefaultAnnualLimit);
        var year = Assert.Single(rows);
        Assert.Equal(5250m, year.Excluded);
        Assert.Equal(1750m, year.Taxable);
    }

    [Fact]
    public void JobRelatedOctoberCourse_C15_WorkingConditionFringeIsUncapped()
    {
        var rows = TaxFreeAllowance.Summarize(
            [new TuitionPayment(new DateOnly(2026, 3, 10), 4000m, TaxTreatment.Section127), new TuitionPayment(new DateOnly(2026, 10, 5), 3000m, TaxTreatment.WorkingCondition)],
            _ => 5250m);
        Assert.Equal(0m, rows[0].Taxable);
        Assert.Equal(7000m, rows[0].Excluded);
    }

    [Fact]
    public void LimitIsPerCalendarYear_PaymentsInTwoYearsAreCappedSeparately()
    {
        var rows = TaxFreeAllowance.Summarize(
            [new TuitionPayment(new DateOnly(2026, 12, 20), 5000m, TaxTreatment.Section127), new TuitionPayment(new DateOnly(2027, 1, 5), 6000m, TaxTreatment.Section127)],
            y => y == 2027 ? 5400m : 5250m);
        Assert.Equal([0m, 600m], rows.Select(r => r.Taxable));
    }
}

/// <summary>Hand-computed repayment cases through the shared calculator, as the agreements feature calls it.</summary>
public sealed class RepaymentCasesTests
{
    private static readonly RepaymentPolicy s_marathon = new(24, Proration.Tiers,
        [new RepaymentTier(6, 100m), new RepaymentTier(12, 75m), new RepaymentTier(18, 50m), new RepaymentTier(24, 25m)],
        [SeparationReason.Layoff, SeparationReason.Death, SeparationReason.Disability], 100m);

    [Theory]
    [InlineData(5, 5250.00)]
    [InlineData(8, 3937.50)]
    [InlineData(14, 2625.00)]
    [InlineData(20, 1312.50)]
    [InlineData(25, 0.00)]
    public void MarathonTiers_C10_VoluntaryQuitAfterMonths_OwesTierPercent(int months, double owed)
    {
        var start = new DateOnly(2025, 1, 15);
        var quote = RepaymentCalculator.Quote(s_marathon, 5250m, start, start.AddMonths(months), SeparationReason.Resignation);
        Assert.Equal((decimal)owed, quote.Owed);
        Assert.Equal(months, quote.MonthsServed);
    }

    [Fact]
    public void Layoff_C13_IsExempt()
    {
        var quote = RepaymentCalculator.Quote(s_marathon, 5250m, new DateOnly(2025, 1, 15), new DateOnly(2025, 6, 1), SeparationReason.Layoff);
        Assert.Equal(0m, quote.Owed);
        Assert.StartsWith("exempt", quote.Rule, StringComparison.Ordinal);
    }

    [Fact]
    public void MonthlyProration_C20_FourThousandEightHundredQuitAtMonthNine_OwesThreeThousand()
    {
        var policy = new RepaymentPolicy(24, Proration.Monthly, [], [], 100m);
        var quote = RepaymentCalculator.Quote(policy, 4800m, new DateOnly(2026, 1, 1), new DateOnly(2026, 10, 1), SeparationReason.Resignation);
        Assert.Equal(3000m, quote.Owed);
        Assert.Equal(9, quote.MonthsServed);
    }

    [Fact]
    public void DailyProration_LeapYear_CountsRemainingDaysOverCommitmentDays()
    {
        var policy = new RepaymentPolicy(12, Proration.Daily, [], [], 100m);
        // 2024-01-01 + 12 months = 2025-01-01: 366 days; separated 2024-07-01 leaves 184 days.
        var quote = RepaymentCalculator.Quote(policy, 1000m, new DateOnly(2024, 1, 1), new DateOnly(2024, 7, 1), SeparationReason.Resignation);
        Assert.Equal(502.73m, quote.Owed);
    }

    [Fact]
    public void SeparatedBeforeCompletion_OwesNotCompletedPercent()
    {
        var quote = RepaymentCalculator.Quote(s_marathon, 2000m, new DateOnly(2026, 1, 1), new DateOnly(2027, 6, 1), SeparationReason.NotCompleted);
        Assert.Equal(2000m, quote.Owed);
    }

    [Theory]
    [InlineData("2024-01-31", "2024-02-29", 1)] // leap year: 31 Jan + 1 month = 29 Feb
    [InlineData("2023-01-31", "2023-02-28", 1)]
    [InlineData("2023-01-31", "2023-02-27", 0)]
    [InlineData("2024-03-31", "2024-04-30", 1)]
    [InlineData("2024-02-29", "2025-02-28", 12)]
    [InlineData("2025-01-15", "2026-03-01", 13)]
    public void MonthsServed_MonthEndsClamp(string start, string end, int months) =>
        Assert.Equal(months, RepaymentCalculator.MonthsServed(DateOnly.Parse(start, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(end, System.Globalization.CultureInfo.InvariantCulture)));
}
