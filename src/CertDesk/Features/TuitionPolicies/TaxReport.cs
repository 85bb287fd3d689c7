using CertDesk.Domain.Tuition;
using CertDesk.Features.Enrollments;

namespace CertDesk.Features.TuitionPolicies;

public sealed record TaxReportRow(Guid EmployeeId, string EmployeeNumber, string Name, int Year, decimal Paid, decimal Limit, decimal Excluded, decimal Taxable);

/// <summary>The tax-free allowance per employee and calendar year (IRC §127; §132 payments uncapped) over every approved payment under a
/// tuition agreement; the excess is reported as taxable wages.</summary>
public sealed class TaxReport(CertDeskDbContext db)
{
    public async Task<IReadOnlyList<TaxReportRow>> RunAsync(int? year, CancellationToken ct)
    {
        // Every approved payment under an agreement counts on its own date (not one date per agreement).
        var payments = await db.ExpenseLines.AsNoTracking()
            .Where(x => x.State == ExpenseState.Approved && x.AgreementId != null)
            .Join(db.Agreements, x => x.AgreementId, a => a.Id, (x, a) => new
            {
                a.EmployeeId,
                a.Employee!.EmployeeNumber,
                a.Employee.FirstName,
                a.Employee.LastName,
                PaidOn = x.IncurredOn,
                x.Amount,
                a.TaxTreatment,
                a.Policy!.TaxFreeAnnualLimit,
            })
            .ToListAsync(ct);
        var rows = new List<TaxReportRow>();
        foreach (var person in payments.GroupBy(p => p.EmployeeId))
        {
            var first = person.First();
            // The limit is stored per policy version (it is indexed after 2026); a year takes the lowest limit among its payments' policies.
            var limits = person.GroupBy(p => p.PaidOn.Year).ToDictionary(g => g.Key, g => g.Min(p => p.TaxFreeAnnualLimit));
            var summary = TaxFreeAllowance.Summarize(person.Select(p => new TuitionPayment(p.PaidOn, p.Amount, p.TaxTreatment)), y => limits[y]);
            rows.AddRange(summary.Where(s => year is null || s.Year == year)
                .Select(s => new TaxReportRow(person.Key, first.EmployeeNumber, $"{first.FirstName} {first.LastName}", s.Year, s.Paid, limits[s.Year], s.Excluded, s.Taxable)));
        }
        return [.. rows.OrderBy(r => r.Year).ThenBy(r => r.EmployeeNumber, StringComparer.Ordinal)];
    }
}
