using CertDesk.Domain.BusinessCases;
using CertDesk.Domain.Gaps;

namespace CertDesk.Domain.Tests.Agreements;

/// <summary>Real costs from enrollments go through the business case's fully loaded lines; backfill by the planning rule.</summary>
public sealed class RecordedCostsTests
{
    private static readonly BackfillRule s_rule = new(Share: 0.5m, Premium: 1.5m);

    [Fact]
    public void FullyLoaded_TuitionExamFeesAndOtherAreFees_HoursAwayAreStudyPlusSessions()
    {
        var recorded = new RecordedCosts(Tuition: 1995m, ExamFees: 525m, Materials: 120.50m, Travel: 0m, Other: 60.25m, StudyHours: 12.5m, SessionHours: 4m, HourlyLoadedCost: 38.47m);
        var loaded = recorded.FullyLoaded(s_rule);
        Assert.Equal(2580.25m, loaded.Fees);
        Assert.Equal(16.5m, loaded.HoursAway);
        Assert.Equal(634.76m, loaded.TimeAwayCost); // 16.5 x 38.47 = 634.755, half away from zero
        Assert.Equal(476.07m, loaded.Backfill); // 16.5 x 0.5 x 38.47 x 1.5 = 476.06625
        Assert.Equal(3811.58m, loaded.Total);
    }

    [Fact]
    public void Sum_RoundsEachPersonFirst_CountsOnlyPeopleWithACost()
    {
        var lines = CostLines.Sum(
        [
            new RecordedCosts(1995m, 525m, 120.50m, 0m, 60.25m, 12.5m, 4m, 38.47m),
            new RecordedCosts(0m, 0m, 80m, 0m, 0m, 6m, 4m, 30m),
            new RecordedCosts(0m, 0m, 0m, 0m, 0m, 0m, 0m, 99m),
        ], s_rule);
        Assert.Equal((1995.00m, 525.00m, 200.50m, 0.00m, 60.25m), (lines.Tuition, lines.ExamFees, lines.Materials, lines.Travel, lines.Other));
        Assert.Equal(26.5m, lines.HoursAway);
        Assert.Equal(934.76m, lines.TimeAway); // 634.76 + 300.00, not 26.5 h at one rate
        Assert.Equal(701.07m, lines.Backfill); // 476.07 + 225.00
        Assert.Equal(4416.58m, lines.Total);
        Assert.Equal(2, lines.People);
    }

    [Fact]
    public void BackfillRule_IsTheOneThePlanningEstimateUses()
    {
        var assumptions = new CostAssumptions(0m, 0.5m, 0.4m, 1.25m, null, 0m);
        var plan = FullyLoadedCost.Compute(new CertificationCostFacts(100m, 0m, 0m, 10m, 20m, false), 41.10m, assumptions)!;
        Assert.Equal(assumptions.Backfill.Cost(plan.HoursAway, 41.10m), plan.Backfill);
        Assert.Equal(513.75m, plan.Backfill); // 25 h x 0.4 x 41.10 x 1.25
    }
}
