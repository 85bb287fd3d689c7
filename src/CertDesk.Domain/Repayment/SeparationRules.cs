namespace CertDesk.Domain.Repayment;

/// <summary>The event a policy names to start the service commitment.</summary>
public enum CommitmentClock
{
    /// <summary>The credential is earned (the exam passed, the course completed).</summary>
    Completion,

    /// <summary>The last payment made under the agreement.</summary>
    Payment,
}

/// <summary>
/// The repayment terms of one agreement: the policy's proration (<see cref="RepaymentPolicy"/>), the reasons that
/// trigger repayment (exempt reasons never do), the event that starts the commitment, and the amount funded.
/// </summary>
public sealed record AgreementTerms(RepaymentPolicy Repayment, IReadOnlyList<SeparationReason> TriggeringReasons, CommitmentClock ClockStartsAt, decimal Funded);

/// <summary>What happened under the agreement so far: the day the credential was earned and the day of the last payment (null: not yet).</summary>
public sealed record AgreementHistory(DateOnly? CompletedOn, DateOnly? LastPaymentOn);

/// <summary>The amount owed on one agreement for one separation, with the commitment start the quote counted from.</summary>
public sealed record SeparationQuote(RepaymentQuote Quote, DateOnly CommitmentStart, bool CommitmentStarted);

/// <summary>
/// The separation rules shared by the repayment record, the preview before a separation is saved, the employee's
/// exposure ("if you left on DATE") and the <c>repayment</c> command, so all four give the same amount.
/// </summary>
/// <remarks>
/// In order: a reason that is neither triggering nor exempt (or not a known reason, such as <c>other</c>) owes nothing;
/// an exempt reason owes nothing (<see cref="RepaymentCalculator"/>'s <c>exempt</c> rule); a triggering reason before
/// the credential was earned (or before the commitment clock started) is treated as not completed and owes the
/// policy's not-completed percent; otherwise the proration of the policy applies from the commitment start.
/// </remarks>
public static class SeparationRules
{
    /// <summary>When the commitment clock started: the day of the event the policy names, or null while it has not happened.</summary>
    public static DateOnly? CommitmentStart(CommitmentClock clock, AgreementHistory history)
    {
        ArgumentNullException.ThrowIfNull(history);
        return clock == CommitmentClock.Completion ? history.CompletedOn : history.LastPaymentOn;
    }

    /// <summary>The quote for a separation on <paramref name="separated"/> for the reason named <paramref name="reasonName"/> (contract name, or any other text).</summary>
    /// <remarks>A <paramref name="jurisdiction"/> rule (the one that governed the agreement when it was issued) owes nothing
    /// after a separation reason it excludes, with the rule named (<see cref="JurisdictionRule.Excludes"/>).</remarks>
    public static SeparationQuote Quote(AgreementTerms terms, AgreementHistory history, DateOnly separated, string reasonName, JurisdictionRule? jurisdiction = null)
    {
        ArgumentNullException.ThrowIfNull(terms);
        var started = CommitmentStart(terms.ClockStartsAt, history);
        var clockRunning = started is { } s && s <= separated;
        // Before the clock starts, months served count from the separation day itself (zero).
        var start = clockRunning ? started!.Value : separated;
        var completed = history.CompletedOn is { } done && done <= separated;
        var policy = terms.Repayment;

        if (!RepaymentPolicy.TryParseReason(reasonName, out var reason)
            || (!terms.TriggeringReasons.Contains(reason) && !policy.ExemptReasons.Contains(reason)))
        {
            var none = new RepaymentQuote(0.00m, 0.00m, RepaymentCalculator.MonthsServed(start, separated), policy.CommitmentMonths, $"reason '{reasonName}' does not trigger repayment");
            return new SeparationQuote(none, start, clockRunning);
        }
        if (jurisdiction?.Excludes(reason) == true)
        {
            var excluded = new RepaymentQuote(0.00m, 0.00m, RepaymentCalculator.MonthsServed(start, separated), policy.CommitmentMonths,
                $"{jurisdiction.Name}: no repayment after {Jurisdictions.Describe([reason])}");
            return new SeparationQuote(excluded, start, clockRunning);
        }
        var applied = !policy.ExemptReasons.Contains(reason) && (!completed || !clockRunning) ? SeparationReason.NotCompleted : reason;
        return new SeparationQuote(RepaymentCalculator.Quote(policy, terms.Funded, start, separated, applied), start, clockRunning);
    }
}
