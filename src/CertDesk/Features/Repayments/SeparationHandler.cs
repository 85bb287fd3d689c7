using CertDesk.Domain.Repayment;
using CertDesk.Features.Agreements;

namespace CertDesk.Features.Repayments;

/// <summary>
/// When people are separated (roster import, page, or a separation dated ahead reaching its date), every signed
/// agreement still in force gets its amount owed computed and a repayment record opened, and the person is e-mailed
/// a statement of what they owe. Idempotent: an agreement has at most one repayment record, a statement one outbox key.
/// </summary>
public sealed class SeparationHandler(CertDeskDbContext db, RepaymentStatement statement, TimeProvider clock) : ISeparationListener
{
    public async Task<int> OnSeparationsAsync(CancellationToken ct)
    {
        var agreements = await db.Agreements.Include(a => a.Employee).Include(a => a.Policy)
            .Where(a => (a.Status == AgreementStatus.Active || a.Status == AgreementStatus.EmployeeSigned)
                && a.Employee!.Status == EmploymentStatus.Separated && a.Employee.SeparationDate != null
                // A deactivation from the HR directory (SCIM) has no reason yet, and what is owed depends on it (a layoff
                // may owe nothing): the record opens, and the statement is mailed, once HR gives the reason.
                && a.Employee.SeparationReason != null)
            .ToListAsync(ct);
        var opened = new List<Repayment>();
        foreach (var agreement in agreements)
        {
            if (await db.Repayments.AnyAsync(r => r.AgreementId == agreement.Id, ct))
            {
                continue;
            }
            var repayment = Open(agreement, agreement.Employee!.SeparationDate!.Value, agreement.Employee.SeparationReason!, clock.GetUtcNow());
            repayment.Agreement = agreement;
            db.Repayments.Add(repayment);
            agreement.Status = AgreementStatus.Separated;
            opened.Add(repayment);
        }
        foreach (var person in opened.GroupBy(r => r.EmployeeId))
        {
            await statement.QueueAsync(person.First().Agreement!.Employee!, [.. person], $"separation:{person.Key:N}:statement", ct);
        }
        if (opened.Count > 0)
        {
            await db.SaveChangesAsync(ct);
        }
        return opened.Count;
    }

    /// <summary>The repayment record for one agreement (its policy loaded) for an event on a date for a reason (<see cref="SeparationRules"/>).</summary>
    public static Repayment Open(Agreement agreement, DateOnly on, string reason, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(agreement);
        var (quote, start, _) = AgreementQuote.For(agreement, on, reason);
        return new Repayment
        {
            AgreementId = agreement.Id,
            EmployeeId = agreement.EmployeeId,
            SeparationDate = on,
            Reason = reason,
            CommitmentStart = start,
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
