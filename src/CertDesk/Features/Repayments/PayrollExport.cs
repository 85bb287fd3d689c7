using CertDesk.Features.TuitionPolicies;
using CertDesk.Files;

namespace CertDesk.Features.Repayments;

/// <summary>One payroll line: a year's taxable tuition excess (add to wages) or a pay period's repayment deduction.</summary>
public sealed record PayrollLine(string Kind, string EmployeeNumber, string EmployeeName, int Year, DateOnly? PayPeriod, decimal Amount);

/// <summary>
/// What payroll needs for one calendar year: per employee, the taxable excess of tuition payments over the tax-free
/// limit (<see cref="TaxReport"/>, from every approved payment) and, per pay period, the repayment deductions
/// scheduled on open repayment ledgers. CSV and XLSX carry the same columns.
/// </summary>
public sealed class PayrollExport(CertDeskDbContext db, TaxReport taxes)
{
    public static readonly string[] Columns = ["kind", "employee_id", "employee_name", "year", "pay_period", "amount_usd"];

    public async Task<IReadOnlyList<PayrollLine>> LinesAsync(int year, CancellationToken ct)
    {
        var lines = (await taxes.RunAsync(year, ct)).Where(t => t.Taxable > 0)
            .Select(t => new PayrollLine("taxable_excess", t.EmployeeNumber, t.Name, t.Year, null, t.Taxable)).ToList();
        var (from, to) = (new DateOnly(year, 1, 1), new DateOnly(year + 1, 1, 1));
        var deductions = await db.RepaymentEntries.AsNoTracking()
            .Where(e => e.Kind == LedgerEntryKind.ScheduledDeduction && e.Date >= from && e.Date < to)
            .Join(db.Repayments.Where(r => r.Status == RepaymentStatus.Open), e => e.RepaymentId, r => r.Id,
                (e, r) => new { r.Employee!.EmployeeNumber, r.Employee.FirstName, r.Employee.LastName, e.Date, e.Amount })
            .ToListAsync(ct);
        lines.AddRange(deductions.GroupBy(d => (d.EmployeeNumber, d.Date))
            .Select(g => new PayrollLine("repayment_deduction", g.Key.EmployeeNumber, $"{g.First().FirstName} {g.First().LastName}", year, g.Key.Date, g.Sum(d => d.Amount))));
        return [.. lines.OrderBy(l => l.Kind, StringComparer.Ordinal).ThenBy(l => l.EmployeeNumber, StringComparer.Ordinal).ThenBy(l => l.PayPeriod)];
    }

    public async Task<string> CsvAsync(int year, CancellationToken ct) =>
        CsvTable.Write(Columns, (await LinesAsync(year, ct)).Select(l => (IReadOnlyList<string?>)
            [l.Kind, l.EmployeeNumber, l.EmployeeName, l.Year.ToString(CultureInfo.InvariantCulture), l.PayPeriod?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "",
             l.Amount.ToString("0.00", CultureInfo.InvariantCulture)]));

    public async Task<byte[]> XlsxAsync(int year, CancellationToken ct) =>
        XlsxWriter.Write($"payroll {year}", Columns, (await LinesAsync(year, ct)).Select(l => (IReadOnlyList<object?>)
            // Typed cells: the pay period a date (empty for a yearly line), the amount money with its currency.
            [l.Kind, l.EmployeeNumber, l.EmployeeName, l.Year, l.PayPeriod, new XlsxWriter.Usd(l.Amount)]));
}
