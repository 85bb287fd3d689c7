using CertDesk.Domain.Repayment;

namespace CertDesk.Domain.Tests.Repayment;

public sealed class RepaymentCalculatorTests
{
    private static readonly RepaymentPolicy Tiered = new(24, Proration.Tiers,
        [new RepaymentTier(12, 100), new RepaymentTier(24, 50)],
        [SeparationReason.Layoff, SeparationReason.Death, SeparationReason.Disability], 100);

    private static DateOnly Day(string iso) => DateOnly.ParseExact(iso, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("2024-01-31", "2024-02-29", 1)] // leap year: 31 Jan + 1 month = 29 Feb
    [InlineData("2024-01-31", "2024-02-28", 0)]
    [InlineData("2023-01-31", "2023-02-28", 1)] // 31 Jan + 1 month = 28 Feb
    [InlineData("2024-02-29", "2025-02-28", 12)] // 29 Feb + 12 months = 28 Feb
    [InlineData("2024-02-29", "2025-02-27", 11)]
    [InlineData("2024-01-31", "2024-08-30", 6)]
    [InlineData("2024-01-31", "2024-08-31", 7)]
    [InlineData("2024-03-15", "2024-03-15", 0)]
    [InlineData("2022-12-31", "2024-12-31", 24)]
    public void MonthsServed_ClampsToMonthEnd(string start, string end, int months)
        => Assert.Equal(months, RepaymentCalculator.MonthsServed(Day(start), Day(end)));

    [Theory]
    [InlineData("2024-02-29", "resignation", 5000.00, 100, 1, "tier 1 (until month 12)")]
    [InlineData("2025-01-30", "for_cause", 5000.00, 100, 11, "tier 1 (until month 12)")]
    [InlineData("2025-01-31", "resignation", 2500.00, 50, 12, "tier 2 (until month 24)")]
    [InlineData("2025-02-28", "resignation", 2500.00, 50, 13, "tier 2 (until month 24)")]
    [InlineData("2026-01-30", "retirement", 2500.00, 50, 23, "tier 2 (until month 24)")]
    [InlineData("2026-01-31", "resignation", 0.00, 0, 24, "commitment served")]
    [InlineData("2024-06-30", "layoff", 0.00, 0, 5, "exempt: layoff")]
    [InlineData("2024-06-30", "death", 0.00, 0, 5, "exempt: death")]
    [InlineData("2024-06-30", "disability", 0.00, 0, 5, "exempt: disability")]
    [InlineData("2027-06-30", "not_completed", 5000.00, 100, 41, "not_completed")]
    public void Quote_Tiers_EveryReason(string separated, string reason, double owed, double percent, int months, string rule)
    {
        Assert.True(RepaymentPolicy.TryParseReason(reason, out var r));
        var q = RepaymentCalculator.Quote(Tiered, 5000m, Day("2024-01-31"), Day(separated), r);
        Assert.Equal((decimal)owed, q.Owed);
        Assert.Equal((decimal)percent, q.Percent);
        Assert.Equal(months, q.MonthsServed);
        Assert.Equal(24, q.CommitmentMonths);
        Assert.Equal(rule, q.Rule);
    }

    [Fact]
    public void Quote_Monthly_RemainingWholeMonthsOverCommitment()
    {
        var policy = Tiered with { Proration = Proration.Monthly, Tiers = [] };
        // 31 Jan -> 30 Aug: 6 whole months served, 18 of 24 remain: 1000 x 18 / 24 = 750.
        var q = RepaymentCalculator.Quote(policy, 1000m, Day("2024-01-31"), Day("2024-08-30"), SeparationReason.Resignation);
        Assert.Equal(750.00m, q.Owed);
        Assert.Equal(75.00m, q.Percent);
        Assert.Equal("monthly", q.Rule);

        // 36-month commitment, 1 served: 1000 x 35 / 36 = 972.222... -> 972.22; percent 97.22.
        var longer = policy with { CommitmentMonths = 36 };
        var q2 = RepaymentCalculator.Quote(longer, 1000m, Day("2024-01-01"), Day("2024-02-15"), SeparationReason.ForCause);
        Assert.Equal(972.22m, q2.Owed);
        Assert.Equal(97.22m, q2.Percent);
    }

    [Fact]
    public void Quote_Monthly_RoundsHalfAwayFromZeroToCents()
    {
        var policy = new RepaymentPolicy(2, Proration.Monthly, [], [], 100);
        // 0.05 x 1 / 2 = 0.025 -> 0.03
        var q = RepaymentCalculator.Quote(policy, 0.05m, Day("2024-01-01"), Day("2024-02-01"), SeparationReason.Resignation);
        Assert.Equal(0.03m, q.Owed);
    }

    [Fact]
    public void Quote_Daily_RemainingDaysOverCommitmentDays()
    {
        var policy = new RepaymentPolicy(12, Proration.Daily, [], [SeparationReason.Layoff], 100);
        // 1 Mar 2024 + 12 months = 1 Mar 2025: 365 days. To 1 Sep 2024: 184 days served, 181 remain.
        var q = RepaymentCalculator.Quote(policy, 3650m, Day("2024-03-01"), Day("2024-09-01"), SeparationReason.Resignation);
        Assert.Equal(1810.00m, q.Owed);
        Assert.Equal(49.59m, q.Percent); // 181 / 365 = 0.495890...
        Assert.Equal(6, q.MonthsServed);
        Assert.Equal("daily", q.Rule);

        // 29 Feb 2024 + 12 months = 28 Feb 2025: 365 days; one day served: 1000 x 364 / 365 = 997.26.
        var leap = RepaymentCalculator.Quote(policy, 1000m, Day("2024-02-29"), Day("2024-03-01"), SeparationReason.Resignation);
        Assert.Equal(997.26m, leap.Owed);
        Assert.Equal(0, leap.MonthsServed);
    }

    [Fact]
    public void Quote_NotCompleted_OwesPolicyPercent()
    {
        var policy = Tiered with { NotCompletedPercent = 75 };
        var q = RepaymentCalculator.Quote(policy, 1999.99m, Day("2024-01-31"), Day("2024-03-01"), SeparationReason.NotCompleted);
        Assert.Equal(1499.99m, q.Owed); // 1999.99 x 0.75 = 1499.9925
        Assert.Equal(75.00m, q.Percent);
    }

    [Fact]
    public void Validate_SeparationBeforeStart_NamesField()
    {
        var errors = RepaymentCalculator.Validate(Tiered, 100m, Day("2024-05-01"), Day("2024-04-30"));
        Assert.Equal("separated", Assert.Single(errors).Field);
        Assert.Throws<ArgumentException>(() => RepaymentCalculator.Quote(Tiered, 100m, Day("2024-05-01"), Day("2024-04-30"), SeparationReason.Resignation));
    }

    [Fact]
    public void Validate_NegativeFunded_NamesField()
        => Assert.Equal("funded", Assert.Single(RepaymentCalculator.Validate(Tiered, -1m, Day("2024-05-01"), Day("2024-06-01"))).Field);

    public static TheoryData<RepaymentPolicy, string, string> BadPolicies() => new()
    {
        { Tiered with { CommitmentMonths = 0 }, "commitment_months", "from 1 to 120" },
        { Tiered with { CommitmentMonths = 121 }, "commitment_months", "from 1 to 120" },
        { Tiered with { NotCompletedPercent = 101 }, "not_completed_percent", "from 0 to 100" },
        { Tiered with { Tiers = [new RepaymentTier(12, 100), new RepaymentTier(24, 150)] }, "tiers[1].percent", "from 0 to 100" },
        { Tiered with { Tiers = [new RepaymentTier(12, -1), new RepaymentTier(24, 50)] }, "tiers[0].percent", "from 0 to 100" },
        { Tiered with { Tiers = [new RepaymentTier(24, 50), new RepaymentTier(12, 100)] }, "tiers[1].until_month", "sorted" },
        { Tiered with { Tiers = [new RepaymentTier(12, 100), new RepaymentTier(12, 50), new RepaymentTier(24, 25)] }, "tiers[1].until_month", "overlaps" },
        { Tiered with { Tiers = [new RepaymentTier(12, 100), new RepaymentTier(18, 50)] }, "tiers[1].until_month", "gap" },
        { Tiered with { Tiers = [new RepaymentTier(12, 100), new RepaymentTier(36, 50)] }, "tiers[1].until_month", "must not exceed" },
        { Tiered with { Tiers = [new RepaymentTier(0, 100), new RepaymentTier(24, 50)] }, "tiers[0].until_month", ">= 1" },
        { Tiered with { Tiers = [] }, "tiers", "at least one tier" },
    };

    [Theory]
    [MemberData(nameof(BadPolicies))]
    public void Validate_BadPolicy_GivesFieldLevelError(RepaymentPolicy policy, string field, string reason)
    {
        var errors = policy.Validate();
        var error = Assert.Single(errors);
        Assert.Equal(field, error.Field);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("tiers", true)]
    [InlineData("monthly", true)]
    [InlineData("daily", true)]
    [InlineData("weekly", false)]
    [InlineData("Tiers", false)]
    public void TryParseProration_ContractNamesOnly(string text, bool ok) => Assert.Equal(ok, RepaymentPolicy.TryParseProration(text, out _));

    [Fact]
    public void ReasonNames_RoundTrip()
    {
        foreach (var reason in Enum.GetValues<SeparationReason>())
        {
            Assert.True(RepaymentPolicy.TryParseReason(RepaymentPolicy.ReasonName(reason), out var parsed));
            Assert.Equal(reason, parsed);
        }
    }
}
