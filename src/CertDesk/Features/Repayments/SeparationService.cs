using CertDesk.Data;
using CertDesk.Features.Accounts;
using CertDesk.Features.Organization;
using CertDesk.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace CertDesk.Features.Repayments;

public sealed record SeparationInput(Guid? EmployeeId, DateOnly? SeparationDate, string? Reason);

/// <summary>Records a separation from a page or the API (the roster import is the other way in); then repayment records open.</summary>
public sealed class SeparationService(CertDeskDbContext db, IEnumerable<ISeparationListener> listeners)
{
    public static readonly string[] Reasons = ["resignation", "for_cause", "not_completed", "layoff", "death", "disability", "retirement", "other"];

    public static bool CanRecord(Caller caller) => caller.RunsProgram;

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
        var errors = new FieldErrors();
        errors.Check(employee.Status == EmploymentStatus.Active, "employee_id", $"{employee.FullName} is already separated");
        if (input.SeparationDate is not { } date)
        {
            errors.Add("separation_date", "is required (yyyy-MM-dd)");
        }
        else if (date < employee.HireDate)
        {
            errors.Add("separation_date", $"{date:yyyy-MM-dd} is before the hire date {employee.HireDate:yyyy-MM-dd}");
        }
        var reason = input.Reason?.Trim().ToLowerInvariant();
        errors.Check(reason is not null && Reasons.Contains(reason), "reason", $"must be one of {string.Join(", ", Reasons)}");
        if (errors.Count > 0)
        {
            return Outcome<Employee>.Invalid(errors);
        }
        employee.Status = EmploymentStatus.Separated;
        employee.SeparationDate = input.SeparationDate;
        employee.SeparationReason = reason;
        await db.SaveChangesAsync(ct);
        foreach (var listener in listeners)
        {
            await listener.OnSeparationsAsync(ct);
        }
        return Outcome<Employee>.Ok(employee);
    }
}
