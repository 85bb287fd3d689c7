using CertDesk.Data;
using CertDesk.Domain.Agreements;
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

    /// <summary>The amount owed for one agreement at separation. TODO(merge): use CertDesk.Domain.Repayment for the arithmetic.</summary>
    public static Repayment Open(Agreement agreement, DateTimeOffset now)
    {
        var employee = agreement.Employee!;
        var policy = agreement.Policy!;
        var separated = employee.SeparationDate!.Value;
        var reason = employee.SeparationReason ?? "other";
        var start = policy.CommitmentStart == CommitmentStart.Completion ? agreement.CompletedOn : agreement.PaidOn;
        // Separated before completion: the commitment never started; the not-completed rule applies to triggering reasons.
        var completed = agreement.CompletedOn is { } done && done <= separated;
        var startDate = start ?? separated;
        var triggers = policy.TriggeringReasons.Split(',', StringSplitOptions.RemoveEmptyEntries);
        RepaymentOutcome outcome;
        if (!triggers.Contains(reason, StringComparer.Ordinal) && !PolicyService.Terms(policy).ExemptReasons.Contains(reason))
        {
            outcome = new RepaymentOutcome(0m, 0m, InterimRepayment.MonthsServed(startDate, separated), policy.CommitmentMonths, $"reason '{reason}' does not trigger repayment");
        }
        else
        {
            outcome = InterimRepayment.Compute(PolicyService.Terms(policy), agreement.FundedAmount, startDate, separated, reason, completed && start is not null);
        }
        return new Repayment
        {
            AgreementId = agreement.Id, EmployeeId = agreement.EmployeeId, SeparationDate = separated, Reason = reason, CommitmentStart = startDate,
            MonthsServed = outcome.MonthsServed, CommitmentMonths = outcome.CommitmentMonths, Percent = outcome.Percent, Rule = outcome.Rule,
            Owed = outcome.Owed, Outstanding = outcome.Owed, Status = outcome.Owed > 0 ? RepaymentStatus.Open : RepaymentStatus.Settled, OpenedAt = now,
        };
    }
}
