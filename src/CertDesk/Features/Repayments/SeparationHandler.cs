using CertDesk.Data;
using CertDesk.Domain.Repayment;
using CertDesk.Features.Agreements;
using CertDesk.Features.Organization;
using CertDesk.Features.TuitionPolicies;
using Microsoft.EntityFrameworkCore;

namespace CertDesk.Features.Repayments;

/// <summary>
/// When people are separated (roster import or page), every signed agreement still in force gets its amount owed
/// computed and a repayment record opened. Idempotent: an agreement has at most one repayment record.
/// </summary>
public sealed class SeparationHandler(CertDeskDbContext db, TimeProvider clock) : ISeparationListener
{
    public async Task<int> OnSeparationsAsync(CancellationToken ct)
    {
        var agreements = await db.Agreements.Include(a => a.Employee).Include(a => a.Policy)
            .Where(a => (a.Status == AgreementStatus.Active || a.Status == AgreementStatus.EmployeeSigned)
                && a.Employee!.Status == EmploymentStatus.Separated && a.Employee.SeparationDate != null)
            .ToListAsync(ct);
        var opened = 0;
        foreach (var agreement in agreements)
        {
            if (await db.Repayments.AnyAsync(r => r.AgreementId == agreement.Id, ct))
            {
                continue;
            }
            var repayment = Open(agreement, clock.GetUtcNow());
            db.Repayments.Add(repayment);
            agreement.Status = AgreementStatus.Separated;
            opened++;
        }
        if (opened > 0)
        {
            await db.SaveChangesAsync(ct);
        }
        return opened;
    }

    /// <summary>
    /// The amount owed for one agreement at separation (<see cref="RepaymentCalculator"/>). Separated before completing
    /// (or before the commitment started): the not-completed rule applies to a reason that triggers repayment.
    /// </summary>
    public static Repayment Open(Agreement agreement, DateTimeOffset now)
    {
        var employee = agreement.Employee!;
        var policy = agreement.Policy!;
        var separated = employee.SeparationDate!.Value;
        var reasonText = employee.SeparationReason ?? "other";
        var start = policy.CommitmentStart == CommitmentStart.Completion ? agreement.CompletedOn : agreement.PaidOn;
        var completed = agreement.CompletedOn is { } done && done <= separated;
        var startDate = start is { } s && s <= separated ? s : separated;
        var terms = PolicyService.Terms(policy);
        var triggers = policy.TriggeringReasons.Split(',', StringSplitOptions.RemoveEmptyEntries);
        RepaymentQuote quote;
        if (!RepaymentPolicy.TryParseReason(reasonText, out var reason)
            || (!triggers.Contains(reasonText, StringComparer.Ordinal) && !terms.ExemptReasons.Contains(reason)))
        {
            quote = new RepaymentQuote(0m, 0m, RepaymentCalculator.MonthsServed(startDate, separated), policy.CommitmentMonths, $"reason '{reasonText}' does not trigger repayment");
        }
        else
        {
            var applied = !terms.ExemptReasons.Contains(reason) && (!completed || start is null || start > separated) ? SeparationReason.NotCompleted : reason;
            quote = RepaymentCalculator.Quote(terms, agreement.FundedAmount, startDate, separated, applied);
        }
        return new Repayment
        {
            AgreementId = agreement.Id,
            EmployeeId = agreement.EmployeeId,
            SeparationDate = separated,
            Reason = reasonText,
            CommitmentStart = startDate,
            MonthsServed = quote.MonthsServed,
            CommitmentMonths = quote.CommitmentMonths,
            Percent = quote.Percent,
            Rule = quote.Rule,
            Owed = quote.Owed,
            Outstanding = quote.Owed,
            Status = quote.Owed > 0 ? RepaymentStatus.Open : RepaymentStatus.Settled,
            OpenedAt = now,
        };
    }
}
