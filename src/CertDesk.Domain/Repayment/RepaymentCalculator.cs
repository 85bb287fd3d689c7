namespace CertDesk.Domain.Repayment;

/// <summary>What an employee owes: <see cref="Owed"/> (cents), <see cref="Percent"/> of the funded amount (2 decimals),
/// the whole months served, the commitment, and the rule applied.</summary>
public sealed record RepaymentQuote(decimal Owed, decimal Percent, int MonthsServed, int CommitmentMonths, string Rule);

/// <summary>
/// The amount owed on separation under a <see cref="RepaymentPolicy"/> (contract <c>repayment</c>).
/// </summary>
/// <remarks>
/// Order of the rules: an exempt reason owes nothing (rule <c>exempt: REASON</c>); <c>not_completed</c> owes
/// <c>not_completed_percent</c> whatever the time served (rule <c>not_completed</c>); otherwise, a commitment served in
/// full owes nothing (rule <c>commitment served</c>), and before that the proration applies: rule
/// <c>tier N (until month M)</c>, <c>monthly</c> or <c>daily</c>. The amount owed is computed from the exact fraction
/// and rounded half away from zero to cents; <see cref="RepaymentQuote.Percent"/> is that fraction x 100 rounded to 2 decimals.
/// Months served: the largest N with start + N months &lt;= separation, where adding months clamps to the end of a
/// shorter month (31 Jan + 1 month = 28 or 29 Feb). Daily proration counts days from the start to the separation over
/// the days from the start to start + commitment months.
/// </remarks>
public static class RepaymentCalculator
{
    /// <summary>Largest funded amount quoted (a billion): owed = funded x percent stays exact in decimal arithmetic.</summary>
    public const decimal MaxFunded = 1_000_000_000m;

    /// <summary>Field-level problems of the inputs (policy and quote arguments); empty when a quote can be made.</summary>
    public static IReadOnlyList<FieldError> Validate(RepaymentPolicy policy, decimal funded, DateOnly start, DateOnly separated)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var errors = new List<FieldError>(policy.Validate());
        if (funded < 0)
        {
            errors.Add(new FieldError("funded", "must be >= 0"));
        }
        else if (funded > MaxFunded)
        {
            errors.Add(new FieldError("funded", "must be <= 1000000000"));
        }
        if (separated < start)
        {
            errors.Add(new FieldError("separated", FormattableString.Invariant($"{separated:yyyy-MM-dd} is before the start {start:yyyy-MM-dd}")));
        }
        return errors;
    }

    /// <summary>Whole calendar months from <paramref name="start"/> to <paramref name="end"/> (0 when end is before start + 1 month).</summary>
    public static int MonthsServed(DateOnly start, DateOnly end)
    {
        if (end < start)
        {
            throw new ArgumentOutOfRangeException(nameof(end), end, "The end is before the start.");
        }
        var months = ((end.Year - start.Year) * 12) + end.Month - start.Month;
        if (start.AddMonths(months) > end)
        {
            months--;
        }
        return months;
    }

    /// <summary>The quote for valid inputs (throws <see cref="ArgumentException"/> when <see cref="Validate"/> finds errors).</summary>
    public static RepaymentQuote Quote(RepaymentPolicy policy, decimal funded, DateOnly start, DateOnly separated, SeparationReason reason)
    {
        var errors = Validate(policy, funded, start, separated);
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", errors), nameof(policy));
        }

        var served = MonthsServed(start, separated);
        var commitment = policy.CommitmentMonths;
        if (policy.ExemptReasons?.Contains(reason) == true)
        {
            return Make(funded, 0, served, commitment, $"exempt: {RepaymentPolicy.ReasonName(reason)}");
        }
        if (reason == SeparationReason.NotCompleted)
        {
            return Make(funded, policy.NotCompletedPercent / 100, served, commitment, "not_completed");
        }
        if (served >= commitment)
        {
            return Make(funded, 0, served, commitment, "commitment served");
        }

        switch (policy.Proration)
        {
            case Proration.Tiers:
                for (var i = 0; i < policy.Tiers.Count; i++)
                {
                    var tier = policy.Tiers[i];
                    if (tier.UntilMonth > served)
                    {
                        return Make(funded, tier.Percent / 100, served, commitment, $"tier {i + 1} (until month {tier.UntilMonth})");
                    }
                }
                return Make(funded, 0, served, commitment, "commitment served");
            case Proration.Monthly:
                return Make(funded, (decimal)(commitment - served) / commitment, served, commitment, "monthly");
            case Proration.Daily:
                var commitmentDays = start.AddMonths(commitment).DayNumber - start.DayNumber;
                var daysServed = separated.DayNumber - start.DayNumber;
                var remaining = Math.Max(0, commitmentDays - daysServed);
                return Make(funded, (decimal)remaining / commitmentDays, served, commitment, "daily");
            default:
                throw new ArgumentOutOfRangeException(nameof(policy), policy.Proration, "Unknown proration.");
        }
    }

    private static RepaymentQuote Make(decimal funded, decimal fraction, int served, int commitment, string rule)
        => new(Money.Round(funded * fraction), Money.Round(fraction * 100), served, commitment, rule);
}
