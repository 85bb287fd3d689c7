using CertDesk.Domain.Repayment;

namespace CertDesk.Domain.Tests.Repayment;

/// <summary>Each rule of California AB 692 (reference/domain.md b3 and case C20), figures computed by hand.</summary>
public sealed class JurisdictionRulesTests
{
    private static readonly JurisdictionRule California = Jurisdictions.California;

    private static readonly RepaymentPolicy Monthly24 = new(24, Proration.Monthly, [], [SeparationReason.Layoff, SeparationReason.Death, SeparationReason.Disability], 100);

    private static readonly SeparationReason[] QuitOrCause = [SeparationReason.Resignation, SeparationReason.ForCause, SeparationReason.NotCompleted];

    private static AgreementTerms Terms(RepaymentPolicy policy, params SeparationReason[] triggering) =>
        new(policy, triggering.Length == 0 ? QuitOrCause : triggering, CommitmentClock.Completion, 4800m);

    private static DateOnly Day(int y, int m, int d) => new(y, m, d);

    [Fact]
    public void California_IsFoundByItsCode_WithSourceAndEffectiveDate()
    {
        Assert.Same(California, Jurisdictions.Find("us-ca"));
        Assert.Null(Jurisdictions.Find(null));
        Assert.Null(Jurisdictions.Find("US-XX"));
        Assert.Equal(Day(2026, 1, 1), California.EffectiveFrom);
        Assert.Contains("Labor Code §926", California.Source, StringComparison.Ordinal);
        Assert.True(California.InterestFree);
        Assert.True(California.SeparateAgreement);
        Assert.NotEmpty(California.Unverified);
    }

    [Fact]
    public void California_AppliesToContractsFrom2026()
    {
        Assert.False(California.AppliesOn(Day(2025, 12, 31)));
        Assert.True(California.AppliesOn(Day(2026, 1, 1)));
    }

    [Fact]
    public void CompliantPolicy_BreaksNothing() => Assert.Empty(California.Breaches(Terms(Monthly24)));

    [Fact]
    public void CommitmentOver24Months_IsABreach_NamingTheRule()
    {
        var breaches = California.Breaches(Terms(Monthly24 with { CommitmentMonths = 36 }));
        Assert.Equal(["California (AB 692, from 2026-01-01): commitment at most 24 months; the policy asks 36"], breaches);
    }

    [Fact]
    public void UnproratedTiers_AreABreach()
    {
        var tiers = new RepaymentPolicy(24, Proration.Tiers, [new RepaymentTier(24, 100)], [], 100);
        Assert.Equal(["California (AB 692, from 2026-01-01): the amount owed must be prorated month by month (monthly or daily); the policy uses tiers"],
            California.Breaches(Terms(tiers)));
        Assert.Empty(California.Breaches(Terms(Monthly24 with { Proration = Proration.Daily })));
    }

    [Fact]
    public void RepaymentAfterLayoffOrRetirement_IsABreach()
    {
        var breaches = California.Breaches(Terms(Monthly24, SeparationReason.Resignation, SeparationReason.Layoff, SeparationReason.Retirement));
        Assert.Equal(["California (AB 692, from 2026-01-01): repayment only after a voluntary quit or a dismissal for cause; "
            + "the policy also asks it after a layoff or a termination without cause or retirement"], breaches);
    }

    [Fact]
    public void C20_VoluntaryQuitAtMonth9_Owes3000()
    {
        // 4,800 x (24 - 9) / 24 = 3,000.00, interest 0.
        var q = SeparationRules.Quote(Terms(Monthly24), new AgreementHistory(Day(2026, 1, 15), null), Day(2026, 10, 20), "resignation", California);
        Assert.Equal(3000.00m, q.Quote.Owed);
        Assert.Equal(9, q.Quote.MonthsServed);
        Assert.Equal("monthly", q.Quote.Rule);
    }

    [Theory]
    [InlineData("layoff", "a layoff or a termination without cause")]
    [InlineData("retirement", "retirement")]
    public void C20_TerminatedWithoutCause_OwesNothing_EvenWhenThePolicyAsks(string reason, string words)
    {
        // An agreement whose policy triggers on every reason: the rule that governed it still owes 0.
        var terms = Terms(Monthly24 with { ExemptReasons = [] }, SeparationReason.Resignation, SeparationReason.ForCause, SeparationReason.Layoff, SeparationReason.Retirement);
        var q = SeparationRules.Quote(terms, new AgreementHistory(Day(2026, 1, 15), null), Day(2026, 10, 20), reason, California);
        Assert.Equal(0.00m, q.Quote.Owed);
        Assert.Equal($"California (AB 692, from 2026-01-01): no repayment after {words}", q.Quote.Rule);
        // Without the rule the same agreement owes the prorated amount.
        Assert.Equal(3000.00m, SeparationRules.Quote(terms, new AgreementHistory(Day(2026, 1, 15), null), Day(2026, 10, 20), reason).Quote.Owed);
    }

    [Fact]
    public void DismissalForCause_StillOwes()
    {
        var q = SeparationRules.Quote(Terms(Monthly24), new AgreementHistory(Day(2026, 1, 15), null), Day(2026, 10, 20), "for_cause", California);
        Assert.Equal(3000.00m, q.Quote.Owed);
    }

    [Theory]
    [InlineData(2026, 12, 2, 2026, 12, 9)] // Wednesday -> next Wednesday
    [InlineData(2026, 12, 4, 2026, 12, 11)] // Friday -> next Friday
    [InlineData(2026, 12, 5, 2026, 12, 11)] // Saturday -> Friday
    public void FiveBusinessDaysToConsultCounsel(int y, int m, int d, int sy, int sm, int sd) =>
        Assert.Equal(Day(sy, sm, sd), California.SignableFrom(Day(y, m, d)));
}
