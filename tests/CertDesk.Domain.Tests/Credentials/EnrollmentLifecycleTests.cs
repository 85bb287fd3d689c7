using CertDesk.Domain.Credentials;

namespace CertDesk.Domain.Tests.Credentials;

public sealed class EnrollmentLifecycleTests
{
    public static TheoryData<EnrollmentStatus, EnrollmentStatus> Allowed => new()
    {
        { EnrollmentStatus.Planned, EnrollmentStatus.Approved },
        { EnrollmentStatus.Approved, EnrollmentStatus.Enrolled },
        { EnrollmentStatus.Enrolled, EnrollmentStatus.InProgress },
        { EnrollmentStatus.InProgress, EnrollmentStatus.ExamScheduled },
        { EnrollmentStatus.ExamScheduled, EnrollmentStatus.Passed },
        { EnrollmentStatus.ExamScheduled, EnrollmentStatus.Failed },
        { EnrollmentStatus.ExamScheduled, EnrollmentStatus.InProgress },
        { EnrollmentStatus.Failed, EnrollmentStatus.ExamScheduled },
        { EnrollmentStatus.Planned, EnrollmentStatus.Withdrawn },
        { EnrollmentStatus.Approved, EnrollmentStatus.Withdrawn },
        { EnrollmentStatus.Enrolled, EnrollmentStatus.Withdrawn },
        { EnrollmentStatus.InProgress, EnrollmentStatus.Withdrawn },
        { EnrollmentStatus.ExamScheduled, EnrollmentStatus.Withdrawn },
        { EnrollmentStatus.Failed, EnrollmentStatus.Withdrawn },
    };

    [Theory]
    [MemberData(nameof(Allowed))]
    public void Transition_Allowed(EnrollmentStatus from, EnrollmentStatus to) => Assert.Null(EnrollmentLifecycle.WhyNot(from, to));

    [Fact]
    public void Transition_EveryOtherPair_RefusedWithAReason()
    {
        var allowed = Allowed.Select(row => ((EnrollmentStatus)row[0], (EnrollmentStatus)row[1])).ToHashSet();
        var refused = 0;
        foreach (var from in Enum.GetValues<EnrollmentStatus>())
        {
            foreach (var to in Enum.GetValues<EnrollmentStatus>())
            {
                if (!allowed.Contains((from, to)))
                {
                    Assert.False(string.IsNullOrWhiteSpace(EnrollmentLifecycle.WhyNot(from, to)), $"{from} -> {to}");
                    refused++;
                }
            }
        }
        Assert.Equal(81 - 14, refused); // nine stages; not completed is reached only through the completion rules
    }

    [Fact]
    public void Transition_FromFinal_SaysFinal()
    {
        Assert.Contains("final", EnrollmentLifecycle.WhyNot(EnrollmentStatus.Passed, EnrollmentStatus.Withdrawn), StringComparison.Ordinal);
        Assert.Contains("final", EnrollmentLifecycle.WhyNot(EnrollmentStatus.Withdrawn, EnrollmentStatus.Approved), StringComparison.Ordinal);
        Assert.Contains("next can be approved or withdrawn", EnrollmentLifecycle.WhyNot(EnrollmentStatus.Planned, EnrollmentStatus.Passed), StringComparison.Ordinal);
        Assert.Contains("final", EnrollmentLifecycle.WhyNot(EnrollmentStatus.NotCompleted, EnrollmentStatus.ExamScheduled), StringComparison.Ordinal);
        Assert.Contains("cannot move to not_completed", EnrollmentLifecycle.WhyNot(EnrollmentStatus.InProgress, EnrollmentStatus.NotCompleted), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("in_progress", EnrollmentStatus.InProgress)]
    [InlineData("Exam scheduled", EnrollmentStatus.ExamScheduled)]
    [InlineData("passed", EnrollmentStatus.Passed)]
    [InlineData("not_completed", EnrollmentStatus.NotCompleted)]
    public void Parse_ContractNames(string text, EnrollmentStatus status)
    {
        Assert.True(EnrollmentLifecycle.TryParse(text, out var parsed));
        Assert.Equal(status, parsed);
        Assert.False(EnrollmentLifecycle.TryParse("done", out _));
    }

    private static readonly DateOnly Today = new(2026, 6, 1);

    [Fact]
    public void Completion_PassedInTimeWithGrade_Met()
    {
        var rules = new CompletionRules(new DateOnly(2026, 6, 30), true, 75, "agreement");
        Assert.Equal(CompletionState.Met, CompletionCheck.Evaluate(rules, EnrollmentStatus.Passed, new DateOnly(2026, 5, 20), 80, Today).State);
    }

    [Fact]
    public void Completion_PassedLateAndBelowMinimum_NotMetWithBothReasons()
    {
        var rules = new CompletionRules(new DateOnly(2026, 5, 1), true, 75, "agreement");
        var outcome = CompletionCheck.Evaluate(rules, EnrollmentStatus.Passed, new DateOnly(2026, 5, 20), 72, Today);
        Assert.Equal(CompletionState.NotMet, outcome.State);
        Assert.Equal(2, outcome.Reasons.Count);
    }

    [Fact]
    public void Completion_NotPassedDeadlineGone_NotMet_ElsePending()
    {
        var rules = new CompletionRules(new DateOnly(2026, 5, 1), true, null, "certification");
        Assert.Equal(CompletionState.NotMet, CompletionCheck.Evaluate(rules, EnrollmentStatus.InProgress, null, null, Today).State);
        Assert.Equal(CompletionState.Pending, CompletionCheck.Evaluate(rules with { Deadline = null }, EnrollmentStatus.InProgress, null, null, Today).State);
        Assert.Equal(CompletionState.NotMet, CompletionCheck.Evaluate(rules, EnrollmentStatus.Withdrawn, null, null, Today).State);
    }

    [Fact]
    public void Completion_FailedFinalAttempt_NotMet_EarlierFailure_Pending()
    {
        var rules = new CompletionRules(null, true, null, "certification", MaxAttempts: 3);
        var final = CompletionCheck.Evaluate(rules, EnrollmentStatus.Failed, null, 60, Today, attempts: 3);
        Assert.Equal(CompletionState.NotMet, final.State);
        Assert.Equal("failed the final attempt (3 of 3 allowed)", Assert.Single(final.Reasons));
        Assert.Equal(CompletionState.Pending, CompletionCheck.Evaluate(rules, EnrollmentStatus.Failed, null, 60, Today, attempts: 2).State);
        Assert.Equal(CompletionState.Pending, CompletionCheck.Evaluate(rules with { MaxAttempts = null }, EnrollmentStatus.Failed, null, 60, Today, attempts: 9).State);
    }

    [Fact]
    public void Completion_NotCompleted_NamesWhatTheRulesFound()
    {
        var rules = new CompletionRules(new DateOnly(2026, 5, 1), true, 80, "agreement", MaxAttempts: 3);
        Assert.Equal(["failed the final attempt (3 of 3 allowed)"], CompletionCheck.Evaluate(rules, EnrollmentStatus.NotCompleted, null, 60, new DateOnly(2026, 4, 1), attempts: 3).Reasons);
        Assert.Equal(["score 75 is below the minimum grade 80"], CompletionCheck.Evaluate(rules, EnrollmentStatus.NotCompleted, new DateOnly(2026, 4, 1), 75, new DateOnly(2026, 4, 1), attempts: 1).Reasons);
        Assert.Equal(["not completed by the deadline 2026-05-01"], CompletionCheck.Evaluate(rules, EnrollmentStatus.NotCompleted, null, null, Today).Reasons);
        Assert.Equal(CompletionState.NotMet, CompletionCheck.Evaluate(rules with { Deadline = null }, EnrollmentStatus.NotCompleted, null, null, Today).State);
    }
}
