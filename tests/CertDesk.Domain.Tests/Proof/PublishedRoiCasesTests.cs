using CertDesk.Domain.Roi;

namespace CertDesk.Domain.Tests.Proof;

/// <summary>ROI arithmetic against published cases (domain.md section c), computed from the inputs.</summary>
public sealed class PublishedRoiCasesTests
{
    [Fact]
    public void C1_NortelCoaching_Roi787PercentWithinOnePointOfReported788()
    {
        var r = PhillipsRoi.Calculate(new RoiStudy([new RoiCost("coaching", 255_000m)], [new RoiBenefit("monetized benefits", 2_263_000m)], 1));
        Assert.Equal(2_008_000m, r.NetBenefit);
        Assert.Equal(8.8745m, r.Bcr); // a ratio: four decimals
        Assert.Equal(787.45m, r.RoiPercent);
        Assert.InRange(r.RoiPercent!.Value, 787m, 789m);
    }

    [Fact]
    public void C4_SupervisoryTraining_Bcr4Roi300Payback3()
    {
        // Development 2,500 + delivery 500 x 20 supervisors; grievance cost 100,000 a year cut by 50 %.
        var r = PhillipsRoi.Calculate(new RoiStudy(
            [new RoiCost("development", 2_500m), new RoiCost("delivery", 500m * 20)],
            [new RoiBenefit("fewer grievances and lawsuits", 100_000m * 0.5m)], 1));
        Assert.Equal(12_500m, r.TotalCost);
        Assert.Equal(50_000m, r.TotalBenefit);
        Assert.Equal(4.00m, r.Bcr);
        Assert.Equal(300.00m, r.RoiPercent);
        Assert.Equal(3.00m, r.PaybackMonths);
    }

    [Fact]
    public void C5_TurnoverReduction_FirstYearOnly_Roi25Payback9Point6()
    {
        // 125 leavers a year x 5,000, turnover halved: 312,500 in the first year only (principle 9).
        var r = PhillipsRoi.Calculate(new RoiStudy([new RoiCost("training", 250_000m)], [new RoiBenefit("avoided turnover", 125 * 5_000m * 0.5m)], 1));
        Assert.Equal(312_500m, r.TotalBenefit);
        Assert.Equal(1.25m, r.Bcr);
        Assert.Equal(25.00m, r.RoiPercent);
        Assert.Equal(9.60m, r.PaybackMonths);
    }

    [Fact]
    public void C7_PaybackFromMonthlyBenefits_2Point21Months()
    {
        var r = PhillipsRoi.Calculate(new RoiStudy([new RoiCost("program", 15_000m)], [new RoiBenefit("benefits over 12 months", 81_500m)], 1));
        Assert.Equal(6_791.67m, Money.Round(81_500m / 12));
        Assert.Equal(2.21m, r.PaybackMonths);
        Assert.Equal(443.33m, r.RoiPercent);
    }
}
