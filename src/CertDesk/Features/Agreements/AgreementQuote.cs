using CertDesk.Domain.Repayment;
using CertDesk.Features.TuitionPolicies;

namespace CertDesk.Features.Agreements;

/// <summary>
/// What an agreement would owe for a separation on a date for a reason (<see cref="SeparationRules"/>): the repayment
/// record, the separation preview and the employee's exposure all come from here, so they agree to the cent.
/// </summary>
public static class AgreementQuote
{
    /// <summary>The quote; the agreement's policy must be loaded.</summary>
    public static SeparationQuote For(Agreement agreement, DateOnly separated, string reason)
    {
        ArgumentNullException.ThrowIfNull(agreement);
        return SeparationRules.Quote(PolicyService.AgreementTerms(agreement.Policy!, agreement.FundedAmount),
            new AgreementHistory(agreement.CompletedOn, agreement.PaidOn), separated, reason, Jurisdictions.Find(agreement.Jurisdiction));
    }
}
