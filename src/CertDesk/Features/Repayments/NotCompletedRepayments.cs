using CertDesk.Features.Agreements;
using CertDesk.Features.Enrollments;

namespace CertDesk.Features.Repayments;

/// <summary>
/// An enrollment not completed (final failed attempt, grade below the standard, missed deadline) under a signed
/// tuition agreement: where the policy names <c>not_completed</c> among the reasons that trigger repayment, the
/// repayment opens under its not-completed rule (the policy's not-completed percent of the funded amount), the
/// agreement closes and the person is e-mailed a statement, all in the unit of work that ends the enrollment.
/// Exactly once: an agreement has at most one repayment record (unique index).
/// </summary>
public sealed class NotCompletedRepayments(CertDeskDbContext db, RepaymentStatement statement, TimeProvider clock) : ICompletionListener
{
    public const string Reason = "not_completed";

    public async Task NotCompletedAsync(Enrollment enrollment, DateOnly on, string reason, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(enrollment);
        var code = enrollment.Certification?.Code ?? await db.Certifications.Where(c => c.Id == enrollment.CertificationId).Select(c => c.Code).FirstAsync(ct);
        var agreement = await db.Agreements.Include(a => a.Policy).Include(a => a.Employee)
            .Where(a => a.EmployeeId == enrollment.EmployeeId && a.CertificationCode == code && a.Status == AgreementStatus.Active)
            .OrderByDescending(a => a.Id).FirstOrDefaultAsync(ct);
        if (agreement is null || !agreement.Policy!.TriggeringReasons.Split(',', StringSplitOptions.TrimEntries).Contains(Reason, StringComparer.Ordinal)
            || await db.Repayments.AnyAsync(r => r.AgreementId == agreement.Id, ct))
        {
            return;
        }
        var repayment = SeparationHandler.Open(agreement, on, Reason, clock.GetUtcNow());
        repayment.Agreement = agreement;
        db.Repayments.Add(repayment);
        agreement.Status = AgreementStatus.Closed;
        await statement.QueueAsync(agreement.Employee!, [repayment], $"repayment:{repayment.Id:N}:statement", ct);
    }
}
