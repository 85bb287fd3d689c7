namespace CertDesk.Domain.Agreements;

public enum Proration
{
    Tiers,
    Monthly,
    Daily,
}

public sealed record RepaymentTier(int UntilMonth, decimal Percent);

/// <summary>The repayment rules of a policy version, in the contract's terms.</summary>
public sealed record RepaymentTerms(
    int CommitmentMonths, Proration Proration, IReadOnlyList<RepaymentTier> Tiers,
    IReadOnlySet<string> ExemptReasons, decimal NotCompletedPercent);

public sealed record RepaymentOutcome(decimal Owed, decimal Percent, int MonthsServed, int CommitmentMonths, string Rule);

/// <summary>
/// What a separated employee owes under an agreement.
/// TODO(merge): use CertDesk.Domain.Repayment (RepaymentCalculator) once merged; this interim copy follows contract.md.
/// </summary>
public static class InterimRepayment
{
    /// <summary>Adds months, clamping to the end of a shorter month (31 Jan + 1 month = 28 or 29 Feb).</summary>
    public static DateOnly AddMonthsClamped(DateOnly date, int months) => date.AddMonths(months);

    /// <summary>Whole calendar months from start to end (0 when end is before start).</summary>
    public static int MonthsServed(DateOnly start, DateOnly end)
    {
        if (end < start)
        {
            return 0;
        }
        var months = ((end.Year - start.Year) * 12) + end.Month - start.Month;
        if (months > 0 && AddMonthsClamped(start, months) > end)
        {
            months--;
        }
        return months;
    }

    public static RepaymentOutcome Compute(RepaymentTerms terms, decimal funded, DateOnly start, DateOnly separated, string reason, bool completed = true)
    {
        ArgumentNullException.ThrowIfNull(terms);
        var served = MonthsServed(start, separated);
        var commitment = terms.CommitmentMonths;
        if (terms.ExemptReasons.Contains(reason))
        {
            return new RepaymentOutcome(0m, 0m, served, commitment, $"exempt: {reason}");
        }
        if (reason == "not_completed" || !completed)
        {
            var pct = terms.NotCompletedPercent;
            return new RepaymentOutcome(Money(funded * pct / 100m), pct, served, commitment, "not completed");
        }
        if (served >= commitment)
        {
            return new RepaymentOutcome(0m, 0m, served, commitment, "commitment served");
        }
        switch (terms.Proration)
        {
            case Proration.Monthly:
            {
                var remaining = commitment - served;
                var percent = Math.Round(remaining * 100m / commitment, 4, MidpointRounding.AwayFromZero);
                return new RepaymentOutcome(Money(funded * remaining / commitment), percent, served, commitment, "monthly pro-rata");
            }
            case Proration.Daily:
            {
                var end = AddMonthsClamped(start, commitment);
                var totalDays = end.DayNumber - start.DayNumber;
                var remainingDays = Math.Max(0, end.DayNumber - separated.DayNumber);
                var percent = Math.Round(remainingDays * 100m / totalDays, 4, MidpointRounding.AwayFromZero);
                return new RepaymentOutcome(Money(funded * remainingDays / totalDays), percent, served, commitment, "daily pro-rata");
            }
            default:
            {
                var tier = terms.Tiers.OrderBy(t => t.UntilMonth).FirstOrDefault(t => t.UntilMonth > served);
                if (tier is null)
                {
                    return new RepaymentOutcome(0m, 0m, served, commitment, "past the last tier");
                }
                return new RepaymentOutcome(Money(funded * tier.Percent / 100m), tier.Percent, served, commitment, $"tier until month {tier.UntilMonth}");
            }
        }
    }

    private static decimal Money(decimal amount) => Math.Round(amount, 2, MidpointRounding.AwayFromZero);
}
