using CertDesk.Files;

namespace CertDesk.Features.Repayments;

/// <summary>
/// CSV and XLSX exports of agreements and repayments (cells neutralized against spreadsheet formulas). <c>employee_id</c> is
/// the employee number, as in every CSV file of the contract (roster, schedule, assessments); the JSON of these records
/// calls the person's record id <c>employee_id</c> and the number <c>employee_number</c>, so the files end with an
/// <c>employee_number</c> column too: the one name that means the same in both (appended last, so scripts that read columns
/// by position keep working).
/// </summary>
public sealed class RepaymentsExport(CertDeskDbContext db)
{
    public static readonly string[] AgreementColumns =
        ["agreement_id", "employee_id", "employee_name", "certification_code", "policy_code", "policy_version", "funded_amount", "tax_treatment", "status", "issued_at", "employee_signed_at", "countersigned_at", "document_sha256", "employee_number"];

    public static readonly string[] RepaymentColumns =
        ["repayment_id", "agreement_id", "employee_id", "employee_name", "site", "certification_code", "separation_date", "reason", "months_served", "commitment_months", "percent", "rule", "owed", "paid", "waived", "written_off", "outstanding", "status", "employee_number"];

    public async Task WriteAgreementsAsync(TextWriter writer, CancellationToken ct)
    {
        await writer.WriteLineAsync(string.Join(',', AgreementColumns));
        var rows = await db.Agreements.AsNoTracking().Include(a => a.Employee).Include(a => a.Policy).OrderBy(a => a.Id).ToListAsync(ct);
        foreach (var a in rows)
        {
            await Line(writer, a.Id.ToString(), a.Employee!.EmployeeNumber, a.Employee.FullName, a.CertificationCode, a.Policy!.Code,
                a.Policy.VersionNumber.ToString(CultureInfo.InvariantCulture), Money(a.FundedAmount), a.TaxTreatment.ToString().ToLowerInvariant(),
                a.Status.ToString().ToLowerInvariant(), Time(a.IssuedAt), Time(a.EmployeeSignedAt), Time(a.CountersignedAt), a.DocumentSha256, a.Employee.EmployeeNumber);
        }
    }

    public async Task WriteRepaymentsAsync(TextWriter writer, CancellationToken ct)
    {
        await writer.WriteLineAsync(string.Join(',', RepaymentColumns));
        var rows = await db.Repayments.AsNoTracking().Include(r => r.Employee).ThenInclude(e => e!.Site).Include(r => r.Agreement).Include(r => r.Entries)
            .OrderBy(r => r.Id).ToListAsync(ct);
        foreach (var r in rows)
        {
            decimal Sum(LedgerEntryKind k) => r.Entries.Where(e => e.Kind == k).Sum(e => e.Amount);
            await Line(writer, r.Id.ToString(), r.AgreementId.ToString(), r.Employee!.EmployeeNumber, r.Employee.FullName, r.Employee.Site?.Name ?? "",
                r.Agreement!.CertificationCode, r.SeparationDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), r.Reason,
                r.MonthsServed.ToString(CultureInfo.InvariantCulture), r.CommitmentMonths.ToString(CultureInfo.InvariantCulture),
                r.Percent.ToString("0.####", CultureInfo.InvariantCulture), r.Rule, Money(r.Owed), Money(Sum(LedgerEntryKind.Payment)),
                Money(Sum(LedgerEntryKind.Waiver)), Money(Sum(LedgerEntryKind.WriteOff)), Money(r.Outstanding), r.Status.ToString().ToLowerInvariant(),
                r.Employee.EmployeeNumber);
        }
    }

    /// <summary>The repayments as an XLSX workbook (same columns; money as numbers).</summary>
    public async Task WriteRepaymentsXlsxAsync(Stream output, CancellationToken ct)
    {
        var table = new List<IReadOnlyList<object?>>();
        var rows = await db.Repayments.AsNoTracking().Include(r => r.Employee).ThenInclude(e => e!.Site).Include(r => r.Agreement).Include(r => r.Entries)
            .OrderBy(r => r.Id).ToListAsync(ct);
        foreach (var r in rows)
        {
            decimal Sum(LedgerEntryKind k) => r.Entries.Where(e => e.Kind == k).Sum(e => e.Amount);
            table.Add([r.Id.ToString(), r.AgreementId.ToString(), r.Employee!.EmployeeNumber, r.Employee.FullName, r.Employee.Site?.Name ?? "",
                r.Agreement!.CertificationCode, r.SeparationDate, r.Reason, r.MonthsServed,
                r.CommitmentMonths, r.Percent, r.Rule, new XlsxWriter.Usd(r.Owed), new XlsxWriter.Usd(Sum(LedgerEntryKind.Payment)), new XlsxWriter.Usd(Sum(LedgerEntryKind.Waiver)),
                new XlsxWriter.Usd(Sum(LedgerEntryKind.WriteOff)), new XlsxWriter.Usd(r.Outstanding), r.Status.ToString().ToLowerInvariant(), r.Employee.EmployeeNumber]);
        }
        await output.WriteAsync(XlsxWriter.Write("repayments", RepaymentColumns, table), ct);
    }

    /// <summary>The agreements as an XLSX workbook (same columns as the CSV).</summary>
    public async Task WriteAgreementsXlsxAsync(Stream output, CancellationToken ct)
    {
        var table = new List<IReadOnlyList<object?>>();
        var rows = await db.Agreements.AsNoTracking().Include(a => a.Employee).Include(a => a.Policy).OrderBy(a => a.Id).ToListAsync(ct);
        foreach (var a in rows)
        {
            table.Add([a.Id.ToString(), a.Employee!.EmployeeNumber, a.Employee.FullName, a.CertificationCode, a.Policy!.Code, a.Policy.VersionNumber,
                new XlsxWriter.Usd(a.FundedAmount), a.TaxTreatment.ToString().ToLowerInvariant(), a.Status.ToString().ToLowerInvariant(), a.IssuedAt,
                a.EmployeeSignedAt, a.CountersignedAt, a.DocumentSha256, a.Employee.EmployeeNumber]);
        }
        await output.WriteAsync(XlsxWriter.Write("agreements", AgreementColumns, table), ct);
    }

    private static string Money(decimal d) => d.ToString("0.00", CultureInfo.InvariantCulture);

    private static string Time(DateTimeOffset? t) => t?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "";

    private static Task Line(TextWriter writer, params string[] cells) => writer.WriteLineAsync(string.Join(',', cells.Select(Cell)));

    private static string Cell(string value)
    {
        var safe = CellSafety.Neutralize(value);
        return safe.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + safe.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : safe;
    }
}
