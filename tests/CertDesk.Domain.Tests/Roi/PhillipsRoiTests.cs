using CertDesk.Domain.Roi;

namespace CertDesk.Domain.Tests.Roi;

public sealed class PhillipsRoiTests
{
    [Fact]
    public void Calculate_ContractExample_HandComputed()
    {
        // benefit = 48,000 x 0.6 x 0.8 x 1 = 23,040; ROI = (23,040 − 1,995) / 1,995 x 100 = 1054.887...%;
        // BCR = 11.5488...; payback = 1,995 / (23,040 / 12) = 1.0390625 months.
        var study = new RoiStudy([new RoiCost("tuition", 1995.00m)], [new RoiBenefit("lower attrition", 48000m, 0.6m, 0.8m)], 1);
        var r = PhillipsRoi.Calculate(study);
        Assert.Equal(1995.00m, r.TotalCost);
        Assert.Equal(23040.00m, r.TotalBenefit);
        Assert.Equal(21045.00m, r.NetBenefit);
        Assert.Equal(1054.89m, r.RoiPercent);
        Assert.Equal(11.5489m, r.Bcr);
        Assert.Equal(1.04m, r.PaybackMonths);
        Assert.Equal("1995.00", r.TotalCost.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Calculate_SeveralLinesAndYears_DefaultsIsolationAndConfidenceToOne()
    {
        // costs 1,000 + 2,000.005 = 3,000.005 -> 3,000.01 (half away from zero);
        // benefits per year 1,000 + 500 x 0.5 x 1 = 1,250; 2 years = 2,500.
        var study = new RoiStudy(
            [new RoiCost("tuition", 1000m), new RoiCost("backfill", 2000.005m)],
            [new RoiBenefit("a", 1000m), new RoiBenefit("b", 500m, 0.5m)],
            2);
        var r = PhillipsRoi.Calculate(study);
        Assert.Equal(3000.01m, r.TotalCost);
        Assert.Equal(2500.00m, r.TotalBenefit);
        Assert.Equal(-500.01m, r.NetBenefit);
        Assert.Equal(-16.67m, r.RoiPercent);   // −500.01 / 3000.01 x 100 = −16.6669...
        Assert.Equal(0.8333m, r.Bcr);            // 2500 / 3000.01 = 0.83333
        Assert.Equal(28.80m, r.PaybackMonths); // 3000.01 x 12 / 1250 = 28.800096
    }

    [Fact]
    public void Calculate_ZeroCosts_RatiosAreNullAndPaybackZero()
    {
        var r = PhillipsRoi.Calculate(new RoiStudy([], [new RoiBenefit("a", 100m)], 1));
        Assert.Equal(0.00m, r.TotalCost);
        Assert.Null(r.RoiPercent);
        Assert.Null(r.Bcr);
        Assert.Equal(0m, r.PaybackMonths);
    }

    [Fact]
    public void Calculate_ZeroBenefits_NeverPaysBack()
    {
        var r = PhillipsRoi.Calculate(new RoiStudy([new RoiCost("fees", 500m)], [new RoiBenefit("a", 100m, 0m)], 1));
        Assert.Equal(-100.00m, r.RoiPercent);
        Assert.Equal(0.00m, r.Bcr);
        Assert.Null(r.PaybackMonths);
    }

    [Fact]
    public void Validate_BadStudy_NamesEachField()
    {
        var study = new RoiStudy([new RoiCost("", -1m)], [new RoiBenefit("a", -5m, 1.5m, -0.1m)], 0);
        var fields = PhillipsRoi.Validate(study).Select(e => e.Field).ToList();
        Assert.Equal(["costs[0].category", "costs[0].amount", "benefits[0].annual_value", "benefits[0].isolation", "benefits[0].confidence", "years"], fields);
        Assert.Throws<ArgumentException>(() => PhillipsRoi.Calculate(study));
    }
}
