using CertDesk.Domain.Repayment;

namespace CertDesk.Domain.Tests.Repayment;

/// <summary>The separation rules shared by repayments, previews, exposure and the CLI; figures computed by hand.</summary>
public sealed class SeparationRulesTests
{
    private static readonly RepaymentPolicy Tiered = new(24, Proration.Tiers,
        [new RepaymentTier(12, 100), new RepaymentTier(24, 50)],
        [SeparationReason.Layoff, SeparationReason.Death, SeparationReason.Disability], 80);

    private static readonly SeparationReason[] Triggering = [SeparationReason.Resignation, SeparationReason.ForCause, SeparationReason.NotCompleted];

    private static AgreementTerms Terms(CommitmentClock clock = CommitmentClock.Completion, decimal funded = 4000m) => new(Tiered, Triggering, clock, funded);

    private static DateOnly Day(int y, int m, int d) => new(y, m, d);

    [Fact]
    public void CompletedThenResigned_ProratesFromTheCompletionDay()
    {
        // Credential earned 2026-03-31; resigned 2027-04-15: 12 whole months (31 Mar + 12 = 31 Mar 2027) -> tier 2, 50 % of 4,000.
        var q = SeparationRules.Quote(Terms(), new AgreementHistory(Day(2026, 3, 31), Day(2026, 1, 10)), Day(2027, 4, 15), "resignation");
        Assert.Equal(2000.00m, q.Quote.Owed);
        Assert.Equal(12, q.Quote.MonthsServed);
        Assert.Equal("tier 2 (until month 24)", q.Quote.Rule);
        Assert.Equal(Day(2026, 3, 31), q.CommitmentStart);
        Assert.True(q.CommitmentStarted);
    }

    [Fact]
    public void ResignedBeforeCompleting_OwesTheNotCompletedPercent()
    {
        // Not completed: 80 % of 4,000 = 3,200 whatever the time, counted from the separation day (clock not started).
        var q = SeparationRules.Quote(Terms(), new AgreementHistory(null, Day(2026, 1, 10)), Day(2026, 9, 1), "resignation");
        Assert.Equal(3200.00m, q.Quote.Owed);
        Assert.Equal("not_completed", q.Quote.Rule);
        Assert.False(q.CommitmentStarted);
        Assert.Equal(Day(2026, 9, 1), q.CommitmentStart);
        Assert.Equal(0, q.Quote.MonthsServed);
    }

    [Fact]
    public void CompletedAfterTheSeparationDay_CountsAsNotCompleted()
    {
        var q = SeparationRules.Quote(Terms(), new AgreementHistory(Day(2026, 10, 1), null), Day(2026, 9, 1), "for_cause");
        Assert.Equal("not_completed", q.Quote.Rule);
        Assert.Equal(3200.00m, q.Quote.Owed);
    }

    [Theory]
    [InlineData("layoff", "exempt: layoff")]
    [InlineData("death", "exempt: death")]
    public void ExemptReason_OwesNothing_EvenBeforeCompleting(string reason, string rule)
    {
        var q = SeparationRules.Quote(Terms(), new AgreementHistory(null, null), Day(2026, 9, 1), reason);
        Assert.Equal(0m, q.Quote.Owed);
        Assert.Equal(rule, q.Quote.Rule);
    }

    [Theory]
    [InlineData("retirement")]
    [InlineData("other")]
    public void ReasonThatDoesNotTrigger_OwesNothing(string reason)
    {
        var q = SeparationRules.Quote(Terms(), new AgreementHistory(Day(2026, 1, 1), null), Day(2026, 3, 1), reason);
        Assert.Equal(0m, q.Quote.Owed);
        Assert.Equal($"reason '{reason}' does not trigger repayment", q.Quote.Rule);
        Assert.Equal(2, q.Quote.MonthsServed);
    }

    [Fact]
    public void PaymentClock_StartsAtTheLastPayment()
    {
        // Clock at the last payment 2026-02-28; completed 2026-05-01; resigned 2027-03-01: 12 months -> 50 % of 4,000.
        var q = SeparationRules.Quote(Terms(CommitmentClock.Payment), new AgreementHistory(Day(2026, 5, 1), Day(2026, 2, 28)), Day(2027, 3, 1), "resignation");
        Assert.Equal(Day(2026, 2, 28), q.CommitmentStart);
        Assert.Equal(12, q.Quote.MonthsServed);
        Assert.Equal(2000.00m, q.Quote.Owed);
        Assert.Equal(Day(2026, 2, 28), SeparationRules.CommitmentStart(CommitmentClock.Payment, new AgreementHistory(Day(2026, 5, 1), Day(2026, 2, 28))));
        Assert.Equal(Day(2026, 5, 1), SeparationRules.CommitmentStart(CommitmentClock.Completion, new AgreementHistory(Day(2026, 5, 1), Day(2026, 2, 28))));
    }

    [Fact]
    public void CaseC20_MonthlyProration_VoluntaryQuitAtMonthNine()
    {
        // domain.md C20: 4,800 credential, 24-month agreement prorated by month, quit at month 9: 4,800 x (24 - 9) / 24 = 3,000.
        var monthly = new RepaymentPolicy(24, Proration.Monthly, [], [SeparationReason.Layoff], 100);
        var terms = new AgreementTerms(monthly, [SeparationReason.Resignation, SeparationReason.ForCause], CommitmentClock.Completion, 4800m);
        var quit = SeparationRules.Quote(terms, new AgreementHistory(Day(2026, 1, 15), null), Day(2026, 10, 15), "resignation");
        Assert.Equal(3000.00m, quit.Quote.Owed);
        Assert.Equal(9, quit.Quote.MonthsServed);
        Assert.Equal(0m, SeparationRules.Quote(terms, new AgreementHistory(Day(2026, 1, 15), null), Day(2026, 10, 15), "layoff").Quote.Owed);
    }
}
