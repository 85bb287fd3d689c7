using CertDesk.Domain.Credentials;

namespace CertDesk.Domain.Tests.Credentials;

public sealed class CredentialArithmeticTests
{
    private static DateOnly Day(string iso) => DateOnly.ParseExact(iso, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("2026-01-31", 1, "2026-02-28")]
    [InlineData("2024-01-31", 1, "2024-02-29")]
    [InlineData("2024-02-29", 12, "2025-02-28")]
    [InlineData("2026-05-15", 36, "2029-05-15")]
    public void Expiry_AddsValidityMonths_ClampingToMonthEnd(string issued, int months, string expiry) =>
        Assert.Equal(Day(expiry), CredentialDates.Expiry(Day(issued), months));

    [Fact]
    public void Expiry_NoValidity_DoesNotExpire()
    {
        Assert.Null(CredentialDates.Expiry(Day("2026-01-01"), null));
        Assert.Equal("current", CredentialDates.Standing(null, Day("2040-01-01")));
    }

    [Theory]
    [InlineData("2026-09-01", "current")]
    [InlineData("2026-10-03", "expiring")]
    [InlineData("2026-12-31", "expiring")]
    [InlineData("2027-01-01", "expired")]
    public void Standing_ByDaysLeft(string today, string standing) =>
        Assert.Equal(standing, CredentialDates.Standing(Day("2026-12-31"), Day(today)));

    [Theory]
    [InlineData("2026-09-01", null)] // 121 days before: nothing yet
    [InlineData("2026-10-02", 90)] // exactly 90 days before
    [InlineData("2026-11-15", 60)]
    [InlineData("2026-12-20", 30)] // first seen late: only the closest offset, not three at once
    [InlineData("2026-12-31", 30)]
    [InlineData("2027-01-01", null)] // expired: no "expiring" reminder
    public void RemindersDue_ClosestOffsetThatHasCome(string today, int? offset)
    {
        var due = CredentialDates.RemindersDue(Day("2026-12-31"), [90, 60, 30], Day(today));
        if (offset is null)
        {
            Assert.Empty(due);
        }
        else
        {
            var single = Assert.Single(due);
            Assert.Equal(offset, single.Offset);
            Assert.Equal(Day("2026-12-31").AddDays(-offset.Value), single.DueOn);
        }
    }

    // C24: SWPP CE compliance in a calendar year: conference 10 + membership 10 + two web seminars 5 + 5 = 30.
    [Theory]
    [InlineData(40, false, 10)] // CWPP needs 40
    [InlineData(20, true, 0)] // Associate needs 20
    public void C24_SwppCalendarYear(int required, bool compliant, int shortBy)
    {
        var requirement = new RenewalRequirement(required, 12, 0.25m, new Dictionary<string, decimal> { ["networking"] = 4 });
        var entries = new[]
        {
            new CeEntry(Day("2026-03-10"), 10, "conference"),
            new CeEntry(Day("2026-01-15"), 10, "membership"),
            new CeEntry(Day("2026-05-05"), 5, "web seminar"),
            new CeEntry(Day("2026-09-05"), 5, "web seminar"),
        };
        var status = RenewalCalculator.Evaluate(requirement, Day("2020-01-01"), Day("2026-01-01"), Day("2026-12-31"), entries);
        Assert.Equal(30m, status.Counted);
        Assert.Equal(compliant, status.Compliant);
        Assert.Equal(shortBy, status.Short);
    }

    [Fact]
    public void C24_OtherNetworkingGroup_AtMostTwoEventsOfTwoPoints()
    {
        var requirement = new RenewalRequirement(40, 12, 0.25m, new Dictionary<string, decimal> { ["networking"] = 4 });
        var entries = Enumerable.Range(1, 3).Select(m => new CeEntry(new DateOnly(2026, m, 10), 2, "networking")).ToList();
        var status = RenewalCalculator.Evaluate(requirement, Day("2020-01-01"), Day("2026-01-01"), Day("2026-12-31"), entries);
        Assert.Equal(4m, status.Counted);
        Assert.Equal(0m, status.Lines[2].Counted);
        Assert.Contains("capped", status.Lines[2].Note, StringComparison.Ordinal);
    }

    // C25: HDI PDUs, 1 PDU ~ 1 hour in steps of 0.25; a PDU dated before the certification date counts 0.
    [Fact]
    public void C25_HdiPdus_QuarterStepsAndNothingBeforeCertification()
    {
        Assert.Equal(0.75m, RenewalCalculator.FromMinutes(45, 0.25m));
        Assert.Equal(0.75m, RenewalCalculator.ToStep(0.8m, 0.25m));
        var requirement = new RenewalRequirement(60, 36, 0.25m);
        var status = RenewalCalculator.Evaluate(requirement, Day("2025-06-01"), Day("2025-06-01"), Day("2028-05-31"),
            [new CeEntry(Day("2025-05-20"), 3, "course"), new CeEntry(Day("2025-07-01"), 0.75m, "webinar")]);
        Assert.Equal(0m, status.Lines[0].Counted);
        Assert.Contains("before the certification", status.Lines[0].Note, StringComparison.Ordinal);
        Assert.Equal(0.75m, status.Counted);
        Assert.Equal(59.25m, status.Short);
        Assert.False(status.Compliant);
    }

    [Fact]
    public void Window_ConsecutivePeriodsFromCertification()
    {
        Assert.Equal((Day("2025-06-01"), Day("2028-05-31")), RenewalCalculator.WindowOf(Day("2025-06-01"), 36, Day("2026-02-01")));
        Assert.Equal((Day("2028-06-01"), Day("2031-05-31")), RenewalCalculator.WindowOf(Day("2025-06-01"), 36, Day("2028-06-01")));
        Assert.Throws<ArgumentOutOfRangeException>(() => RenewalCalculator.WindowOf(Day("2025-06-01"), 0, Day("2026-01-01")));
    }

    // C26: due 22 June, threshold +/- 15 days; renewal class on 11 June vs 9 July.
    [Theory]
    [InlineData("2026-06-11", RenewalMode.KeepAnniversary, "2027-06-22", false)]
    [InlineData("2026-07-07", RenewalMode.KeepAnniversary, "2027-06-22", false)] // 15 days late: inside the threshold
    [InlineData("2026-07-09", RenewalMode.KeepAnniversary, "2027-07-09", true)] // after due and the threshold: lapsed
    [InlineData("2026-05-01", RenewalMode.KeepAnniversary, "2027-05-01", false)] // very early: resets
    [InlineData("2026-06-11", RenewalMode.Reset, "2027-06-11", false)]
    [InlineData("2026-07-09", RenewalMode.Reset, "2027-07-09", true)]
    public void C26_AnniversaryVersusReset(string completed, RenewalMode mode, string nextDue, bool lapsed)
    {
        var (next, wasLapsed) = RenewalCalculator.NextDue(Day("2026-06-22"), Day(completed), mode, 15, 12);
        Assert.Equal(Day(nextDue), next);
        Assert.Equal(lapsed, wasLapsed);
    }

    [Theory]
    [InlineData(1, 250.0)]
    [InlineData(2, 150.0)]
    [InlineData(3, 150.0)]
    public void ExamFee_FirstAttemptExamFee_ThenRetakeFee(int attempt, double fee) =>
        Assert.Equal((decimal)fee, ExamRules.FeeOf(attempt, 250m, 150m));

    [Fact]
    public void ExamFee_UnknownRetakeFee_UsesExamFee() => Assert.Equal(250m, ExamRules.FeeOf(2, 250m, null));

    [Theory]
    [InlineData(70, 70, true)]
    [InlineData(69.99, 70, false)]
    public void Score_AgainstPassMark(double score, double mark, bool passes) => Assert.Equal(passes, ExamRules.Passes((decimal)score, (decimal)mark));

    [Theory]
    [InlineData(-1, false)]
    [InlineData(0, true)]
    [InlineData(100, true)]
    [InlineData(100.5, false)]
    public void Score_Range(double score, bool valid) => Assert.Equal(valid, ExamRules.IsValidScore((decimal)score));
}

public sealed class GradeScaleTests
{
    [Theory]
    [InlineData("75", 75.0)]
    [InlineData("80%", 80.0)]
    [InlineData("B", 80.0)]
    [InlineData("b-", 77.0)]
    [InlineData("A+", 93.0)]
    [InlineData("C", 70.0)]
    public void Grade_ToScore(string grade, double score) => Assert.Equal((decimal)score, GradeScale.ToScore(grade));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("F")]
    [InlineData("B++")]
    [InlineData("120")]
    [InlineData("pass")]
    public void Grade_Unreadable_IsNull(string? grade) => Assert.Null(GradeScale.ToScore(grade));
}
