namespace CertDesk.Domain.Tuition;

/// <summary>How a payment is treated for tax: under the §127 plan (capped per calendar year), a §132 working-condition fringe (no cap), or taxable outright.</summary>
public enum TaxTreatment
{
    Section127,
    WorkingCondition,
    Taxable,
}

public sealed record TuitionPayment(DateOnly PaidOn, decimal Amount, TaxTreatment Treatment);

/// <summary>One employee's tax picture for one calendar year.</summary>
public sealed record TaxYearSummary(int Year, decimal Paid, decimal Excluded, decimal Taxable);

/// <summary>
/// IRC §127: up to the annual limit (5,250 by default; the limit is stored by year because it is indexed after 2026)
/// is excluded from income per calendar year; the excess is taxable wages. §132 payments are excluded without a cap.
/// </summary>
public static class TaxFreeAllowance
{
    public const decimal DefaultAnnualLimit = 5250m;

    public static IReadOnlyList<TaxYearSummary> Summarize(IEnumerable<TuitionPayment> payments, Func<int, decimal> limitForYear)
    {
        ArgumentNullException.ThrowIfNull(limitForYear);
        var result = new List<TaxYearSummary>();
        foreach (var year in payments.GroupBy(p => p.PaidOn.Year).OrderBy(g => g.Key))
        {
            var limit = limitForYear(year.Key);
            var section127 = year.Where(p => p.Treatment == TaxTreatment.Section127).Sum(p => p.Amount);
            var fringe = year.Where(p => p.Treatment == TaxTreatment.WorkingCondition).Sum(p => p.Amount);
            var taxableOutright = year.Where(p => p.Treatment == TaxTreatment.Taxable).Sum(p => p.Amount);
            var excluded127 = Math.Min(section127, limit);
            var taxable = section127 - excluded127 + taxableOutright;
            result.Add(new TaxYearSummary(year.Key, year.Sum(p => p.Amount), excluded127 + fringe, taxable));
        }
        return result;
    }
}
