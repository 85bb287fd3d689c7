using System.Globalization;

namespace CertDesk.Domain.Tuition;

/// <summary>
/// What a payment under a tuition agreement would break: the agreement's funded amount (all its payments together)
/// and the policy's annual cap (all of the employee's agreement payments in the payment's calendar year).
/// </summary>
/// <param name="Amount">The payment.</param>
/// <param name="Funded">What the agreement funds.</param>
/// <param name="PaidOnAgreement">Payments already approved under this agreement.</param>
/// <param name="AnnualCap">The policy's annual cap per employee.</param>
/// <param name="PaidInYear">The employee's payments already approved in the payment's calendar year (every agreement).</param>
/// <param name="Year">The payment's calendar year.</param>
public sealed record PaymentLimits(decimal Amount, decimal Funded, decimal PaidOnAgreement, decimal AnnualCap, decimal PaidInYear, int Year);

public static class PaymentCheck
{
    /// <summary>Every limit the payment would pass, in words with the figures (USD); empty when it fits.</summary>
    public static IReadOnlyList<string> Problems(PaymentLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var problems = new List<string>();
        var onAgreement = limits.PaidOnAgreement + limits.Amount;
        if (onAgreement > limits.Funded)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture,
                $"{limits.Amount:#,0.00} USD would bring this agreement's payments to {onAgreement:#,0.00} USD, over the {limits.Funded:#,0.00} USD it funds"));
        }
        var inYear = limits.PaidInYear + limits.Amount;
        if (inYear > limits.AnnualCap)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture,
                $"{limits.Amount:#,0.00} USD would bring {limits.Year} payments to {inYear:#,0.00} USD, over the policy's annual cap of {limits.AnnualCap:#,0.00} USD"));
        }
        return problems;
    }
}
