using CertDesk.Domain.Gaps;

namespace CertDesk.Domain.Tests.Gaps;

public sealed class GapArithmeticTests
{
    private static readonly DateOnly s_day = new(2026, 6, 30);

    [Fact]
    public void Combine_AllThreeSources_WeightedMeanTest3Manager2Self1()
    {
        // (3x2 + 2x3 + 1x4) / 6 = 16/6 = 2.666.. -> 2.67
        var levels = RatingCombiner.Combine(
        [
            new Rating("WFM", RatingSource.Self, 4, new(2026, 1, 5)),
            new Rating("WFM", RatingSource.Manager, 3, new(2026, 2, 1)),
            new Rating("WFM", RatingSource.Test, 2, new(2026, 3, 1)),
        ], s_day);
        Assert.Equal(2.67m, levels["WFM"].Level);
        Assert.Equal(new DateOnly(2026, 3, 1), levels["WFM"].LastAssessedOn);
    }

    [Fact]
    public void Combine_LatestRatingPerSourceOnOrBeforeDate_OlderAndFutureIgnored()
    {
        var ratings = new[]
        {
            new Rating("QA", RatingSource.Manager, 1, new(2025, 6, 1)),
            new Rating("QA", RatingSource.Manager, 3, new(2026, 1, 1)),
            new Rating("QA", RatingSource.Manager, 5, new(2026, 12, 1)),
            new Rating("QA", RatingSource.Self, 4, new(2026, 1, 1)),
        };
        // manager 3 (the 2026-12 rating is after the date), self 4: (2x3 + 1x4)/3 = 3.33
        Assert.Equal(3.33m, RatingCombiner.Combine(ratings, s_day)["QA"].Level);
        // As of 2025-12-31 only the 2025 manager rating counts.
        Assert.Equal(1m, RatingCombiner.Combine(ratings, new(2025, 12, 31))["QA"].Level);
    }

    [Fact]
    public void Profile_HandComputed_WeightedGapAndReadiness()
    {
        var requirements = new[]
        {
            new Requirement("WFM", 4, 3m),
            new Requirement("QA", 3, 2m),
            new Requirement("COACH", 4, 1m),
        };
        var levels = new Dictionary<string, decimal> { ["WFM"] = 2.5m, ["QA"] = 4m };
        var profile = GapScore.Profile(requirements, levels);
        // WFM 3 x 1.5 = 4.5; QA 0 (above); COACH not assessed: 1 x 4 = 4. Total 8.5 of 3x4 + 2x3 + 1x4 = 22.
        Assert.Equal(4.5m, profile.Line("WFM")!.WeightedGap);
        Assert.Equal(0m, profile.Line("QA")!.WeightedGap);
        Assert.Null(profile.Line("COACH")!.Current);
        Assert.Equal(8.5m, profile.TotalWeightedGap);
        Assert.Equal(22m, profile.MaxWeightedGap);
        Assert.Equal(0.6136m, profile.Readiness);
    }

    [Fact]
    public void Closes_LevelAboveRequirement_ClosesOnlyUpToRequirement()
    {
        var profile = GapScore.Profile([new Requirement("WFM", 4, 3m), new Requirement("QA", 3, 2m)], new Dictionary<string, decimal> { ["WFM"] = 2.5m, ["QA"] = 1m });
        var closes = GapScore.Closes(profile, new Dictionary<string, int> { ["WFM"] = 5, ["QA"] = 2, ["LEAD"] = 4 });
        // WFM 2.5 -> 4 (not 5): 1.5 x 3 = 4.5; QA 1 -> 2: 1 x 2 = 2; LEAD not required: nothing.
        Assert.Equal(2, closes.Count);
        Assert.Equal(4.5m, closes.Single(c => c.Competency == "WFM").WeightedClosed);
        Assert.Equal(2m, closes.Single(c => c.Competency == "QA").WeightedClosed);
    }

    private static readonly CostAssumptions s_assumptions = new(
        TravelPerInPersonCertification: 1200m, PaidStudyShare: 0.5m, BackfillShare: 0.75m, BackfillPremium: 1.5m,
        UnknownFeeEstimate: null, UnknownClassHoursEstimate: 24m);

    [Fact]
    public void FullyLoadedCost_HandComputed()
    {
        // fees 1,995 + 250; materials 150; travel 1,200; hours away 40 + 20 x 0.5 = 50; time 50 x 40 = 2,000;
        // backfill 50 x 0.75 x 40 x 1.5 = 2,250. Total 7,845.
        var cost = FullyLoadedCost.Compute(new CertificationCostFacts(1995m, 250m, 150m, 20m, 40m, InPerson: true), 40m, s_assumptions)!;
        Assert.Equal(2245m, cost.Fees);
        Assert.Equal(50m, cost.HoursAway);
        Assert.Equal(2000m, cost.TimeCost);
        Assert.Equal(2250m, cost.Backfill);
        Assert.Equal(7845m, cost.Total);
        Assert.False(cost.UsesEstimates);
    }

    [Fact]
    public void FullyLoadedCost_UnknownTuitionWithoutEstimate_IsUnknown()
    {
        Assert.Null(FullyLoadedCost.Compute(new CertificationCostFacts(null, null, null, null, 40m, false), 40m, s_assumptions));
        var estimated = FullyLoadedCost.Compute(new CertificationCostFacts(null, null, null, null, null, false), 40m, s_assumptions with { UnknownFeeEstimate = 2000m })!;
        // 2,000 + 24 h x 40 = 960 + backfill 24 x 0.75 x 40 x 1.5 = 1,080 -> 4,040, and both estimates are named.
        Assert.Equal(4040m, estimated.Total);
        Assert.Equal(2, estimated.Estimates.Count);
    }

    [Fact]
    public void Rank_ByGapClosedPerThousand_ReasonsAndPrerequisites()
    {
        var profile = GapScore.Profile([new Requirement("WFM", 4, 3m), new Requirement("QA", 3, 2m)], new Dictionary<string, decimal> { ["WFM"] = 2m, ["QA"] = 1m });
        static CostBreakdown Cost(decimal total) => new(total, 0, 0, 0, 0, 0, total, []);
        var options = new[]
        {
            // closes WFM 2 -> 4: 6; cost 3,000: 2 per 1,000
            new CertificationOption("CWMP", "Workforce", new Dictionary<string, int> { ["WFM"] = 4 }, Cost(3000m), []),
            // closes QA 1 -> 3: 4; cost 1,000: 4 per 1,000, needs CCCM
            new CertificationOption("CQMP", "Quality", new Dictionary<string, int> { ["QA"] = 3 }, Cost(1000m), ["CCCM"]),
            // closes nothing
            new CertificationOption("CCXP", "CX", new Dictionary<string, int> { ["CX"] = 4 }, Cost(500m), []),
            // cost unknown
            new CertificationOption("QAMC", "QA mastery", new Dictionary<string, int> { ["QA"] = 4 }, null, []),
        };
        var ranked = Recommender.Rank(profile, options, new HashSet<string>());
        Assert.Equal(["CQMP", "CWMP", "QAMC", "CCXP"], ranked.Select(r => r.Certification.Code));
        Assert.Equal(4m, ranked[0].GapPerThousand);
        Assert.Equal(["CCCM"], ranked[0].MissingPrerequisites);
        Assert.Equal(2m, ranked[1].GapPerThousand);
        Assert.Null(ranked[2].GapPerThousand);
        Assert.Equal(4m, ranked[2].WeightedGapClosed);
        Assert.True(ranked[1].PrerequisitesMet);
    }
}
