using CertDesk.Data;
using CertDesk.Domain.Repayment;
using CertDesk.Features.Agreements;
using CertDesk.Features.Organization;
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

    /// <summary>The repayment record for one agreement at its employee's separation (<see cref="SeparationRules"/>).</summary>
    public static Repayment Open(Agreement agreement, DateTimeOffset now)
    {
        var employee = agreement.Employee!;
        var separated = employee.SeparationDate!.Value;
        var reasonText = employee.SeparationReason ?? "other";
        var (quote, start, _) = AgreementQuote.For(agreement, separated, reasonText);
        return new Repayment
        {
            AgreementId = agreement.Id, EmployeeId = agreement.EmployeeId, SeparationDate = separated, Reason = reasonText, CommitmentStart = start,
            MonthsServed = quote.MonthsServed, CommitmentMonths = quote.CommitmentMonths, Percent = quote.Percent, Rule = quote.Rule,
            Owed = quote.Owed, Outstanding = quote.Owed, Status = quote.Owed > 0 ? RepaymentStatus.Open : RepaymentStatus.Settled, OpenedAt = now,
        };
    }
}
