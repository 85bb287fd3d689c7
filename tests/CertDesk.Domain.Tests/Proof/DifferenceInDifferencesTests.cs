using CertDesk.Domain.Proof;

namespace CertDesk.Domain.Tests.Proof;

public sealed class DifferenceInDifferencesTests
{
    /// <summary>
    /// Synthetic panel: each team has its own level, both groups share a common post-period trend (+2), and the treated
    /// teams gain a known effect of +5 on top, with team-level noise. The DiD must strip the trend and recover +5
    /// inside its 95 % interval.
    /// </summary>
    private static (List<TeamPrePost> Treated, List<TeamPrePost> Control) Panel(double effect, int teams, ulong seed)
    {
        var rng = new SplitMix64(seed);
        var treated = new List<TeamPrePost>();
        var control = new List<TeamPrePost>();
        for (var i = 0; i < 2 * teams; i++)
        {
            var level = 70 + 8 * rng.NextGaussian();
            var isTreated = i < teams;
            var pre = level + rng.NextGaussian();
            var post = level + 2 + (isTreated ? effect : 0) + rng.NextGaussian();
            (isTreated ? treated : control).Add(new TeamPrePost($"T{i:00}", pre, post));
        }
        return (treated, control);
    }

    [Theory]
    [InlineData(5.0, 12, 1UL)]
    [InlineData(5.0, 8, 2UL)]
    [InlineData(-3.0, 15, 3UL)]
    public void Estimate_SyntheticKnownEffect_RecoveredWithinInterval(double effect, int teams, ulong seed)
    {
        var (treated, control) = Panel(effect, teams, seed);
        var did = DifferenceInDifferences.Estimate(treated, control);
        Assert.InRange(effect, did.Lower, did.Upper);
        Assert.True(did.Significant);
        Assert.InRange(did.Effect, effect - 1.5, effect + 1.5);
        Assert.True(did.Lower < did.Effect && did.Effect < did.Upper);
    }

    [Fact]
    public void Estimate_NoEffect_IntervalIncludesZero()
    {
        var (treated, control) = Panel(0, 12, 7UL);
        var did = DifferenceInDifferences.Estimate(treated, control);
        Assert.InRange(0, did.Lower, did.Upper);
        Assert.False(did.Significant);
    }

    [Fact]
    public void Estimate_SameSeed_SameInterval()
    {
        var (treated, control) = Panel(5, 10, 11UL);
        var a = DifferenceInDifferences.Estimate(treated, control);
        var b = DifferenceInDifferences.Estimate(treated, control);
        Assert.Equal(a, b);
    }

    [Fact]
    public void Estimate_HandComputedPointEstimate()
    {
        // Treated change: (+4, +6) mean 5; control change: (+1, +3) mean 2; DiD = 3.
        var did = DifferenceInDifferences.Estimate(
            [new TeamPrePost("A", 10, 14), new TeamPrePost("B", 20, 26)],
            [new TeamPrePost("C", 10, 11), new TeamPrePost("D", 30, 33)]);
        Assert.Equal(3, did.Effect, 12);
        Assert.Equal(15, did.TreatedPre, 12);
        Assert.Equal(20, did.TreatedPost, 12);
        // The bootstrap can only produce combinations of the changes: between 4 − 3 = 1 and 6 − 1 = 5.
        Assert.InRange(did.Lower, 1, 3);
        Assert.InRange(did.Upper, 3, 5);
    }

    [Fact]
    public void Match_NearestStandardizedNeighbour_WithoutReplacement()
    {
        var pairs = ComparisonMatching.Match(
            [new TeamProfile("T1", [80, 30]), new TeamProfile("T2", [60, 50])],
            [new TeamProfile("C1", [61, 49]), new TeamProfile("C2", [79, 31]), new TeamProfile("C3", [70, 40])]);
        Assert.Equal([("T1", "C2"), ("T2", "C1")], pairs.Select(p => (p.Treated, p.Match)));
    }

    [Fact]
    public void Monetize_IntervalIncludesZero_NothingCredited()
    {
        var est = new DidEstimate(2, -0.5, 4.5, 0, 0, 0, 0, 5, 5, 2000);
        var m = ProofMonetization.Monetize(KpiKind.ServiceLevel, est, 1000m, 5, 60);
        Assert.False(m.Monetized);
        Assert.Equal(0m, m.AnnualValue);
    }

    [Fact]
    public void Monetize_LowerIsBetter_UsesBoundNearerZero()
    {
        // AHT fell by 12 s (interval −15 .. −8): 8 s x 500 per team-year x 4 teams = 16,000.
        var est = new DidEstimate(-12, -15, -8, 0, 0, 0, 0, 4, 4, 2000);
        var m = ProofMonetization.Monetize(KpiKind.Aht, est, 500m, 4, 60);
        Assert.True(m.Monetized);
        Assert.Equal(16_000m, m.AnnualValue);
        // Attrition fell 10 points (interval −14 .. −6) over 50 heads: 3 leavers x 4,000 = 12,000.
        var a = ProofMonetization.Monetize(KpiKind.Attrition, new DidEstimate(-10, -14, -6, 0, 0, 0, 0, 4, 4, 2000), 4_000m, 4, 50);
        Assert.Equal(12_000m, a.AnnualValue);
    }

    [Fact]
    public void Totals_KpisAreRatiosOfSums()
    {
        var t = new KpiTotals { Offered = 200, Answered = 180, Abandoned = 20, AnsweredWithinThreshold = 150, WaitSecondsAnswered = 1800, HandleSeconds = 54000, ResolvedFirstContact = 135, CsatSum = 400, CsatCount = 100, Separations = 3, AverageHeadcount = 15, Days = 73 };
        Assert.Equal(75, t.Value(KpiKind.ServiceLevel)!.Value, 12);
        Assert.Equal(10, t.Value(KpiKind.Asa)!.Value, 12);
        Assert.Equal(10, t.Value(KpiKind.Abandonment)!.Value, 12);
        Assert.Equal(300, t.Value(KpiKind.Aht)!.Value, 12);
        Assert.Equal(75, t.Value(KpiKind.Fcr)!.Value, 12);
        Assert.Equal(4, t.Value(KpiKind.Csat)!.Value, 12);
        Assert.Null(t.Value(KpiKind.Qa));
        Assert.Equal(100, t.Value(KpiKind.Attrition)!.Value, 9); // 3 / 15 x 365 / 73 = 1.0
    }
}
