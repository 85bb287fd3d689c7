namespace CertDesk.Domain.Credentials;

/// <summary>
/// What "completed" means for one enrollment: by a deadline, passing the exam, a minimum grade. From the person's
/// agreement when there is one, else from the certification (pass the exam). <see cref="MaxAttempts"/> is the
/// catalog's attempt limit (null: no limit).
/// </summary>
public sealed record CompletionRules(DateOnly? Deadline, bool RequirePass, decimal? MinimumScore, string Source, int? MaxAttempts = null);

public enum CompletionState
{
    /// <summary>Not decided yet; the deadline (if any) has not passed.</summary>
    Pending,
    Met,
    NotMet,
}

public sealed record CompletionOutcome(CompletionState State, IReadOnlyList<string> Reasons);

public static class CompletionCheck
{
    /// <summary>
    /// Checks the rules against what happened: the date the exam was passed (null if not passed), the best score,
    /// the number of exam attempts taken and today. Every unmet rule is named. Not completed (final): withdrawn, the
    /// deadline passed without a pass, a failed attempt that was the last one allowed, or a pass below the standard.
    /// </summary>
    public static CompletionOutcome Evaluate(CompletionRules rules, EnrollmentStatus status, DateOnly? passedOn, decimal? bestScore, DateOnly today, int attempts = 0)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var reasons = new List<string>();
        if (status == EnrollmentStatus.Withdrawn)
        {
            return new CompletionOutcome(CompletionState.NotMet, ["withdrawn"]);
        }
        if (status == EnrollmentStatus.NotCompleted)
        {
            // The rules already decided: name what they found, as if the exam's last result still stood.
            var found = Evaluate(rules, passedOn is null ? EnrollmentStatus.Failed : EnrollmentStatus.Passed, passedOn, bestScore, today, attempts);
            return new CompletionOutcome(CompletionState.NotMet, found.State == CompletionState.NotMet ? found.Reasons : ["not completed"]);
        }
        var finished = status == EnrollmentStatus.Passed;
        if (!finished)
        {
            if (status == EnrollmentStatus.Failed && rules.MaxAttempts is { } max && attempts >= max)
            {
                return new CompletionOutcome(CompletionState.NotMet, [$"failed the final attempt ({attempts} of {max} allowed)"]);
            }
            if (rules.Deadline is { } due && today > due)
            {
                return new CompletionOutcome(CompletionState.NotMet, [$"not completed by the deadline {due:yyyy-MM-dd}"]);
            }
            return new CompletionOutcome(CompletionState.Pending, []);
        }
        if (rules.Deadline is { } deadline && passedOn is { } on && on > deadline)
        {
            reasons.Add($"passed on {on:yyyy-MM-dd}, after the deadline {deadline:yyyy-MM-dd}");
        }
        if (rules.MinimumScore is { } minimum && (bestScore is null || bestScore < minimum))
        {
            reasons.Add(bestScore is null ? $"no score recorded; the minimum grade is {minimum:0.##}" : $"score {bestScore:0.##} is below the minimum grade {minimum:0.##}");
        }
        return new CompletionOutcome(reasons.Count == 0 ? CompletionState.Met : CompletionState.NotMet, reasons);
    }
}
