using CertDesk.Features.Agreements;

namespace CertDesk.Features.Repayments;

public sealed record SeparationInput(Guid? EmployeeId, DateOnly? SeparationDate, string? Reason);

/// <summary>What one open agreement would owe if the separation were saved: the same calculation the repayment record makes.</summary>
public sealed record SeparationPreviewRow(
    Guid AgreementId, string CertificationCode, decimal Funded, DateOnly CommitmentStart, bool CommitmentStarted, int MonthsServed, int CommitmentMonths,
    string Rule, decimal Percent, decimal Owed);

/// <summary>
/// Records a separation from a page or the API (the roster import is the other way in). Dated today or earlier it takes
/// effect now: repayment records open, the statement is e-mailed, open enrollments close and the person leaves future
/// sessions. Dated ahead (up to a year) it is recorded now and applied by the background run on its date.
/// </summary>
public sealed class SeparationService(CertDeskDbContext db, PendingSeparations separations, TimeProvider clock)
{
    public static readonly string[] Reasons = ["resignation", "for_cause", "not_completed", "layoff", "death", "disability", "retirement", "other"];

    public static bool CanRecord(Caller caller) => caller.RunsProgram;

    private DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    /// <summary>Before saving: per open agreement (signed, not separated or closed) the rule, months served, tier and amount the separation would open.</summary>
    public async Task<Outcome<IReadOnlyList<SeparationPreviewRow>>> PreviewAsync(Caller caller, SeparationInput input, CancellationToken ct)
    {
        if (!CanRecord(caller))
        {
            return Outcome<IReadOnlyList<SeparationPreviewRow>>.Forbidden();
        }
        var employee = input.EmployeeId is { } id ? await db.Employees.AsNoTracking().FirstOrDefaultAsync(e => e.Id == id, ct) : null;
        if (employee is null)
        {
            return Outcome<IReadOnlyList<SeparationPreviewRow>>.NotFound();
        }
        var errors = Check(employee, input, out var reason);
        if (errors.Count > 0)
        {
            return Outcome<IReadOnlyList<SeparationPreviewRow>>.Invalid(errors);
        }
        var agreements = await db.Agreements.AsNoTracking().Include(a => a.Policy)
            .Where(a => a.EmployeeId == employee.Id && (a.Status == AgreementStatus.Active || a.Status == AgreementStatus.EmployeeSigned))
            .OrderBy(a => a.Id).ToListAsync(ct);
        IReadOnlyList<SeparationPreviewRow> rows = [.. agreements.Select(a =>
        {
            var (quote, start, started) = AgreementQuote.For(a, input.SeparationDate!.Value, reason!);
            return new SeparationPreviewRow(a.Id, a.CertificationCode, a.FundedAmount, start, started, quote.MonthsServed, quote.CommitmentMonths, quote.Rule, quote.Percent, quote.Owed);
        })];
        return Outcome<IReadOnlyList<SeparationPreviewRow>>.Ok(rows);
    }

    public async Task<Outcome<Employee>> RecordAsync(Caller caller, SeparationInput input, CancellationToken ct)
    {
        if (!CanRecord(caller))
        {
            return Outcome<Employee>.Forbidden();
        }
        var employee = input.EmployeeId is { } id ? await db.Employees.FirstOrDefaultAsync(e => e.Id == id, ct) : null;
        if (employee is null)
        {
            return Outcome<Employee>.NotFound();
        }
        var errors = Check(employee, input, out var reason);
        if (errors.Count > 0)
        {
            return Outcome<Employee>.Invalid(errors);
        }
        var takesEffect = input.SeparationDate!.Value <= Today;
        employee.Status = takesEffect ? EmploymentStatus.Separated : EmploymentStatus.Active;
        employee.SeparationDate = input.SeparationDate;
        employee.SeparationReason = reason;
        await db.SaveChangesAsync(ct);
        if (takesEffect)
        {
            await separations.TellAsync(ct);
        }
        return Outcome<Employee>.Ok(employee);
    }

    /// <summary>The checks shared by the preview and the save: still employed, a date from the hire date to a year ahead, a known reason.</summary>
    private FieldErrors Check(Employee employee, SeparationInput input, out string? reason)
    {
        var errors = new FieldErrors();
        errors.Check(employee.Status == EmploymentStatus.Active, "employee_id", $"{employee.FullName} is already separated");
        errors.Check(employee.Status != EmploymentStatus.Active || employee.SeparationDate is null, "employee_id",
            $"{employee.FullName} already has a separation recorded for {employee.SeparationDate:yyyy-MM-dd}");
        if (input.SeparationDate is not { } date)
        {
            errors.Add("separation_date", "is required (yyyy-MM-dd)");
        }
        else if (date < employee.HireDate)
        {
            errors.Add("separation_date", $"{date:yyyy-MM-dd} is before the hire date {employee.HireDate:yyyy-MM-dd}");
        }
        else if (date > Today.AddYears(1))
        {
            errors.Add("separation_date", $"{date:yyyy-MM-dd} is more than a year from today");
        }
        var text = input.Reason?.Trim().ToLowerInvariant();
        errors.Check(text is not null && Reasons.Contains(text), "reason", $"must be one of {string.Join(", ", Reasons)}");
        reason = text;
        return errors;
    }
}
